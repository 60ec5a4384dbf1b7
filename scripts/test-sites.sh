#!/usr/bin/env bash
# The element inside documentation sites, as an author installs it (npm test's
# "documentation sites" stage): `npm pack` (prepack builds element/dist/), the tarball
# unpacked into each site's node_modules as npm would install it, each site built for
# production under build/sites/, and a plain page with element/dist/ copied next to it;
# then web/tests/sites/*.site.js in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/lethe-sites.XXXXXX")
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" 2>/dev/null | tail -1)
echo "test-sites: packed $tarball ($(wc -c <"$work/$tarball" | awk '{printf "%.0f KB", $1/1024}'))"
for site in web/tests/sites/vitepress; do
  dest="$site/node_modules/@lethe-bayes/unlearning"
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$work/$tarball" -C "$dest" --strip-components=1
  npx vitepress build "$site" >/dev/null
  echo "test-sites: built $site"
done
# The plain-HTML route: the page and the package's element/dist/ copied next to it as lethe/.
static=build/sites/static
rm -rf "$static" && mkdir -p "$static/lethe"
cp web/tests/sites/static/index.html "$static/"
cp web/tests/sites/vitepress/node_modules/@lethe-bayes/unlearning/element/dist/*.js "$static/lethe/"
echo "test-sites: copied element/dist/ next to $static/index.html"
npx playwright test -c web/tests/sites/playwright.config.js
