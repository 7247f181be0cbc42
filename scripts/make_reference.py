"""Build templates/reference.pptx and templates/reference.docx, the shipped default styles.

Run `python scripts/make_reference.py` after changing the branding below. The files it writes
are committed; sggen itself only reads them. A PMO brands its own workspace by editing the two
files in PowerPoint and Word instead (keep layout and style names; `sggen template check`).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn as pqn
from pptx.util import Emu, Inches

ROOT = Path(__file__).resolve().parent.parent
NAVY = "1F3A5F"
ACCENT = "0A6AA8"
GREY = "5F6B7A"
FONT = "Calibri"  # LibreOffice shows it with the metric-compatible Carlito

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
TITLE_BOX = (MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.95))
BODY_BOX = (MARGIN, Inches(1.5), WIDTH - 2 * MARGIN, Inches(5.3))
FOOTER_Y, FOOTER_H = Inches(6.95), Inches(0.35)


def _place(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(int(v)) for v in box)


def _pptx(path: Path) -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    master = prs.slide_master
    scale = WIDTH / Emu(9144000)
    for layout in [master, *prs.slide_layouts]:
        for shape in layout.placeholders:
            kind = shape.placeholder_format.type
            name = str(kind).split(".")[-1].split(" ")[0]
            if name in ("TITLE",):
                _place(shape, TITLE_BOX)
            elif name in ("BODY", "OBJECT") and layout.name in ("", "Title and Content"):
                _place(shape, BODY_BOX)
            elif name == "DATE":
                _place(shape, (MARGIN, FOOTER_Y, Inches(2.0), FOOTER_H))
            elif name == "FOOTER":
                _place(shape, (MARGIN, FOOTER_Y, WIDTH - 2 * MARGIN - Inches(1.6), FOOTER_H))
            elif name == "SLIDE_NUMBER":
                _place(shape, (WIDTH - MARGIN - Inches(1.5), FOOTER_Y, Inches(1.5), FOOTER_H))
            else:
                shape.left = Emu(int(shape.left * scale))
                shape.width = Emu(int(shape.width * scale))
    title_slide = next(lay for lay in prs.slide_layouts if lay.name == "Title Slide")
    for shape in title_slide.placeholders:
        if shape.placeholder_format.idx == 0:
            _place(shape, (MARGIN, Inches(1.9), WIDTH - 2 * MARGIN, Inches(1.6)))
        elif shape.placeholder_format.idx == 1:
            _place(shape, (MARGIN, Inches(3.7), WIDTH - 2 * MARGIN, Inches(2.6)))
    _master_styles(master)
    _theme(prs)
    # The footer shows on every slide: left-aligned project name, right-aligned slide number.
    for shape in master.placeholders:
        name = str(shape.placeholder_format.type)
        if "FOOTER" in name:
            # the list style, not a paragraph, decides how the slides' own footers align
            for props in shape.element.iter(pqn("a:lvl1pPr")):
                props.set("algn", "l")
        if "DATE" in name:
            shape.element.getparent().remove(shape.element)
    for layout in prs.slide_layouts:
        for shape in list(layout.placeholders):
            if "DATE" in str(shape.placeholder_format.type):
                shape.element.getparent().remove(shape.element)
    prs.core_properties.title = "sggen reference deck"
    prs.core_properties.author = "sggen"
    prs.save(str(path))


def _master_styles(master) -> None:
    """Set the master's title and body text: font, sizes per level, colours."""
    styles = master.element.find(pqn("p:txStyles"))
    title = styles.find(pqn("p:titleStyle")).find(pqn("a:lvl1pPr"))
    title.set("algn", "l")
    _run_props(title, size=3000, bold=True, colour=NAVY, font="+mj-lt")
    body = styles.find(pqn("p:bodyStyle"))
    for level, size in enumerate((2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600, 1600), 1):
        props = body.find(pqn(f"a:lvl{level}pPr"))
        if props is not None:
            _run_props(props, size=size, bold=False, colour="262626", font="+mn-lt")
    # A thin accent bar under the title, on every slide that uses the master's shapes.
    tree = master.shapes._spTree
    bar = copy.deepcopy(tree.xpath(".//p:sp")[0])
    for child in list(bar):
        tree_tag = etree.QName(child).localname
        if tree_tag == "txBody":
            bar.remove(child)
    nv = bar.find(pqn("p:nvSpPr"))
    nv.find(pqn("p:cNvPr")).set("id", "90")
    nv.find(pqn("p:cNvPr")).set("name", "Accent bar")
    ph = nv.find(pqn("p:nvPr")).find(pqn("p:ph"))
    if ph is not None:
        ph.getparent().remove(ph)
    sp_pr = bar.find(pqn("p:spPr"))
    for child in list(sp_pr):
        sp_pr.remove(child)
    sp_pr.append(etree.fromstring(
        f'<a:xfrm xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:off x="{int(MARGIN)}" y="{int(Inches(1.32))}"/>'
        f'<a:ext cx="{int(Inches(1.4))}" cy="{int(Inches(0.06))}"/></a:xfrm>'))
    sp_pr.append(etree.fromstring(
        '<a:prstGeom xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'prst="rect"><a:avLst/></a:prstGeom>'))
    sp_pr.append(etree.fromstring(
        f'<a:solidFill xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:srgbClr val="{ACCENT}"/></a:solidFill>'))
    sp_pr.append(etree.fromstring(
        '<a:ln xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:noFill/></a:ln>'))
    tree.append(bar)


def _run_props(level_props, *, size: int, bold: bool, colour: str, font: str) -> None:
    """Set a text level's size, weight, colour and theme font (+mj-lt or +mn-lt)."""
    rpr = level_props.find(pqn("a:defRPr"))
    rpr.set("sz", str(size))
    rpr.set("b", "1" if bold else "0")
    for child in list(rpr):
        if etree.QName(child).localname in ("solidFill", "latin"):
            rpr.remove(child)
    # schema order inside defRPr: line, fill, …, then the fonts
    fill = etree.Element(pqn("a:solidFill"))
    etree.SubElement(fill, pqn("a:srgbClr")).set("val", colour)
    rpr.insert(0 if rpr.find(pqn("a:ln")) is None else 1, fill)
    latin = etree.Element(pqn("a:latin"))
    latin.set("typeface", font)
    fonts = [c for c in rpr if etree.QName(c).localname in ("ea", "cs", "sym")]
    if fonts:
        fonts[0].addprevious(latin)
    else:
        fill.addnext(latin)


def _theme(prs) -> None:
    """Set the theme's colours and fonts."""
    part = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    root = etree.fromstring(part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for name, value in (("dk2", NAVY), ("accent1", ACCENT), ("accent2", "E07A10"),
                        ("accent3", "2E8B57"), ("accent4", GREY)):
        slot = root.find(f".//a:clrScheme/a:{name}", ns)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{ns['a']}}}srgbClr").set("val", value)
    for latin in root.findall(".//a:fontScheme//a:latin", ns):
        latin.set("typeface", FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# The guide's page: a text column of 60-75 characters a line (11.5 pt Carlito averages about
# 4.6 pt a character), the headings' numbers hanging to its left, where tables and drawings
# also start (the writer reads the hang from Heading 1's numbering).
BODY_PT = 11.5
AXIS, HANG, COLUMN = Cm(2.4), Cm(3.4), Cm(11.6)  # the outer margin, the hang, the column


def _docx(path: Path) -> None:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    section.left_margin = AXIS + HANG
    section.right_margin = Cm(21.0) - AXIS - HANG - COLUMN
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    # the body's spacing is the document's default rather than Normal's, so that a table
    # style's own spacing applies in its cells (a paragraph style outranks a table style)
    _default_spacing(doc, after=120, line=276)
    normal.paragraph_format.widow_control = True  # no line of a paragraph alone on a page
    _east_asia(normal)
    for name, size, colour in (("Title", 30, NAVY), ("Subtitle", 16, GREY),
                               ("Heading 1", 20, NAVY), ("Heading 2", 14, NAVY),
                               ("Heading 3", 12, ACCENT)):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), \
            RGBColor.from_string(colour)
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        _east_asia(style)
    for name, before, after in (("Heading 1", 0, 14), ("Heading 2", 16, 4), ("Heading 3", 10, 2)):
        layout = styles[name].paragraph_format
        layout.space_before, layout.space_after = Pt(before), Pt(after)
        layout.keep_with_next = layout.keep_together = True
    styles["Heading 1"].paragraph_format.page_break_before = True
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        # the entry's number hangs as the heading's does; its page stands at the column's end
        toc.paragraph_format.left_indent = Cm(0)
        toc.paragraph_format.first_line_indent = -HANG
        toc.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        toc.paragraph_format.space_after = Pt(0)
        toc.font.bold = level == 1
    for name in ("Cover Detail",):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size, style.font.color.rgb = Pt(13), RGBColor.from_string(GREY)
    _table_style(doc)
    _number_headings(doc)
    # The contents heading is based on Heading 1 but must not take a chapter number.
    styles["TOC Heading"].element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0
    header = section.header.paragraphs[0]
    header.style = styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)
        styles[name].font.color.rgb = RGBColor.from_string(GREY)
    doc.core_properties.title = "sggen reference guide"
    doc.core_properties.author = "sggen"
    doc.save(str(path))


TABLE_STYLE = "Guide Table"


def _table_style(doc) -> None:
    """Add the guide's table style: the same thin border on every cell edge, so that no row
    looks different from the next, and a navy header row in white bold."""
    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Normal Table"]
    element = style.element
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    for attr, value in (("w:before", "40"), ("w:after", "40"), ("w:line", "252"),
                        ("w:lineRule", "auto")):
        spacing.set(qn(attr), value)
    ppr.append(spacing)
    element.append(ppr)
    tbl = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                            ("w:color", "A6B4C4")):
            edge.set(qn(attr), value)
        borders.append(edge)
    tbl.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", "0"), ("left", "85"), ("bottom", "0"), ("right", "85")):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), value)
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl.append(margins)
    element.append(tbl)
    header = OxmlElement("w:tblStylePr")
    header.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "FFFFFF")
    rpr.append(colour)
    header.append(rpr)
    tcpr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", NAVY)):
        shading.set(qn(attr), value)
    tcpr.append(shading)
    header.append(tcpr)
    element.append(header)


def _default_spacing(doc, after: int, line: int) -> None:
    """Set the document's default paragraph spacing (twips after, line in 240ths)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    ppr = defaults.find(qn("w:pPrDefault"))
    if ppr is None:
        ppr = OxmlElement("w:pPrDefault")
        defaults.append(ppr)
    props = ppr.find(qn("w:pPr"))
    if props is None:
        props = OxmlElement("w:pPr")
        ppr.append(props)
    for old in props.findall(qn("w:spacing")):
        props.remove(old)
    spacing = OxmlElement("w:spacing")
    for attr, value in (("w:after", str(after)), ("w:line", str(line)), ("w:lineRule", "auto")):
        spacing.set(qn(attr), value)
    props.append(spacing)
    normal = doc.styles["Normal"].element.pPr
    if normal is not None:
        for old in normal.findall(qn("w:spacing")):
            normal.remove(old)


def _east_asia(style) -> None:
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _number_headings(doc) -> None:
    """Number Heading 1 and 2 as 1, 1.1 through one multi-level list, each number hanging to
    the left of the text column (Heading 3 is a label: not numbered)."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level in range(2):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"),
                           ("w:pStyle", f"Heading{level + 1}"),
                           ("w:lvlText", ".".join(f"%{i + 1}" for i in range(level + 1))),
                           ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "0")
        ind.set(qn("w:hanging"), str(int(HANG.twips)))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    for level in range(2):
        # get_or_add_* put each element where the schema's sequence wants it
        num_pr = doc.styles[f"Heading {level + 1}"].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = 90
    heading3 = doc.styles["Heading 3"].element.get_or_add_pPr()
    heading3.get_or_add_numPr().get_or_add_numId().val = 0


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else ROOT / "templates"
    written = []
    # --docx or --pptx writes just one of them (the other may be someone else's change)
    if "--docx" not in sys.argv:
        _pptx(folder / "reference.pptx")
        written.append(folder / "reference.pptx")
    if "--pptx" not in sys.argv:
        _docx(folder / "reference.docx")
        written.append(folder / "reference.docx")
    print("wrote " + " and ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
