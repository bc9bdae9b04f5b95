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
# The production-mode tests (shared cache and sessions, two server processes) use Redis on 127.0.0.1:6379,
# database 15: start Debian's redis-server if none answers (installed with apt-get when missing and we are root).
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  if ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's redis-server for the production-mode tests…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null
  fi
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  else
    echo "redis-server is missing: run 'sudo apt-get install redis-server' (the Redis tests need it)" >&2
  fi
fi
# One test process per core (pytest-xdist), a whole test file to a process (module fixtures such as the browser or
# the two-server installation start once). PYTEST_WORKERS=0 runs in this process only.
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" --dist loadfile "$@"
