#!/usr/bin/env bash
# Render a member's view with LibreOffice and save it as a PNG for the README: the example's
# Senior Supplier, seated (in a copy of the workspace) on the resident portal's board too, so
# that the view shows two boards. Needs LibreOffice and poppler (bash scripts/install-test-tools.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/ws"
cp -r sggen.yaml roles templates projects "$work/ws/"
sed -i 's/Petri Aalto/Jari Nieminen/; s/petri\.aalto@example\.fi/jari.nieminen@example.fi/' \
    "$work/ws/projects/asukasportaali.yaml"
SGGEN_CACHE_DIR=off sggen member jari.nieminen@example.fi --on 2026-12-07 -w "$work/ws" >/dev/null
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" --convert-to pdf \
    --outdir "$work" "$work/ws/output/members/jari-nieminen/member.docx" >/dev/null
mkdir -p docs/images
pdftoppm -png -r 60 -singlefile "$work/member.pdf" docs/images/member
ls -1 docs/images/member.png
