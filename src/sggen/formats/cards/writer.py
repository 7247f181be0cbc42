"""Role cards: one person's card Document -> a one-page .docx over the guide's reference,
measured and shrunk to fit (plan.py). Each block kind is written through one table (`WRITE`);
the kinds a card does not show (the build warns of them) map to leaving them out."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sggen.document import (
    BLOCKS,
    BulletList,
    Cover,
    Document,
    Heading,
    Meta,
    PageBreak,
    Paragraph,
    Table,
    Timeline,
)
from sggen.formats import CARD_SHOWS
from sggen.formats.cards.plan import (
    BAND_PAD,
    BODY,
    HEADING,
    LINE_SPACING,
    MARGIN,
    ROOM,
    STRIP_SPACE,
    cover_size,
    gap_before,
    sides,
    strip,
)
from sggen.formats.guide import timeline as timelines
from sggen.formats.guide.body import Body, content, finish
from sggen.formats.guide.plan import TablePlan, plan_table
from sggen.formats.guide.reference import q
from sggen.formats.guide.writer import audit, check, legend, table
from sggen.formats.ooxml.units import TWIP, half_points, points, twips
from sggen.formats.ooxml.xml import Xml, el

__all__ = ["audit", "check", "write"]  # a card is read back and checked as the guide is

# the line spacing in twips, rounded through whole EMU
_LINE = int(round(int(LINE_SPACING * (240 * TWIP)) / float(TWIP)))
# a card's headings are its first level (after its title), but begin no page and count no
# chapter as the guide's do
_UNNUMBERED = (el("w:keepNext") + el("w:pageBreakBefore", {"w:val": 0})
               + el("w:numPr", None, el("w:numId", {"w:val": 0})))


@dataclass
class _Card:
    """A card being written: its body, the type scale it fits at, its text width (points)."""

    w: Body
    scale: float
    width: float
    heading: str = ""  # the latest heading: what a drawing under it is named by
    previous: object = None  # the block written last: what the gap before the next depends on

    def write(self, block: object) -> None:
        """Write one block through the card's table of kinds."""
        WRITE[type(block)](self, block)
        self.previous = block

    def spacing(self, before: float = 0.0, after: float = 4.0) -> Xml:
        """Return the paragraph spacing at the card's scale."""
        return _spacing(twips(before * self.scale), twips(after * self.scale))


@functools.lru_cache(maxsize=64)
def _spacing(before: int, after: int) -> Xml:
    return el("w:spacing", {"w:before": before, "w:after": after, "w:line": _LINE,
                            "w:lineRule": "auto"})


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return one card as .docx bytes, each side (the blocks between page breaks) on one
    page: the type shrinks first, then the longest lists lose their last items (`floor`, the
    slides' smallest size, does not apply)."""
    w = Body(reference, meta.language)
    margins = w.section.find(q("w:pgMar"))
    for side in ("left", "right", "top", "bottom"):
        margins.set(q(f"w:{side}"), str(round(MARGIN / TWIP)))
    page = w.ref.page
    width = points(page["width"] - 2 * MARGIN)
    room = points(page["height"] - 2 * MARGIN) * ROOM
    for k, (blocks, scale) in enumerate(sides(document.blocks, width, room)):
        if k:
            w.turn(False)  # a side begins a page: a section break takes no line of its own
        card = _Card(w, scale, width)
        for block in blocks:
            card.write(block)
    return finish(w, meta)


def _cover(card: _Card, block: Cover) -> None:
    """Write the cover as a band of the theme's dark colour, its text in the light one (the
    pair the theme sets for contrast): the name, the role, the rest smaller. No spacing
    between its lines, so that no reader draws a gap in the band."""
    colours = card.w.ref.colours
    pad = twips(BAND_PAD)
    edge = {"w:val": "single", "w:sz": 4, "w:color": colours["dk2"]}
    band = (el("w:pBdr", None, *(el(f"w:{side}", {**edge, "w:space": BAND_PAD})
                                 for side in ("top", "left", "bottom", "right")))
            + el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": colours["dk2"]})
            + _spacing(0, 0) + el("w:ind", {"w:left": pad, "w:right": pad}))
    for i, line in enumerate(block.lines):
        style = ("Title", "Subtitle")[i] if i < 2 else "Cover Detail"
        size = cover_size(i) * card.scale
        run = el("w:r", None, el("w:rPr", None, el("w:color", {"w:val": colours["lt1"]}),
                                 el("w:sz", {"w:val": half_points(size)}),
                                 el("w:lang", {"w:val": card.w.locale})), content(line))
        card.w.para(style, run, band)


def _heading(card: _Card, block: Heading) -> None:
    card.heading = block.text
    card.w.para("Heading 1", card.w.run(block.text, size=HEADING * card.scale),
                _UNNUMBERED + card.spacing(before=10, after=3))


def _paragraph(card: _Card, block: Paragraph) -> None:
    card.w.para(inner=card.w.runs(block.runs, BODY * card.scale),
                props=card.spacing(before=gap_before(card.previous, block)))


def _list(card: _Card, block: BulletList) -> None:
    for k, item in enumerate(block.items):
        card.w.para("List Bullet", card.w.runs(item.runs, BODY * card.scale),
                    card.spacing(after=2 + (2 if k == len(block.items) - 1 else 0)))


def _table(card: _Card, block: Table) -> None:
    plan = plan_table(block, card.width, card.width)
    if block.symbols:
        card.w.para(inner=legend(card.w, block), props=el("w:keepNext") + card.spacing())
    table(card.w, block, TablePlan(plan.widths, BODY * card.scale, False))


def _timeline(card: _Card, block: Timeline) -> None:
    """Write the holder's strip of the timeline: their meetings, the others faint."""
    w = card.w
    art = timelines.timeline(strip(block, card.scale, card.width), w.ref.colours,
                             timelines.IDS, card.heading, w.locale, w.root.nsmap)
    # single-spaced: the card's spacing would make the drawing's line taller than measured
    single = el("w:spacing", {"w:before": 0, "w:after": twips(STRIP_SPACE * card.scale),
                              "w:line": 240, "w:lineRule": "auto"})
    w.para(inner=w.run(inner=art), props=single)


def _page_break(card: _Card, block: PageBreak) -> None:
    """Begin a new page (a card's next side is begun by its writer, a pack's here)."""
    card.w.turn(False)


def _left_out(card: _Card, block) -> None:
    """Leave out a kind a card does not show: the build has warned of it at its line."""


WRITE: dict[type, Callable[[_Card, object], None]] = {
    **{kind: _left_out for kind in BLOCKS if kind not in CARD_SHOWS},
    Cover: _cover, Heading: _heading, Paragraph: _paragraph, BulletList: _list, Table: _table,
    Timeline: _timeline, PageBreak: _page_break,
}
"""How a card writes each block kind."""
