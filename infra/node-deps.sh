#!/usr/bin/env bash
# Installs the project's Node dependencies with the pnpm version pinned in package.json.
# Needs only Node 20 and npm, which is all a fresh machine has.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  echo "installing pnpm $want" >&2
  npm install --global --silent "pnpm@$want" >&2 || {
    # Without rights to the global prefix, install next to the project instead.
    npm install --silent --prefix .cache/pnpm "pnpm@$want" >&2
    export PATH="$PWD/.cache/pnpm/node_modules/.bin:$PATH"
  }
fi
if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile >&2; else pnpm install --frozen-lockfile --prefer-offline >&2; fi
