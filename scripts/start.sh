#!/usr/bin/env bash
# The main job (npm start): sets everything up, then runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsx examples/demo.ts "$@"
