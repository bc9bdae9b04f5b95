#!/usr/bin/env bash
# Refreshes axe-core (the accessibility checker the browser tests inject into each page) from the npm registry
# into tests/browser/vendor/axe-core/ (committed, so the tests never fetch anything). Tests only: no page of the
# platform loads it. Licence: MPL-2.0 (kept beside the file).
# Usage: scripts/vendor_axe.sh   (needs node/npm; edit the version below to upgrade)
set -euo pipefail
AXE=4.14.1
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/tests/browser/vendor/axe-core"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "axe-core@$AXE" >/dev/null
mkdir -p ax
tar -xzf "axe-core-$AXE.tgz" -C ax
rm -rf "$dest"
mkdir -p "$dest"
cp ax/package/axe.min.js ax/package/LICENSE "$dest/"
printf 'axe-core %s\n' "$AXE" > "$dest/VERSION"
echo "vendored into $dest:"; cat "$dest/VERSION"
