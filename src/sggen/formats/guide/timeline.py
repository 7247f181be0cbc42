"""The master timeline as a Word drawing: one inline group of DrawingML shapes, laid out by
the same code as the slide's timeline (layout.timeline) and drawn in the same colours, the
reference document's theme slots. The guide draws it at the page's text width, a role card at
the card's; its alternative text is the timeline in words.
"""

from __future__ import annotations

import colorsys
from dataclasses import replace
from pathlib import Path

from sggen.document import Block, Document, Run, Timeline
from sggen.formats.guide import reference
from sggen.formats.guide.drawing import NS, TEXT_SLOTS
from sggen.formats.ooxml import drawing, units
from sggen.formats.ooxml.units import nearest_emu, points
from sggen.formats.ooxml.xml import Template, Xml, el, join
from sggen.layout.boxes import Calendar, Line, Marker, Region, Sizes, TextBox
from sggen.layout.metrics import INSET_X, INSET_Y, wrap
from sggen.layout.timeline import axis, lay_out_timeline

# A timeline on a page: the body's type sizes, as tall as it needs, at most this part of its
# width (a page holds it whole with its heading).
SIZES = Sizes(base=11.0, floor=9.0, table_base=10.0, chart_base=10.0, chart_min=8.0)
TALLEST = 0.8
PAGE = 1.4  # of its width: about the text height of a page, for a legend that runs long
IDS = 500_000  # the drawing ids of the guide's timelines start here, clear of the charts'
STROKE = 2.5  # the widest outline: the drawing is this much larger than the timeline
_LINE = Template("<w:p>{}<w:r>{}<w:t>{}</w:t></w:r></w:p>")
# what each kind of mark is drawn in: the circle's fill, outline and number, the label's ink
_MARKS = {"meeting": ("tx2", ("bg1", 1.0), "bg1", "tx2"),
          "today": ("tx2", ("accent2", 2.5), "bg1", "tx2"),
          "faint": ("bg1", ("faint", 1.0), "faint", "faint"),
          "flag": ("", None, "", "tx2"), "stage": ("", None, "", "tx2")}
# the ink of a text as Word names its theme colour, and the theme part's slot
_INKS = {"tx2": "text2", "bg1": "background1", "tx1": "text1", "faint": "text1"}


LIGHTEST = 3  # how light a strip may be made: 1 no dates, 2 numbers only, 3 none at all


def lighter(block: Timeline, level: int) -> Timeline | None:
    """Return the timeline with less to say where room is short (a card, whose list of
    meetings says it all): at level 1 each meeting's label is its first line and a faint
    one has none, at 2 the meetings are numbers alone (the stages and deadlines stay), at 3
    there is no room for it (None). From level 2 a stage too narrow for its name is not
    named (the strip's text says every stage)."""
    if level <= 0:
        return block
    if level >= LIGHTEST:
        return None
    marks = [m if m.flag else replace(m, label=m.label[:1] if level == 1 and not m.faint
                                      else []) for m in block.marks]
    return replace(block, marks=marks, bare=level >= 2)


def on_page(block: Timeline, width: float, sizes: Sizes = SIZES) -> Calendar:
    """Return the timeline laid out from (0, 0) at `width` points: at most TALLEST of its
    width high, or a page's height where its legend has no room in that."""
    calendar = lay_out_timeline(block, Region(0.0, 0.0, width, width * TALLEST), sizes)
    if calendar.overflow:
        calendar = lay_out_timeline(block, Region(0.0, 0.0, width, width * PAGE), sizes)
    return calendar


def cautions(document: Document, reference_path: Path, floor: float = 0.0
             ) -> list[tuple[Block, str]]:
    """Return what the guide has to warn of in `document`: a timeline whose legend has no
    room on a page for all it should say (the tables of stages and meetings say it all)."""
    page = reference.load(reference_path).page
    width = points(page["width"] - page["left"] - page["right"])
    out = []
    for block in document.blocks:
        if isinstance(block, Timeline):
            missing = len(on_page(block, width).overflow)
            if missing:
                out.append((block, f"the guide's timeline has no room for {missing} of its "
                                   f"legend's entries"))
    return out


def _grey(colours: dict[str, str]) -> str:
    """Return text 1 lightened as the faint marks are, as RRGGBB."""
    rgb = [int(colours["dk1"][i:i + 2], 16) / 255 for i in (0, 2, 4)]
    h, light, s = colorsys.rgb_to_hls(*rgb)
    mod, off = units.FAINT
    out = colorsys.hls_to_rgb(h, min(1.0, light * mod + off), s)
    return "".join(f"{round(c * 255):02X}" for c in out)


class _Art:
    """The drawing being made: shape ids, colours, the language of its texts."""

    def __init__(self, calendar: Calendar, colours: dict[str, str], first_id: int,
                 locale: str, title: str) -> None:
        self.calendar = calendar
        self.colours = {**colours, "faint": _grey(colours)}
        self.ids = iter(range(first_id + 1, first_id + 10_000))
        self.locale = locale
        self.title = title

    def box(self, x: float, y: float, w: float, h: float) -> Xml:
        """Return a shape's place in the drawing (the timeline's top left at the stroke's)."""
        c = self.calendar
        return drawing.xfrm(*(nearest_emu(v) for v in (x - c.x + STROKE / 2,
                                                       y - c.y + STROKE / 2, w, h)))

    def fill(self, slot: str, tint: tuple[float, float] | None = None) -> Xml:
        return drawing.fill("tx1", units.FAINT) if slot == "faint" else drawing.fill(slot, tint)

    def line(self, slot: str, width: float, dashed: bool = False) -> Xml:
        if slot != "faint":
            return drawing.line(slot, width, dashed)
        return drawing.line("tx1", width, dashed, tint=units.FAINT)

    def shape(self, preset: str, place: Xml, paint: tuple[Xml, ...],
              content: tuple[Xml | None, str], frame: tuple[str, float | None] = ("ctr", None)
              ) -> Xml:
        """Return one shape: its place, geometry and paint, its text and what it says
        (`content`), the text's anchor and insets (`frame`: set from its sides, else a text
        box's; any set: not wrapped)."""
        text, said = content
        anchor, insets = frame
        number = next(self.ids)
        inset_x, inset_y = (nearest_emu(INSET_X), nearest_emu(INSET_Y)) if insets is None \
            else (nearest_emu(insets), nearest_emu(insets))
        # what the layout set on one line (a number, the axis) is never wrapped
        body = el("wps:bodyPr", {"rot": 0, "vert": "horz", "wrap": "square" if insets is None
                                 else "none", "lIns": inset_x, "tIns": inset_y,
                                 "rIns": inset_x, "bIns": inset_y, "anchor": anchor})
        return el("wps:wsp", None, el("wps:cNvPr", {"id": number, "name": f"{preset} {number}",
                                                     "descr": " ".join(said.split())}),
                  el("wps:cNvSpPr"), el("wps:spPr", None, place, drawing.geometry(preset),
                                        *paint),
                  *((el("wps:txbx", None, el("w:txbxContent", None, text)),) if text else ()),
                  body)

    def rule(self, x1: float, y1: float, x2: float, y2: float, outline: Xml) -> Xml:
        """Return a line, decorative and described by the drawing's title (LibreOffice's
        tagged PDF makes every shape a figure)."""
        number = next(self.ids)
        return el("wps:wsp", None, el("wps:cNvPr", {"id": number, "name": f"line {number}",
                                                     "descr": " ".join(self.title.split())},
                                       drawing.decorative()),
                  el("wps:cNvSpPr"), el("wps:spPr", None, self.box(min(x1, x2), min(y1, y2),
                                                                   abs(x2 - x1), abs(y2 - y1)),
                                        drawing.geometry("line"), outline), el("wps:bodyPr"))

    def text(self, lines: list[Line], size: float, ink: str, align: str,
             width: float | None) -> Xml:
        """Return a shape's paragraphs: one per line as the layout wrapped it at `width` (None:
        a line is one paragraph), in the theme colour `ink` (Word keeps the slot, other
        programs the colour)."""
        spacing = el("w:pPr", None, el("w:spacing", {"w:before": 0, "w:after": 0,
                                                      "w:line": 240, "w:lineRule": "auto"}),
                     el("w:jc", {"w:val": align}))
        theme = _INKS[ink]
        tint = {"w:themeTint": "A6"} if ink == "faint" else {}
        colour = self.colours["faint"] if ink == "faint" else self.colours[TEXT_SLOTS[theme]]
        out = []
        for line in lines:
            runs = [Run(r.text, bold=r.bold) for r in line.runs]
            text = "".join(r.text for r in runs)
            bold = bool(runs) and runs[0].bold
            half = int(size * 2 + 1e-6)  # never larger than measured: a half point down
            props = el("w:rPr", None, *((el("w:b"),) if bold else ()), el("w:color", {
                "w:val": colour, "w:themeColor": theme, **tint}),
                el("w:sz", {"w:val": half}), el("w:szCs", {"w:val": half}),
                el("w:lang", {"w:val": self.locale}))
            pieces = [(0, len(text))] if width is None else wrap(runs, width - 2 * INSET_X,
                                                                 size)
            for start, end in pieces:
                out.append(_LINE(spacing, props, text[start:end].strip()))
        return join(out) if out else el("w:p")


def timeline(calendar: Calendar, colours: dict[str, str], shape_id: int, title: str,
             locale: str, declared: dict) -> Xml:
    """Return a <w:drawing> holding `calendar` as one group, its texts tagged `locale`,
    described by the timeline in words; `declared`: the namespaces the part declares."""
    art = _Art(calendar, colours, shape_id, locale, title)
    grey, dark = art.line("faint", 0.75), drawing.line("tx2", 1.0)
    shapes = []
    if calendar.ticks:
        first, last = calendar.ticks[0].x, calendar.ticks[-1].x
        shapes.append(art.rule(first, calendar.axis_y, last, calendar.axis_y,
                               art.line("faint", 1.0)))
    shapes += [art.rule(t.x, t.y, t.x, t.y + t.h, dark if t.year else grey)
               for t in calendar.ticks]
    for bar in calendar.bars:
        text = art.text([Line([Run(bar.name, bold=True)])], bar.size, "tx2", "center",
                        bar.w) if bar.name else None
        shapes.append(art.shape("rect", art.box(bar.x, bar.y, bar.w, bar.h),
                                (art.fill("accent1", units.BAR_TINTS[bar.shade]),
                                 art.line("bg1", 1.5)), (text, bar.name or bar.note)))
    for marker in calendar.markers:
        pole = art.line("accent2", 2.25) if marker.style == "flag" else \
            art.line("faint", 0.75, dashed=marker.style == "stage")
        shapes.append(art.rule(marker.x, marker.line[0], marker.x, marker.line[1], pole))
    for marker in calendar.markers:
        shapes += _mark(art, marker)
    shapes += [_plain(art, box, "center", axis.INSET) for box in calendar.months]
    shapes += [_plain(art, box, "left", axis.INSET) for box in calendar.years]
    shapes += [_plain(art, box, "left") for box in calendar.legend]
    return _drawing(art, shape_id, title, declared, shapes)


def _mark(art: _Art, marker: Marker) -> list[Xml]:
    fill, outline, ink, label_ink = _MARKS[marker.style]
    out = []
    if marker.r:
        r = marker.r
        number = art.text([Line([Run(marker.number, bold=True)])], marker.size, ink, "center",
                          None)
        out.append(art.shape("ellipse", art.box(marker.x - r, marker.y - r, 2 * r, 2 * r),
                             (art.fill(fill), art.line(*outline)), (number, marker.number),
                             ("ctr", 0.0)))
    label = marker.label
    if label is None:
        return out
    align = "left" if marker.style == "flag" else "center"
    text = art.text(label.lines, label.size, label_ink, align, label.w)
    said = " ".join("".join(r.text for r in ln.runs) for ln in label.lines)
    anchor = "b" if marker.y > label.y + label.h else "t"
    place = art.box(label.x, label.y, label.w, label.h)
    if marker.style in ("today", "flag"):
        slot, tint = ("accent1", units.FRAME_TINT) if marker.style == "today" else \
            ("accent2", units.FLAG_TINT)
        paint = (art.fill(slot, tint), art.line(slot, 1.0))
    else:
        paint = (drawing.NO_FILL, drawing.NO_LINE)
    out.append(art.shape("rect", place, paint, (text, said), (anchor, None)))
    return out


def _plain(art: _Art, box: TextBox, align: str, inset: float | None = None) -> Xml:
    """A text of the axis (its own insets) or of the legend (a text box's)."""
    said = " ".join("".join(r.text for r in ln.runs) for ln in box.lines)
    return art.shape("rect", art.box(box.x, box.y, box.w, box.h),
                     (drawing.NO_FILL, drawing.NO_LINE),
                     (art.text(box.lines, box.size, "tx2", align, box.w if inset is None
                               else None), said), ("t", inset))


def _declare(prefixes: tuple[str, ...], declared: dict) -> dict[str, str]:
    """Return the namespace declarations of `prefixes` the main part's root lacks."""
    return {f"xmlns:{p}": NS[p] for p in prefixes if declared.get(p) != NS[p]}


def _drawing(art: _Art, shape_id: int, title: str, declared: dict, shapes: list[Xml]) -> Xml:
    calendar = art.calendar
    size = {"cx": nearest_emu(calendar.w + STROKE), "cy": nearest_emu(calendar.h + STROKE)}
    origin = {"x": 0, "y": 0}
    group = el("wpg:wgp", _declare(("wpg", "wps"), declared), el("wpg:cNvGrpSpPr"),
               el("wpg:grpSpPr", None, el("a:xfrm", None, el("a:off", origin),
                                          el("a:ext", size), el("a:chOff", origin),
                                          el("a:chExt", size))), *shapes)
    described = " ".join(calendar.description.split()) or title
    inline = el("wp:inline", {"distT": 0, "distB": 0, "distL": 0, "distR": 0},
                el("wp:extent", size), el("wp:effectExtent", {"l": 0, "t": 0, "r": 0, "b": 0}),
                el("wp:docPr", {"id": shape_id, "name": title, "descr": described,
                                "title": title}),
                el("wp:cNvGraphicFramePr"),
                el("a:graphic", None, el("a:graphicData", {"uri": NS["wpg"]}, group)))
    return el("w:drawing", _declare(("w", "wp", "a"), declared), inline)
