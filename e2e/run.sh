#!/usr/bin/env bash
# npm run test:e2e: install the e2e tools (fast when warm), build the bundles the CLI
# and the .vsix come from, then run both end-to-end tests with node's test runner, one
# file at a time (each starts heavy processes). The runner's summary closes the output.
# E2E_SELFTEST=1 runs the same harness against stubs (e2e/selftest) instead of mmreview.
set -euo pipefail
cd "$(dirname "$0")/.."
bash e2e/install.sh
node scripts/build.mjs
# Screenshots, logs and timings.json of this run only; both test files add to it.
rm -rf e2e/artifacts && mkdir -p e2e/artifacts
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec node --test --test-concurrency=1 e2e/vscode.test.mjs e2e/neovim.test.mjs
