"""Write src/sggen/metrics/carlito.json: advance widths of Carlito (metric-compatible with
Calibri, the reference documents' font), so slides are measured the same on every machine.

Run once after changing the font: `python scripts/make_metrics.py` (needs fontTools and Debian's
fonts-crosextra-carlito).
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/crosextra")
OUT = Path(__file__).resolve().parent.parent / "src" / "sggen" / "metrics" / "carlito.json"
# Latin, Latin-1, Latin Extended-A/B, general punctuation, currency and letterlike symbols.
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x20A0, 0x20BF), (0x2100, 0x214F),
          (0x2190, 0x21FF), (0x2212, 0x2212), (0x25A0, 0x25FF)]


def widths(path: Path) -> dict:
    font = TTFont(str(path))
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    return {str(cp): hmtx[cmap[cp]][0] for lo, hi in RANGES for cp in range(lo, hi + 1)
            if cp in cmap}


def main() -> None:
    regular = TTFont(str(FONTS / "Carlito-Regular.ttf"))
    hhea, head = regular["hhea"], regular["head"]
    data = {
        "font": "Carlito",
        "units_per_em": head.unitsPerEm,
        "ascent": hhea.ascent,
        "descent": -hhea.descent,
        "line_gap": hhea.lineGap,
        "regular": widths(FONTS / "Carlito-Regular.ttf"),
        "bold": widths(FONTS / "Carlito-Bold.ttf"),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {OUT}: {len(data['regular'])} glyphs")


if __name__ == "__main__":
    main()
