#!/usr/bin/env bash
# Render one of the templates in deploy/ to stdout, filling in @NAME@ from the environment (docs/deploy.md):
#   DANVAN_APP_DIR (/opt/danvan)  DANVAN_DATA_DIR (/var/lib/danvan)  DANVAN_USER (danvan)
#   DANVAN_HOST (danvan.example.vn)  DANVAN_PORT (8000)  DANVAN_ENV_FILE (/etc/danvan/danvan.env)
#   DANVAN_TLS_CERT / DANVAN_TLS_KEY (/etc/ssl/danvan/fullchain.pem, privkey.pem)
#   DANVAN_HTTP_PORT (80)  DANVAN_HTTPS_PORT (443)  DANVAN_DB_NAME, DANVAN_DB_USER (danvan)
#   DANVAN_SECRET_KEY, DANVAN_DB_PASSWORD (danvan.env only: no default, they must be yours)
# A placeholder left unfilled is an error, so a rendered file never carries "@...@" into production.
set -euo pipefail
template=${1:?usage: deploy/render.sh TEMPLATE}
out=$(sed \
  -e "s|@APP_DIR@|${DANVAN_APP_DIR:-/opt/danvan}|g" \
  -e "s|@DATA_DIR@|${DANVAN_DATA_DIR:-/var/lib/danvan}|g" \
  -e "s|@USER@|${DANVAN_USER:-danvan}|g" \
  -e "s|@HOST@|${DANVAN_HOST:-danvan.example.vn}|g" \
  -e "s|@PORT@|${DANVAN_PORT:-8000}|g" \
  -e "s|@ENV_FILE@|${DANVAN_ENV_FILE:-/etc/danvan/danvan.env}|g" \
  -e "s|@TLS_CERT@|${DANVAN_TLS_CERT:-/etc/ssl/danvan/fullchain.pem}|g" \
  -e "s|@TLS_KEY@|${DANVAN_TLS_KEY:-/etc/ssl/danvan/privkey.pem}|g" \
  -e "s|@HTTP_PORT@|${DANVAN_HTTP_PORT:-80}|g" \
  -e "s|@HTTPS_PORT@|${DANVAN_HTTPS_PORT:-443}|g" \
  -e "s|@DB_NAME@|${DANVAN_DB_NAME:-danvan}|g" \
  -e "s|@DB_USER@|${DANVAN_DB_USER:-danvan}|g" \
  -e "s|@SECRET_KEY@|${DANVAN_SECRET_KEY:-@SECRET_KEY@}|g" \
  -e "s|@DB_PASSWORD@|${DANVAN_DB_PASSWORD:-@DB_PASSWORD@}|g" \
  "$template")
if grep -q '@[A-Z_]\+@' <<<"$out"; then
  echo "render.sh: $template: not filled in: $(grep -o '@[A-Z_]\+@' <<<"$out" | sort -u | tr '\n' ' ')" >&2
  exit 1
fi
printf '%s\n' "$out"
