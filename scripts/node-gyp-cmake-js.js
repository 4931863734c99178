#!/usr/bin/env node
// prebuildify drives node-gyp; torchnode builds with cmake-js. prebuildify is
// pointed here (--node-gyp) and this runs `cmake-js compile` instead, ignoring
// node-gyp's arguments (the build is Node-API: one binary for every Node).
// compile is incremental, so npm test reuses the build setup made; the release
// script starts from an empty build/ folder.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const cmakeJs = require.resolve("cmake-js/bin/cmake-js");
const r = spawnSync(process.execPath, [cmakeJs, "compile", "--log-level", "warn"], { stdio: "inherit", cwd: path.join(__dirname, "..") });
process.exit(r.status ?? 1);
