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
"$NODE24" node_modules/vitest/vitest.mjs run "$@"
