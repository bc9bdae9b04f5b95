#!/usr/bin/env bash
# Refreshes the English catalogue from the Vietnamese source strings and compiles it.
#   bash scripts/update_translations.sh            extract (makemessages) + compile
#   bash scripts/update_translations.sh --compile  compile only
# Extraction needs GNU gettext (xgettext/msgmerge); compiling uses msgfmt when it is installed and
# otherwise polib (pure Python, in the venv), so the .mo can be rebuilt on any machine.
# After extracting, translate the new empty msgstr entries in danvan/locale/en/LC_MESSAGES/django.po
# (and any marked "#, fuzzy"), then run this again; core/tests/test_translations.py fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=python3
PO=danvan/locale/en/LC_MESSAGES/django.po
# Settings create DATA_DIR/staticfiles on import: keep that out of the source tree.
# (`python -m django` is django-admin, run with the venv's Python.)
export DANVAN_DATA_DIR=${DANVAN_DATA_DIR:-$ROOT/var}
# Loading the settings needs a secret key; extraction is not a server: demo mode lends the demo key.
export DANVAN_DEMO=${DANVAN_DEMO:-1}

if [ "${1:-}" != "--compile" ]; then
  if command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1; then
    (cd danvan && PYTHONPATH=.. "$PY" -m django makemessages --settings=danvan.settings \
        -l en -i "static/*" -i "var/*" --no-obsolete --add-location=file --no-wrap)
  else
    echo "GNU gettext is missing (apt-get install gettext): skipping extraction, compiling only" >&2
  fi
fi

"$PY" - "$PO" <<'PYEOF'
import sys
import polib
po = polib.pofile(sys.argv[1])
todo = [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
print(f"{sys.argv[1]}: {len([e for e in po if not e.obsolete])} entries, {len(todo)} untranslated or fuzzy")
for e in todo[:50]:
    print("  needs translation:", (e.msgctxt + " | " if e.msgctxt else "") + e.msgid)
PYEOF

if command -v msgfmt >/dev/null 2>&1; then
  # No settings needed: compiles every locale/ folder under danvan/, even while an app fails to import.
  # compilemessages skips a .mo that looks newer than its .po (mtimes after a checkout mean nothing).
  rm -f "${PO%.po}.mo"
  (cd danvan && env -u DJANGO_SETTINGS_MODULE "$PY" -m django compilemessages -l en)
else
  echo "msgfmt is missing: compiling with polib" >&2
  "$PY" -c 'import sys, polib; p = polib.pofile(sys.argv[1]); p.save_as_mofile(sys.argv[1][:-3] + ".mo"); print("compiled", sys.argv[1][:-3] + ".mo")' "$PO"
fi
