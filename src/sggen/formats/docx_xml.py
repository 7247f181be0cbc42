"""The guide format: a Document's blocks -> .docx bytes, the XML written directly over a
reference read once (formats/docx_ref.py); the same parts as the object-layer writer
(formats/docx.py, the test oracle), function for function."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

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
from sggen.formats import docx_ref, drawing
from sggen.formats.docx_plan import (
    BODY_PT,
    CHART_IDS,
    SHADES,
    TablePlan,
    cell_text,
    chart_on_page,
    estimate_pages,
    number_headings,
    plan_table,
)
from sggen.formats.docx_ref import W, attr, q, text

_EMU_PER_PT, _EMU_PER_TWIP = 12700, 635
_MARK = "<!--sggen-->"  # where the body's text goes between the section breaks
_CONTROL = re.compile(r"(\t|\r|\n)")


def check(reference: Path) -> list[str]:
    """Return the styles `reference` lacks that sggen uses (the object-layer writer reads
    and checks reference documents)."""
    from sggen.formats import docx

    return docx.check(reference)


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written guide or card from being accessible (see formats/docx)."""
    from sggen.formats import docx

    return docx.audit(path, locale)


class Body:
    """A document being written: its body's XML, in pieces between section breaks, over the
    reference's emptied main part."""

    def __init__(self, reference: Path, locale: str) -> None:
        self.ref = docx_ref.load(reference)
        self.root = copy.deepcopy(self.ref.document)
        self.section = self.root.find(f"{q('w:body')}/{q('w:sectPr')}")  # the last section's
        self.breaks: list[etree._Element] = []  # the section properties ending each piece
        self.pieces: list[list[str]] = [[]]
        self.add = self.pieces[0].append
        self.lang = f'<w:lang w:val="{attr(locale)}"/>'
        self.locale = locale

    def para(self, style: str = "Normal", inner: str = "", props: str = "") -> None:
        """Add a paragraph of `style` holding `inner` (runs), `props` after its style."""
        if style != "Normal":
            props = f'<w:pStyle w:val="{attr(self.ref.ids[style])}"/>{props}'
        self.add(_p(inner, props))

    def run(self, piece: str = "", bold: bool = False, italic: bool = False,
            size: float | None = None, content: str = "") -> str:
        """Return a run of text `piece` (tabs and line ends as Word marks them), or of
        `content` (XML), tagged with the document's language."""
        props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + \
            (f'<w:sz w:val="{_half_points(size)}"/>' if size is not None else "")
        return f"<w:r><w:rPr>{props}{self.lang}</w:rPr>{content or _content(piece)}</w:r>"

    def runs(self, runs: list[Run], size: float | None = None) -> str:
        """Return the runs of a paragraph, a line break between a text's lines."""
        out = []
        for part in runs:
            for k, piece in enumerate(part.text.split("\n")):
                if k:
                    out.append(self.run(size=size, content="<w:br/>"))
                if piece:
                    out.append(self.run(piece, part.bold, part.italic, size))
        return "".join(out)

    def field(self, kind: str, value: str = "") -> str:
        """Return a run of a field: its begin, instruction, separator, result text or end."""
        if kind in ("begin", "separate", "end"):
            return self.run(content=f'<w:fldChar w:fldCharType="{kind}"/>')
        if kind == "instr":
            return self.run(content=f'<w:instrText xml:space="preserve">{text(value)}'
                                    "</w:instrText>")
        if kind == "tab":
            return self.run(content="<w:tab/>")
        return self.run(content=f'<w:t xml:space="preserve">{text(value)}</w:t>')

    def turn(self, landscape: bool) -> None:
        """End the section here and start one on a new page, turned as asked (headers,
        footers and page numbers carry on from the first section)."""
        section = self.section
        ended = copy.deepcopy(section)
        ended.attrib.clear()
        self.breaks.append(ended)
        for ref in section.findall(q("w:headerReference")) + section.findall(
                q("w:footerReference")):
            section.remove(ref)
        start = section.find(q("w:type"))
        if start is not None:  # a new page is the default start
            section.remove(start)
        size = section.find(q("w:pgSz"))
        width, height = int(size.get(q("w:w"))), int(size.get(q("w:h")))
        if (width > height) != landscape:
            size.set(q("w:w"), str(height))
            size.set(q("w:h"), str(width))
        if landscape:
            size.set(q("w:orient"), "landscape")
        elif q("w:orient") in size.attrib:
            del size.attrib[q("w:orient")]
        self.pieces.append([])
        self.add = self.pieces[-1].append

    def first_section(self) -> etree._Element:
        """Return the first section's properties."""
        return self.breaks[0] if self.breaks else self.section

    def xml(self) -> bytes:
        """Return the main part's XML."""
        for ended in self.breaks:
            self.section.addprevious(etree.Comment("sggen"))
            paragraph = etree.Element(q("w:p"))
            etree.SubElement(paragraph, q("w:pPr")).append(ended)
            self.section.addprevious(paragraph)
        self.section.addprevious(etree.Comment("sggen"))
        skeleton = docx_ref.xml(self.root).decode().split(_MARK)
        out = [skeleton[0]]
        for piece, after in zip(self.pieces, skeleton[1:], strict=True):
            out += [*piece, after]
        return "".join(out).encode()


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return the guide as .docx bytes, with a filled-in table of contents (`floor`, the
    slides' smallest type size, does not apply to a page)."""
    w = Body(reference, meta.language)
    page = w.ref.page
    headings = number_headings(document)
    width = _pt(page["width"] - page["left"] - page["right"])
    landscape_width = _pt(page["height"] - page["left"] - page["right"])
    plans = {id(b): plan_table(b, width, landscape_width)
             for b in document.blocks if isinstance(b, Table)}
    charts = {id(b): chart_on_page(b, width) for b in document.blocks if isinstance(b, OrgChart)}
    pages = estimate_pages(document, headings, (width, _pt(
        page["height"] - page["top"] - page["bottom"])), plans, charts)
    mark, turned, heading = 0, False, ""
    for i, block in enumerate(document.blocks):
        after = document.blocks[i + 1] if i + 1 < len(document.blocks) else None
        wide = isinstance(block, Table) and plans[id(block)].landscape
        # the page turns back at the next chapter: a table's legend stays beside it
        if turned and isinstance(block, Heading) and block.level == 1:
            w.turn(landscape=False)
            turned = False
        # a table that needs a turned page takes its heading along
        if not turned and (wide or isinstance(block, Heading) and isinstance(after, Table)
                           and plans[id(after)].landscape):
            w.turn(landscape=True)
            turned = True
        if isinstance(block, Cover):
            _cover(w, block)
        elif isinstance(block, Toc):
            _toc(w, block, headings, pages)
        elif isinstance(block, Heading):
            mark += 1
            heading = block.text
            _bookmark(w, f"Heading {min(block.level, 3)}", mark, block.text)
        elif isinstance(block, Paragraph):
            w.para(inner=w.runs(block.runs))
        elif isinstance(block, BulletList):
            _list(w, block)
        elif isinstance(block, Table):
            _table(w, block, plans[id(block)])
        elif isinstance(block, OrgChart):
            # the drawing is named by the heading it stands under
            number = 1 + CHART_IDS * list(charts).index(id(block))
            art = drawing.orgchart(charts[id(block)], w.ref.colours, number, heading, w.locale)
            w.para(inner=w.run(content=_inside(art, w.root.nsmap)))
        elif isinstance(block, Cards):
            _cards(w, block)
        elif isinstance(block, Timeline):
            _timeline(w, block)
        elif isinstance(block, PageBreak):
            w.para(inner=w.run(content='<w:br w:type="page"/>'))
        else:
            raise TypeError(f"the guide writer cannot write a {type(block).__name__}")
    _title_page(w.first_section())
    return finish(w, meta, header=(meta.footer, meta.page_label))


def finish(w: Body, meta: Meta, header: tuple[str, str] | None = None) -> bytes:
    """Return the document as bytes: its headers and footers (the guide's `header`: the
    header's text and the word before the footer's page number), its texts tagged with its
    language and its core properties (title, language, version, status …) from `meta`."""
    first = w.first_section()
    for story in w.ref.stories:
        if story.rid:
            ref = etree.Element(q(f"w:{story.kind}"))
            ref.set(q("w:type"), story.type)
            ref.set(q("r:id"), story.rid)
            # after the section's other header and footer references
            others = first.findall(q("w:headerReference")) + first.findall(
                q("w:footerReference"))
            if others:
                max(others, key=list(first).index).addnext(ref)
            else:
                first.insert(0, ref)
    written = {w.ref.document_name: w.xml()}
    for story in w.ref.stories:
        root = copy.deepcopy(story.root)
        if header is not None and story.type == "default":
            _header_footer(w, root, story.kind, *header)
        docx_ref.tag_language(root, w.locale)
        written[story.name] = docx_ref.xml(root)
    core = copy.deepcopy(w.ref.core)
    for tag, value in (("dc:title", meta.title), ("dc:subject", meta.subject),
                       ("dc:creator", meta.author), ("dc:language", meta.language),
                       ("cp:keywords", meta.keywords), ("cp:lastModifiedBy", meta.author),
                       ("cp:revision", "1"), ("cp:version", meta.version),
                       ("cp:contentStatus", meta.status)):
        prefix, local = tag.split(":")
        name = f"{{{_CORE_NS[prefix]}}}{local}"
        element = core.find(name)
        if element is None:
            element = etree.SubElement(core, name)
        element.text = value
    written[w.ref.core_name] = docx_ref.xml(core)
    return w.ref.pack(written, meta.language)


_CORE_NS = {"dc": "http://purl.org/dc/elements/1.1/",
            "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


def _title_page(section) -> None:
    """Give the section's first page a header and footer of its own: the cover stays clean."""
    mark = section.find(q("w:titlePg"))
    if mark is None:
        mark = etree.Element(q("w:titlePg"))
        later = [section.find(q(t)) for t in ("w:textDirection", "w:bidi", "w:rtlGutter",
                                              "w:docGrid", "w:printerSettings",
                                              "w:sectPrChange")]
        later = [e for e in later if e is not None]
        if later:
            min(later, key=list(section).index).addprevious(mark)
        else:
            section.append(mark)
    mark.attrib.pop(q("w:val"), None)  # on is the default


def _p(inner: str, props: str = "") -> str:
    """Return a paragraph's XML (as lxml writes an empty one: <w:p/>)."""
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{props}{inner}</w:p>" if props or inner else "<w:p/>"


def _content(piece: str) -> str:
    """Return a run's content for text `piece` as python-docx sets it: a tab is a tab mark,
    a line end a break, the rest text (spaces kept when it begins or ends with one)."""
    out = []
    for part in _CONTROL.split(piece):
        if part == "\t":
            out.append("<w:tab/>")
        elif part in ("\r", "\n"):
            out.append("<w:br/>")
        elif part:
            space = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
            out.append(f"<w:t{space}>{text(part)}</w:t>")
    return "".join(out)


def _pt(emu: int) -> float:
    return emu / float(_EMU_PER_PT)


def _half_points(size: float) -> int:
    """Return a type size in half points as python-docx rounds it (through whole EMU)."""
    return int(int(size * _EMU_PER_PT) / float(_EMU_PER_PT) * 2)


def twips(points: float) -> int:
    """Return a length in points as whole twips, as python-docx rounds it."""
    return int(round(int(points * _EMU_PER_PT) / float(_EMU_PER_TWIP)))


def _cover(w: Body, cover: Cover) -> None:
    styles = ["Title", "Subtitle"]
    for i, line in enumerate(cover.lines):
        w.para(styles[i] if i < len(styles) else "Cover Detail", w.run(line) if line else "")


def _bookmark(w: Body, style: str, number: int, heading: str) -> None:
    w.para(style, f'<w:bookmarkStart w:id="{number}" w:name="_Toc{number:06d}"/>'
                  f'{w.run(heading)}<w:bookmarkEnd w:id="{number}"/>')


def _toc(w: Body, toc: Toc, headings, pages: list[int]) -> None:
    """Write a TOC field whose shown result is already the list of headings with pages.

    Word and LibreOffice both display a field's stored result, so the reader sees the table
    at once; the PAGEREF fields inside let either program refresh the numbers.
    """
    w.para("TOC Heading", w.run(toc.title) if toc.title else "")
    entries = [(k, n, h, p) for k, ((n, h), p) in enumerate(zip(headings, pages, strict=True), 1)
               if h.level <= 2]
    tabs = '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9070"/></w:tabs>'
    for i, (mark, number, heading, page) in enumerate(entries):
        inner = []
        if i == 0:
            inner += [w.field("begin"), w.field("instr", ' TOC \\o "1-2" \\h \\z \\u '),
                      w.field("separate")]
        anchor = f"_Toc{mark:06d}"
        inner += [f'<w:hyperlink w:anchor="{anchor}" w:history="1">',
                  w.field("text", f"{number} {heading.text}"), w.field("tab"),
                  w.field("begin"), w.field("instr", f" PAGEREF {anchor} \\h "),
                  w.field("separate"), w.field("text", str(page)), w.field("end"),
                  "</w:hyperlink>"]
        if i == len(entries) - 1:
            inner.append(w.field("end"))
        w.para(f"TOC {heading.level}", "".join(inner), tabs)


def _list(w: Body, block: BulletList, level: int = 1) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    for item in block.items:
        w.para(style if level == 1 or block.ordered else f"{style} {min(level, 2)}",
               w.runs(item.runs))
        if item.children:
            _list(w, BulletList(item.children), level + 1)


def _table(w: Body, block: Table, plan: TablePlan) -> None:
    codes = {code: SHADES[i % len(SHADES)] for i, (code, _) in enumerate(block.symbols)}
    widths = [round(x * 20) for x in plan.widths]
    size = plan.size if plan.size != BODY_PT else None
    style = f'<w:tblStyle w:val="{attr(w.ref.table_style)}"/>' if w.ref.table_style else ""
    about = attr(" ".join(", ".join("".join(r.text for r in cell)
                                    for cell in block.header).split())[:255])
    out = [f'<w:tbl><w:tblPr>{style}<w:tblW w:type="dxa" w:w="{sum(widths)}"/>'
           '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" '
           'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
           f'<w:tblCaption w:val="{about}"/><w:tblDescription w:val="{about}"/></w:tblPr>'
           "<w:tblGrid>", *(f'<w:gridCol w:w="{x}"/>' for x in widths), "</w:tblGrid>"]
    for r, cells in enumerate([block.header, *block.rows]):
        # a row stays on one page; the header row repeats on every page the table spans
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("" if r else "<w:tblHeader/>")
                   + "</w:trPr>")
        for c, width in enumerate(widths):
            runs = cells[c] if c < len(cells) else []
            code, shade, centre = cell_text(runs).strip(), "", ""
            if r and code in codes:
                # a matrix symbol: bold and centred on its own shade, as in the legend
                shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{codes[code]}"/>'
                centre = '<w:jc w:val="center"/>'
                runs = [Run(x.text, bold=True) for x in runs]
            out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shade}</w:tcPr>'
                       f"{_p(w.runs(runs, size), centre)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    w.add("".join(out))
    if block.symbols:
        legend = []
        for i, (code, meaning) in enumerate(block.symbols):
            legend.append(w.runs([Run("  ·  " if i else ""), Run(code, bold=True),
                                  Run(f" {meaning}")]))
        w.para(inner="".join(legend))
    w.para()


def _cards(w: Body, block: Cards) -> None:
    """Tiles read in a guide as a list: each tile's title and subtitle, then its lines."""
    for card in block.cards:
        head = [Run(card.title, bold=True)]
        if card.subtitle:
            head.append(Run(f" – {card.subtitle}"))
        w.para(inner=w.runs(head))
        for line in card.lines:
            w.para("List Bullet", w.runs([Run(line)]))


def _timeline(w: Body, block: Timeline) -> None:
    """A timeline reads in a guide as its stages, then its marked days, in order."""
    for span in block.spans:
        w.para("List Bullet", w.runs([Run(span.name, bold=True), Run(
            f" {span.start.isoformat()} – {span.end.isoformat()}")]))
    for mark in sorted(block.marks, key=lambda m: m.day):
        first, *rest = mark.label or [mark.day.isoformat()]
        w.para("List Bullet", w.runs([Run(first, bold=True), Run(": " + " ".join(rest))
                                      if rest else Run("")]))


def _inside(element: etree._Element, declared: dict) -> str:
    """Return `element` as XML for the main part, declaring no prefix its root declares with
    the same namespace: lxml drops such declarations when an element joins a tree."""
    out = etree.tostring(element, encoding="unicode")
    for prefix, uri in declared.items():
        if prefix:
            out = out.replace(f' xmlns:{prefix}="{uri}"', "")
    return out


def _header_footer(w: Body, root, kind: str, title: str, page_label: str) -> None:
    """Write the header's text, or the footer's page number after its label, into the first
    paragraph of the part `root`."""
    paragraph = root.find(q("w:p"))
    for child in list(paragraph):
        if child.tag != q("w:pPr"):
            paragraph.remove(child)
    if kind == "headerReference":
        runs = w.run(title)
    else:
        runs = w.run() + w.run(f"{page_label} ") + "".join(
            (w.field("begin"), w.field("instr", " PAGE "), w.field("separate"),
             w.field("text", "1"), w.field("end")))
    paragraph.extend(etree.fromstring(f'<w:p xmlns:w="{W}">{runs}</w:p>'))
