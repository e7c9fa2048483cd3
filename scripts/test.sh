#!/usr/bin/env bash
# The test command (`npm test`): installs and starts what the suite needs, then typechecks, lints and runs every test
# under Node >= 22. Nothing is skipped: a missing part fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
echo "==> typecheck"
"$NODE24" node_modules/typescript/bin/tsc -p tsconfig.json
echo "==> lint"
"$NODE24" node_modules/eslint/bin/eslint.js .
echo "==> tests"
report="$(mktemp -d)/vitest.json"
status=0
"$NODE24" node_modules/vitest/vitest.mjs run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# One plain closing line for CI logs: "tests: N passed, N failed[, N skipped]".
"$NODE24" -e '
  const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
' "$report" || true
exit "$status"
