#!/usr/bin/env bash
# The habits gate of `npm test` (seconds, no build): C++ formatting (clang-format,
# .clang-format), JavaScript formatting (Prettier) and lint (ESLint), and the library's
# layout rules (scripts/check-layout.mjs). Fails on any drift; `npm run format` fixes
# the formatting.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run -Werror
npx prettier --check --log-level warn .
npx eslint --max-warnings 0 .
node scripts/check-layout.mjs
echo "lint: clang-format, prettier, eslint and layout clean"
