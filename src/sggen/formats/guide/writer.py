"""The guide format: a Document's blocks -> .docx bytes, written as XML over the reference
read once (reference.py), with a filled-in table of contents. Each block kind is written
through one table (`WRITE`), which a test holds complete."""

from __future__ import annotations

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
from sggen.formats.guide import drawing
from sggen.formats.guide import timeline as timelines
from sggen.formats.guide.body import PAGE_BREAK, Body, finish, title_page
from sggen.formats.guide.plan import (
    BODY_PT,
    CHART_IDS,
    TablePlan,
    cell_text,
    chart_on_page,
    estimate_pages,
    missing,
    number_headings,
    plan_table,
)
from sggen.formats.ooxml.units import SHADES, points
from sggen.formats.ooxml.xml import Template, Xml, el, join
from sggen.formats.plain import TEXT as PLAIN

_TABS = el("w:tabs", None, el("w:tab", {"w:val": "right", "w:leader": "dot", "w:pos": 9070}))
# a row stays on one page; the header row repeats on every page the table spans
_ROW = el("w:trPr", None, el("w:cantSplit"))
_HEADER_ROW = el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader"))
_CENTRE = el("w:pPr", None, el("w:jc", {"w:val": "center"}))
_CELL = Template("<w:tc>{}<w:p>{}{}</w:p></w:tc>")
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


class _Guide:
    """What writing one guide needs besides its body: the plans of its tables and charts,
    its numbered headings and their pages, the heading a drawing stands under."""

    def __init__(self, document: Document, w: Body) -> None:
        page = w.ref.page
        width = points(page["width"] - page["left"] - page["right"])
        turned = points(page["height"] - page["left"] - page["right"])
        self.w = w
        self.headings = number_headings(document)
        self.plans = {id(b): plan_table(b, width, turned)
                      for b in document.blocks if isinstance(b, Table)}
        self.charts = {id(b): chart_on_page(b, width)
                       for b in document.blocks if isinstance(b, OrgChart)}
        # the timelines are drawn as the charts are, and measured with them
        self.charts.update({id(b): timelines.on_page(b, width)
                            for b in document.blocks if isinstance(b, Timeline)})
        self.pages = estimate_pages(document, self.headings, (width, points(
            page["height"] - page["top"] - page["bottom"])), self.plans, self.charts)
        self.mark = 0  # the bookmarks of the headings, numbered
        self.heading = ""  # the latest heading's text: what a drawing is named by

    def landscape(self, block) -> bool:
        """Return whether `block` is a table that needs a turned page."""
        return isinstance(block, Table) and self.plans[id(block)].landscape


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return the guide as .docx bytes, with a filled-in table of contents (`floor`, the
    slides' smallest type size, does not apply to a page)."""
    w = Body(reference, meta.language)
    guide = _Guide(document, w)
    turned = False
    for i, block in enumerate(document.blocks):
        after = document.blocks[i + 1] if i + 1 < len(document.blocks) else None
        # the page turns back at the next chapter: a table's legend stays beside it
        if turned and isinstance(block, Heading) and block.level == 1:
            w.turn(landscape=False)
            turned = False
        # a table that needs a turned page takes its heading along
        if not turned and (guide.landscape(block) or isinstance(block, Heading)
                           and guide.landscape(after)):
            w.turn(landscape=True)
            turned = True
        WRITE[type(block)](guide, block)
    title_page(w.first_section())
    return finish(w, meta, header=(meta.footer, meta.page_label))


def _cover(guide: _Guide, cover: Cover) -> None:
    w = guide.w
    styles = ["Title", "Subtitle"]
    for i, line in enumerate(cover.lines):
        w.para(styles[i] if i < len(styles) else "Cover Detail", w.run(line) if line else Xml(""))


def _heading(guide: _Guide, block: Heading) -> None:
    guide.mark += 1
    guide.heading = block.text
    w, number = guide.w, guide.mark
    w.para(f"Heading {min(block.level, 3)}", _BOOKMARKED(number, f"_Toc{number:06d}",
                                                          w.run(block.text), number))


def _toc(guide: _Guide, toc: Toc) -> None:
    """Write a TOC field whose shown result is already the list of headings with pages.

    Word and LibreOffice both display a field's stored result, so the reader sees the table
    at once; the PAGEREF fields inside let either program refresh the numbers.
    """
    w = guide.w
    w.para("TOC Heading", w.run(toc.title) if toc.title else Xml(""))
    entries = [(k, n, h, p) for k, ((n, h), p) in enumerate(zip(guide.headings, guide.pages,
                                                                strict=True), 1)
               if h.level <= 2]
    for i, (mark, number, heading, page) in enumerate(entries):
        inner = []
        if i == 0:
            inner += [w.field("begin"), w.field("instr", ' TOC \\o "1-2" \\h \\z \\u '),
                      w.field("separate")]
        anchor = f"_Toc{mark:06d}"
        inner.append(el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"},
                        w.field("text", f"{number} {heading.text}"), w.field("tab"),
                        w.field("begin"), w.field("instr", f" PAGEREF {anchor} \\h "),
                        w.field("separate"), w.field("text", str(page)), w.field("end")))
        if i == len(entries) - 1:
            inner.append(w.field("end"))
        w.para(f"TOC {heading.level}", join(inner), _TABS)


def _paragraph(guide: _Guide, block: Paragraph) -> None:
    guide.w.para(inner=guide.w.runs(block.runs))


def _list(guide: _Guide, block: BulletList, level: int = 1) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    for item in block.items:
        guide.w.para(style if level == 1 or block.ordered else f"{style} {min(level, 2)}",
                     guide.w.runs(item.runs))
        if item.children:
            _list(guide, BulletList(item.children), level + 1)


def _table(guide: _Guide, block: Table) -> None:
    table(guide.w, block, guide.plans[id(block)])


def table(w: Body, block: Table, plan: TablePlan) -> None:
    """Write a table with its columns as planned, the header repeated on every page, and a
    matrix's symbols on their shades with the legend under it."""
    codes = {code: SHADES[i % len(SHADES)] for i, (code, _) in enumerate(block.symbols)}
    # rounded as running totals: the columns in twips add up to the planned width, never a
    # twip or two beyond the page as columns rounded one by one could
    edges = [round(sum(plan.widths[:k]) * 20) for k in range(len(plan.widths) + 1)]
    widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    size = plan.size if plan.size != BODY_PT else None
    style = (el("w:tblStyle", {"w:val": w.ref.table_style}),) if w.ref.table_style else ()
    about = " ".join(", ".join(cell_text(cell) for cell in block.header).split())[:255]
    sized = [el("w:tcW", {"w:type": "dxa", "w:w": width}) for width in widths]
    plain = [el("w:tcPr", None, size_) for size_ in sized]
    rows = []
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
            out.append(_CELL(props, centre, w.runs(runs, size)))
        rows.append(_TR(join(out)))
    w.add(el("w:tbl", None, el(
        "w:tblPr", None, *style, el("w:tblW", {"w:type": "dxa", "w:w": sum(widths)}),
        el("w:tblLayout", {"w:type": "fixed"}),
        el("w:tblLook", {"w:firstColumn": "1", "w:firstRow": "1", "w:lastColumn": "0",
                         "w:lastRow": "0", "w:noHBand": "0", "w:noVBand": "1",
                         "w:val": "04A0"}),
        el("w:tblCaption", {"w:val": about}), el("w:tblDescription", {"w:val": about})),
        el("w:tblGrid", None, *(el("w:gridCol", {"w:w": x}) for x in widths)), *rows))
    if block.symbols:
        w.para(inner=join(w.runs([Run("  ·  " if i else ""), Run(code, bold=True),
                                  Run(f" {meaning}")]) for i, (code, meaning)
                          in enumerate(block.symbols)))
    w.para()


def _chart(guide: _Guide, block: OrgChart) -> None:
    # the drawing is named by the heading it stands under
    w = guide.w
    number = 1 + CHART_IDS * list(guide.charts).index(id(block))
    art = drawing.orgchart(guide.charts[id(block)], w.ref.colours, number, guide.heading,
                           w.locale, w.root.nsmap)
    w.para(inner=w.run(inner=art))


def _timeline(guide: _Guide, block: Timeline) -> None:
    # a drawing of its own, named by the heading it stands under, as the chart is
    w = guide.w
    number = timelines.IDS + CHART_IDS * list(guide.charts).index(id(block))
    art = timelines.timeline(guide.charts[id(block)], w.ref.colours, number, guide.heading,
                             w.locale, w.root.nsmap)
    w.para(inner=w.run(inner=art))


def _as_text(guide: _Guide, block) -> None:
    """Write a visual a page does not draw as its plain form: paragraphs and lists."""
    for part in PLAIN[type(block)](block):
        WRITE[type(part)](guide, part)


def _page_break(guide: _Guide, block: PageBreak) -> None:
    guide.w.para(inner=guide.w.run(inner=PAGE_BREAK))


WRITE: dict[type, Callable[[_Guide, object], None]] = {
    **{kind: _as_text for kind in PLAIN},
    Cover: _cover, Toc: _toc, Heading: _heading, Paragraph: _paragraph, BulletList: _list,
    Table: _table, OrgChart: _chart, PageBreak: _page_break, Timeline: _timeline,
}
"""How the guide writes each block kind."""
