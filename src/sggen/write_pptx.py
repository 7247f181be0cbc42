"""A Document's slides -> .pptx bytes via python-pptx: layouts by name, placeholders by idx."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from sggen import fit
from sggen.errors import Location, ReferenceDocError
from sggen.outline import Document, Meta, Run

EMU = 12700  # per point
TITLE, BODY, FOOTER, NUMBER = 0, 1, 11, 12  # placeholder idx in the reference layouts

# What sggen needs from a reference deck, by layout name: the placeholders (by idx) it fills.
LAYOUTS = {
    "Title Slide": (TITLE, BODY),
    "Title and Content": (TITLE, BODY),
    "Title Only": (TITLE,),
}
OPTIONAL = (FOOTER, NUMBER)  # used when the layout has them
THEME_FONT = "+mn-lt"  # the theme's body font; footers otherwise fall back to a default font


def check(reference: Path) -> list[str]:
    """Return what `reference` lacks that sggen uses (empty when it has everything)."""
    prs = _open(reference)
    missing = []
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for name, needed in LAYOUTS.items():
        layout = layouts.get(name)
        if layout is None:
            missing.append(f"slide layout '{name}'")
            continue
        have = {ph.placeholder_format.idx for ph in layout.placeholders}
        missing.extend(f"placeholder idx {idx} in slide layout '{name}'"
                       for idx in needed if idx not in have)
    return missing


def _open(reference: Path) -> Presentation:
    try:
        return Presentation(str(reference))
    except Exception as exc:  # python-pptx raises many kinds for a broken package
        raise ReferenceDocError(f"cannot open reference deck: {exc}", Location(reference)) \
            from None


def render(document: Document, reference: Path, meta: Meta, settings: fit.Settings) -> bytes:
    """Return the deck as .pptx bytes, laid out so that no text leaves its box."""
    prs = _open(reference)
    missing = check(reference)
    if missing:
        raise ReferenceDocError(f"reference deck lacks {missing[0]}", Location(reference),
                                "run: sggen template check")
    _drop_slides(prs)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    body = _placeholder(layouts["Title and Content"], BODY)
    title_ph = _placeholder(layouts["Title and Content"], TITLE)
    area = fit.Area(body.left / EMU, body.top / EMU, body.width / EMU, body.height / EMU)
    title_box = (title_ph.width / EMU, title_ph.height / EMU)
    laid = fit.lay_out(document.slides, area, settings)
    for number, slide in enumerate(laid, 1):
        if slide.is_title:
            layout = layouts["Title Slide"]
        elif slide.text is not None:
            layout = layouts["Title and Content"]
        else:
            layout = layouts["Title Only"]
        page = prs.slides.add_slide(layout)
        _title(page, slide.title, title_box, slide.is_title, layout)
        if slide.is_title:
            _subtitle(page, slide.subtitle)
        else:
            _footer(page, layout, meta.footer, number)
        if slide.text is not None:
            _text(page.placeholders[BODY], slide.text)
        elif not slide.is_title:
            for ph in list(page.placeholders):
                if ph.placeholder_format.idx == BODY:
                    ph.element.getparent().remove(ph.element)
        if slide.table is not None:
            _table(page, slide.table)
        if slide.chart is not None:
            _chart(page, slide.chart)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = "\n".join(slide.notes)
    props = prs.core_properties
    props.title, props.subject, props.author = meta.title, meta.subject, meta.author
    props.language, props.keywords = meta.language, meta.keywords
    props.last_modified_by, props.revision = meta.author, 1
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _placeholder(layout, idx: int):
    return next(ph for ph in layout.placeholders if ph.placeholder_format.idx == idx)


def _drop_slides(prs) -> None:
    """Remove any slides the reference deck itself has; only its layouts are used."""
    ids = prs.slides._sldIdLst
    for sld_id in list(ids):
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)


def _title(page, text: str, box: tuple[float, float], is_title: bool, layout) -> None:
    shape = page.shapes.title
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    width, height = (shape.width / EMU, shape.height / EMU) if is_title else box
    base = 40.0 if is_title else 30.0
    size = fit.title_size(text, width, height, base)
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)


def _subtitle(page, lines: list[fit.Line]) -> None:
    shape = page.placeholders[BODY]
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    width, height = shape.width / EMU, shape.height / EMU
    size = fit.lines_size([ln.runs for ln in lines], width, height, 22.0)
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        _runs(paragraph, line.runs, size)


def _footer(page, layout, text: str, number: int) -> None:
    """Put the layout's footer and slide-number placeholders on the slide, filled in."""
    for ph in layout.placeholders:
        idx = ph.placeholder_format.idx
        if idx not in OPTIONAL:
            continue
        page.shapes.clone_placeholder(ph)
        shape = next(s for s in page.placeholders if s.placeholder_format.idx == idx)
        paragraph = shape.text_frame.paragraphs[0]
        if idx == FOOTER:
            run = paragraph.add_run()
            run.text = text
            run.font.name = THEME_FONT
        else:
            # A slide-number field: PowerPoint and LibreOffice keep it current when slides move.
            field = etree.SubElement(paragraph._p, qn("a:fld"))
            field.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
            field.set("type", "slidenum")
            props = etree.SubElement(field, qn("a:rPr"))
            etree.SubElement(props, qn("a:latin")).set("typeface", THEME_FONT)
            etree.SubElement(field, qn("a:t")).text = str(number)


def _runs(paragraph, runs: list[Run], size: float, colour: str | None = None) -> None:
    for part in runs:
        for k, piece in enumerate(part.text.split("\n")):
            if k:
                paragraph.add_line_break()
            if not piece:
                continue
            run = paragraph.add_run()
            run.text = piece
            font = run.font
            font.size = Pt(size)
            font.bold = part.bold or None
            font.italic = part.italic or None
            if colour:
                font.color.rgb = RGBColor.from_string(colour)
            if part.link.startswith(("mailto:", "http://", "https://")):
                run.hyperlink.address = part.link


def _text(shape, box: fit.TextBox) -> None:
    shape.left, shape.top = int(box.x * EMU), int(box.y * EMU)
    shape.width, shape.height = int(box.w * EMU), int(box.h * EMU)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, line in enumerate(box.lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.level = line.level
        paragraph.space_before = Pt(line.space_before)
        paragraph.space_after = Pt(0)
        _bullet(paragraph, line)
        _runs(paragraph, line.runs, box.size)


def _bullet(paragraph, line: fit.Line) -> None:
    """Set the paragraph's bullet and indents to exactly what fit measured."""
    ppr = paragraph._p.get_or_add_pPr()
    indent = fit.indent(line.level, line.bullet)
    ppr.set("marL", str(int(indent * EMU)))
    ppr.set("indent", str(int(-fit.BULLET_INDENT * EMU) if line.bullet else 0))
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if not line.bullet:
        etree.SubElement(ppr, qn("a:buNone"))
    elif line.bullet[0].isdigit():
        etree.SubElement(ppr, qn("a:buAutoNum")).set("type", "arabicPeriod")
    else:
        etree.SubElement(ppr, qn("a:buChar")).set("char", line.bullet)
    # schema order inside pPr: spacing first, then bullets, then tab stops and run defaults
    for tag in ("a:tabLst", "a:defRPr", "a:extLst"):
        for later in ppr.findall(qn(tag)):
            ppr.remove(later)
            ppr.append(later)


def _table(page, box: fit.TableBox) -> None:
    rows, cols = len(box.rows) + 1, len(box.header)
    height = sum(box.heights)
    frame = page.shapes.add_table(rows, cols, int(box.x * EMU), int(box.y * EMU),
                                  int(box.w * EMU), int(height * EMU))
    table = frame.table
    for c, width in enumerate(box.columns):
        table.columns[c].width = int(width * EMU)
    for r, row_height in enumerate(box.heights):
        table.rows[r].height = int(row_height * EMU)
    for r, cells in enumerate([box.header, *box.rows]):
        for c in range(cols):
            cell = table.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            paragraph = cell.text_frame.paragraphs[0]
            runs = cells[c] if c < len(cells) else []
            _runs(paragraph, runs, box.size)


def _chart(page, chart: fit.ChartLayout) -> None:
    """Draw the organisation chart in native shapes that stay editable in PowerPoint."""
    for frame in chart.frames:
        shape = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(frame.x, frame.y, frame.w,
                                                                   frame.h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string("EAF2F8")
        shape.line.color.rgb = RGBColor.from_string("0A6AA8")
        shape.line.width = Pt(1)
        shape.shadow.inherit = False
        text = shape.text_frame
        text.word_wrap = True
        text.auto_size = MSO_AUTO_SIZE.NONE
        text.vertical_anchor = MSO_ANCHOR.TOP
        paragraph = text.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        _runs(paragraph, [Run(frame.title, bold=True)], frame.size, "1F3A5F")
    for line in chart.connectors:
        connector = page.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, int(line.x1 * EMU),
                                              int(line.y1 * EMU), int(line.x2 * EMU),
                                              int(line.y2 * EMU))
        connector.line.color.rgb = RGBColor.from_string("5F6B7A")
        connector.line.width = Pt(1.25)
        if line.dashed:
            connector.line.dash_style = 4  # MSO_LINE_DASH_STYLE.DASH
    for box in chart.boxes:
        shape = page.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *_emu(box.x, box.y, box.w,
                                                                           box.h))
        shape.adjustments[0] = 0.08
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string("FFFFFF" if box.side else "0A6AA8")
        shape.line.color.rgb = RGBColor.from_string("0A6AA8")
        shape.line.width = Pt(1.25)
        if box.side:
            shape.line.dash_style = 4
        shape.shadow.inherit = False
        text = shape.text_frame
        text.word_wrap = True
        text.auto_size = MSO_AUTO_SIZE.NONE
        text.vertical_anchor = MSO_ANCHOR.MIDDLE
        colour = "1F3A5F" if box.side else "FFFFFF"
        first = text.paragraphs[0]
        first.alignment = PP_ALIGN.CENTER
        _runs(first, [Run(box.role, bold=True)], box.size, colour)
        for line in box.lines:
            paragraph = text.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            _runs(paragraph, [Run(line)], box.size * 0.9, colour)


def _emu(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    return int(x * EMU), int(y * EMU), int(w * EMU), int(h * EMU)
