"""Lay slides out so that no text leaves its box: measure, shrink, split.

Text is measured with Carlito's metrics (metrics.py); text frames (text.py), tables (table.py)
and the organisation chart (chart.py) are each fitted to a region of the slide. A slide's blocks
stand top to bottom, each as high as it needs (stack.py). What does not fit at the base size is
set smaller, never below the workspace's floor; what still does not fit continues on slides
titled "(1/2)", "(2/2)".
"""

from __future__ import annotations

from collections.abc import Callable

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
from sggen.layout import stack
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
from sggen.layout.memo import Memo
from sggen.layout.metrics import INSET_Y, LINE
from sggen.layout.table import TABLE_GAP, TABLE_SLACK, table_boxes
from sggen.layout.text import text_box, text_height, text_pages
from sggen.layout.timeline import on_slides

# Each visual, and how it is laid out: drawn in shapes, filling the room it is given, on one
# slide or several (one item per slide).
VISUALS: dict[type[Block], Callable[[Block, Region, Sizes], list[Item]]] = {
    OrgChart: lambda block, region, sizes: [lay_out_chart(block, region, sizes)],
    Cards: lambda block, region, sizes: list(lay_out_cards(block, region, sizes)),
    Timeline: on_slides,
}
NOT_SHOWN: tuple[type[Block], ...] = (PageBreak, Cover, Toc)
"""The block kinds of a page, not a slide (the build warns of them on a slide)."""
# How a slide's blocks are paged: text flows, tables split, visuals fill their room; the
# kinds a slide does not show are left out.
PAGING: dict[type[Block], str] = {
    Paragraph: "flow", Heading: "flow", BulletList: "flow", Table: "table",
    **{kind: "visual" for kind in VISUALS}, **{kind: "unshown" for kind in NOT_SHOWN},
}
SHOWN: tuple[type[Block], ...] = tuple(k for k, v in PAGING.items() if v != "unshown")
"""The block kinds a slide shows; the others belong to the flow of a document."""

VISUAL_ROOM = 0.45  # a visual shares its slide with text above it only if it keeps this much


# slides kept laid out: a slide is laid out for its warnings and for its file, and the
# library's slides recur in every deck of a portfolio
_LAID: Memo[tuple[LaidSlide, ...]] = Memo(256)


def lay_out(slides: list[Slide], region: Region, sizes: Sizes) -> list[LaidSlide]:
    """Return the slides laid out in `region`; a slide whose content does not fit becomes
    several, which repeat the title with "(1/n)" … "(n/n)" and the speaker notes."""
    return [laid for slide in slides
            for laid in _LAID.get((repr(slide), region, sizes),
                                  lambda slide=slide: _slide(slide, region, sizes))]


def _slide(slide: Slide, region: Region, sizes: Sizes) -> tuple[LaidSlide, ...]:
    notes = [text for text in (_plain(b) for b in slide.notes) if text]
    if slide.is_title:
        subtitle = [line for line in _lines(slide.blocks)]
        return (TitleSlide(slide.title, [Line(ln.runs) for ln in subtitle], notes),)
    pages = _pages(slide.blocks, region, sizes)
    return tuple(ContentSlide(slide.title if len(pages) == 1 else
                              f"{slide.title} ({i + 1}/{len(pages)})", items, notes)
                 for i, items in enumerate(pages))


def _pages(blocks: list[Block], region: Region, sizes: Sizes) -> list[list[Item]]:
    """Return the items of each slide that one slide's blocks need, top to bottom: all on one
    slide, each as high as it needs, where they fit; else text flowing on, tables split and
    tiles spread over as many slides as they need."""
    items = stack.stacked(stack.parts(blocks, _lines, PAGING), region, sizes, _visual,
                          lambda size: legend_height(Sizes(floor=size)))
    if items is not None:
        return [items]
    kinds: dict[str, list[Block]] = {"flow": [], "table": [], "visual": [], "unshown": []}
    for block in blocks:
        kinds[PAGING[type(block)]].append(block)  # the unshown: the build has warned of them
    flow, tables, visuals = kinds["flow"], kinds["table"], kinds["visual"]
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
    return VISUALS[type(block)](block, region, sizes)


def _no_text(block: Block) -> str:
    return ""


# The plain text of each block kind in the speaker notes (a visual, a page's block: none).
NOTES: dict[type[Block], Callable[[Block], str]] = {
    **{kind: _no_text for kind in PAGING},
    Paragraph: lambda block: block.text, Heading: lambda block: block.text,
    BulletList: lambda block: "\n".join(item.text for item in block.items),
}


def _plain(block: Block) -> str:
    return NOTES[type(block)](block)


def _list_lines(block: BulletList) -> list[Line]:
    lines = []
    for n, item in enumerate(block.items, 1):
        bullet = f"{n}." if block.ordered else "•"
        lines.append(Line(item.runs, 0, bullet, number=n if block.ordered else 0))
        lines.extend(Line(child.runs, 1, "–") for child in item.children)
    return lines


# The lines of text of each block kind on a slide (a table or a visual: none, it is laid
# out as what it is; a title slide's only ever text).
LINES: dict[type[Block], Callable[[Block], list[Line]]] = {
    **{kind: lambda block: [] for kind in PAGING},
    Paragraph: lambda block: [Line(block.runs)],
    Heading: lambda block: [Line([Run(block.text, bold=True)])],
    BulletList: _list_lines,
}


def _lines(blocks: list[Block]) -> list[Line]:
    return [line for block in blocks for line in LINES[type(block)](block)]


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
