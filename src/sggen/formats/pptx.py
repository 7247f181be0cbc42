"""The deck format through python-pptx's object layer: a Document's slides -> .pptx bytes.

The object-layer writer: `template check`, the accessibility audit and the test oracle of the
XML writer (formats/pptx_xml.py) that builds use. Layouts are found in the reference deck by
name, or by their language-independent type when a localised PowerPoint named them otherwise;
colours are the reference theme's, by reference.
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from sggen import layout
from sggen.document import Document, Meta, Run
from sggen.errors import Location, ReferenceDocError
from sggen.formats import as_document, pptx_plan
from sggen.formats.pptx_plan import (
    BODY,
    DEFAULT_SIZE,
    EMU,
    FOOTER,
    FRAME_TINT,
    OPTIONAL,
    SYMBOL_TINT,
    TABLE_GAP,
    THEME_FONT,
)
from sggen.layout import cards, metrics
from sggen.layout import chart as charts
from sggen.layout import table as tables
from sggen.layout import text as texts
from sggen.layout.boxes import (
    Calendar,
    Chart,
    ContentSlide,
    Line,
    Region,
    Sizes,
    TableBox,
    TextBox,
    Tiles,
    TitleSlide,
)


def check(reference: Path) -> list[str]:
    """Return what `reference` lacks that sggen uses (empty when it has everything)."""
    return _layouts(_open(reference))[1]


def _layouts(prs) -> tuple[dict, list[str]]:
    """Return sggen's layouts by the names sggen uses, and what is missing."""
    found = list(prs.slide_layouts)
    chosen, missing = pptx_plan.choose_layouts([pptx_plan.Found(
        layout.name, layout._element.get("type", ""),
        frozenset(ph.placeholder_format.idx for ph in layout.placeholders))
        for layout in found])
    return {name: found[at] for name, at in chosen.items()}, missing


def _open(reference: Path) -> Presentation:
    try:
        return Presentation(as_document(reference))
    except Exception as exc:  # python-pptx raises many kinds for a broken package
        raise ReferenceDocError(f"cannot open reference deck: {exc}", Location(reference)) \
            from None


def write(document: Document, reference: Path, meta: Meta, floor: float = 14.0) -> bytes:
    """Return the deck as .pptx bytes, laid out so that no text leaves its box."""
    prs = _open(reference)
    layouts, missing = _layouts(prs)
    if missing:
        raise ReferenceDocError(f"reference deck lacks {missing[0]}", Location(reference),
                                "run: sggen template check")
    _drop_slides(prs)
    sizes = Sizes(floor=floor)
    region = content_area(layouts["Title and Content"], prs.slide_height / EMU)
    laid = layout.lay_out(document.slides, region, sizes)
    footer_sizes = {name: _inherited_size(found, FOOTER) for name, found in layouts.items()
                    if any(ph.placeholder_format.idx == FOOTER for ph in found.placeholders)}
    for number, slide in enumerate(laid, 1):
        name = pptx_plan.layout_for(slide)
        page = prs.slides.add_slide(layouts[name])
        _title(page, slide.title, isinstance(slide, TitleSlide))
        if isinstance(slide, TitleSlide):
            _subtitle(page, slide.subtitle, sizes.floor)
        else:
            _content(page, slide)
            _footer(page, layouts[name], meta.footer, number,
                    footer_sizes.get(name, DEFAULT_SIZE))
        if slide.notes:
            page.notes_slide.notes_text_frame.text = "\n".join(slide.notes)
    _tag(prs, meta.language)
    for page in prs.slides:
        _describe_parts(page)
        _unglue(page)
    props = prs.core_properties
    props.title, props.subject, props.author = meta.title, meta.subject, meta.author
    props.language, props.keywords = meta.language, meta.keywords
    props.last_modified_by, props.revision = meta.author, 1
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _content(page, slide: ContentSlide) -> None:
    """Draw a content slide's items; the first text box fills the layout's body placeholder."""
    body = slide.first(TextBox)
    for item in slide.items:
        if isinstance(item, TextBox):
            shape = page.placeholders[BODY] if item is body else page.shapes.add_textbox(
                *_emu(item.x, item.y, item.w, item.h))
            _text(shape, item)
        elif isinstance(item, TableBox):
            _describe(_table(page, item), pptx_plan.description(slide.title, item))
        elif isinstance(item, Chart):
            _describe(_chart(page, item), pptx_plan.description(slide.title, item))
        elif isinstance(item, Tiles):
            _describe(_tiles(page, item), pptx_plan.description(slide.title, item))
        elif isinstance(item, Calendar):
            _describe(_calendar(page, item), pptx_plan.description(slide.title, item))
        else:
            raise TypeError(f"the deck writer cannot draw a {type(item).__name__}")


def content_area(layout, slide_height: float) -> Region:
    """Return where content may go: the layout's body placeholder, ending above the footer."""
    body = _placeholder(layout, BODY)
    return pptx_plan.content_area((body.left, body.top, body.width, body.height),
                             [ph.top for ph in layout.placeholders
                              if ph.placeholder_format.idx in OPTIONAL], slide_height)


def _placeholder(layout, idx: int):
    return next(ph for ph in layout.placeholders if ph.placeholder_format.idx == idx)


def _drop_slides(prs) -> None:
    """Remove any slides the reference deck itself has; only its layouts are used."""
    ids = prs.slides._sldIdLst
    for sld_id in list(ids):
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)


def _frame(shape, inset_x: float = metrics.INSET_X, inset_y: float = metrics.INSET_Y):
    """Return the shape's text frame set to what fit measured: fixed size, wrapping, insets."""
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = int(inset_x * EMU)
    frame.margin_top = frame.margin_bottom = int(inset_y * EMU)
    return frame


def _title(page, text: str, is_title: bool) -> None:
    shape = page.shapes.title
    frame = _frame(shape)
    base = 40.0 if is_title else 30.0
    text, size = texts.fit_title(text, shape.width / EMU, shape.height / EMU, base)
    paragraph = frame.paragraphs[0]
    _spacing(paragraph, 0.0)
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)


def _subtitle(page, lines: list, floor: float) -> None:
    shape = page.placeholders[BODY]
    frame = _frame(shape)
    width, height = shape.width / EMU, shape.height / EMU
    size = texts.lines_size([ln.runs for ln in lines], width, height, max(22.0, floor), floor)
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        _spacing(paragraph, 0.0)
        _runs(paragraph, line.runs, size)


def _inherited_size(layout, idx: int) -> float:
    """Return the font size a layout's placeholder gives its text, looking up to the master."""
    layout_ph = _placeholder(layout, idx)
    kind = layout_ph.placeholder_format.type
    candidates = [layout_ph]
    candidates.extend(ph for ph in layout.slide_master.placeholders
                      if ph.placeholder_format.type == kind)
    for shape in candidates:
        for path in (("a:lstStyle", "a:lvl1pPr", "a:defRPr"), ("a:p", "a:pPr", "a:defRPr")):
            found = shape.text_frame._txBody.find("/".join(qn(tag) for tag in path))
            if found is not None and found.get("sz"):
                return int(found.get("sz")) / 100
    return DEFAULT_SIZE


def _footer(page, layout, text: str, number: int, size: float) -> None:
    """Put the layout's footer and slide-number placeholders on the slide, filled in; the
    footer's text is set at `size` (what the layout gives it) and kept to one line."""
    for ph in layout.placeholders:
        idx = ph.placeholder_format.idx
        if idx not in OPTIONAL:
            continue
        page.shapes.clone_placeholder(ph)
        shape = next(s for s in page.placeholders if s.placeholder_format.idx == idx)
        paragraph = shape.text_frame.paragraphs[0]
        if idx == FOOTER:
            # One line, always: a long project name loses its end, never its code.
            frame = _frame(shape)
            width = shape.width / EMU - frame.margin_left / EMU - frame.margin_right / EMU
            run = paragraph.add_run()
            run.text = metrics.shorten(text, width, size)
            run.font.name = THEME_FONT
        else:
            # A slide-number field: PowerPoint and LibreOffice keep it current when slides move.
            field = etree.SubElement(paragraph._p, qn("a:fld"))
            field.set("id", pptx_plan.SLIDE_NUMBER_FIELD)
            field.set("type", "slidenum")
            props = etree.SubElement(field, qn("a:rPr"))
            etree.SubElement(props, qn("a:latin")).set("typeface", THEME_FONT)
            etree.SubElement(field, qn("a:t")).text = str(number)


def _runs(paragraph, runs: list[Run], size: float, colour: MSO_THEME_COLOR | None = None) -> None:
    # An empty paragraph still has a height: that of its end mark, which must be ours too.
    end = paragraph._p.get_or_add_endParaRPr()
    end.set("sz", str(int(round(size * 100))))
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
            if colour is not None:
                font.color.theme_color = colour
            if part.link.startswith(("mailto:", "http://", "https://")):
                run.hyperlink.address = part.link


def _spacing(paragraph, before: float) -> None:
    """Set single line spacing and the space before, as fit measured them."""
    # Written directly: python-pptx's setters search the schema order on every call, which
    # made this the slowest part of writing a deck.
    ppr = paragraph._p.get_or_add_pPr()
    for tag in ("a:lnSpc", "a:spcBef", "a:spcAft"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    # Schema order: line spacing, space before, space after, before everything else.
    for position, (tag, child, value) in enumerate((
            ("a:lnSpc", "a:spcPct", "100000"),
            ("a:spcBef", "a:spcPts", str(int(round(before * 100)))),
            ("a:spcAft", "a:spcPts", "0"))):
        spacing = etree.Element(qn(tag))
        etree.SubElement(spacing, qn(child)).set("val", value)
        ppr.insert(position, spacing)


def _text(shape, box: TextBox) -> None:
    shape.left, shape.top = int(box.x * EMU), int(box.y * EMU)
    shape.width, shape.height = int(box.w * EMU), int(box.h * EMU)
    frame = _frame(shape)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    numbered = False
    for i, line in enumerate(box.lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.level = line.level
        _spacing(paragraph, line.space_before)
        # A numbered list continued from the previous slide goes on counting.
        start = line.number if line.number > 1 and not numbered and line.bullet else 0
        numbered = numbered or bool(line.number and line.bullet)
        _bullet(paragraph, line, start)
        _runs(paragraph, line.runs, box.size)


def _bullet(paragraph, line, start: int = 0) -> None:
    """Set the paragraph's bullet and indents to exactly what fit measured."""
    ppr = paragraph._p.get_or_add_pPr()
    indent = texts.line_indent(line)
    ppr.set("marL", str(int(indent * EMU)))
    ppr.set("indent", str(int(-texts.BULLET_INDENT * EMU) if line.bullet else 0))
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if not line.bullet:
        etree.SubElement(ppr, qn("a:buNone"))
    elif line.bullet[0].isdigit():
        auto = etree.SubElement(ppr, qn("a:buAutoNum"))
        auto.set("type", "arabicPeriod")
        if start:
            auto.set("startAt", str(start))
    else:
        etree.SubElement(ppr, qn("a:buChar")).set("char", line.bullet)
    # schema order inside pPr: spacing first, then bullets, then tab stops and run defaults
    for tag in ("a:tabLst", "a:defRPr", "a:extLst"):
        for later in ppr.findall(qn(tag)):
            ppr.remove(later)
            ppr.append(later)


SYMBOLS = (MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2, MSO_THEME_COLOR.ACCENT_3,
           MSO_THEME_COLOR.ACCENT_4, MSO_THEME_COLOR.ACCENT_5, MSO_THEME_COLOR.ACCENT_6)


def _table(page, box: TableBox):
    codes = {code: SYMBOLS[i % len(SYMBOLS)] for i, (code, _) in enumerate(box.symbols)}
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
            cell.margin_left = cell.margin_right = int(tables.CELL_X * EMU)
            cell.margin_top = cell.margin_bottom = int(tables.CELL_Y * EMU)
            paragraph = cell.text_frame.paragraphs[0]
            _spacing(paragraph, 0.0)
            runs = cells[c] if c < len(cells) else []
            colour = codes.get("".join(r.text for r in runs).strip())
            if colour is not None:
                # a matrix symbol: bold on its own tint, the same as in the legend
                _tint(cell.fill, colour, SYMBOL_TINT)
                paragraph.alignment = PP_ALIGN.CENTER
                runs = [Run(r.text, bold=True) for r in runs]
            _runs(paragraph, runs, box.size)
    if box.symbols:
        _legend(page, box, box.y + height + TABLE_GAP)
    return frame


def _chart(page, chart: Chart):
    """Draw the organisation chart in native shapes that stay editable in PowerPoint."""
    group = page.shapes.add_group_shape()
    shapes = group.shapes
    for frame in chart.frames:
        shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(frame.x, frame.y, frame.w,
                                                                   frame.h))
        _fill(shape, MSO_THEME_COLOR.ACCENT_1, FRAME_TINT)
        _outline(shape, MSO_THEME_COLOR.ACCENT_1, 1.0)
        frame_text = _frame(shape)
        frame_text.vertical_anchor = MSO_ANCHOR.TOP
        paragraph = frame_text.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        _spacing(paragraph, 0.0)
        _runs(paragraph, [Run(frame.title, bold=True)], frame.size, MSO_THEME_COLOR.TEXT_2)
    for line in chart.connectors:
        connector = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, int(line.x1 * EMU),
                                              int(line.y1 * EMU), int(line.x2 * EMU),
                                              int(line.y2 * EMU))
        _outline(connector, MSO_THEME_COLOR.ACCENT_4, 1.25)
        _decorative(connector)
        if line.dashed:
            connector.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    for box in chart.boxes:
        shape = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *_emu(box.x, box.y, box.w,
                                                                           box.h))
        shape.adjustments[0] = charts.CORNER
        _fill(shape, MSO_THEME_COLOR.BACKGROUND_1 if box.side else MSO_THEME_COLOR.ACCENT_1)
        _outline(shape, MSO_THEME_COLOR.ACCENT_1, 1.25)
        if box.side:
            shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        box_text = _frame(shape)
        box_text.vertical_anchor = MSO_ANCHOR.MIDDLE
        colour = MSO_THEME_COLOR.TEXT_2 if box.side else MSO_THEME_COLOR.BACKGROUND_1
        first = box_text.paragraphs[0]
        first.alignment = PP_ALIGN.CENTER
        _spacing(first, 0.0)
        _runs(first, [Run(box.role, bold=True)], box.size, colour)
        for line in box.lines:
            paragraph = box_text.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            _spacing(paragraph, 0.0)
            _runs(paragraph, [Run(line)], box.line_size or box.size, colour)
    return group


def _fill(shape, colour: MSO_THEME_COLOR, tint: tuple[float, float] | None = None) -> None:
    _tint(shape.fill, colour, tint)
    shape.shadow.inherit = False


def _tint(fill, colour: MSO_THEME_COLOR, tint: tuple[float, float] | None = None) -> None:
    """Fill with a theme colour, lightened by (lumMod, lumOff) when `tint` is given."""
    fill.solid()
    fill.fore_color.theme_color = colour
    if tint is not None:
        scheme = fill._xPr.find(qn("a:solidFill")).find(qn("a:schemeClr"))
        for tag, value in zip(("a:lumMod", "a:lumOff"), tint, strict=True):
            etree.SubElement(scheme, qn(tag)).set("val", str(int(value * 100000)))


def _outline(shape, colour: MSO_THEME_COLOR, width: float) -> None:
    shape.line.color.theme_color = colour
    shape.line.width = Pt(width)


def _legend(page, box: TableBox, top: float) -> None:
    """Draw a matrix's legend under it: each symbol on its tint, then its meaning."""
    size = layout.legend_size(Sizes(floor=box.size))
    x = box.x
    height = size * metrics.LINE + 2 * metrics.INSET_Y
    for i, (code, meaning) in enumerate(box.symbols):
        chip_w = metrics.text_width(code, size, True) / metrics.SAFETY + 2 * metrics.INSET_X + 6
        chip = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(x, top, chip_w, height))
        _fill(chip, SYMBOLS[i % len(SYMBOLS)], SYMBOL_TINT)
        chip.line.fill.background()
        paragraph = _frame(chip).paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        _spacing(paragraph, 0.0)
        _runs(paragraph, [Run(code, bold=True)], size, MSO_THEME_COLOR.TEXT_1)
        x += chip_w + 4
        text_w = metrics.text_width(meaning, size) / metrics.SAFETY + 2 * metrics.INSET_X + 2
        label = page.shapes.add_textbox(*_emu(x, top, text_w, height))
        paragraph = _frame(label).paragraphs[0]
        _spacing(paragraph, 0.0)
        _runs(paragraph, [Run(meaning)], size)
        x += text_w + 14


def _tiles(page, tiles: Tiles):
    """Draw tiles as rounded boxes in the theme's colours; a flow's steps darken upwards."""
    group = page.shapes.add_group_shape()
    shapes = group.shapes
    for arrow in tiles.arrows:
        line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *(
            int(v * EMU) for v in (arrow.x1, arrow.y1, arrow.x2, arrow.y2)))
        _outline(line, MSO_THEME_COLOR.ACCENT_1, 2.5)
        _decorative(line)
        etree.SubElement(line.line._get_or_add_ln(), qn("a:tailEnd")).set("type", "triangle")
    count = max(len(tiles.cards), 1)
    for card in tiles.cards:
        shape = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE,
                                      *_emu(card.x, card.y, card.w, card.h))
        shape.adjustments[0] = cards.CORNER
        top = tiles.flow and card.step == count - 1 and count > 1
        if top:
            _fill(shape, MSO_THEME_COLOR.ACCENT_1)  # the top of the ladder: the accent itself
        elif tiles.flow:
            _fill(shape, MSO_THEME_COLOR.ACCENT_1, pptx_plan.flow_tint(card.step, count))
        else:
            _fill(shape, MSO_THEME_COLOR.ACCENT_1, FRAME_TINT)
        _outline(shape, MSO_THEME_COLOR.ACCENT_1, 1.25)
        text = _frame(shape, metrics.INSET_X + cards.PAD, metrics.INSET_Y + cards.PAD)
        text.vertical_anchor = MSO_ANCHOR.TOP
        ink = MSO_THEME_COLOR.BACKGROUND_1 if top else MSO_THEME_COLOR.TEXT_2
        first = text.paragraphs[0]
        _spacing(first, 0.0)
        _runs(first, [Run(card.title, bold=True)], card.size, ink)
        if card.subtitle:
            paragraph = text.add_paragraph()
            _spacing(paragraph, 0.0)
            _runs(paragraph, [Run(card.subtitle, italic=True)], card.small, ink)
        for line in card.lines:
            paragraph = text.add_paragraph()
            _spacing(paragraph, card.small * 0.35)
            _bullet(paragraph, Line([], bullet="•"))
            _runs(paragraph, [Run(line)], card.small, ink)
    return group


def _calendar(page, calendar: Calendar):
    """Draw the timeline: the axis, stages as bars, meetings as diamonds with labels."""
    group = page.shapes.add_group_shape()
    shapes = group.shapes
    axis = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *(int(v * EMU) for v in (
        calendar.x, calendar.axis_y, calendar.x + calendar.w, calendar.axis_y)))
    _outline(axis, MSO_THEME_COLOR.ACCENT_4, 1.5)
    _decorative(axis)
    for bar in calendar.bars:
        shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(bar.x, bar.y, bar.w, bar.h))
        # white on both, dark enough for it: the accent and the theme's dark text colour
        _fill(shape, MSO_THEME_COLOR.TEXT_2 if bar.shade else MSO_THEME_COLOR.ACCENT_1)
        shape.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
        shape.line.width = Pt(1.5)
        text = _frame(shape)
        text.vertical_anchor = MSO_ANCHOR.MIDDLE
        shown = [(line, bold) for line, bold in ((bar.name, True), (bar.note, False)) if line]
        for i, (line, bold) in enumerate(shown):
            paragraph = text.paragraphs[0] if i == 0 else text.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            _spacing(paragraph, 0.0)
            _runs(paragraph, [Run(line, bold=bold)], bar.size, MSO_THEME_COLOR.BACKGROUND_1)
    for marker in calendar.markers:
        label = marker.label
        edge = label.y + label.h if marker.above else label.y
        tick = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *(int(v * EMU) for v in (
            marker.x, marker.y, marker.x, edge)))
        _outline(tick, MSO_THEME_COLOR.ACCENT_2, 1.25)
        _decorative(tick)
        tick.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        half = 9.0
        diamond = shapes.add_shape(MSO_SHAPE.DIAMOND, *_emu(
            marker.x - half, marker.y - half, 2 * half, 2 * half))
        _fill(diamond, MSO_THEME_COLOR.ACCENT_2)
        _outline(diamond, MSO_THEME_COLOR.BACKGROUND_1, 1.5)
        box = shapes.add_textbox(*_emu(label.x, label.y, label.w, label.h))
        frame = _frame(box)
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM if marker.above else MSO_ANCHOR.TOP
        for i, line in enumerate(label.lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            _spacing(paragraph, 0.0)
            _runs(paragraph, line.runs, label.size, MSO_THEME_COLOR.TEXT_2)
    return group


def _describe(shape, text: str) -> None:
    """Give a shape (a group, a table) its alternative text, for screen readers."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", " ".join(text.split()))


def _describe_parts(page) -> None:
    """Give every drawn shape a description of its own: its text, or for a line the slide's
    title (the visual it belongs to). A tagged PDF makes each shape a figure, and LibreOffice
    reads neither a group's description nor PowerPoint's decorative mark for its parts."""
    title = page.shapes.title.text if page.shapes.title is not None else ""
    shapes = [s for s in page.shapes if not s.is_placeholder]
    while shapes:
        shape = shapes.pop()
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            shapes.extend(shape.shapes)
            continue
        props = shape._element.xpath("./*[1]/p:cNvPr")[0]
        if not props.get("descr"):
            text = shape.text_frame.text if shape.has_text_frame else ""
            props.set("descr", " ".join(text.split()) or title)


def _unglue(page) -> None:
    """Write each connector as a plain line shape of the same geometry: none is glued to a
    box, and LibreOffice's tagged PDF keeps a shape's description but drops a connector's."""
    for connector in page._element.iter(qn("p:cxnSp")):
        connector.tag = qn("p:sp")
        names = connector.find(qn("p:nvCxnSpPr"))
        names.tag = qn("p:nvSpPr")
        names.find(qn("p:cNvCxnSpPr")).tag = qn("p:cNvSpPr")


def _decorative(shape) -> None:
    """Mark a line that only joins other shapes as decorative: a screen reader skips it."""
    props = shape._element.xpath("./*[1]/p:cNvPr")[0]
    ext = etree.SubElement(etree.SubElement(props, qn("a:extLst")), qn("a:ext"))
    ext.set("uri", pptx_plan.DECORATIVE)
    adec = pptx_plan.ADEC
    etree.SubElement(ext, f"{{{adec}}}decorative", nsmap={"adec": adec}).set("val", "1")


def _tag(prs, locale: str) -> None:
    """Tag every text of the slides and their notes with the document's language: a screen
    reader then reads Finnish as Finnish, and PowerPoint checks its spelling as Finnish."""
    parts = [s._element for s in prs.slides]
    parts += [s.notes_slide._element for s in prs.slides if s.has_notes_slide]
    # the defaults too: what a new text in PowerPoint gets, and the language a PDF declares
    parts += [prs.part._element, prs.slide_master._element,
              *(layout._element for layout in prs.slide_layouts)]
    for root in parts:
        for default in root.iter(qn("a:defRPr")):
            default.set("lang", locale)
    for root in parts:
        for run in root.iter(qn("a:r"), qn("a:fld")):
            props = run.find(qn("a:rPr"))
            if props is None:
                props = etree.Element(qn("a:rPr"))
                run.insert(0, props)
            props.set("lang", locale)
        for end in root.iter(qn("a:endParaRPr")):
            end.set("lang", locale)


def _emu(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    return int(x * EMU), int(y * EMU), int(w * EMU), int(h * EMU)


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written deck from being accessible: texts without the document's
    language, drawings and tables without alternative text, titles not read first or footers
    not last, tables without a header row, titles given twice (empty when none)."""
    prs = Presentation(str(path))
    problems, titles = [], {}
    for number, page in enumerate(prs.slides, 1):
        where = f"slide {number}"
        roots = [page._element, *([page.notes_slide._element] if page.has_notes_slide else [])]
        for root in roots:
            for run in root.iter(qn("a:r")):
                props = run.find(qn("a:rPr"))
                if props is None or props.get("lang") != locale:
                    problems.append(f"{where}: a text is not tagged {locale}")
                    break
        shapes = list(page.shapes)
        if shapes and shapes[0] != page.shapes.title:
            problems.append(f"{where}: the title is not read first")
        footers = [i for i, s in enumerate(shapes) if s.is_placeholder and
                   s.placeholder_format.idx in OPTIONAL]
        if footers and max(footers) != len(shapes) - 1 or \
                footers and min(footers) != len(shapes) - len(footers):
            problems.append(f"{where}: the footer is not read last")
        for shape in shapes:
            props = shape._element.xpath("./*[1]/p:cNvPr")[0]
            if (shape.shape_type == MSO_SHAPE_TYPE.GROUP or shape.has_table) and \
                    not props.get("descr"):
                problems.append(f"{where}: '{shape.name}' has no alternative text")
            if shape.has_table and shape.table._tbl.tblPr.get("firstRow") != "1":
                problems.append(f"{where}: table '{shape.name}' does not mark its header row")
        title = page.shapes.title.text if page.shapes.title is not None else ""
        if title in titles:
            problems.append(f"{where}: the title '{title}' is also slide {titles[title]}'s")
        titles.setdefault(title, number)
    return problems
