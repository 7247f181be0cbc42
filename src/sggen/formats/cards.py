"""Role cards: one person's card Document -> a one-page .docx, measured and shrunk to fit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sggen.document import BulletList, Cover, Document, Heading, Meta, Paragraph, Run, Table
from sggen.formats import docx as guide

# python-docx is the guide writer's library; the cards reach it through that module only
from sggen.formats.docx import Cm, Length, OxmlElement, Pt, qn
from sggen.layout import metrics

SHOWS = (Cover, Heading, Paragraph, BulletList, Table)
MARGIN = Cm(1.8)  # a card uses more of its page than the guide
LINE_SPACING = 1.1
# Sizes at scale 1 (points): the name, the role, the cover's other lines, headings, body.
TITLE, SUBTITLE, DETAIL, HEADING, BODY = 24.0, 15.0, 10.5, 13.0, 11.0
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8)  # body 11 pt down to 8.8 pt, then lists are shortened
KEEP = 3  # a list is never shortened below this many items (three meetings name their dates)
ROOM = 1.0  # of the page's text height: the measure errs high by about a tenth (LibreOffice)


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


def fit(blocks: list, width: float, room: float) -> tuple[list, float]:
    """Return the blocks and the type scale that fill at most `room` points of height: the
    largest scale that fits, else the smallest with the longest lists shortened in turn."""
    for scale in SCALES:
        if height(blocks, scale, width) <= room:
            return blocks, scale
    scale = SCALES[-1]
    blocks = list(blocks)
    while height(blocks, scale, width) > room:
        lists = [(sum(len(i.text) for i in b.items), k) for k, b in enumerate(blocks)
                 if isinstance(b, BulletList) and len(b.items) > KEEP]
        if not lists:
            break  # nothing left to shorten: an unrealistic card runs on
        _, k = max(lists)
        blocks[k] = replace(blocks[k], items=blocks[k].items[:-1])
    return blocks, scale


def _lines(runs: list[Run], width: float, size: float) -> int:
    return len(metrics.wrap(runs, width, size))


def _tall(lines: int, size: float) -> float:
    return lines * size * metrics.LINE * LINE_SPACING


def height(blocks: list, scale: float, width: float) -> float:
    """Return the height in points that `blocks` take at `scale`, as `_write` sets them."""
    used = 0.0
    for block in blocks:
        if isinstance(block, Cover):
            for i, line in enumerate(block.lines):
                size = _cover_size(i) * scale
                used += _tall(_lines([Run(line, bold=i == 0)], width, size), size) + 4 * scale
            used += 8 * scale  # the rule under the cover
        elif isinstance(block, Heading):
            size = HEADING * scale
            used += _tall(_lines([Run(block.text, bold=True)], width, size), size) \
                + 10 * scale + 3 * scale
        elif isinstance(block, Paragraph):
            size = BODY * scale
            used += _tall(_lines(block.runs, width, size), size) + 4 * scale
        elif isinstance(block, BulletList):
            size = BODY * scale
            for item in block.items:
                used += _tall(_lines(item.runs, width - 18, size), size) + 2 * scale
            used += 2 * scale
        elif isinstance(block, Table):
            size = BODY * scale
            columns = max(len(block.header), 1)
            for row in [block.header, *block.rows]:
                used += max((_lines(c, width / columns - guide.CELL_PAD, size) for c in row),
                            default=1) * size * metrics.LINE * LINE_SPACING + 6 * scale
        else:
            raise TypeError(f"a role card cannot hold a {type(block).__name__}")
    return used


def _cover_size(index: int) -> float:
    return (TITLE, SUBTITLE)[index] if index < 2 else DETAIL


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
                set_(paragraph, _cover_size(i))
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


def _rule(paragraph) -> None:
    """Draw a thin line under the paragraph: the card's name and role stand apart."""
    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"),
                        ("w:color", "0A6AA8")):
        bottom.set(qn(attr), value)
    border.append(bottom)
    properties.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens",
                                     "w:spacing", "w:ind", "w:jc", "w:rPr")


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written card from being accessible (as for the guide)."""
    return guide.audit(path, locale)
