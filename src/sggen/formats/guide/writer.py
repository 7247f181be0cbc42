"""The guide format: a Document's blocks -> .docx bytes, written as XML over the reference
read once (reference.py), with a filled-in table of contents. Each block kind is written
through one table (`WRITE`), which a test holds complete."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from sggen.document import (
    BulletList,
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
from sggen.formats.guide import drawing, pages
from sggen.formats.guide import timeline as timelines
from sggen.formats.guide.body import PAGE_BREAK, Body, finish, title_page
from sggen.formats.guide.plan import (
    CHART_IDS,
    TablePlan,
    cell_text,
    chart_on_page,
    missing,
    number_headings,
    plan_table,
)
from sggen.formats.ooxml.units import SHADES, half_points, points, twips
from sggen.formats.ooxml.xml import Template, Xml, el, join
from sggen.formats.plain import TEXT as PLAIN

# a row stays on one page; the header row repeats on every page the table spans
_ROW = el("w:trPr", None, el("w:cantSplit"))
_HEADER_ROW = el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader"))
_CENTRE = el("w:jc", {"w:val": "center"})
# a cell's paragraph mark in the table's size: an empty cell is no taller than a full one
_CELL = Template('<w:tc>{}<w:p><w:pPr>{}<w:rPr><w:sz w:val="{}"/></w:rPr></w:pPr>{}</w:p></w:tc>')
_SHADED = Template('<w:tcPr>{}<w:shd w:val="clear" w:color="auto" w:fill="{}"/></w:tcPr>')
_BOOKMARKED = Template('<w:bookmarkStart w:id="{}" w:name="{}"/>{}<w:bookmarkEnd w:id="{}"/>')
_TR = Template("<w:tr>{}</w:tr>")


def check(reference: Path) -> list[str]:
    """Return the styles the reference document lacks that sggen uses, read through
    python-docx (loaded only for this)."""
    from sggen.formats.ooxml import audit

    return missing(audit.style_names(reference))


cautions = timelines.cautions  # what the guide warns of: a timeline's legend with no room


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written guide or card from being accessible, read back through
    python-docx (loaded only for this)."""
    from sggen.formats.ooxml import audit as reader

    return reader.guide_audit(path, locale)


def turns(document: Document, landscape: Callable[[object], bool]) -> dict[int, bool]:
    """Return the blocks at which a section begins: turned (True) before a table that needs a
    turned page, or its heading, and upright (False) again at the next chapter, so that a
    table's legend stays beside it."""
    out, turned = {}, False
    blocks = document.blocks
    for i, block in enumerate(blocks):
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if turned and isinstance(block, Heading) and block.level == 1:
            out[i], turned = False, False
        if not turned and (landscape(block) or isinstance(block, Heading) and landscape(after)):
            out[i], turned = True, True
    return out


class _Plan:
    """How one guide falls on the pages of its reference: the plans of its tables and
    charts, its numbered headings and their pages, where the pages begin."""

    def __init__(self, document: Document, ref) -> None:
        page, styles = ref.page, ref.measures
        width = points(page["width"] - page["left"] - page["right"])
        turned = points(page["height"] - page["left"] - page["right"])
        self.hang = styles.hang
        self.width = width
        self.headings = number_headings(document)
        self.plans = {id(b): plan_table(b, width + self.hang, turned + self.hang)
                      for b in document.blocks if isinstance(b, Table)}
        self.charts = {id(b): chart_on_page(b, width + self.hang)
                       for b in document.blocks if isinstance(b, OrgChart)}
        # the timelines are drawn as the charts are, and measured with them
        self.charts.update({id(b): timelines.on_page(b, width + self.hang)
                            for b in document.blocks if isinstance(b, Timeline)})
        self.turns = turns(document, self.landscape)
        measure = pages.Measure(styles, width, width + self.hang, self.plans, self.charts,
                                self.headings)
        self.layout = pages.lay_out(document, measure, (
            points(page["height"] - page["top"] - page["bottom"]),
            points(page["width"] - page["top"] - page["bottom"])), self.turns)
        self.pages = self.layout.pages

    def landscape(self, block) -> bool:
        """Return whether `block` is a table that needs a turned page."""
        return isinstance(block, Table) and self.plans[id(block)].landscape


@functools.lru_cache(maxsize=2)
def plan(document: Document, ref) -> _Plan:
    """Return how `document` falls on the pages of `ref`, planned once per document: the
    deck's pointers into the guide and the guide's writer read the same plan."""
    return _Plan(document, ref)


def heading_pages(document: Document, ref) -> list[tuple[str, Heading, int]]:
    """Return each heading of the guide with its number and the page the writer sets it on
    over the reference `ref`: what another document needs to point into the guide."""
    laid = plan(document, ref)
    return [(number, heading, at) for (number, heading), at
            in zip(laid.headings, laid.pages, strict=True)]


class _Guide:
    """What writing one guide needs besides its body: its plan, and the heading a drawing
    stands under."""

    def __init__(self, document: Document, w: Body) -> None:
        self.plan = plan(document, w.ref)
        self.w = w
        self.mark = 0  # the bookmarks of the headings, numbered
        self.heading = ""  # the latest heading's text: what a drawing is named by
        self.block, self.count = 0, 0  # the block being written, its paragraphs so far

    def para(self, style: str = "Normal", inner: Xml = Xml(""), keep: bool = False,
             props: Xml = Xml("")) -> None:
        """Add the block's next paragraph: on a new page where the layout begins one, kept
        with the next where `keep` (`props`: its other properties, in the schema's order
        after the break)."""
        start = (self.block, self.count) in self.plan.layout.starts
        self.count += 1
        head = (_KEEP if keep else Xml("")) + (_PAGE if start else Xml(""))
        self.w.para(style, inner, head + props)


_KEEP = el("w:keepNext")
_PAGE = el("w:pageBreakBefore")


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return the guide as .docx bytes, with a filled-in table of contents (`floor`, the
    slides' smallest type size, does not apply to a page)."""
    w = Body(reference, meta.language)
    guide = _Guide(document, w)
    for i, block in enumerate(document.blocks):
        if i in guide.plan.turns:
            w.turn(landscape=guide.plan.turns[i])
        guide.block, guide.count = i, 0
        WRITE[type(block)](guide, block)
    title_page(w.first_section())
    return finish(w, meta, header=(meta.footer, meta.page_label))


def _cover(guide: _Guide, cover: Cover) -> None:
    w = guide.w
    styles = ["Title", "Subtitle"]
    for i, line in enumerate(cover.lines):
        guide.para(styles[i] if i < len(styles) else "Cover Detail",
                   w.run(line) if line else Xml(""))


def _heading(guide: _Guide, block: Heading) -> None:
    guide.mark += 1
    guide.heading = block.text
    w, number = guide.w, guide.mark
    guide.para(f"Heading {min(block.level, 3)}", _BOOKMARKED(number, f"_Toc{number:06d}",
                                                              w.run(block.text), number))


def _toc(guide: _Guide, toc: Toc) -> None:
    """Write a TOC field whose shown result is already the list of headings with pages.

    Word and LibreOffice both display a field's stored result, so the reader sees the table
    at once; the PAGEREF fields inside let either program refresh the numbers. An entry's
    number hangs as its heading's does, its page at the column's end.
    """
    w = guide.w
    guide.para("TOC Heading", w.run(toc.title) if toc.title else Xml(""))
    tabs = el("w:tabs", None, el("w:tab", {"w:val": "left", "w:pos": 0}),
              el("w:tab", {"w:val": "right", "w:leader": "dot",
                           "w:pos": int(round(guide.plan.width * 20))}))
    laid = guide.plan
    entries = [(k, n, h, p) for k, ((n, h), p) in enumerate(zip(laid.headings, laid.pages,
                                                                strict=True), 1)
               if h.level <= 2]
    for i, (mark, number, heading, page) in enumerate(entries):
        inner = []
        if i == 0:
            inner += [w.field("begin"), w.field("instr", ' TOC \\o "1-2" \\h \\z \\u '),
                      w.field("separate")]
        anchor = f"_Toc{mark:06d}"
        inner.append(el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"},
                        w.field("text", number), w.field("tab"),
                        w.field("text", heading.text), w.field("tab"),
                        w.field("begin"), w.field("instr", f" PAGEREF {anchor} \\h "),
                        w.field("separate"), w.field("text", str(page)), w.field("end")))
        if i == len(entries) - 1:
            inner.append(w.field("end"))
        guide.para(f"TOC {heading.level}", join(inner), props=tabs)


def _paragraph(guide: _Guide, block: Paragraph) -> None:
    # a label (a paragraph all in bold) stays with what it introduces
    guide.para(inner=guide.w.runs(block.runs), keep=pages.is_label(block))


def _list(guide: _Guide, block: BulletList, level: int = 1, number: Xml = Xml("")) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    if block.ordered and not number:
        number = guide.w.numbered(style)  # each numbered list counts from one
    for item in block.items:
        guide.para(style if level == 1 or block.ordered else f"{style} {min(level, 2)}",
                   guide.w.runs(item.runs), props=number)
        if item.children:
            _list(guide, BulletList(item.children), level + 1)


def _table(guide: _Guide, block: Table) -> None:
    if block.symbols:  # the legend stands above the table, kept with it
        guide.para(inner=legend(guide.w, block), keep=True,
                   props=el("w:ind", {"w:left": -twips(guide.plan.hang)}))
    guide.count += 1  # the table itself: the estimate counts it as one of the block's parts
    table(guide.w, block, guide.plan.plans[id(block)], guide.plan.hang)
    if guide.block + 1 not in guide.plan.turns:  # else the section's closing paragraph is next
        guide.para()


def legend(w: Body, block: Table) -> Xml:
    """Return the runs of a matrix's legend: each symbol in bold and its meaning."""
    return join(w.runs([Run("  ·  " if i else ""), Run(code, bold=True), Run(f" {meaning}")])
                for i, (code, meaning) in enumerate(block.symbols))


def table(w: Body, block: Table, plan: TablePlan, hang: float = 0.0) -> None:
    """Write a table with its columns as planned (its left edge `hang` points left of the
    text column), the header repeated on every page, and a matrix's symbols on their
    shades."""
    codes = {code: SHADES[i % len(SHADES)] for i, (code, _) in enumerate(block.symbols)}
    # rounded as running totals: the columns in twips add up to the planned width, never a
    # twip or two beyond the page as columns rounded one by one could
    edges = [round(sum(plan.widths[:k]) * 20) for k in range(len(plan.widths) + 1)]
    widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    size = plan.size
    style = (el("w:tblStyle", {"w:val": w.ref.table_style}),) if w.ref.table_style else ()
    about = " ".join(", ".join(cell_text(cell) for cell in block.header).split())[:255]
    sized = [el("w:tcW", {"w:type": "dxa", "w:w": width}) for width in widths]
    plain = [el("w:tcPr", None, size_) for size_ in sized]
    rows, mark = [], half_points(size)
    for r, cells in enumerate([block.header, *block.rows]):
        out = [_ROW if r else _HEADER_ROW]
        for c in range(len(widths)):
            runs = cells[c] if c < len(cells) else []
            code, props, centre = cell_text(runs).strip(), plain[c], Xml("")
            if r and code in codes:
                # a matrix symbol: bold and centred on its own shade, as in the legend
                props = _SHADED(sized[c], codes[code])
                centre = _CENTRE
                runs = [Run(x.text, bold=True) for x in runs]
            out.append(_CELL(props, centre, mark, w.runs(runs, size)))
        rows.append(_TR(join(out)))
    # the table's edge, not its text, at the left of the text less the hang (Word's older
    # layout, which the reference keeps, measures the indent to the cell's text)
    indent = -twips(hang) + round(w.ref.measures.cell_margins[1] * 20)
    w.add(el("w:tbl", None, el(
        "w:tblPr", None, *style, el("w:tblW", {"w:type": "dxa", "w:w": sum(widths)}),
        el("w:tblInd", {"w:type": "dxa", "w:w": indent}),
        el("w:tblLayout", {"w:type": "fixed"}),
        el("w:tblLook", {"w:firstColumn": "1", "w:firstRow": "1", "w:lastColumn": "0",
                         "w:lastRow": "0", "w:noHBand": "0", "w:noVBand": "1",
                         "w:val": "04A0"}),
        el("w:tblCaption", {"w:val": about}), el("w:tblDescription", {"w:val": about})),
        el("w:tblGrid", None, *(el("w:gridCol", {"w:w": x}) for x in widths)), *rows))


def _chart(guide: _Guide, block: OrgChart) -> None:
    # the drawing is named by the heading it stands under, and begins where tables do
    w = guide.w
    number = 1 + CHART_IDS * list(guide.plan.charts).index(id(block))
    art = drawing.orgchart(guide.plan.charts[id(block)], w.ref.colours, number, guide.heading,
                           w.locale, w.root.nsmap)
    guide.para(inner=w.run(inner=art), props=el("w:ind", {"w:left": -twips(guide.plan.hang)}))


def _timeline(guide: _Guide, block: Timeline) -> None:
    # a drawing of its own, named by the heading it stands under, as the chart is
    w = guide.w
    number = timelines.IDS + CHART_IDS * list(guide.plan.charts).index(id(block))
    art = timelines.timeline(guide.plan.charts[id(block)], w.ref.colours, number,
                             guide.heading, w.locale, w.root.nsmap)
    guide.para(inner=w.run(inner=art), props=el("w:ind", {"w:left": -twips(guide.plan.hang)}))


def _as_text(guide: _Guide, block) -> None:
    """Write a visual a page does not draw as its plain form: paragraphs and lists."""
    for part in PLAIN[type(block)](block):
        WRITE[type(part)](guide, part)


def _page_break(guide: _Guide, block: PageBreak) -> None:
    guide.para(inner=guide.w.run(inner=PAGE_BREAK))


WRITE: dict[type, Callable[[_Guide, object], None]] = {
    **{kind: _as_text for kind in PLAIN},
    Cover: _cover, Toc: _toc, Heading: _heading, Paragraph: _paragraph, BulletList: _list,
    Table: _table, OrgChart: _chart, PageBreak: _page_break, Timeline: _timeline,
}
"""How the guide writes each block kind."""
