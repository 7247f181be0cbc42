#!/usr/bin/env bash
# Render the example deck with LibreOffice and save a few slides as PNGs for the README.
# Needs LibreOffice and poppler (bash scripts/install-test-tools.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sggen deck --project example --force >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$work" output/example/deck.pptx >/dev/null
mkdir -p docs/images
# title, organisation chart, a role, the responsibility matrix
for pair in "1 title" "3 organisation" "5 executive" "$(pdfinfo "$work/deck.pdf" | awk '/^Pages/ {print $2 - 2}') matrix"; do
    set -- $pair
    pdftoppm -png -r 60 -f "$1" -l "$1" -singlefile "$work/deck.pdf" "docs/images/deck-$2"
done
ls -1 docs/images
