"""One slide's XML: the page being written (shape ids, names, hyperlinks), its text — runs,
paragraphs, text frames — and the shapes everything is drawn with."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from sggen.document import Run
from sggen.formats.deck.reference import NS, Placeholder
from sggen.formats.ooxml import drawing
from sggen.formats.ooxml.units import emu, mark_size, run_size
from sggen.formats.ooxml.xml import Template, Xml, el, join
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
_KINDS = {"rect": "Rectangle", "roundRect": "Rounded Rectangle", "diamond": "Diamond",
          "ellipse": "Oval"}
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


class Para:
    """A paragraph to write: its runs at `size`, its properties (alignment, level, indents),
    the space before it, its bullet and its text colour (a theme slot)."""

    # plain classes, not dataclasses: defining one costs a millisecond on every deck's path
    __slots__ = ("runs", "size", "props", "before", "bullet", "colour")

    def __init__(self, runs: list[Run], size: float, props: dict[str, object] | None = None,
                 before: float = 0.0, bullet: Xml = Xml(""), colour: str = "") -> None:
        self.runs, self.size, self.props = runs, size, props or {}
        self.before, self.bullet, self.colour = before, bullet, colour


def t(value: str) -> Xml:
    """Return a run's text element."""
    return el("a:t", None, value) if value else el("a:t")


@functools.lru_cache(maxsize=1024)  # a deck's runs share a few formattings
def _props(size: float, bold: bool, italic: bool, lang: str, colour: str, link: str) -> Xml:
    inner = [drawing.fill(colour)] if colour else []
    if link:
        inner.append(el("a:hlinkClick", {"r:id": link}))
    return el("a:rPr", {"sz": run_size(size), "b": "1" if bold else None,
                        "i": "1" if italic else None, "lang": lang}, *inner)


_RUN = Template("<a:r>{}<a:t>{}</a:t></a:r>")
_P = Template("<a:p>{}{}{}</a:p>")


def run(page: Page, part: Run, size: float, colour: str = "", piece: str | None = None) -> Xml:
    """Return a run of `part`'s text (or of `piece`, one line of it) at `size`, in `colour`,
    linked when it links to an address a deck may open."""
    link = page.link(part.link) if part.link.startswith(LINKS) else ""
    return _RUN(_props(size, part.bold, part.italic, page.lang, colour, link),
                part.text if piece is None else piece)


@functools.lru_cache(maxsize=256)
def _end(size: float, lang: str) -> Xml:
    return el("a:endParaRPr", {"sz": mark_size(size), "lang": lang})


@functools.lru_cache(maxsize=256)
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
                pieces.append(run(page, part, para.size, para.colour, piece))
                said.append(piece)
    # An empty paragraph still has a height: that of its end mark, which must be ours too.
    props = _ppr(tuple(para.props.items()), para.before, para.bullet)
    return _P(props, join(pieces), _end(para.size, page.lang)), "".join(said)


@functools.lru_cache(maxsize=1024)  # the same few paragraph formats, over and over
def _ppr(props: tuple[tuple[str, object], ...], before: float, mark: Xml) -> Xml:
    return el("a:pPr", dict(props), spacing(before), *([mark] if mark else []))


def paragraphs(page: Page, paras: list[Para]) -> tuple[Xml, str]:
    """Return paragraphs' XML, and their text a line each."""
    written = [paragraph(page, p) for p in paras]
    return join(x for x, _ in written), "\n".join(s for _, s in written)


def bullet(line: Line, start: int = 0) -> tuple[dict[str, object], Xml]:
    """Return the paragraph's indent properties and bullet element, as fit measured them."""
    props = {"marL": emu(texts.line_indent(line)),
             "indent": emu(-texts.BULLET_INDENT) if line.bullet else 0}
    return props, _mark(line.bullet, start)


@functools.lru_cache(maxsize=256)
def _mark(mark: str, start: int) -> Xml:
    if not mark:
        return el("a:buNone")
    if mark[0].isdigit():
        return el("a:buAutoNum", {"type": "arabicPeriod", "startAt": start or None})
    return el("a:buChar", {"char": mark})


def body(initial: dict[str, str], anchor: str = "", inset_x: float = metrics.INSET_X,
         inset_y: float = metrics.INSET_Y) -> Xml:
    """Return a bodyPr set to what fit measured: wrapping, fixed size, the insets and the
    anchor, over the `initial` attributes of a new shape's text (kept in their place)."""
    return _body(tuple(initial.items()), anchor, inset_x, inset_y)


@functools.lru_cache(maxsize=256)
def _body(initial: tuple[tuple[str, str], ...], anchor: str, inset_x: float,
          inset_y: float) -> Xml:
    attrs: dict[str, object] = {**dict(initial), "wrap": "square"}
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


class Shape(NamedTuple):
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


_TEXTBOX = Template('<p:sp><p:nvSpPr><p:cNvPr id="{}" name="{}" descr="{}"/>'
                    '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{}',
                    drawing.geometry("rect"), drawing.NO_FILL,
                    "</p:spPr><p:txBody>{}</p:txBody></p:sp>")
_AUTOSHAPE = Template('<p:sp><p:nvSpPr><p:cNvPr id="{}" name="{}" descr="{}"/><p:cNvSpPr/>'
                      "<p:nvPr/></p:nvSpPr><p:spPr>{}{}{}{}", drawing.EFFECTS, "</p:spPr>",
                      SHAPE_STYLE, "<p:txBody>{}</p:txBody></p:sp>")


_CONNECTOR = Template('<p:sp><p:nvSpPr><p:cNvPr id="{}" name="{}" descr="{}">',
                      drawing.decorative(), "</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
                      "<p:spPr>{}", drawing.geometry("line"), "{}</p:spPr>", LINE_STYLE,
                      "</p:sp>")
_GROUP = Template('<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{}" name="{}" descr="{}"/>'
                  "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>"
                  '<a:off x="{}" y="{}"/><a:ext cx="{}" cy="{}"/><a:chOff x="{}" y="{}"/>'
                  '<a:chExt cx="{}" cy="{}"/></a:xfrm></p:grpSpPr>{}</p:grpSp>')


def textbox(page: Page, box: tuple[float, float, float, float], frame: Xml, said: str) -> Xml:
    """Return a text box at `box` holding the text frame `frame`, described by what it says."""
    shape_id = page.next_id()
    page.extent([emu(v) for v in box])
    return _TEXTBOX(shape_id, f"TextBox {shape_id - 1}", describe(said, page.title), xfrm(*box),
                    frame)


def autoshape(page: Page, shape: Shape) -> Xml:
    """Return an autoshape: its geometry, fill, outline and text."""
    shape_id = page.next_id()
    page.extent([emu(v) for v in shape.box])
    return _AUTOSHAPE(shape_id, f"{_KINDS[shape.preset]} {shape_id - 1}",
                      describe(shape.text, page.title), xfrm(*shape.box),
                      drawing.geometry(shape.preset, shape.corner), shape.fill, shape.line,
                      shape.body)


def connector(page: Page, x1: float, y1: float, x2: float, y2: float, line: Xml) -> Xml:
    """Return a straight line, written as a plain shape marked decorative: none is glued to a
    box, and LibreOffice's tagged PDF keeps a shape's description but drops a connector's."""
    shape_id = page.next_id()
    bx, by, ex, ey = (emu(v) for v in (x1, y1, x2, y2))
    x, y, cx, cy = min(bx, ex), min(by, ey), abs(ex - bx), abs(ey - by)
    page.extent([x, y, cx, cy])
    return _CONNECTOR(shape_id, f"Connector {shape_id - 1}", page.title,
                      drawing.xfrm(x, y, cx, cy, bx > ex, by > ey), line)


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
    return _GROUP(shape_id, f"Group {shape_id - 1}", description, x, y, cx, cy, x, y, cx, cy,
                  join(children))


def unique(base: str, shape_id: int, orient: str, names: set[str]) -> str:
    """Return a placeholder's name: its kind and number, unique on the slide."""
    if orient == "vert":
        base = f"Vertical {base}"
    number = shape_id - 1
    while f"{base} {number}" in names:
        number += 1
    names.add(f"{base} {number}")
    return f"{base} {number}"


@functools.lru_cache(maxsize=1024)  # every slide of a layout has the same placeholders
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
