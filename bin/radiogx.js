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
// Exit only once stdout and stderr are flushed: on a pipe Node writes asynchronously, and process.exit()
// straight away cut a large JSON table off at 64 KiB.
function exitWhenFlushed(code) {
  let pending = 2;
  const done = () => { if (--pending === 0) process.exit(code); };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
main(process.argv.slice(2)).then(exitWhenFlushed);
