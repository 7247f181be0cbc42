"""Role cards: one person's card Document -> a one-page .docx, measured and shrunk to fit, the
XML written directly (formats/docx_xml.py); the same parts as formats/cards.py, the oracle."""

from __future__ import annotations

from pathlib import Path

from sggen.document import BulletList, Cover, Document, Heading, Meta, Paragraph, Table
from sggen.formats import docx_xml
from sggen.formats.cards_plan import BODY, HEADING, LINE_SPACING, MARGIN, ROOM, cover_size, fit
from sggen.formats.docx_plan import TablePlan, plan_table
from sggen.formats.docx_xml import audit, check, q, twips

__all__ = ["audit", "check"]  # the object-layer writer checks references and audits cards

# the line spacing in twips, rounded as python-docx rounds it (through whole EMU)
_LINE = int(round(int(LINE_SPACING * (240 * 635)) / 635.0))
_RULE = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="0A6AA8"/></w:pBdr>'
_NO_RULE = '<w:pBdr><w:bottom w:val="nil"/></w:pBdr>'  # the title style's own line, off


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return one card as .docx bytes, on one page: the type shrinks first, then the longest
    lists lose their last items (`floor`, the slides' smallest size, does not apply)."""
    w = docx_xml.Body(reference, meta.language)
    margins = w.section.find(q("w:pgMar"))
    for side in ("left", "right", "top", "bottom"):
        margins.set(q(f"w:{side}"), str(round(MARGIN / 635)))
    page = w.ref.page
    width = (page["width"] - 2 * MARGIN) / 12700.0
    room = (page["height"] - 2 * MARGIN) / 12700.0 * ROOM
    blocks, scale = fit(document.blocks, width, room)
    _write(w, blocks, scale, width)
    return docx_xml.finish(w, meta)


def _write(w: docx_xml.Body, blocks: list, scale: float, width: float) -> None:
    def spacing(before: float = 0.0, after: float = 4.0) -> str:
        return (f'<w:spacing w:before="{twips(before * scale)}" w:after="{twips(after * scale)}"'
                f' w:line="{_LINE}" w:lineRule="auto"/>')

    for block in blocks:
        if isinstance(block, Cover):
            for i, line in enumerate(block.lines):
                style = ("Title", "Subtitle")[i] if i < 2 else "Cover Detail"
                # one thin line under the whole cover, none under the name (which the
                # guide's title style underlines): the card's name and role stand apart
                last = i == len(block.lines) - 1
                rule = _RULE if last else _NO_RULE if i == 0 else ""
                w.para(style, w.run(line, size=cover_size(i) * scale),
                       rule + spacing(after=8 if last else 4))
        elif isinstance(block, Heading):
            # out of the guide's chapter numbering: a card has no chapters
            w.para("Heading 2", w.run(block.text, size=HEADING * scale),
                   '<w:keepNext/><w:numPr><w:numId w:val="0"/></w:numPr>'
                   + spacing(before=10, after=3))
        elif isinstance(block, Paragraph):
            w.para(inner=w.runs(block.runs, BODY * scale), props=spacing())
        elif isinstance(block, BulletList):
            for k, item in enumerate(block.items):
                w.para("List Bullet", w.runs(item.runs, BODY * scale),
                       spacing(after=2 + (2 if k == len(block.items) - 1 else 0)))
        elif isinstance(block, Table):
            plan = plan_table(block, width, width)
            docx_xml._table(w, block, TablePlan(plan.widths, BODY * scale, False))
        else:
            raise TypeError(f"a role card cannot hold a {type(block).__name__}")
