#!/usr/bin/env bash
# Regenerates every golden fixture from Debian's PyTorch 1.13 (/usr/bin/python3,
# packages python3-torch and python3-torchvision). Each script is deterministic.
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
$py scripts/golden_ops.py test/fixtures/ops.json
$py scripts/golden_nn.py test/fixtures/nn.json
$py scripts/golden_repr.py test/fixtures/repr.json
$py scripts/golden_data.py test/fixtures/data.json
$py scripts/golden_serialization.py test/fixtures/pt
bash scripts/golden_lab.sh
