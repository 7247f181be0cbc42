#!/usr/bin/env bash
# Render the example deck with LibreOffice and save four slides as PNGs for the README: the
# opening (today's resolutions beside the agenda), the project on a page, the board's calendar
# and the ladder of decision rights; and one role card.
# Needs LibreOffice and poppler (bash scripts/install-test-tools.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sggen deck --project example --force >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$work" output/example/deck.pptx >/dev/null
mkdir -p docs/images
rm -f docs/images/deck-*.png
# The slides are found by their titles (the Finnish wording of templates/strings.yaml).
python3 - "$work/deck.pdf" <<'PY' | while read -r number name; do
import sys, yaml
from pptx import Presentation
words = yaml.safe_load(open("templates/strings.yaml"))
wanted = {"decide": "today_decide", "brief": "project_brief", "calendar": "calendar",
          "ladder": "ladder_slide"}
titles = [s.shapes.title.text for s in Presentation("output/example/deck.pptx").slides]
for name, key in wanted.items():
    number = next(i for i, t in enumerate(titles, 1) if t.startswith(words[key]["fi"]))
    print(number, name)
PY
    pdftoppm -png -r 60 -f "$number" -l "$number" -singlefile "$work/deck.pdf" "docs/images/deck-$name"
done
# A role card for the README: the example's first Senior User, as LibreOffice prints it, its
# front and back side by side.
sggen cards --project example --force >/dev/null
card=output/example/cards/senior-user-mikko-laaksonen.docx
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$work" "$card" >/dev/null
pdftoppm -png -r 60 "$work/$(basename "$card" .docx).pdf" "$work/card"
python3 - "$work"/card-*.png <<'PY'
import sys
from PIL import Image
sides = [Image.open(path) for path in sys.argv[1:]]
gap = 12
sheet = Image.new("RGB", (sum(s.width for s in sides) + gap * (len(sides) - 1),
                          max(s.height for s in sides)), (128, 128, 128))
x = 0
for side in sides:
    sheet.paste(side, (x, 0))
    x += side.width + gap
sheet.save("docs/images/card.png", optimize=True)
PY
ls -1 docs/images
