#!/usr/bin/env node
// The torchnode command. A built package runs dist/ (npm run build:ts); a
// development checkout, which has no dist/, runs the TypeScript sources
// through tsx.
"use strict";
// A CommonJS script run by Node itself (the lint config knows TypeScript modules).
/* global require, __dirname, console, process */
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
let cli;
if (fs.existsSync(path.join(root, "dist", "cli", "index.js"))) {
  cli = require(path.join(root, "dist", "cli", "index.js"));
} else {
  try {
    require("tsx/cjs");
  } catch {
    console.error("torchnode: no dist/ to run and tsx is not installed: run `npm run build:ts` or `npm install`.");
    process.exit(1);
  }
  cli = require(path.join(root, "lib", "cli", "index.ts"));
}
Promise.resolve(cli.main(process.argv.slice(2))).then(
  (code) => (process.exitCode = code),
  // main answers a user's mistakes itself (status 2 or 1, no trace); what reaches here is a bug, shown whole.
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
