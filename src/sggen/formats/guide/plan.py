"""What the guide and the role cards measure before they are written: the styles they use,
heading numbers, table columns and the organisation chart on a page (pure: no XML); the
pages themselves are pages.py's."""

from __future__ import annotations

from dataclasses import dataclass

from sggen.document import (
    Document,
    Heading,
    OrgChart,
    Run,
    Table,
)
from sggen.layout import metrics
from sggen.layout.boxes import Chart, Region, Sizes
from sggen.layout.chart import lay_out_chart

TABLE_PT = 10.5  # a table's type size, a step below the body's

STYLES = ("Normal", "Title", "Subtitle", "Cover Detail", "Heading 1", "Heading 2", "Heading 3",
          "List Bullet", "List Bullet 2", "List Number", "TOC Heading", "TOC 1", "TOC 2",
          "Header", "Footer")
TABLE_STYLES = ("Guide Table", "Light List Accent 1", "Table Grid")  # the first that exists


def missing(names: set[str]) -> list[str]:
    """Return the styles sggen uses that a reference with styles `names` lacks."""
    found = [f"paragraph style '{name}'" for name in STYLES if name not in names]
    if not any(name in names for name in TABLE_STYLES):
        found.append(f"table style '{TABLE_STYLES[0]}'")
    return found


def number_headings(document: Document) -> list[tuple[str, Heading]]:
    """Return each heading with its number (1, 1.1) as the numbered heading styles show it."""
    counters = [0, 0, 0]
    out = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 3) - 1
            counters[level] += 1
            counters[level + 1:] = [0] * (2 - level)
            out.append((".".join(str(n) for n in counters[: level + 1]), block))
    return out


@dataclass
class TablePlan:
    """How a guide table is set: its columns' widths (points), type size, and whether it
    needs a page turned to landscape to keep every word whole."""

    widths: list[float]
    size: float = TABLE_PT
    landscape: bool = False


CELL_PAD = 2 * 85 / 20  # the table style's left and right cell margins (85 twips each)
_SIZES = (TABLE_PT, 10.0, 9.0)  # the sizes a table may shrink to before the page turns


def cell_text(runs: list[Run]) -> str:
    """Return a cell's plain text."""
    return "".join(r.text for r in runs)


def _words(runs: list[Run]) -> list[tuple[str, bool]]:
    """Return the unbreakable pieces of a cell (split at spaces only: an e-mail address or a
    compound is one piece), each with whether it is bold."""
    out = []
    for run in runs:
        out.extend((w, run.bold) for w in run.text.replace("\n", " ").split(" ") if w)
    return out


def _natural(runs: list[Run], size: float, bold: bool) -> float:
    """Return the width of a cell's longest line when nothing wraps."""
    lines = [0.0]
    for run in runs:
        for k, piece in enumerate(run.text.split("\n")):
            if k:
                lines.append(0.0)
            lines[-1] += metrics.text_width(piece, size, bold or run.bold)
    return max(lines)


def _longest(runs: list[Run], size: float, bold: bool) -> float:
    return max((metrics.text_width(w, size, bold or b) for w, b in _words(runs)), default=0.0)


def plan_table(block: Table, width: float, turned: float) -> TablePlan:
    """Return the column widths of `block` within `width` points: each column at least as
    wide as its longest unbreakable word (so no word or e-mail address is cut), the rest of
    the width shared in proportion to the text that would wrap. When the words do not fit,
    the type shrinks a step at a time, then the page turns (`turned`: the landscape width)."""
    rows = [block.header, *block.rows]
    columns = len(block.header)
    for room, landscape in ((width, False), (turned, True)):
        for size in _SIZES:
            least, natural = [], []
            for c in range(columns):
                cells = [(row[c] if c < len(row) else [], r == 0) for r, row in enumerate(rows)]
                # a margin for renderers that kern or round differently from the metrics
                least.append(max(_longest(x, size, b) for x, b in cells) / metrics.SAFETY
                             + CELL_PAD + 1)
                natural.append(max(_natural(x, size, b) for x, b in cells) / metrics.SAFETY
                               + CELL_PAD + 1)
            if sum(least) <= room:
                return TablePlan(_share(least, natural, room), size, landscape)
    # Nothing fits (an unrealistic table): proportional columns; long words will break.
    return TablePlan(_share([room / columns] * columns, natural, room), _SIZES[-1], True)


def _share(least: list[float], natural: list[float], room: float) -> list[float]:
    """Return widths of at least `least` filling `room`: first towards each column's natural
    width in proportion to what it lacks, then any space left in proportion to the naturals."""
    lacking = [max(n - m, 0.0) for m, n in zip(least, natural, strict=True)]
    spare = room - sum(least)
    if sum(lacking) >= spare:
        return [m + spare * k / sum(lacking) if sum(lacking) else m
                for m, k in zip(least, lacking, strict=True)]
    full = [max(m, n) for m, n in zip(least, natural, strict=True)]
    left = room - sum(full)
    return [f + left * f / sum(full) for f in full]


# A chart drawn on a page: as wide as the text, in the body's type sizes.
CHART_SIZES = Sizes(base=11.0, floor=9.0, table_base=10.0, chart_base=11.0, chart_min=8.0)
CHART_SHAPE = 0.9  # the region's height to its width: room for every title on a portrait page
CHART_IDS = 10_000  # drawing ids each chart may use: its group, then its shapes


def chart_on_page(block: OrgChart, width: float) -> Chart:
    """Return the chart laid out to the page's text width."""
    return lay_out_chart(block, Region(0.0, 0.0, width, width * CHART_SHAPE), CHART_SIZES)
