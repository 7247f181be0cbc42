"""What the guide and the role cards measure before a writer sets them: the styles they use,
heading numbers, table columns and the page each heading will likely fall on (pure: no
document library, so the object-layer writers and the XML writers share one copy)."""

from __future__ import annotations

from dataclasses import dataclass

from sggen.document import (
    BulletList,
    Cover,
    Document,
    Heading,
    OrgChart,
    Paragraph,
    Run,
    Table,
    Toc,
)
from sggen.layout import metrics
from sggen.layout.boxes import Chart, Region, Sizes
from sggen.layout.chart import lay_out_chart

BODY_PT = 11.0  # Normal's size in the reference: the guide's body and table text

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
    size: float = BODY_PT
    landscape: bool = False


CELL_PAD = 2 * 85 / 20  # the table style's left and right cell margins (85 twips each)
_SIZES = (11.0, 10.0, 9.0)  # the type sizes a table may shrink to before the page turns


def cell_text(runs: list[Run]) -> str:
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


SHADES = ("D6E4F0", "FBE3CC", "D4EBDD", "E1E4E8", "DCEFF4", "FDE6D4")  # light, for dark text


# --- page estimate for the table of contents -------------------------------------------------

_BODY, _LINE = 11.0, 1.15 * metrics.LINE


def estimate_pages(document: Document, headings: list[tuple[str, Heading]],
                    page_size: tuple[float, float],
                    plans: dict[int, TablePlan] | None = None,
                    charts: dict[int, Chart] | None = None) -> list[int]:
    """Return the page each heading will likely fall on, measured with the body font."""
    _PAGE_W, _PAGE_H = page_size  # noqa: N806 - the page's constants, read from the reference
    page, used, out = 1, 0.0, []
    # the text height of the page in use: a turned page's is its portrait width less margins
    room = [_PAGE_H]
    toc_lines = sum(1 for _, h in headings if h.level <= 2)

    def add(height: float) -> None:
        nonlocal page, used
        if used + height > room[0] and used > 0:
            page += 1
            used = 0.0
        used += height

    def lines(runs: list[Run], width: float = _PAGE_W, size: float = _BODY) -> int:
        return len(metrics.wrap(runs, width, size))

    heading = 0.0  # the height of the heading just placed: it moves on with what follows it
    for block in document.blocks:
        if isinstance(block, Cover):
            used = _PAGE_H  # the cover fills page 1
        elif isinstance(block, Toc):
            page, used = page + 1, 0.0
            add(40 + toc_lines * (_BODY * _LINE + 3))
        elif isinstance(block, Heading):
            if block.level == 1:
                page, used = page + 1, 0.0  # Heading 1 starts a page
                room[0] = _PAGE_H
            size = {1: 18.0, 2: 14.0}.get(block.level, 12.0)
            add(size * metrics.LINE + 20)
            out.append(page)
            heading = size * metrics.LINE + 20
            continue
        elif isinstance(block, Paragraph):
            add(lines(block.runs) * _BODY * _LINE + 6)
        elif isinstance(block, BulletList):
            # list paragraphs have no space between them, only after the list
            for item in block.items:
                add(lines(item.runs, _PAGE_W - 18) * _BODY * _LINE)
            used += 6
        elif isinstance(block, Table):
            plan = (plans or {}).get(id(block))
            widths = plan.widths if plan else [_PAGE_W / max(len(block.header), 1)] * len(
                block.header)
            size = plan.size if plan else _BODY
            if plan and plan.landscape and room[0] == _PAGE_H:
                room[0] = _PAGE_H - (sum(plan.widths) - _PAGE_W)
            for row in [block.header, *block.rows]:
                add(max((lines(c, w - CELL_PAD, size) for c, w
                             in zip(row, widths, strict=False)),
                        default=1) * size * _LINE + 4)
        elif isinstance(block, OrgChart):
            chart = (charts or {}).get(id(block)) or chart_on_page(block, _PAGE_W)
            height = max([b.y + b.h for b in chart.boxes] + [f.y + f.h for f in chart.frames]
                         + [0.0]) + _BODY * _LINE + 6
            before = page
            add(height)
            if heading and page != before:
                # a drawing cannot break, and its heading is kept with it: both move on
                out[-1] = page
                used += heading
        heading = 0.0
    return out


# A chart drawn on a page: as wide as the text, in the body's type sizes.
CHART_SIZES = Sizes(base=11.0, floor=9.0, table_base=10.0, chart_base=11.0, chart_min=8.0)
CHART_SHAPE = 0.9  # the region's height to its width: room for every title on a portrait page
CHART_IDS = 10_000  # drawing ids each chart may use: its group, then its shapes


def chart_on_page(block: OrgChart, width: float) -> Chart:
    """Return the chart laid out to the page's text width."""
    return lay_out_chart(block, Region(0.0, 0.0, width, width * CHART_SHAPE), CHART_SIZES)
