#!/usr/bin/env bash
# Render a meeting's pack of the example with LibreOffice and save the README's pictures of
# it: the agenda's first page and the Executive's pre-read.
# Needs LibreOffice and poppler (bash scripts/install-test-tools.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
day=2027-03-23
sggen meeting --project example --date "$day" --force >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pack="output/example/meetings/$day"
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" --convert-to pdf \
    --outdir "$work" "$pack/agenda.docx" "$pack/pre-reads/executive-helena-korhonen.docx" \
    >/dev/null
mkdir -p docs/images
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/agenda.pdf" docs/images/meeting-agenda
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/executive-helena-korhonen.pdf" \
    docs/images/meeting-pre-read
ls -1 docs/images/meeting-*
