"""Lay slides out so that no text leaves its box: measure, shrink, split.

Text is measured with Carlito's metrics (metrics.py); text frames (text.py), tables (table.py)
and the organisation chart (chart.py) are each fitted to a region of the slide. What does not
fit at the base size is set smaller, never below the workspace's floor; what still does not fit
continues on slides titled "(1/2)", "(2/2)".
"""

from __future__ import annotations

from sggen.document import (
    Block,
    BulletList,
    Cards,
    Cover,
    Heading,
    OrgChart,
    PageBreak,
    Paragraph,
    Run,
    Slide,
    Table,
    Timeline,
    Toc,
)
from sggen.layout.boxes import (
    ContentSlide,
    Item,
    LaidSlide,
    Line,
    Region,
    Sizes,
    TextBox,
    TitleSlide,
)
from sggen.layout.cards import lay_out_cards
from sggen.layout.chart import lay_out_chart
from sggen.layout.metrics import INSET_Y, LINE
from sggen.layout.table import TABLE_GAP, TABLE_SLACK, table_boxes
from sggen.layout.text import text_box, text_height, text_pages
from sggen.layout.timeline import lay_out_timeline

VISUALS = (OrgChart, Cards, Timeline)  # drawn in shapes, each filling the room it is given
SHOWN: tuple[type[Block], ...] = (Paragraph, Heading, BulletList, Table, *VISUALS)
"""The block kinds a slide shows; the others belong to the flow of a document."""
NOT_SHOWN: tuple[type[Block], ...] = (PageBreak, Cover, Toc)

VISUAL_ROOM = 0.45  # a visual shares its slide with text above it only if it keeps this much


def lay_out(slides: list[Slide], region: Region, sizes: Sizes) -> list[LaidSlide]:
    """Return the slides laid out in `region`; a slide whose content does not fit becomes
    several, which repeat the title with "(1/n)" … "(n/n)" and the speaker notes."""
    out: list[LaidSlide] = []
    for slide in slides:
        notes = [text for text in (_plain(b) for b in slide.notes) if text]
        if slide.is_title:
            subtitle = [line for line in _lines(slide.blocks)]
            out.append(TitleSlide(slide.title, [Line(ln.runs) for ln in subtitle], notes))
            continue
        pages = _pages(slide.blocks, region, sizes)
        for i, items in enumerate(pages):
            title = slide.title if len(pages) == 1 else f"{slide.title} ({i + 1}/{len(pages)})"
            out.append(ContentSlide(title, items, notes))
    return out


def _pages(blocks: list[Block], region: Region, sizes: Sizes) -> list[list[Item]]:
    """Return the items of each slide that one slide's blocks need, top to bottom."""
    flow, tables, visuals = [], [], []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading, BulletList)):
            flow.append(block)
        elif isinstance(block, Table):
            tables.append(block)
        elif isinstance(block, VISUALS):
            visuals.append(block)
        elif not isinstance(block, NOT_SHOWN):  # those the build has already warned about
            raise TypeError(f"no layout for a {type(block).__name__}")
    lines = _lines(flow)
    size = max(sizes.floor, min(sizes.base, sizes.table_base))
    text_h = text_height(lines, region.w, size) if lines else 0.0
    if len(visuals) == 1 and not tables and text_h <= region.h * (1 - VISUAL_ROOM):
        # Short text above the visual, the visual in the rest of the slide (or slides).
        below, above = region, []
        if lines:
            above = [text_box(lines, region, size, text_h)]
            below = Region(region.x, region.y + text_h + TABLE_GAP, region.w,
                           region.h - text_h - TABLE_GAP)
        return [[*above, item] for item in _visual(visuals[0], below, sizes)]
    if tables:
        pages = _table_pages(lines, tables, region, sizes)
    else:
        # A slide with a title only still becomes one slide.
        pages = [[box] for box in text_pages(lines, region, sizes)] if lines else []
    pages.extend([item] for visual in visuals for item in _visual(visual, region, sizes))
    return pages or [[]]


def _visual(block: Block, region: Region, sizes: Sizes) -> list[Item]:
    """Return a visual laid out in `region`: one item per slide it needs."""
    if isinstance(block, OrgChart):
        return [lay_out_chart(block, region, sizes)]
    if isinstance(block, Cards):
        return list(lay_out_cards(block, region, sizes))
    if isinstance(block, Timeline):
        return [lay_out_timeline(block, region, sizes)]
    raise TypeError(f"no layout for a {type(block).__name__}")


def _plain(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, BulletList):
        return "\n".join(item.text for item in block.items)
    return ""


def _lines(blocks: list[Block]) -> list[Line]:
    lines: list[Line] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(Line(block.runs))
        elif isinstance(block, Heading):
            lines.append(Line([Run(block.text, bold=True)]))
        elif isinstance(block, BulletList):
            for n, item in enumerate(block.items, 1):
                bullet = f"{n}." if block.ordered else "•"
                lines.append(Line(item.runs, 0, bullet, number=n if block.ordered else 0))
                lines.extend(Line(child.runs, 1, "–") for child in item.children)
    return lines


def _table_pages(lines: list[Line], tables: list[Table], region: Region,
                 sizes: Sizes) -> list[list[Item]]:
    """Return the items per slide for a slide with tables and perhaps text above them.

    Short text (a legend) stands above the table on every slide it continues on; longer text
    only on the first; text too long to share a slide gets slides of its own first.
    """
    pages: list[list[Item]] = []
    size = max(sizes.floor, min(sizes.base, sizes.table_base))
    text: TextBox | None = None
    text_h = text_height(lines, region.w, size) if lines else 0.0
    if lines and text_h > region.h * 0.4:
        pages.extend([box] for box in text_pages(lines, region, sizes))
    elif lines:
        text = text_box(lines, region, size, text_h)
    repeat = text is not None and text_h <= region.h * 0.25
    for k, table in enumerate(tables):
        first = text if k == 0 else None
        above = first.h + TABLE_GAP if first else 0.0
        again = above if repeat else 0.0
        # a matrix's legend stands under the table on every slide it continues on
        legend = legend_height(sizes) if table.symbols else 0.0
        rooms = [region.h - above - legend - TABLE_SLACK, region.h - again - legend - TABLE_SLACK]
        for i, box in enumerate(table_boxes(table, region.x, region.w, rooms, sizes)):
            shown = first if i == 0 or repeat else None
            box.y = region.y + (shown.h + TABLE_GAP if shown else 0.0)
            box.symbols, box.legend_h = table.symbols, legend
            pages.append([shown, box] if shown else [box])
    return pages


def legend_height(sizes: Sizes) -> float:
    """Return the height of a matrix legend: one line of symbols and meanings."""
    return legend_size(sizes) * LINE + 2 * INSET_Y + TABLE_GAP


def legend_size(sizes: Sizes) -> float:
    """Return the type size of a matrix legend."""
    return max(sizes.floor, sizes.table_base - 2)
