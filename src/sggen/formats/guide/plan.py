"""What the guide and the role cards measure before they are written: the styles they use,
heading numbers, table columns, the organisation chart on a page, and the page each heading
will likely fall on (pure: no XML)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sggen.document import (
    BulletList,
    Cover,
    Document,
    Heading,
    OrgChart,
    PageBreak,
    Paragraph,
    Run,
    Table,
    Toc,
)
from sggen.formats.ooxml.units import points
from sggen.formats.plain import TEXT as PLAIN
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


# --- the page each heading falls on, for the table of contents -------------------------------

_BODY, _LINE = 11.0, 1.15 * metrics.LINE


@dataclass
class _Pages:
    """The estimate so far: the page, the height used on it, the text height of the page in
    use (a turned page's is its portrait width less margins), each heading's page."""

    width: float
    height: float
    toc_lines: int
    plans: dict[int, TablePlan]
    charts: dict[int, Chart]
    page: int = 1
    used: float = 0.0
    room: float = 0.0
    out: list[int] = field(default_factory=list)
    heading: float = 0.0  # the height of the heading just placed: it moves on with what follows

    def add(self, height: float) -> None:
        """Place `height` points on the page, or on the next one when it does not fit."""
        if self.used + height > self.room and self.used > 0:
            self.page += 1
            self.used = 0.0
        self.used += height

    def lines(self, runs: list[Run], width: float | None = None, size: float = _BODY) -> int:
        """Return how many lines `runs` take at `width` (the page's) and `size`."""
        return len(metrics.wrap(runs, self.width if width is None else width, size))


def _cover(pages: _Pages, block: Cover) -> float:
    pages.used = pages.height  # the cover fills page 1
    return 0.0


def _toc(pages: _Pages, block: Toc) -> float:
    pages.page, pages.used = pages.page + 1, 0.0
    pages.add(40 + pages.toc_lines * (_BODY * _LINE + 3))
    return 0.0


def _heading(pages: _Pages, block: Heading) -> float:
    if block.level == 1:
        pages.page, pages.used = pages.page + 1, 0.0  # Heading 1 starts a page
        pages.room = pages.height
    height = {1: 18.0, 2: 14.0}.get(block.level, 12.0) * metrics.LINE + 20
    pages.add(height)
    pages.out.append(pages.page)
    return height  # kept with what follows it


def _paragraph(pages: _Pages, block: Paragraph) -> float:
    pages.add(pages.lines(block.runs) * _BODY * _LINE + 6)
    return 0.0


def _list(pages: _Pages, block: BulletList) -> float:
    # list paragraphs have no space between them, only after the list
    for item in block.items:
        pages.add(pages.lines(item.runs, pages.width - 18) * _BODY * _LINE)
    pages.used += 6
    return 0.0


def _table(pages: _Pages, block: Table) -> float:
    plan = pages.plans.get(id(block))
    widths = plan.widths if plan else [pages.width / max(len(block.header), 1)] * len(
        block.header)
    size = plan.size if plan else _BODY
    if plan and plan.landscape and pages.room == pages.height:
        pages.room = pages.height - (sum(plan.widths) - pages.width)
    for row in [block.header, *block.rows]:
        pages.add(max((pages.lines(c, w - CELL_PAD, size) for c, w
                       in zip(row, widths, strict=False)), default=1) * size * _LINE + 4)
    return 0.0


def _chart(pages: _Pages, block: OrgChart) -> float:
    chart = pages.charts.get(id(block)) or chart_on_page(block, pages.width)
    height = chart.bounds()[3] + _BODY * _LINE + 6
    before = pages.page
    pages.add(height)
    if pages.heading and pages.page != before:
        # a drawing cannot break, and its heading is kept with it: both move on
        pages.out[-1] = pages.page
        pages.used += pages.heading
    return 0.0


def _unmeasured(pages: _Pages, block) -> float:
    # not measured (yet): a page break, and tiles and timelines read as lists
    return 0.0


ESTIMATE: dict[type, Callable[[_Pages, object], float]] = {
    **{kind: _unmeasured for kind in PLAIN},
    Cover: _cover, Toc: _toc, Heading: _heading, Paragraph: _paragraph, BulletList: _list,
    Table: _table, OrgChart: _chart, PageBreak: _unmeasured,
}
"""How each block kind takes room on the guide's pages."""


def estimate_pages(document: Document, headings: list[tuple[str, Heading]],
                   page_size: tuple[float, float], plans: dict[int, TablePlan] | None = None,
                   charts: dict[int, Chart] | None = None) -> list[int]:
    """Return the page each heading will likely fall on, measured with the body font."""
    width, height = page_size
    pages = _Pages(width, height, sum(1 for _, h in headings if h.level <= 2), plans or {},
                   charts or {}, room=height)
    for block in document.blocks:
        pages.heading = ESTIMATE[type(block)](pages, block)
    return pages.out


def heading_pages(document: Document, page: dict[str, int]) -> list[tuple[str, Heading, int]]:
    """Return each heading of the guide with its number and the page it likely falls on, on
    pages of the reference's size and margins (`page`, EMU), planned as the writer plans them:
    what another document needs to point into the guide."""
    width = points(page["width"] - page["left"] - page["right"])
    turned = points(page["height"] - page["left"] - page["right"])
    headings = number_headings(document)
    plans = {id(b): plan_table(b, width, turned) for b in document.blocks
             if isinstance(b, Table)}
    charts = {id(b): chart_on_page(b, width) for b in document.blocks
              if isinstance(b, OrgChart)}
    pages = estimate_pages(document, headings, (width, points(
        page["height"] - page["top"] - page["bottom"])), plans, charts)
    return [(number, heading, at) for (number, heading), at
            in zip(headings, pages, strict=True)]
