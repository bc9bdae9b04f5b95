#!/usr/bin/env bash
# Writes a unit's report (.docx) and annex (.xlsx), converts both to PDF with LibreOffice and the PDFs to PNG
# pages, so the layout can be looked at. Needs libreoffice and pdftoppm (poppler-utils).
# usage: scripts/render_docs.sh UNIT PERIOD [OUTDIR]      e.g. scripts/render_docs.sh 14 2025 /tmp/docs
set -euo pipefail
cd "$(dirname "$0")/.."
export DANVAN_DEMO=${DANVAN_DEMO:-1}  # renders from the demo database; a real installation sets DANVAN_SECRET_KEY
unit=${1:?"đơn vị, ví dụ 14 hoặc old:60"}
period=${2:?"kỳ báo cáo, ví dụ 2025"}
out=${3:-/tmp/docs}
for fmt in docx xlsx; do
  dir="$out/$fmt"
  rm -rf "$dir" && mkdir -p "$dir"
  .venv/bin/python -m danvan report --unit "$unit" --period "$period" --format "$fmt" -o "$dir"
  file=$(ls "$dir"/*."$fmt")
  libreoffice --headless --convert-to pdf --outdir "$dir" "$file" >/dev/null
  pdf="${file%.*}.pdf"
  pdfinfo "$pdf" | grep -E '^(Pages|Page size)'
  pdftoppm -png -r 70 "$pdf" "$dir/page"
done
ls "$out"/docx/*.png "$out"/xlsx/*.png
