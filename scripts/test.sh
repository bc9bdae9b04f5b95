#!/usr/bin/env bash
# Installs what the test suite needs into ./.venv and runs it.
#   bash scripts/test.sh [pytest args]           SQLite (default)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bash scripts/test.sh
# The browser test drives Debian's chromium; it is installed with apt-get when missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser test…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install chromium' (the browser test needs it)" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
