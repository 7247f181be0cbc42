"""The organisation chart as a Word drawing: one inline group of DrawingML shapes, laid out
by the same code as the slide's chart, in the reference document's theme colours.

Both guide writers put the element this returns into a run, so the drawing cannot differ
between them. The group carries the chart's hierarchy in words as its alternative text.
"""

from __future__ import annotations

from lxml import etree

from sggen.document import Run
from sggen.layout.boxes import Chart
from sggen.layout.chart import CORNER
from sggen.layout.metrics import INSET_X, INSET_Y, wrap

EMU = 12700  # per point
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPG = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # Office's "mark as decorative"

# Theme slots as Word names them on a run, and as the theme part names them.
TEXT_SLOTS = {"text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2"}
FRAME_TINT = (0.10, 0.90)  # a frame: accent 1 lightened (lumMod, lumOff), as on the slides
STROKE = 1.25  # points


def palette(theme: bytes | None) -> dict[str, str]:
    """Return the theme's colours by slot (dk1, lt1, dk2, accent1 …) as RRGGBB, from the
    theme part's bytes; Office's defaults stand in for what it lacks."""
    found = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "1F497D", "lt2": "EEECE1",
             "accent1": "4F81BD"}
    if theme:
        scheme = etree.fromstring(theme).find(f".//{{{A}}}clrScheme")
        for slot in scheme if scheme is not None else ():
            colour = next(iter(slot), None)
            value = None if colour is None else colour.get("lastClr") or colour.get("val")
            if value and len(value) == 6:
                found[etree.QName(slot).localname] = value.upper()
    return found


def orgchart(chart: Chart, colours: dict[str, str], shape_id: int, title: str,
             locale: str) -> etree._Element:
    """Return a <w:drawing> holding `chart` (laid out from 0,0 in points) as one group, its
    texts tagged with the language `locale`."""
    left = min([b.x for b in chart.boxes] + [f.x for f in chart.frames] + [0.0])
    top = min([b.y for b in chart.boxes] + [f.y for f in chart.frames] + [0.0])
    right = max([b.x + b.w for b in chart.boxes] + [f.x + f.w for f in chart.frames] + [1.0])
    bottom = max([b.y + b.h for b in chart.boxes] + [f.y + f.h for f in chart.frames] + [1.0])
    width, height = _emu(right - left + STROKE), _emu(bottom - top + STROKE)

    drawing = etree.Element(f"{{{W}}}drawing", nsmap={"w": W, "wp": WP, "a": A})
    inline = _sub(drawing, WP, "inline", distT="0", distB="0", distL="0", distR="0")
    _sub(inline, WP, "extent", cx=str(width), cy=str(height))
    _sub(inline, WP, "effectExtent", l="0", t="0", r="0", b="0")
    _sub(inline, WP, "docPr", id=str(shape_id), name=title, descr=" ".join(
        chart.description.split()), title=title)
    _sub(inline, WP, "cNvGraphicFramePr")
    data = _sub(_sub(inline, A, "graphic"), A, "graphicData", uri=WPG)
    group = etree.SubElement(data, f"{{{WPG}}}wgp", nsmap={"wpg": WPG, "wps": WPS})
    _sub(group, WPG, "cNvGrpSpPr")
    xfrm = _sub(_sub(group, WPG, "grpSpPr"), A, "xfrm")
    for offset, extent in (("off", "ext"), ("chOff", "chExt")):  # the group's own units: EMU
        _sub(xfrm, A, offset, x="0", y="0")
        _sub(xfrm, A, extent, cx=str(width), cy=str(height))

    def place(x: float, y: float) -> tuple[float, float]:
        return x - left + STROKE / 2, y - top + STROKE / 2

    ids = iter(range(shape_id + 1, shape_id + 10_000))
    for frame in chart.frames:
        shape = _shape(group, next(ids), frame.title, "rect", *place(frame.x, frame.y),
                       frame.w, frame.h)
        properties = shape.find(f"{{{WPS}}}spPr")
        _fill(properties, "accent1", FRAME_TINT)
        _line(properties, "accent1", 1.0)
        _text(shape, [(frame.title, frame.size, True)], "text2", colours, "t", "left",
              frame.w, locale)
    for link in chart.connectors:
        (x1, y1), (x2, y2) = place(link.x1, link.y1), place(link.x2, link.y2)
        # a line is described by the chart's name: LibreOffice's tagged PDF makes every
        # shape a figure and reads neither the group's description nor the decorative mark
        shape = _shape(group, next(ids), title, "line", min(x1, x2), min(y1, y2),
                       abs(x2 - x1), abs(y2 - y1), flip_h=x2 < x1, flip_v=y2 < y1)
        _line(shape.find(f"{{{WPS}}}spPr"), "tx2", STROKE, dashed=link.dashed)
        _decorative(shape)
        _sub(shape, WPS, "bodyPr")
    for box in chart.boxes:
        said = " – ".join([box.role, *box.lines])
        shape = _shape(group, next(ids), said, "roundRect", *place(box.x, box.y), box.w,
                       box.h, corner=CORNER)
        properties = shape.find(f"{{{WPS}}}spPr")
        _fill(properties, "bg1" if box.side else "tx2")
        _line(properties, "tx2", STROKE, dashed=box.side)
        lines = [(box.role, box.size, True), *((t, box.line_size or box.size, False)
                                                for t in box.lines)]
        _text(shape, lines, "text2" if box.side else "background1", colours, "ctr", "center",
              box.w, locale)
    return drawing


def _shape(group, number: int, said: str, geometry: str, x: float, y: float, w: float,
           h: float, corner: float = 0.0, flip_h: bool = False, flip_v: bool = False):
    shape = _sub(group, WPS, "wsp")
    _sub(shape, WPS, "cNvPr", id=str(number), name=f"{geometry} {number}",
         descr=" ".join(said.split()))
    _sub(shape, WPS, "cNvSpPr")
    properties = _sub(shape, WPS, "spPr")
    xfrm = _sub(properties, A, "xfrm", **{k: "1" for k, on in (("flipH", flip_h),
                                                                ("flipV", flip_v)) if on})
    _sub(xfrm, A, "off", x=str(_emu(x)), y=str(_emu(y)))
    _sub(xfrm, A, "ext", cx=str(_emu(w)), cy=str(_emu(h)))
    shapes = _sub(_sub(properties, A, "prstGeom", prst=geometry), A, "avLst")
    if corner:
        _sub(shapes, A, "gd", name="adj", fmla=f"val {int(corner * 100000)}")
    return shape


def _fill(properties, slot: str, tint: tuple[float, float] | None = None) -> None:
    colour = _sub(_sub(properties, A, "solidFill"), A, "schemeClr", val=slot)
    for tag, value in zip(("lumMod", "lumOff"), tint or (), strict=False):
        _sub(colour, A, tag, val=str(int(value * 100000)))


def _line(properties, slot: str, width: float, dashed: bool = False) -> None:
    line = _sub(properties, A, "ln", w=str(_emu(width)))
    _sub(_sub(line, A, "solidFill"), A, "schemeClr", val=slot)
    if dashed:
        _sub(line, A, "prstDash", val="dash")


def _text(shape, lines: list[tuple[str, float, bool]], ink: str, colours: dict[str, str],
          anchor: str, align: str, width: float, locale: str) -> None:
    """Give a shape its text: one paragraph a line, in the theme colour `ink` (Word keeps
    the slot, other programs the colour it stands for)."""
    content = _sub(_sub(shape, WPS, "txbx"), W, "txbxContent")
    inner = width - 2 * INSET_X
    for text, size, bold in lines:
        # one paragraph per wrapped line, so every program breaks where the layout measured
        for start, end in wrap([Run(text, bold=bold)], inner, size):
            paragraph = _sub(content, W, "p")
            style = _sub(paragraph, W, "pPr")
            _sub(style, W, "spacing", **{f"{{{W}}}before": "0", f"{{{W}}}after": "0",
                                         f"{{{W}}}line": "240", f"{{{W}}}lineRule": "auto"})
            _sub(style, W, "jc", **{f"{{{W}}}val": align})
            run = _sub(paragraph, W, "r")
            props = _sub(run, W, "rPr")
            if bold:
                _sub(props, W, "b")
            _sub(props, W, "color", **{f"{{{W}}}val": colours[TEXT_SLOTS[ink]],
                                       f"{{{W}}}themeColor": ink})
            half_points = str(int(round(size * 2)))
            _sub(props, W, "sz", **{f"{{{W}}}val": half_points})
            _sub(props, W, "szCs", **{f"{{{W}}}val": half_points})
            _sub(props, W, "lang", **{f"{{{W}}}val": locale})
            piece = _sub(run, W, "t")
            piece.text = text[start:end].strip()
    _sub(shape, WPS, "bodyPr", rot="0", vert="horz", wrap="square", lIns=str(_emu(INSET_X)),
         tIns=str(_emu(INSET_Y)), rIns=str(_emu(INSET_X)), bIns=str(_emu(INSET_Y)),
         anchor=anchor)


def _decorative(shape) -> None:
    """Mark a connecting line as decorative: a screen reader skips it."""
    props = shape.find(f"{{{WPS}}}cNvPr")
    ext = _sub(_sub(props, A, "extLst"), A, "ext", uri=DECORATIVE)
    etree.SubElement(ext, f"{{{ADEC}}}decorative", nsmap={"adec": ADEC}).set("val", "1")


def _sub(parent, namespace: str, tag: str, **attributes: str):
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    for name, value in attributes.items():
        element.set(name, value)
    return element


def _emu(points: float) -> int:
    return int(round(points * EMU))
