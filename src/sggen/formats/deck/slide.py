"""One slide's XML: the page being written (shape ids, names, hyperlinks), its text — runs,
paragraphs, text frames — and the shapes everything is drawn with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sggen.document import Run
from sggen.formats.deck.reference import NS, Placeholder
from sggen.formats.ooxml import drawing
from sggen.formats.ooxml.units import emu, mark_size, run_size
from sggen.formats.ooxml.xml import Xml, el, join
from sggen.layout import metrics
from sggen.layout import text as texts
from sggen.layout.boxes import Line, TextBox

NSDECLS = {f"xmlns:{k}": v for k, v in NS.items()}
TEXT_PLACEHOLDERS = {"title", "ctrTitle", "subTitle", "body", "obj"}
# A placeholder's name on a slide (and on a notes slide, where a body holds the notes).
PH_NAMES = {"clipArt": "ClipArt Placeholder", "body": "Text Placeholder", "ctrTitle": "Title",
            "chart": "Chart Placeholder", "dt": "Date Placeholder",
            "ftr": "Footer Placeholder", "hdr": "Header Placeholder",
            "media": "Media Placeholder", "obj": "Content Placeholder",
            "dgm": "SmartArt Placeholder", "pic": "Picture Placeholder",
            "sldImg": "Slide Image Placeholder", "sldNum": "Slide Number Placeholder",
            "subTitle": "Subtitle", "tbl": "Table Placeholder", "title": "Title"}
NOTES_NAMES = {**PH_NAMES, "body": "Notes Placeholder"}
_KINDS = {"rect": "Rectangle", "roundRect": "Rounded Rectangle", "diamond": "Diamond"}
LINKS = ("mailto:", "http://", "https://")  # the addresses a run may link to


def _style(line: int, fill: int, effect: int, font: str) -> Xml:
    """Return a shape's style: references into the theme's line, fill, effect and font."""
    accent = el("a:schemeClr", {"val": "accent1"})
    return el("p:style", None, el("a:lnRef", {"idx": line}, accent),
              el("a:fillRef", {"idx": fill}, accent), el("a:effectRef", {"idx": effect}, accent),
              el("a:fontRef", {"idx": "minor"}, el("a:schemeClr", {"val": font})))


SHAPE_STYLE = _style(1, 3, 2, "lt1")
LINE_STYLE = _style(2, 0, 1, "tx1")
LIST_STYLE = el("a:lstStyle")
EMPTY = el("a:p")
TREE_START = el("p:nvGrpSpPr", None, el("p:cNvPr", {"id": 1, "name": ""}), el("p:cNvGrpSpPr"),
                el("p:nvPr"))
NEW_SHAPE = {"rtlCol": "0", "anchor": "ctr"}  # a new autoshape's text: centred


class Page:
    """A slide being written: its shapes in order, shape ids, names and hyperlinks."""

    def __init__(self, lang: str, title: str = "") -> None:
        self.lang = lang
        self.last_id = 1
        self.names: set[str] = set()
        self.links: list[str] = []
        self.shapes: list[Xml] = []
        self.title = title  # what a drawn shape without text of its own is described by
        self.extents: list[list[int]] = []  # of the shapes drawn into the current group

    def extent(self, box: list[int]) -> None:
        """Note a drawn shape's (x, y, cx, cy): a group is sized to hold its shapes."""
        self.extents.append(box)

    def next_id(self) -> int:
        """Return the next shape id."""
        self.last_id += 1
        return self.last_id

    def link(self, url: str) -> str:
        """Return the relationship id of a hyperlink (one per address)."""
        if url not in self.links:
            self.links.append(url)
        return f"rId{self.links.index(url) + 2}"  # rId1 is the layout


# --- text ------------------------------------------------------------------------------------


@dataclass
class Para:
    """A paragraph to write: its runs at `size`, its properties (alignment, level, indents),
    the space before it, its bullet and its text colour (a theme slot)."""

    runs: list[Run]
    size: float
    props: dict[str, object] = field(default_factory=dict)
    before: float = 0.0
    bullet: Xml = Xml("")
    colour: str = ""


def t(value: str) -> Xml:
    """Return a run's text element."""
    return el("a:t", None, value) if value else el("a:t")


def run(page: Page, part: Run, size: float, colour: str = "") -> Xml:
    """Return a run of `part`'s text (one line of it) at `size`, in `colour`, linked when it
    links to an address a deck may open."""
    inner = [drawing.fill(colour)] if colour else []
    if part.link.startswith(LINKS):
        inner.append(el("a:hlinkClick", {"r:id": page.link(part.link)}))
    props = {"sz": run_size(size), "b": "1" if part.bold else None,
             "i": "1" if part.italic else None, "lang": page.lang}
    return el("a:r", None, el("a:rPr", props, *inner), t(part.text))


def spacing(before: float) -> Xml:
    """Return single line spacing and the space before, as fit measured them."""
    return join((el("a:lnSpc", None, el("a:spcPct", {"val": 100000})),
                 el("a:spcBef", None, el("a:spcPts", {"val": int(round(before * 100))})),
                 el("a:spcAft", None, el("a:spcPts", {"val": 0}))))


def paragraph(page: Page, para: Para) -> tuple[Xml, str]:
    """Return a paragraph's XML (its properties, spacing, bullet, the runs and the end mark
    at its size) and its text, as a screen reader is given it."""
    pieces, said = [], []
    for part in para.runs:
        for k, piece in enumerate(part.text.split("\n")):
            if k:
                pieces.append(el("a:br"))
                said.append("\v")
            if piece:
                pieces.append(run(page, Run(piece, part.bold, part.italic, part.link),
                                  para.size, para.colour))
                said.append(piece)
    # An empty paragraph still has a height: that of its end mark, which must be ours too.
    end = el("a:endParaRPr", {"sz": mark_size(para.size), "lang": page.lang})
    props = el("a:pPr", para.props, spacing(para.before), *([para.bullet] if para.bullet else []))
    return el("a:p", None, props, *pieces, end), "".join(said)


def paragraphs(page: Page, paras: list[Para]) -> tuple[Xml, str]:
    """Return paragraphs' XML, and their text a line each."""
    written = [paragraph(page, p) for p in paras]
    return join(x for x, _ in written), "\n".join(s for _, s in written)


def bullet(line: Line, start: int = 0) -> tuple[dict[str, object], Xml]:
    """Return the paragraph's indent properties and bullet element, as fit measured them."""
    props = {"marL": emu(texts.line_indent(line)),
             "indent": emu(-texts.BULLET_INDENT) if line.bullet else 0}
    if not line.bullet:
        return props, el("a:buNone")
    if line.bullet[0].isdigit():
        return props, el("a:buAutoNum", {"type": "arabicPeriod", "startAt": start or None})
    return props, el("a:buChar", {"char": line.bullet})


def body(initial: dict[str, str], anchor: str = "", inset_x: float = metrics.INSET_X,
         inset_y: float = metrics.INSET_Y) -> Xml:
    """Return a bodyPr set to what fit measured: wrapping, fixed size, the insets and the
    anchor, over the `initial` attributes of a new shape's text (kept in their place)."""
    attrs: dict[str, object] = {**initial, "wrap": "square"}
    for key, value, default in (("lIns", inset_x, 91440), ("rIns", inset_x, 91440),
                                ("tIns", inset_y, 45720), ("bIns", inset_y, 45720)):
        if emu(value) != default:  # an inset that is the default is left out
            attrs[key] = emu(value)
    if anchor:
        attrs["anchor"] = anchor
    return el("a:bodyPr", attrs, el("a:noAutofit"))


def text_frame(page: Page, box: TextBox) -> Xml:
    """Return the text frame of a text box: fixed, wrapping, its lines and bullets."""
    out = [body({}, "t"), LIST_STYLE]
    numbered = False
    for line in box.lines:
        # A numbered list continued from the previous slide goes on counting.
        start = line.number if line.number > 1 and not numbered and line.bullet else 0
        numbered = numbered or bool(line.number and line.bullet)
        props, mark = bullet(line, start)
        level = {"lvl": line.level} if line.level else {}
        out.append(paragraph(page, Para(line.runs, box.size, {**level, **props},
                                        line.space_before, mark))[0])
    if not box.lines:
        out.append(EMPTY)
    return join(out)


def frame_text(box: TextBox) -> str:
    """Return what a text box says, a paragraph a line."""
    return "\n".join("".join(r.text.replace("\n", "\v") for r in line.runs)
                     for line in box.lines)


# --- shapes ----------------------------------------------------------------------------------


@dataclass
class Shape:
    """An autoshape to draw: its preset geometry and box (points), fill, outline, text body
    and what it says; `corner` rounds a rounded rectangle's corners."""

    preset: str
    box: tuple[float, float, float, float]
    fill: Xml
    line: Xml
    body: Xml
    text: str
    corner: float | None = None


def describe(text: str, fallback: str) -> str:
    """Return a shape's alternative text: its own text, or else the slide's title."""
    return " ".join(text.split()) or fallback


def xfrm(x: float, y: float, w: float, h: float) -> Xml:
    """Return a shape's position and size, points given."""
    return drawing.xfrm(emu(x), emu(y), emu(w), emu(h))


def textbox(page: Page, box: tuple[float, float, float, float], frame: Xml, said: str) -> Xml:
    """Return a text box at `box` holding the text frame `frame`, described by what it says."""
    shape_id = page.next_id()
    page.extent([emu(v) for v in box])
    return el("p:sp", None, el("p:nvSpPr", None, el("p:cNvPr", {
        "id": shape_id, "name": f"TextBox {shape_id - 1}",
        "descr": describe(said, page.title)}), el("p:cNvSpPr", {"txBox": "1"}), el("p:nvPr")),
        el("p:spPr", None, xfrm(*box), drawing.geometry("rect"), drawing.NO_FILL),
        el("p:txBody", None, frame))


def autoshape(page: Page, shape: Shape) -> Xml:
    """Return an autoshape: its geometry, fill, outline and text."""
    shape_id = page.next_id()
    page.extent([emu(v) for v in shape.box])
    return el("p:sp", None, el("p:nvSpPr", None, el("p:cNvPr", {
        "id": shape_id, "name": f"{_KINDS[shape.preset]} {shape_id - 1}",
        "descr": describe(shape.text, page.title)}), el("p:cNvSpPr"), el("p:nvPr")),
        el("p:spPr", None, xfrm(*shape.box), drawing.geometry(shape.preset, shape.corner),
           shape.fill, shape.line, drawing.EFFECTS),
        SHAPE_STYLE, el("p:txBody", None, shape.body))


def connector(page: Page, x1: float, y1: float, x2: float, y2: float, line: Xml) -> Xml:
    """Return a straight line, written as a plain shape marked decorative: none is glued to a
    box, and LibreOffice's tagged PDF keeps a shape's description but drops a connector's."""
    shape_id = page.next_id()
    bx, by, ex, ey = (emu(v) for v in (x1, y1, x2, y2))
    x, y, cx, cy = min(bx, ex), min(by, ey), abs(ex - bx), abs(ey - by)
    page.extent([x, y, cx, cy])
    return el("p:sp", None, el("p:nvSpPr", None, el("p:cNvPr", {
        "id": shape_id, "name": f"Connector {shape_id - 1}", "descr": page.title},
        drawing.decorative()), el("p:cNvSpPr"), el("p:nvPr")),
        el("p:spPr", None, drawing.xfrm(x, y, cx, cy, bx > ex, by > ey),
           drawing.geometry("line"), line), LINE_STYLE)


def group(page: Page, description: str, draw, item) -> Xml:
    """Return a group of the shapes `draw` makes of `item`, sized to hold them all."""
    shape_id = page.next_id()
    outer = page.extents
    page.extents = []
    children = draw(page, item)
    inner, page.extents = page.extents, outer
    if inner:
        x, y = min(e[0] for e in inner), min(e[1] for e in inner)
        cx = max(e[0] + e[2] for e in inner) - x
        cy = max(e[1] + e[3] for e in inner) - y
    else:
        x = y = cx = cy = 0
    page.extent([x, y, cx, cy])
    return el("p:grpSp", None, el("p:nvGrpSpPr", None, el("p:cNvPr", {
        "id": shape_id, "name": f"Group {shape_id - 1}", "descr": description}),
        el("p:cNvGrpSpPr"), el("p:nvPr")),
        el("p:grpSpPr", None, el("a:xfrm", None, el("a:off", {"x": x, "y": y}),
                                 el("a:ext", {"cx": cx, "cy": cy}),
                                 el("a:chOff", {"x": x, "y": y}),
                                 el("a:chExt", {"cx": cx, "cy": cy}))), *children)


def unique(base: str, shape_id: int, orient: str, names: set[str]) -> str:
    """Return a placeholder's name: its kind and number, unique on the slide."""
    if orient == "vert":
        base = f"Vertical {base}"
    number = shape_id - 1
    while f"{base} {number}" in names:
        number += 1
    names.add(f"{base} {number}")
    return f"{base} {number}"


def ph_props(shape_id: int, name: str, ph: Placeholder) -> Xml:
    """Return a placeholder's non-visual properties: its id, name and what it stands for."""
    attrs = {k: v for k, v, default in (("type", ph.type, "obj"), ("idx", ph.idx, 0),
                                        ("orient", ph.orient, "horz"), ("sz", ph.sz, "full"))
             if v != default}
    return el("p:nvSpPr", None, el("p:cNvPr", {"id": shape_id, "name": name}),
              el("p:cNvSpPr", None, el("a:spLocks", {"noGrp": "1"})),
              el("p:nvPr", None, el("p:ph", attrs)))


def plain_paragraph(text: str, lang: str) -> Xml:
    """Return a paragraph of plain text (a line of the notes), its line breaks kept."""
    pieces = []
    for k, piece in enumerate(re.split("\n|\v", text)):
        if k:
            pieces.append(el("a:br"))
        if piece:
            pieces.append(el("a:r", None, el("a:rPr", {"lang": lang}), t(piece)))
    return el("a:p", None, *pieces)
