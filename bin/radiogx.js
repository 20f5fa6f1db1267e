#!/usr/bin/env node
"use strict";
// The radiogx command line. The compiled CLI lives in dist/ (built by `npm ci` through `prepare`).
let main;
try {
  ({ main } = require("../dist/cli/main.js"));
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND") {
    process.stderr.write("radiogx: the library is not built; run `npm run build` (npm ci does it)\n");
    process.exit(1);
  }
  throw e;
}
main(process.argv.slice(2)).then((code) => process.exit(code));
