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
    Cover,
    Heading,
    OrgChart,
    PageBreak,
    Paragraph,
    Run,
    Slide,
    Table,
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
from sggen.layout.chart import lay_out_chart
from sggen.layout.table import TABLE_GAP, TABLE_SLACK, table_boxes
from sggen.layout.text import text_box, text_height, text_pages

SHOWN: tuple[type[Block], ...] = (Paragraph, Heading, BulletList, Table, OrgChart)
"""The block kinds a slide shows; the others belong to the flow of a document."""
NOT_SHOWN: tuple[type[Block], ...] = (PageBreak, Cover, Toc)

CHART_ROOM = 0.45  # a chart shares its slide with text above it only if it keeps this much


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
    flow, tables, charts = [], [], []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading, BulletList)):
            flow.append(block)
        elif isinstance(block, Table):
            tables.append(block)
        elif isinstance(block, OrgChart):
            charts.append(block)
        elif not isinstance(block, NOT_SHOWN):  # those the build has already warned about
            raise TypeError(f"no layout for a {type(block).__name__}")
    lines = _lines(flow)
    size = max(sizes.floor, min(sizes.base, sizes.table_base))
    text_h = text_height(lines, region.w, size) if lines else 0.0
    if charts and not tables and len(charts) == 1 and text_h <= region.h * (1 - CHART_ROOM):
        # Short text above the chart, the chart in the rest of the slide.
        items: list[Item] = []
        below = region
        if lines:
            items.append(text_box(lines, region, size, text_h))
            below = Region(region.x, region.y + text_h + TABLE_GAP, region.w,
                           region.h - text_h - TABLE_GAP)
        items.append(lay_out_chart(charts[0], below, sizes))
        return [items]
    if tables:
        pages = _table_pages(lines, tables, region, sizes)
    else:
        # A slide with a title only still becomes one slide.
        pages = [[box] for box in text_pages(lines, region, sizes)] if lines else []
    pages.extend([lay_out_chart(chart, region, sizes)] for chart in charts)
    return pages or [[]]


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
        rooms = [region.h - above - TABLE_SLACK, region.h - again - TABLE_SLACK]
        for i, box in enumerate(table_boxes(table, region.x, region.w, rooms, sizes)):
            shown = first if i == 0 or repeat else None
            box.y = region.y + (shown.h + TABLE_GAP if shown else 0.0)
            pages.append([shown, box] if shown else [box])
    return pages
