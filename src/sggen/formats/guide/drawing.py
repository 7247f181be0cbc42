"""The organisation chart as a Word drawing: one inline group of DrawingML shapes, laid out
by the same code as the slide's chart, in the reference document's theme colours.

The group carries the chart's hierarchy in words as its alternative text.
"""

from __future__ import annotations

from sggen.document import Run
from sggen.formats.ooxml import drawing
from sggen.formats.ooxml.units import FRAME_TINT, nearest_emu
from sggen.formats.ooxml.xml import Template, Xml, el
from sggen.layout.boxes import Chart
from sggen.layout.chart import CORNER
from sggen.layout.metrics import INSET_X, INSET_Y, wrap

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": drawing.A,
      "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
      "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"}
# Theme slots as Word names them on a run, and as the theme part names them.
TEXT_SLOTS = {"text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2"}
STROKE = 1.25  # points
_LINE = Template("<w:p>{}<w:r>{}<w:t>{}</w:t></w:r></w:p>")


def _declare(prefixes: tuple[str, ...], declared: dict) -> dict[str, str]:
    """Return the namespace declarations of `prefixes` the main part's root lacks."""
    return {f"xmlns:{p}": NS[p] for p in prefixes if declared.get(p) != NS[p]}


class _Chart:
    """The chart being drawn: its offset (so that it starts at 0, 0), shape ids, colours."""

    def __init__(self, chart: Chart, colours: dict[str, str], first_id: int, locale: str):
        self.left, self.top, right, bottom = chart.bounds()
        self.size = (nearest_emu(right - self.left + STROKE),
                     nearest_emu(bottom - self.top + STROKE))
        self.colours = colours
        self.ids = iter(range(first_id + 1, first_id + 10_000))
        self.locale = locale

    def place(self, x: float, y: float) -> tuple[float, float]:
        """Return a chart position as one in the drawing (the stroke stays inside it)."""
        return x - self.left + STROKE / 2, y - self.top + STROKE / 2

    def shape(self, preset: str, box: tuple[float, float, float, float], paint: tuple[Xml, ...],
              corner: float = 0.0, flips: tuple[bool, bool] = (False, False)) -> tuple[int, Xml]:
        """Return a new shape's id and its properties: place, geometry, then `paint` (its
        fill and outline)."""
        number = next(self.ids)
        x, y, w, h = (nearest_emu(v) for v in box)
        return number, el("wps:spPr", None, drawing.xfrm(x, y, w, h, *flips),
                          drawing.geometry(preset, corner or None), *paint)

    def text(self, lines: list[tuple[str, float, bool]], ink: str, align: str,
             width: float) -> Xml:
        """Return a shape's text, one paragraph per wrapped line (so every program breaks
        where the layout measured), in the theme colour `ink` (Word keeps the slot, other
        programs the colour it stands for)."""
        paragraphs = []
        spacing = el("w:pPr", None, el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240,
                                                      "w:lineRule": "auto"}),
                     el("w:jc", {"w:val": align}))
        for text, size, bold in lines:
            half_points = int(round(size * 2))
            props = el("w:rPr", None, *((el("w:b"),) if bold else ()), el("w:color", {
                "w:val": self.colours[TEXT_SLOTS[ink]], "w:themeColor": ink}),
                el("w:sz", {"w:val": half_points}), el("w:szCs", {"w:val": half_points}),
                el("w:lang", {"w:val": self.locale}))
            for start, end in wrap([Run(text, bold=bold)], width - 2 * INSET_X, size):
                paragraphs.append(_LINE(spacing, props, text[start:end].strip()))
        return el("wps:txbx", None, el("w:txbxContent", None, *paragraphs))


def _body(anchor: str) -> Xml:
    inset_x, inset_y = nearest_emu(INSET_X), nearest_emu(INSET_Y)
    return el("wps:bodyPr", {"rot": 0, "vert": "horz", "wrap": "square", "lIns": inset_x,
                             "tIns": inset_y, "rIns": inset_x, "bIns": inset_y,
                             "anchor": anchor})


def _wsp(number: int, preset: str, said: str, *inner: Xml) -> Xml:
    return el("wps:wsp", None, el("wps:cNvPr", {"id": number, "name": f"{preset} {number}",
                                                "descr": " ".join(said.split())}),
              el("wps:cNvSpPr"), *inner)


def orgchart(chart: Chart, colours: dict[str, str], shape_id: int, title: str, locale: str,
             declared: dict) -> Xml:
    """Return a <w:drawing> holding `chart` (laid out from 0,0 in points) as one group, its
    texts tagged with the language `locale`; `declared`: the namespaces the part declares."""
    art = _Chart(chart, colours, shape_id, locale)
    shapes = []
    for frame in chart.frames:
        number, props = art.shape("rect", (*art.place(frame.x, frame.y), frame.w, frame.h),
                                  (drawing.fill("accent1", FRAME_TINT),
                                   drawing.line("accent1", 1.0)))
        shapes.append(_wsp(number, "rect", frame.title, props,
                           art.text([(frame.title, frame.size, True)], "text2", "left", frame.w),
                           _body("t")))
    for link in chart.connectors:
        (x1, y1), (x2, y2) = art.place(link.x1, link.y1), art.place(link.x2, link.y2)
        # a line is described by the chart's name: LibreOffice's tagged PDF makes every
        # shape a figure and reads neither the group's description nor the decorative mark
        number, props = art.shape("line", (min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)),
                                  (drawing.line("tx2", STROKE, link.dashed),),
                                  flips=(x2 < x1, y2 < y1))
        shapes.append(el("wps:wsp", None, el(
            "wps:cNvPr", {"id": number, "name": f"line {number}",
                          "descr": " ".join(title.split())}, drawing.decorative()),
            el("wps:cNvSpPr"), props, el("wps:bodyPr")))
    for box in chart.boxes:
        said = " – ".join([box.role, *box.lines])
        number, props = art.shape("roundRect", (*art.place(box.x, box.y), box.w, box.h),
                                  (drawing.fill("bg1" if box.side else "tx2"),
                                   drawing.line("tx2", STROKE, dashed=box.side)), CORNER)
        lines = [(box.role, box.size, True), *((t, box.line_size or box.size, False)
                                                for t in box.lines)]
        shapes.append(_wsp(number, "roundRect", said, props,
                           art.text(lines, "text2" if box.side else "background1", "center",
                                    box.w), _body("ctr")))
    return _drawing(art, chart, shape_id, title, declared, shapes)


def _drawing(art: _Chart, chart: Chart, shape_id: int, title: str, declared: dict,
             shapes: list[Xml]) -> Xml:
    width, height = art.size
    origin, size = {"x": 0, "y": 0}, {"cx": width, "cy": height}
    group = el("wpg:wgp", _declare(("wpg", "wps"), declared), el("wpg:cNvGrpSpPr"),
               el("wpg:grpSpPr", None, el("a:xfrm", None, el("a:off", origin),
                                          el("a:ext", size), el("a:chOff", origin),
                                          el("a:chExt", size))), *shapes)
    inline = el("wp:inline", {"distT": 0, "distB": 0, "distL": 0, "distR": 0},
                el("wp:extent", size), el("wp:effectExtent", {"l": 0, "t": 0, "r": 0, "b": 0}),
                el("wp:docPr", {"id": shape_id, "name": title,
                                "descr": " ".join(chart.description.split()), "title": title}),
                el("wp:cNvGraphicFramePr"),
                el("a:graphic", None, el("a:graphicData", {"uri": NS["wpg"]}, group)))
    return el("w:drawing", _declare(("w", "wp", "a"), declared), inline)
