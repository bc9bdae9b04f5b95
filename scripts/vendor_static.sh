#!/usr/bin/env bash
# Refreshes the front-end libraries that PyPI does not ship, from the npm registry, into
# danvan/static/vendor/ (committed, so the running platform never fetches anything).
# htmx comes from the django-htmx Python package and needs no vendoring.
# Usage: scripts/vendor_static.sh   (needs node/npm; edit the versions below to upgrade)
set -euo pipefail
BOOTSTRAP=5.3.9
CHARTJS=4.6.1
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/danvan/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "bootstrap@$BOOTSTRAP" "chart.js@$CHARTJS" >/dev/null
mkdir -p bs cj
tar -xzf "bootstrap-$BOOTSTRAP.tgz" -C bs
tar -xzf "chart.js-$CHARTJS.tgz" -C cj
rm -rf "$dest/bootstrap" "$dest/chartjs"
mkdir -p "$dest/bootstrap" "$dest/chartjs"
cp bs/package/dist/css/bootstrap.min.css bs/package/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/"
cp bs/package/LICENSE "$dest/bootstrap/LICENSE"
cp cj/package/dist/chart.umd.min.js "$dest/chartjs/" 2>/dev/null || cp cj/package/dist/chart.umd.js "$dest/chartjs/chart.umd.min.js"
cp cj/package/LICENSE.md "$dest/chartjs/LICENSE.md"
printf 'bootstrap %s\nchart.js %s\n' "$BOOTSTRAP" "$CHARTJS" > "$dest/VERSIONS"
echo "vendored into $dest:"; cat "$dest/VERSIONS"
