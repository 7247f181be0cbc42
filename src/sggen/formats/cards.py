"""Role cards: one person's card Document -> a one-page .docx, measured and shrunk to fit.

The object-layer writer, the test oracle of the XML writer (formats/cards_xml.py).
"""

from __future__ import annotations

from pathlib import Path

from sggen.document import BulletList, Cover, Document, Heading, Meta, Paragraph, Table
from sggen.formats import docx as guide
from sggen.formats.cards_plan import (
    BODY,
    HEADING,
    KEEP,
    LINE_SPACING,
    MARGIN,
    ROOM,
    SCALES,
    cover_size,
    fit,
    height,
)

# python-docx is the guide writer's library; the cards reach it through that module only
from sggen.formats.docx import Length, OxmlElement, Pt, qn

__all__ = ["KEEP", "SCALES", "fit", "height"]  # how a card fits, for the tests


def check(reference: Path) -> list[str]:
    """Return the styles `reference` lacks that the cards use (the guide's styles)."""
    return guide.check(reference)


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return one card as .docx bytes, on one page: the type shrinks first, then the longest
    lists lose their last items (`floor`, the slides' smallest size, does not apply)."""
    doc = guide.blank(reference)
    section = doc.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    width = Length(section.page_width - 2 * MARGIN).pt
    room = Length(section.page_height - 2 * MARGIN).pt * ROOM
    blocks, scale = fit(document.blocks, width, room)
    _write(doc, blocks, scale, width)
    return guide.finish(doc, meta)


def _write(doc, blocks: list, scale: float, width: float) -> None:
    para = guide._paragraphs(doc)
    table_style = next(n for n in guide.TABLE_STYLES if n in {s.name for s in doc.styles})

    def set_(paragraph, size: float, before: float = 0.0, after: float = 4.0):
        form = paragraph.paragraph_format
        form.space_before, form.space_after = Pt(before * scale), Pt(after * scale)
        form.line_spacing = LINE_SPACING
        for run in paragraph.runs:
            run.font.size = Pt(size * scale)
        return paragraph

    for block in blocks:
        if isinstance(block, Cover):
            for i, line in enumerate(block.lines):
                style = ("Title", "Subtitle")[i] if i < 2 else "Cover Detail"
                paragraph = para(style)
                paragraph.add_run(line)
                set_(paragraph, cover_size(i))
                if i == 0 and len(block.lines) > 1:
                    _rule(paragraph, "nil")  # not under the name: one line under the cover
            _rule(paragraph)
            paragraph.paragraph_format.space_after = Pt(8 * scale)
        elif isinstance(block, Heading):
            paragraph = para("Heading 2")
            paragraph.add_run(block.text)
            _unnumbered(paragraph)
            set_(paragraph, HEADING, before=10, after=3)
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            paragraph = para()
            guide._runs(paragraph, block.runs)
            set_(paragraph, BODY)
        elif isinstance(block, BulletList):
            for k, item in enumerate(block.items):
                paragraph = para("List Bullet")
                guide._runs(paragraph, item.runs)
                set_(paragraph, BODY, after=2 + (2 if k == len(block.items) - 1 else 0))
        elif isinstance(block, Table):
            plan = guide.plan_table(block, width, width)
            guide._table(doc, para, block, table_style,
                         guide.TablePlan(plan.widths, BODY * scale, False))
        else:
            raise TypeError(f"a role card cannot hold a {type(block).__name__}")


def _unnumbered(paragraph) -> None:
    """Take a heading out of the guide's chapter numbering: a card has no chapters."""
    paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0


def _rule(paragraph, line: str = "single") -> None:
    """Draw a thin line under the paragraph (or with `line` nil, none, whatever its style
    draws): the card's name and role stand apart."""
    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    shown = (("w:sz", "6"), ("w:space", "4"), ("w:color", "0A6AA8")) if line != "nil" else ()
    for attr, value in (("w:val", line), *shown):
        bottom.set(qn(attr), value)
    border.append(bottom)
    properties.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens",
                                     "w:spacing", "w:ind", "w:jc", "w:rPr")


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written card from being accessible (as for the guide)."""
    return guide.audit(path, locale)
