#!/usr/bin/env node
// The CLI lives in the bundle that `npm run build` (or the prepare script) writes.
require('../dist/cli.js');
