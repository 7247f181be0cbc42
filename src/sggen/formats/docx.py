"""The guide format: a Document's blocks -> .docx bytes via python-docx; styles by name.

The object-layer writer: `template check`, the accessibility audit and the test oracle of the
XML writer (formats/docx_xml.py) that builds use.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as open_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, Twips

from sggen.document import (
    BulletList,
    Cards,
    Cover,
    Document,
    Heading,
    Meta,
    OrgChart,
    PageBreak,
    Paragraph,
    Run,
    Table,
    Timeline,
    Toc,
)
from sggen.errors import Location, ReferenceDocError
from sggen.formats import as_document, drawing
from sggen.formats.docx_plan import (
    BODY_PT,
    CELL_PAD,
    CHART_IDS,
    SHADES,
    TABLE_STYLES,
    TablePlan,
    cell_text,
    chart_on_page,
    estimate_pages,
    missing,
    number_headings,
    plan_table,
)

# for the role cards (formats/cards.py)
__all__ = ["CELL_PAD", "TABLE_STYLES", "Cm", "Length", "OxmlElement", "Pt", "TablePlan",
           "plan_table", "qn"]


def check(reference: Path) -> list[str]:
    """Return the styles `reference` lacks that sggen uses (empty when it has them all)."""
    return _missing(_open(reference))


def _missing(doc) -> list[str]:
    return missing({style.name for style in doc.styles})


def _open(reference: Path):
    try:
        return open_docx(as_document(reference))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ReferenceDocError(f"cannot open reference document: {exc}",
                                Location(reference)) from None


def blank(reference: Path):
    """Return the reference document, checked for the styles sggen uses, with its body
    emptied: its styles, page set-up, headers and footers are what a written file keeps."""
    doc = _open(reference)
    lacking = _missing(doc)
    if lacking:
        raise ReferenceDocError(f"reference document lacks {lacking[0]}", Location(reference),
                                "run: sggen template check")
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return the guide as .docx bytes, with a filled-in table of contents (`floor`, the
    slides' smallest type size, does not apply to a page)."""
    doc = blank(reference)
    table_style = next(n for n in TABLE_STYLES if n in {s.name for s in doc.styles})
    headings = number_headings(document)
    width = _page(doc)[0]
    plans = {id(b): plan_table(b, width, _landscape_width(doc))
             for b in document.blocks if isinstance(b, Table)}
    charts = {id(b): chart_on_page(b, width) for b in document.blocks if isinstance(b, OrgChart)}
    pages = estimate_pages(document, headings, _page(doc), plans, charts)
    colours = drawing.palette(_theme(doc))
    para = _paragraphs(doc)
    mark, turned, heading = 0, False, ""
    for i, block in enumerate(document.blocks):
        after = document.blocks[i + 1] if i + 1 < len(document.blocks) else None
        wide = isinstance(block, Table) and plans[id(block)].landscape
        # the page turns back at the next chapter: a table's legend stays beside it
        if turned and isinstance(block, Heading) and block.level == 1:
            _turn(doc, landscape=False)
            turned = False
        # a table that needs a turned page takes its heading along
        if not turned and (wide or isinstance(block, Heading) and isinstance(after, Table)
                           and plans[id(after)].landscape):
            _turn(doc, landscape=True)
            turned = True
        if isinstance(block, Cover):
            _cover(para, block)
        elif isinstance(block, Toc):
            _toc(para, block, headings, pages)
        elif isinstance(block, Heading):
            mark += 1
            heading = block.text
            _bookmark(para(f"Heading {min(block.level, 3)}"), mark, block.text)
        elif isinstance(block, Paragraph):
            _runs(para(), block.runs)
        elif isinstance(block, BulletList):
            _list(para, block)
        elif isinstance(block, Table):
            _table(doc, para, block, table_style, plans[id(block)])
        elif isinstance(block, OrgChart):
            # the drawing is named by the heading it stands under
            number = 1 + CHART_IDS * list(charts).index(id(block))
            para().add_run()._r.append(drawing.orgchart(charts[id(block)], colours, number,
                                                        heading, meta.language))
        elif isinstance(block, Cards):
            _cards(para, block)
        elif isinstance(block, Timeline):
            _timeline(para, block)
        elif isinstance(block, PageBreak):
            para().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"the guide writer cannot write a {type(block).__name__}")
    _header_footer(doc, meta.footer, meta.page_label)
    return finish(doc, meta)


def finish(doc, meta: Meta) -> bytes:
    """Return the document as bytes, its texts tagged with its language and its core
    properties (title, language, version, status …) from `meta`."""
    tag_language(doc, meta.language)
    props = doc.core_properties
    props.title, props.subject, props.author = meta.title, meta.subject, meta.author
    props.language, props.keywords = meta.language, meta.keywords
    props.last_modified_by, props.revision = meta.author, 1
    props.version, props.content_status = meta.version, meta.status
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _paragraphs(doc):
    """Return add(style, text) -> paragraph, with styles looked up once by name.

    python-docx scans every style of the document for each styled paragraph (to compare it
    with the default style); a guide adds hundreds of paragraphs, so the style ids are looked
    up once here and set directly.
    """
    ids = {style.name: style.style_id for style in doc.styles}

    def add(style: str = "Normal", text: str = ""):
        paragraph = doc.add_paragraph(text)
        if style != "Normal":
            paragraph._p.get_or_add_pPr().style = ids[style]
        return paragraph

    return add


def _runs(paragraph, runs: list[Run]) -> None:
    for part in runs:
        for k, piece in enumerate(part.text.split("\n")):
            if k:
                paragraph.add_run().add_break()
            if piece:
                run = paragraph.add_run(piece)
                run.bold = part.bold or None
                run.italic = part.italic or None


def _cover(para, cover: Cover) -> None:
    styles = ["Title", "Subtitle"]
    for i, line in enumerate(cover.lines):
        para(styles[i] if i < len(styles) else "Cover Detail", line)


def _bookmark(paragraph, number: int, text: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), f"_Toc{number:06d}")
    paragraph._p.append(start)
    paragraph.add_run(text)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.append(end)


def _field_run(kind: str, text: str = "") -> OxmlElement:
    run = OxmlElement("w:r")
    if kind in ("begin", "separate", "end"):
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
    elif kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run.append(instr)
    elif kind == "tab":
        run.append(OxmlElement("w:tab"))
    else:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
    return run


def _toc(para, toc: Toc, headings: list[tuple[str, Heading]], pages: list[int]) -> None:
    """Write a TOC field whose shown result is already the list of headings with pages.

    Word and LibreOffice both display a field's stored result, so the reader sees the table
    at once; the PAGEREF fields inside let either program refresh the numbers.
    """
    para("TOC Heading", toc.title)
    entries = [(k, n, h, p) for k, ((n, h), p) in enumerate(zip(headings, pages, strict=True), 1)
               if h.level <= 2]
    for i, (mark, number, heading, page) in enumerate(entries):
        paragraph = para(f"TOC {heading.level}")
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:leader"), "dot")
        tab.set(qn("w:pos"), "9070")
        tabs.append(tab)
        paragraph._p.get_or_add_pPr().append(tabs)
        p = paragraph._p
        if i == 0:
            p.append(_field_run("begin"))
            p.append(_field_run("instr", ' TOC \\o "1-2" \\h \\z \\u '))
            p.append(_field_run("separate"))
        anchor = f"_Toc{mark:06d}"
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), anchor)
        link.set(qn("w:history"), "1")
        link.append(_field_run("text", f"{number} {heading.text}"))
        link.append(_field_run("tab"))
        link.append(_field_run("begin"))
        link.append(_field_run("instr", f" PAGEREF {anchor} \\h "))
        link.append(_field_run("separate"))
        link.append(_field_run("text", str(page)))
        link.append(_field_run("end"))
        p.append(link)
        if i == len(entries) - 1:
            p.append(_field_run("end"))


def _list(para, block: BulletList, level: int = 1) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    for item in block.items:
        _runs(para(style if level == 1 or block.ordered else f"{style} {min(level, 2)}"),
              item.runs)
        if item.children:
            _list(para, BulletList(item.children), level + 1)


def _table(doc, para, block: Table, style: str, plan: TablePlan) -> None:
    codes = {code: SHADES[i % len(SHADES)] for i, (code, _) in enumerate(block.symbols)}
    table = doc.add_table(rows=len(block.rows) + 1, cols=len(block.header))
    table.style = doc.styles[style]
    _fix_widths(table, plan.widths)
    _describe(table, ", ".join("".join(r.text for r in cell) for cell in block.header))
    size = Pt(plan.size) if plan.size != BODY_PT else None
    for r, cells in enumerate([block.header, *block.rows]):
        row = table.rows[r]
        properties = row._tr.get_or_add_trPr()
        # a row stays on one page: a cell's text read across a page break loses its row
        properties.append(OxmlElement("w:cantSplit"))
        if r == 0:
            # Repeat the header row on every page the table spans.
            properties.append(OxmlElement("w:tblHeader"))
        for c in range(len(block.header)):
            runs = cells[c] if c < len(cells) else []
            paragraph = row.cells[c].paragraphs[0]
            code = cell_text(runs).strip()
            if r and code in codes:
                # a matrix symbol: bold and centred on its own shade, as in the legend
                _shade(row.cells[c], codes[code])
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                runs = [Run(x.text, bold=True) for x in runs]
            _runs(paragraph, runs)
            if size is not None:
                for run in paragraph.runs:
                    run.font.size = size
    if block.symbols:
        legend = para()
        for i, (code, meaning) in enumerate(block.symbols):
            _runs(legend, [Run("  ·  " if i else ""), Run(code, bold=True), Run(f" {meaning}")])
    para()


def _fix_widths(table, widths: list[float]) -> None:
    """Write the widths into the grid and every cell, and fix the layout: Word and LibreOffice
    then set the columns as measured instead of sharing the page equally."""
    table.autofit = False  # w:tblLayout type=fixed
    twips = [round(w * 20) for w in widths]
    properties = table._tbl.tblPr
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:w"), str(sum(twips)))
    total.set(qn("w:type"), "dxa")
    for column, w in zip(table.columns, twips, strict=True):
        column.width = Twips(w)
    for row in table.rows:
        for cell, w in zip(row.cells, twips, strict=True):
            cell.width = Twips(w)


def _landscape_width(doc) -> float:
    """Return the text width of the reference's page turned to landscape."""
    section = doc.sections[0]
    return Length(section.page_height - section.left_margin - section.right_margin).pt


def _turn(doc, landscape: bool) -> None:
    """End the section here and start one on a new page, turned as asked (headers, footers
    and page numbers carry on from the first section)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _cards(para, block: Cards) -> None:
    """Tiles read in a guide as a list: each tile's title and subtitle, then its lines."""
    for card in block.cards:
        head = [Run(card.title, bold=True)]
        if card.subtitle:
            head.append(Run(f" – {card.subtitle}"))
        _runs(para(), head)
        for line in card.lines:
            _runs(para("List Bullet"), [Run(line)])


def _timeline(para, block: Timeline) -> None:
    """A timeline reads in a guide as its stages, then its marked days, in order."""
    for span in block.spans:
        _runs(para("List Bullet"), [Run(span.name, bold=True),
                                    Run(f" {span.start.isoformat()} – {span.end.isoformat()}")])
    for mark in sorted(block.marks, key=lambda m: m.day):
        first, *rest = mark.label or [mark.day.isoformat()]
        _runs(para("List Bullet"), [Run(first, bold=True), Run(": " + " ".join(rest))
                                    if rest else Run("")])


def _theme(doc) -> bytes | None:
    try:
        return doc.part.part_related_by(RT.THEME).blob
    except KeyError:
        return None  # a reference without a theme: Office's colours stand in


def _header_footer(doc, title: str, page_label: str) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True  # the cover stays clean
    header = section.header.paragraphs[0]
    header.text = title
    footer = section.footer.paragraphs[0]
    footer.text = ""
    footer.add_run(f"{page_label} ")
    p = footer._p
    p.append(_field_run("begin"))
    p.append(_field_run("instr", " PAGE "))
    p.append(_field_run("separate"))
    p.append(_field_run("text", "1"))
    p.append(_field_run("end"))


def _page(doc) -> tuple[float, float]:
    """Return the width and height (points) that text may use on the reference's pages."""
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    return Length(width).pt, Length(height).pt


def _describe(table, text: str) -> None:
    """Give a table its alternative text (what its columns hold), as Word's table properties
    keep it: a screen reader announces it before reading the cells."""
    properties = table._tbl.tblPr
    for tag in ("w:tblCaption", "w:tblDescription"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), " ".join(text.split())[:255])
        properties.append(element)  # the last two of a table's properties, in this order


def tag_language(doc, locale: str) -> None:
    """Tag the document's default text and every run with its language: Word then checks
    Finnish spelling as Finnish, and a screen reader reads it with Finnish rules."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    props = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None \
        else None
    parts = [doc.element.body, *(s.header._element for s in doc.sections),
             *(s.footer._element for s in doc.sections),
             *(s.first_page_header._element for s in doc.sections),
             *(s.first_page_footer._element for s in doc.sections)]
    targets = [props] if props is not None else []
    for part in parts:
        targets.extend(run.get_or_add_rPr() for run in part.iter(qn("w:r")))
    for target in targets:
        for old in target.findall(qn("w:lang")):
            target.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), locale)
        # schema order: the language comes after every formatting element but these three
        later = [target.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        later = [e for e in later if e is not None]
        if later:
            later[0].addprevious(lang)
        else:
            target.append(lang)


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written guide or card from being accessible: a default language or
    a text not tagged with the document's, a table without a header row (empty when none)."""
    doc = open_docx(str(path))
    problems = []
    default = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if default is None or default.get(qn("w:val")) != locale:
        problems.append(f"the default language is not {locale}")
    for run in doc.element.body.iter(qn("w:r")):
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        if run.findtext(qn("w:t")) and (lang is None or lang.get(qn("w:val")) != locale):
            problems.append(f"a text is not tagged {locale}: {run.findtext(qn('w:t'))[:40]!r}")
            break
    for number, table in enumerate(doc.tables, 1):
        first = table.rows[0]._tr.trPr if table.rows else None
        if first is None or first.find(qn("w:tblHeader")) is None:
            problems.append(f"table {number} does not mark its header row")
        if table._tbl.tblPr.find(qn("w:tblDescription")) is None:
            problems.append(f"table {number} has no alternative text")
    core = doc.core_properties.language
    if core != locale:
        problems.append(f"the document says its language is {core!r}, not {locale}")
    return problems
