#!/usr/bin/env bash
# `npm run bench`: every benchmark, each printing ratios measured side by side in the same run (never bare times).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
for bench in bench/*.bench.ts; do
  echo "==> $bench"
  "$NODE24" node_modules/tsx/dist/cli.mjs "$bench"
done
