#!/usr/bin/env node
"use strict";
// Runs the compiler of the `typescript` package with this process's arguments.
//
// Not `tsc` from node_modules/.bin: npm links a bin name to the first package that claims it in
// path order, and tslab's TypeScript fork `@tslab/typescript-for-tslab` (TypeScript 5.0.4, also
// declaring `tsc`) sorts before `typescript`.
require(require.resolve("typescript/lib/tsc.js"));
