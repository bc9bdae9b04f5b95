#!/usr/bin/env bash
# Does what docs/deploy.md says, on this machine, without systemd and without touching /etc, so that the
# document cannot rot (CI runs it; danvan/project/tests/test_deploy_check.py runs its --render-only part).
#
#   bash scripts/deploy-check.sh                 # everything below
#   bash scripts/deploy-check.sh --render-only   # steps 6, 8, 9 as files only: render, verify, nginx -t
#
# Into a temporary folder: renders the env file, danvan-manage, the systemd units and the nginx site from
# deploy/ exactly as the document does (deploy/render.sh); checks them (no placeholder left, shell syntax,
# `systemd-analyze verify` where systemd is there, `nginx -t` with a self-signed certificate where nginx is
# installed). Then, unless --render-only: creates the PostgreSQL role and database of step 5 (when run as root
# with a local PostgreSQL; otherwise SQLite, allowed for this check only), runs step 7 (migrate, load-units,
# collectstatic, check --deploy must be clean), starts the web server with the unit's own ExecStart and the
# rendered env file, asks /healthz and /readyz, starts nginx with the rendered site on spare ports and asks
# /healthz and the login page through it over HTTPS, runs the scheduler's daily alerts and the backup unit's
# command. Everything it started is stopped and the role/database it created are dropped at the end.
# The application checked is this checkout with its ./.venv (DANVAN_APP_DIR to check another).
# Not done here (they change the machine, and CI has them already): step 2's apt-get, step 3's system user
# (the services run as the current user), step 4's clone, step 5's postgresql.conf, and systemctl itself.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
render_only=0
[ "${1:-}" = "--render-only" ] && render_only=1

work=$(mktemp -d /tmp/danvan-deploy-check.XXXXXX)
pids=()
created_db=""
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$work/nginx.pid" ]; then kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  if [ -n "$created_db" ]; then
    runuser -u postgres -- psql -q -h 127.0.0.1 -c "DROP DATABASE IF EXISTS $created_db" -c "DROP ROLE IF EXISTS $created_db" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { echo "== $*"; }
fail() { echo "deploy-check: FAILED: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Step 1 of the document: the values of this installation (here: a throw-away one).
export DANVAN_APP_DIR=${DANVAN_APP_DIR:-$repo}
export DANVAN_DATA_DIR=$work/data
export DANVAN_USER=$(id -un)
export DANVAN_HOST=danvan.deploy-check.test
export DANVAN_PORT=$(free_port)
export DANVAN_HTTP_PORT=$(free_port)
export DANVAN_HTTPS_PORT=$(free_port)
export DANVAN_ENV_FILE=$work/etc/danvan/danvan.env
export DANVAN_TLS_CERT=$work/etc/ssl/danvan/fullchain.pem
export DANVAN_TLS_KEY=$work/etc/ssl/danvan/privkey.pem
export DANVAN_DB_NAME=danvan_check_$$ DANVAN_DB_USER=danvan_check_$$
export DANVAN_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export DANVAN_DB_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
mkdir -p "$DANVAN_DATA_DIR" "$work/etc/danvan" "$work/etc/systemd/system" "$work/etc/nginx/sites-enabled" \
         "$work/etc/ssl/danvan" "$work/bin"
# Step 3's modes: nginx (another user) may pass through the data folder to staticfiles/, and no further.
chmod 0711 "$work" "$DANVAN_DATA_DIR"
install -d -m 0755 "$DANVAN_DATA_DIR/staticfiles"

step "render the env file, danvan-manage, the systemd units and the nginx site (steps 6, 8, 9)"
deploy/render.sh deploy/danvan.env > "$DANVAN_ENV_FILE"
deploy/render.sh deploy/danvan-manage > "$work/bin/danvan-manage"
chmod 0755 "$work/bin/danvan-manage"
sh -n "$work/bin/danvan-manage"
for unit in deploy/systemd/*; do
  deploy/render.sh "$unit" > "$work/etc/systemd/system/$(basename "$unit")"
done
deploy/render.sh deploy/nginx/danvan.conf > "$work/etc/nginx/sites-enabled/danvan"
for unit in danvan-web danvan-worker danvan-scheduler danvan-backup; do
  exec_start=$(sed -n 's/^ExecStart=//p' "$work/etc/systemd/system/$unit.service")
  [ -x "${exec_start%% *}" ] || fail "$unit.service: ExecStart program ${exec_start%% *} does not exist"
done
if command -v systemd-analyze >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  SYSTEMD_UNIT_PATH="$work/etc/systemd/system:" systemd-analyze verify "$work"/etc/systemd/system/* \
    || fail "systemd-analyze verify"
else
  echo "   (no running systemd here: units checked for placeholders and their programs only)"
fi

nginx_conf=""
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  step "nginx -t with the rendered site and a self-signed certificate (step 9's trial certificate)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$DANVAN_HOST" \
    -keyout "$DANVAN_TLS_KEY" -out "$DANVAN_TLS_CERT" 2>/dev/null
  nginx_conf=$work/etc/nginx/nginx.conf
  cat > "$nginx_conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log $work/nginx-access.log;
    client_body_temp_path $work/nginx-body;
    proxy_temp_path $work/nginx-proxy;
    include $work/etc/nginx/sites-enabled/*;
}
CONF
  nginx -t -q -p "$work" -c "$nginx_conf" || fail "nginx -t"
else
  echo "   (nginx or openssl not installed: nginx -t skipped)"
fi
if [ "$render_only" = 1 ]; then
  echo "deploy-check: rendered files OK"
  exit 0
fi

manage="$work/bin/danvan-manage"
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1 && id postgres >/dev/null 2>&1 \
   && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  step "PostgreSQL role and database (step 5)"
  runuser -u postgres -- psql -q -h 127.0.0.1 -c "CREATE ROLE $DANVAN_DB_USER LOGIN PASSWORD '$DANVAN_DB_PASSWORD'" >/dev/null
  created_db=$DANVAN_DB_NAME
  runuser -u postgres -- createdb -h 127.0.0.1 -O "$DANVAN_DB_USER" "$DANVAN_DB_NAME"
else
  echo "== no local PostgreSQL to create a database in (needs root): SQLite, allowed for this check only"
  printf 'DATABASE_URL=sqlite:///%s/danvan.sqlite3\nDANVAN_ALLOW_SQLITE=1\n' "$DANVAN_DATA_DIR" >> "$DANVAN_ENV_FILE"
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "   (no Redis answering on 127.0.0.1:6379: REDIS_URL left empty, the database keeps the shared state)"
  sed -i 's|^REDIS_URL=.*|REDIS_URL=|' "$DANVAN_ENV_FILE"
else
  # This check's keys in Redis database 15 under a prefix of their own, removed at the end.
  sed -i 's|^REDIS_URL=.*|REDIS_URL=redis://127.0.0.1:6379/15|' "$DANVAN_ENV_FILE"
  echo "DANVAN_CACHE_KEY_PREFIX=danvan-deploy-check-$$" >> "$DANVAN_ENV_FILE"
fi

SECONDS=0
step "migrate, load-units, collectstatic, check --deploy (step 7)"
"$manage" migrate -v0
"$manage" load-units -v0 >/dev/null
"$manage" collectstatic --noinput -v0
"$manage" check --deploy --fail-level WARNING

echo "   ($SECONDS s)"
step "the web server as its unit starts it, on 127.0.0.1:$DANVAN_PORT (step 8)"
exec_start=$(sed -n 's/^ExecStart=//p' "$work/etc/systemd/system/danvan-web.service")
( set -a; . "$DANVAN_ENV_FILE"; set +a; cd "$DANVAN_DATA_DIR"; exec $exec_start ) > "$work/web.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$DANVAN_PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "${pids[-1]}" 2>/dev/null || { tail -20 "$work/web.log"; fail "the web server stopped"; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$DANVAN_PORT/healthz" | grep -q '"status": "ok"' || { tail -5 "$work/web.log"; fail "/healthz"; }
curl -fsS "http://127.0.0.1:$DANVAN_PORT/readyz" | grep -q '"status": "ok"' || fail "/readyz: $(curl -s "http://127.0.0.1:$DANVAN_PORT/readyz")"
echo "   /healthz and /readyz answer ok"

if [ -n "$nginx_conf" ] && [ "$(id -u)" = 0 ]; then
  step "nginx in front, HTTPS on $DANVAN_HTTPS_PORT (step 9)"
  nginx -p "$work" -c "$nginx_conf"
  resolve=(--resolve "$DANVAN_HOST:$DANVAN_HTTPS_PORT:127.0.0.1" --resolve "$DANVAN_HOST:$DANVAN_HTTP_PORT:127.0.0.1")
  code=$(curl -s -o /dev/null -w '%{http_code}' "${resolve[@]}" "http://$DANVAN_HOST:$DANVAN_HTTP_PORT/")
  [ "$code" = 301 ] || fail "plain HTTP through nginx: $code, expected a redirect to HTTPS"
  curl -fsSk "${resolve[@]}" "https://$DANVAN_HOST:$DANVAN_HTTPS_PORT/healthz" | grep -q '"status": "ok"' \
    || fail "/healthz through nginx"
  headers=$(curl -sSk -D - -o /dev/null "${resolve[@]}" "https://$DANVAN_HOST:$DANVAN_HTTPS_PORT/login/")
  grep -q "^HTTP/[0-9.]* 200" <<<"$headers" || fail "the login page through nginx: $headers"
  grep -qi "^strict-transport-security: max-age=31536000" <<<"$headers" || fail "no HSTS header through nginx"
  grep -qi "^set-cookie: csrftoken=.*; secure" <<<"$headers" || fail "the CSRF cookie is not Secure through nginx"
  static=$(curl -fsSk "${resolve[@]}" "https://$DANVAN_HOST:$DANVAN_HTTPS_PORT/login/" | grep -o '/static/danvan/danvan\.[0-9a-f]*\.css' | head -1)
  curl -fsSk -o /dev/null "${resolve[@]}" "https://$DANVAN_HOST:$DANVAN_HTTPS_PORT$static" || fail "static file $static through nginx"
  echo "   HTTP redirects to HTTPS; /healthz, the login page (HSTS, Secure cookie) and $static answer through nginx"
fi

step "the scheduler's daily alerts and the backup unit's command (steps 8, 10)"
"$manage" scheduler --once --job send-alerts
backup=$(sed -n 's/^ExecStart=//p' "$work/etc/systemd/system/danvan-backup.service")
( set -a; . "$DANVAN_ENV_FILE"; set +a; cd "$DANVAN_DATA_DIR"; $backup >/dev/null )
ls "$DANVAN_DATA_DIR"/backups/*.tar.gz >/dev/null || fail "no backup archive"
if grep -q '^DANVAN_CACHE_KEY_PREFIX=' "$DANVAN_ENV_FILE"; then
  redis-cli -h 127.0.0.1 -n 15 --scan --pattern "danvan-deploy-check-$$:*" | xargs -r redis-cli -h 127.0.0.1 -n 15 del >/dev/null
fi
echo "deploy-check: OK"
