#!/usr/bin/env bash
# The element inside documentation sites, as an author installs it (npm test's
# "documentation sites" stage): `npm pack` (prepack builds element/dist/), the tarball
# unpacked into each site's node_modules as npm would install it, each site built for
# production under build/sites/ (VitePress: Vite; Docusaurus: webpack 5 and React), and a
# plain page with the package's files copied next to it by the README's own commands;
# then web/tests/sites/*.site.js in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/lethe-sites.XXXXXX")
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" 2>/dev/null | tail -1)
echo "test-sites: packed $tarball ($(wc -c <"$work/$tarball" | awk '{printf "%.0f KB", $1/1024}'))"
install_into() {
  local dest="$1/node_modules/@lethe-bayes/unlearning"
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$work/$tarball" -C "$dest" --strip-components=1
}
seconds() { echo "$(($(date +%s) - $1)) s"; }
t=$(date +%s)
install_into web/tests/sites/vitepress
npx vitepress build web/tests/sites/vitepress >/dev/null
echo "test-sites: built web/tests/sites/vitepress ($(seconds "$t"))"
t=$(date +%s)
install_into web/tests/sites/docusaurus
npx docusaurus build web/tests/sites/docusaurus --out-dir "$PWD/build/sites/docusaurus" >"$work/docusaurus.log" 2>&1 ||
  { cat "$work/docusaurus.log" >&2; exit 1; }
echo "test-sites: built web/tests/sites/docusaurus ($(seconds "$t"))"
# The plain-HTML route: the README's copy commands, verbatim, run next to the page with the
# package installed there, then the installed package removed (the page has only the copy).
static=build/sites/static
rm -rf "$static" && mkdir -p "$static"
cp web/tests/sites/static/index.html "$static/"
install_into "$static"
copy=$(sed -n '/<!-- plain-copy:begin -->/,/<!-- plain-copy:end -->/p' README.md | sed '/^```/d;/^<!--/d')
[ -n "$copy" ] || { echo "test-sites: README.md has no plain-copy block" >&2; exit 1; }
(cd "$static" && bash -euo pipefail -c "$copy")
rm -rf "$static/node_modules"
echo "test-sites: the README's copy commands put $(cd "$static" && find lethe -type f | sort | tr '\n' ' ')next to $static/index.html"
npx playwright test -c web/tests/sites/playwright.config.js
