#!/usr/bin/env bash
# Command 2: the whole test suite. Installs Node dependencies; the test run itself finds
# or starts real Redis and Elasticsearch (see tests/support/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/node-deps.sh
export PATH="$PWD/.cache/pnpm/node_modules/.bin:$PATH"
bash infra/chromium.sh   # the search page is tested in real headless Chromium
pnpm exec tsc -p tsconfig.json --noEmit
exec pnpm exec vitest run "$@"
