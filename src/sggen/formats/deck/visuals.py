"""What a content slide draws for each laid-out item kind, and how each is described to a
screen reader: one table, `DRAW`, that holds every kind (a test holds it complete).

Tables are native tables; the organisation chart, tiles and the timeline are groups of
native shapes that stay editable in PowerPoint, coloured by theme slots.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import NamedTuple

from sggen import layout
from sggen.document import Run
from sggen.formats.deck.slide import (
    EMPTY,
    LIST_STYLE,
    NEW_SHAPE,
    Page,
    Para,
    Shape,
    autoshape,
    body,
    bullet,
    connector,
    frame_text,
    group,
    paragraph,
    paragraphs,
    text_frame,
    textbox,
)
from sggen.formats.ooxml import drawing, units
from sggen.formats.ooxml.units import emu
from sggen.formats.ooxml.xml import Template, Xml, el, join
from sggen.layout import cards, metrics
from sggen.layout import chart as charts
from sggen.layout import table as tables
from sggen.layout.boxes import Calendar, Chart, Marker, Sizes, TableBox, TextBox, Tiles
from sggen.layout.timeline import axis

TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # Office's Medium Style 2 – Accent 1
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
CENTRE = {"algn": "ctr"}


def _said(text: str) -> str:
    return " ".join(text.split())


def describe_any(title: str, item) -> str:
    """Return the alternative text of a drawn item: the slide's title, then every text the
    item holds, in order (a visual that says nothing better of itself)."""
    found: list[str] = []

    def collect(value) -> None:
        if isinstance(value, str):
            found.extend([value] if value.strip() else [])
        elif isinstance(value, Run):
            collect(value.text)
        elif isinstance(value, list):
            for part in value:
                collect(part)
        elif dataclasses.is_dataclass(value):
            for part in dataclasses.fields(value):
                collect(getattr(value, part.name))

    collect(item)
    return _said(f"{title}: " + "; ".join(found))


class Drawn(NamedTuple):
    """How a slide shows one item kind: `draw(page, item)` adds its shapes to the page,
    `describe(title, item)` gives its alternative text."""

    draw: Callable[[Page, object], None]
    describe: Callable[[str, object], str] = describe_any


def grouped(shapes: Callable[[Page, object], list[Xml]]) -> Callable[[Page, object], None]:
    """Return a drawing of the shapes `shapes` makes of an item, as one described group."""
    def draw(page: Page, item) -> None:
        description = DRAW[type(item)].describe(page.title, item)
        page.shapes.append(group(page, description, shapes, item))

    return draw


# --- text boxes ------------------------------------------------------------------------------


def _describe_text(title: str, box: TextBox) -> str:
    return _said(frame_text(box)) or title


def _draw_text(page: Page, box: TextBox) -> None:
    page.shapes.append(textbox(page, (box.x, box.y, box.w, box.h), text_frame(page, box),
                               frame_text(box)))


# --- tables ----------------------------------------------------------------------------------


def _describe_table(title: str, box: TableBox) -> str:
    return _said(f"{title}: " + ", ".join("".join(r.text for r in cell) for cell in box.header))


_MARGINS = {"anchor": "t", "marL": emu(tables.CELL_X), "marR": emu(tables.CELL_X),
            "marT": emu(tables.CELL_Y), "marB": emu(tables.CELL_Y)}
_CELL = el("a:tcPr", _MARGINS)
# a matrix: a cell without a code is blank, white, so that no part reads as no colour at all;
# its header's role names stand upright, read from the bottom up, anchored at the foot
_BLANK = el("a:tcPr", _MARGINS, drawing.fill("bg1"))
_UPRIGHT = el("a:tcPr", {**_MARGINS, "anchor": "ctr", "vert": "vert270"})
_ROW = Template('<a:tr h="{}">{}</a:tr>')
_TC = Template("<a:tc><a:txBody>", el("a:bodyPr"), LIST_STYLE, "{}</a:txBody>{}</a:tc>")


@functools.lru_cache(maxsize=16)
def _symbol_cell(colour: str) -> Xml:
    return el("a:tcPr", _MARGINS, drawing.fill(colour, units.SYMBOL_TINT))


def _cell(page: Page, runs: list[Run], size: float, colour: str | None,
          cell: Xml = _CELL) -> Xml:
    props = {}
    if colour is not None:
        # a matrix symbol: bold on its own tint, the same as in the legend
        props, cell = CENTRE, _symbol_cell(colour)
        runs = [Run(run.text, bold=True) for run in runs]
    text = paragraph(page, Para(runs, size, props))[0]
    return _TC(text, cell)


def _cell_props(box: TableBox, r: int, c: int) -> Xml:
    """Return a cell's properties: a matrix's upright header and its white cells."""
    if not box.symbols:
        return _CELL
    if r == 0:
        return _UPRIGHT if box.rotated and c > 0 else _CELL
    return _BLANK


def _draw_table(page: Page, box: TableBox) -> None:
    symbols = units.SYMBOLS
    codes = {code: symbols[i % len(symbols)] for i, (code, _) in enumerate(box.symbols)}
    shape_id = page.next_id()
    x, y = emu(box.x), emu(box.y)
    # the frame is as wide and tall as its columns and rows
    w, h = sum(emu(v) for v in box.columns), sum(emu(v) for v in box.heights)
    rows = []
    for r, cells in enumerate([box.header, *box.rows]):
        row = []
        for c in range(len(box.header)):
            runs = cells[c] if c < len(cells) else []
            code = codes.get("".join(run.text for run in runs).strip()) if r else None
            row.append(_cell(page, runs, box.size, code, _cell_props(box, r, c)))
        rows.append(_ROW(emu(box.heights[r]), join(row)))
    grid = el("a:tblGrid", None, *(el("a:gridCol", {"w": emu(v)}) for v in box.columns))
    page.extent([x, y, w, h])
    page.shapes.append(el("p:graphicFrame", None, el("p:nvGraphicFramePr", None, el(
        "p:cNvPr", {"id": shape_id, "name": f"Table {shape_id - 1}",
                    "descr": _describe_table(page.title, box)}),
        el("p:cNvGraphicFramePr", None, el("a:graphicFrameLocks", {"noGrp": "1"})),
        el("p:nvPr")),
        el("p:xfrm", None, el("a:off", {"x": x, "y": y}), el("a:ext", {"cx": w, "cy": h})),
        el("a:graphic", None, el("a:graphicData", {"uri": TABLE_URI}, el(
            "a:tbl", None, el("a:tblPr", {"firstRow": "1", "bandRow": None if box.symbols
                                                                         else "1"},
                              el("a:tableStyleId", None, TABLE_STYLE)), grid, *rows)))))
    if box.symbols:
        # the legend stands where the layout left room for it (layout.legend_height)
        _legend(page, box, box.y + sum(box.heights) + tables.TABLE_GAP)


def _legend(page: Page, box: TableBox, top: float) -> None:
    """Draw a matrix's legend under it: each symbol on its tint, then its meaning; on the
    table's width, its type made smaller (not under LEGEND_MIN) where long meanings need it."""
    size = layout.legend_size(Sizes(floor=box.size))
    while size > LEGEND_MIN and _legend_width(box.symbols, size) > box.w:
        size = max(LEGEND_MIN, size - 0.5)
    x = box.x
    height = size * metrics.LINE + 2 * metrics.INSET_Y
    for i, (code, meaning) in enumerate(box.symbols):
        chip_w, text_w = _legend_entry(code, meaning, size)
        chip, said = paragraph(page, Para([Run(code, bold=True)], size, CENTRE, colour="tx1"))
        tint = units.SYMBOLS[i % len(units.SYMBOLS)]
        page.shapes.append(autoshape(page, Shape(
            "rect", (x, top, chip_w, height), drawing.fill(tint, units.SYMBOL_TINT),
            drawing.NO_LINE, body(NEW_SHAPE) + LIST_STYLE + chip, said)))
        x += chip_w + units.CHIP_GAP
        label, said = paragraph(page, Para([Run(meaning)], size))
        page.shapes.append(textbox(page, (x, top, text_w, height), body({}) + LIST_STYLE + label,
                                   said))
        x += text_w + units.ENTRY_GAP


LEGEND_MIN = 12.0  # the smallest type a legend is set in, as any text of a main slide


def _legend_entry(code: str, meaning: str, size: float) -> tuple[float, float]:
    """Return the widths of a legend entry's chip and of its meaning."""
    chip = metrics.text_width(code, size, True) / metrics.SAFETY + 2 * metrics.INSET_X \
        + units.CHIP_PAD
    text = metrics.text_width(meaning, size) / metrics.SAFETY + 2 * metrics.INSET_X \
        + units.LABEL_PAD
    return chip, text


def _legend_width(symbols: list[tuple[str, str]], size: float) -> float:
    widths = [_legend_entry(code, meaning, size) for code, meaning in symbols]
    return sum(c + units.CHIP_GAP + t for c, t in widths) + units.ENTRY_GAP * (len(widths) - 1)


# --- the organisation chart ------------------------------------------------------------------


def _describe_chart(title: str, chart: Chart) -> str:
    return _said(chart.description)


def _chart(page: Page, chart: Chart) -> list[Xml]:
    out = []
    for frame in chart.frames:
        text, said = paragraph(page, Para([Run(frame.title, bold=True)], frame.size,
                                          {"algn": "l"}, colour="tx2"))
        out.append(autoshape(page, Shape(
            "rect", (frame.x, frame.y, frame.w, frame.h),
            drawing.fill("accent1", units.FRAME_TINT), drawing.line("accent1", 1.0),
            body(NEW_SHAPE, "t") + LIST_STYLE + text, said)))
    for link in chart.connectors:
        out.append(connector(page, link.x1, link.y1, link.x2, link.y2,
                             drawing.line("accent4", 1.25, dashed=link.dashed)))
    for box in chart.boxes:
        ink = "tx2" if box.side else "bg1"
        lines = [Para([Run(box.role, bold=True)], box.size, CENTRE, colour=ink)]
        lines += [Para([Run(text)], box.line_size or box.size, CENTRE, colour=ink)
                  for text in box.lines]
        text, said = paragraphs(page, lines)
        out.append(autoshape(page, Shape(
            "roundRect", (box.x, box.y, box.w, box.h), drawing.fill("bg1" if box.side
                                                                    else "accent1"),
            drawing.line("accent1", 1.25, dashed=box.side), body(NEW_SHAPE) + LIST_STYLE + text,
            said, charts.CORNER)))
    return out


# --- tiles -----------------------------------------------------------------------------------


def _describe_tiles(title: str, tiles: Tiles) -> str:
    return _said(f"{title}: " + "; ".join(" – ".join(x for x in (c.title, c.subtitle, *c.lines)
                                                      if x) for c in tiles.cards))


LEFT = {"algn": "l"}


def _tile_fill(tiles: Tiles, step: int, count: int) -> Xml:
    if tiles.flow and step == count - 1 and count > 1:
        return drawing.fill("accent1")  # the top of the ladder: the accent itself
    if tiles.flow:
        return drawing.fill("accent1", units.flow_tint(step, count))
    return drawing.fill("accent1", units.FRAME_TINT)


def _tile_text(card, ink: str) -> list[Para]:
    """Return a tile's paragraphs, left-aligned: its title, its subtitle, its lines with their
    bullets or numbers, their formatting and their levels, as the layout measured them."""
    lines = [Para([Run(card.title, bold=True)], card.size, LEFT, colour=ink)]
    if card.subtitle:
        lines.append(Para([Run(card.subtitle, italic=True)], card.small, LEFT, colour=ink))
    for k, line in enumerate(card.body):
        props, mark = bullet(line, line.number if line.number > 1 else 0)
        level = {"lvl": line.level} if line.level else {}
        gap = card.small * cards.PARA_GAP if k == 0 else line.space_before
        lines.append(Para(line.runs, card.small, {**LEFT, **level, **props}, gap, mark, ink))
    return lines


def _figure(page: Page, card) -> Xml:
    """A figure: its value large in the theme's dark text colour, its label under it."""
    lines = [Para([Run(card.title, bold=True)], card.size, LEFT, colour="tx2")]
    lines += [Para([Run(text)], card.small, LEFT, colour="tx1")
              for text in (card.subtitle, *card.lines) if text]
    text, said = paragraphs(page, lines)
    return textbox(page, (card.x, card.y, card.w, card.h), body({}, "t") + LIST_STYLE + text,
                   said)


def _tiles(page: Page, tiles: Tiles) -> list[Xml]:
    """Tiles as rounded boxes in the theme's colours, their text left-aligned; a flow's steps
    darken upwards; figures stand in no box."""
    if tiles.figures:
        return [_figure(page, card) for card in tiles.cards]
    out = [connector(page, a.x1, a.y1, a.x2, a.y2, drawing.line("accent1", 2.5, arrow=True))
           for a in tiles.arrows]
    count = max(len(tiles.cards), 1)
    for card in tiles.cards:
        ink = "bg1" if tiles.flow and card.step == count - 1 and count > 1 else "tx2"
        text, said = paragraphs(page, _tile_text(card, ink))
        frame = body(NEW_SHAPE, "t", metrics.INSET_X + cards.PAD, metrics.INSET_Y + cards.PAD)
        out.append(autoshape(page, Shape(
            "roundRect", (card.x, card.y, card.w, card.h),
            _tile_fill(tiles, card.step, count), drawing.line("accent1", 1.25),
            frame + LIST_STYLE + text, said, cards.CORNER)))
    return out


# --- the timeline ----------------------------------------------------------------------------


def _describe_calendar(title: str, calendar: Calendar) -> str:
    return _said(f"{title}: {calendar.description}")


_LEFT = {"algn": "l"}
# a circle's number: no insets, no wrapping, centred (it is measured to fit the circle)
_ROUND = el("a:bodyPr", {"rtlCol": "0", "wrap": "none", "lIns": 0, "tIns": 0, "rIns": 0,
                         "bIns": 0, "anchor": "ctr"}, el("a:noAutofit"))
# what each kind of mark is drawn in: the circle's fill, outline and number, the label's ink
_MARKS = {
    "meeting": ("tx2", drawing.line("bg1", 1.0), "bg1", "tx2"),
    "today": ("tx2", drawing.line("accent2", 2.5), "bg1", "tx2"),
    "faint": ("bg1", drawing.line("tx1", 1.0, tint=units.FAINT), "accent4", "accent4"),
    "flag": ("", drawing.NO_LINE, "", "tx2"),
    "stage": ("", drawing.NO_LINE, "", "tx2"),
}


def _calendar(page: Page, calendar: Calendar) -> list[Xml]:
    """The timeline: the axis and its ticks, the stages as bars, the marks' lines, circles and
    labels, the months and years, the legend."""
    grey, dark = drawing.line("tx1", 0.75, tint=units.FAINT), drawing.line("tx2", 1.0)
    ends = [t.x for t in calendar.ticks]  # a slide of the legend alone has no axis
    out = [connector(page, min(ends), calendar.axis_y, max(ends), calendar.axis_y,
                     drawing.line("tx1", 1.0, tint=units.FAINT))] if ends else []
    out += [connector(page, tick.x, tick.y, tick.x, tick.y + tick.h, dark if tick.year else grey)
            for tick in calendar.ticks]
    for bar in calendar.bars:
        text, said = paragraphs(page, [Para([Run(bar.name, bold=True)], bar.size, CENTRE,
                                            colour="tx2")] if bar.name else [])
        out.append(autoshape(page, Shape(
            "rect", (bar.x, bar.y, bar.w, bar.h),
            drawing.fill("accent1", units.BAR_TINTS[bar.shade]), drawing.line("bg1", 1.5),
            body(NEW_SHAPE) + LIST_STYLE + (text or el("a:p", None, el("a:pPr", CENTRE))),
            said or bar.note)))
    for marker in calendar.markers:
        pole = drawing.line("accent2", 2.25) if marker.style == "flag" else \
            drawing.line("tx1", 0.75, marker.style == "stage", tint=units.FAINT)
        out.append(connector(page, marker.x, marker.line[0], marker.x, marker.line[1], pole))
    for marker in calendar.markers:
        out.extend(_mark(page, marker))
    out += [_axis_text(page, box, CENTRE, axis.INSET) for box in calendar.months]
    out += [_axis_text(page, box, _LEFT, axis.INSET) for box in calendar.years]
    out += [_axis_text(page, box, _LEFT) for box in calendar.legend]
    return out


def _mark(page: Page, marker: Marker) -> list[Xml]:
    """A mark's circle with its number and its label: today's and a deadline's on a tint."""
    fill, outline, ink, label_ink = _MARKS[marker.style]
    out = []
    if marker.r:
        r = marker.r
        number, said = paragraph(page, Para([Run(marker.number, bold=True)], marker.size,
                                            CENTRE, colour=ink))
        out.append(autoshape(page, Shape(
            "ellipse", (marker.x - r, marker.y - r, 2 * r, 2 * r), drawing.fill(fill), outline,
            _ROUND + LIST_STYLE + number, said)))
    label = marker.label
    if label is None:
        return out
    align = _LEFT if marker.style == "flag" else CENTRE
    text, said = paragraphs(page, [Para(line.runs, label.size, align, colour=label_ink)
                                   for line in label.lines])
    frame = body({}, "b" if marker.y > label.y + label.h else "t") + LIST_STYLE + (text or EMPTY)
    box = (label.x, label.y, label.w, label.h)
    if marker.style in ("today", "flag"):
        tint = ("accent1", units.FRAME_TINT) if marker.style == "today" else \
            ("accent2", units.FLAG_TINT)
        out.append(autoshape(page, Shape("rect", box, drawing.fill(*tint),
                                         drawing.line(tint[0], 1.0), frame, said)))
    else:
        out.append(textbox(page, box, frame, said))
    return out


def _axis_text(page: Page, box: TextBox, align: dict[str, str],
               inset: float | None = None) -> Xml:
    """A text of the axis (its own insets) or of the legend (a text box's)."""
    text, said = paragraphs(page, [Para(line.runs, box.size, align, line.space_before,
                                        colour="tx2")
                                   for line in box.lines])
    frame = body({}, "t") if inset is None else body({}, "t", inset, inset)
    return textbox(page, (box.x, box.y, box.w, box.h), frame + LIST_STYLE + text, said)


DRAW: dict[type, Drawn] = {
    TextBox: Drawn(_draw_text, _describe_text),
    TableBox: Drawn(_draw_table, _describe_table),
    Chart: Drawn(grouped(_chart), _describe_chart),
    Tiles: Drawn(grouped(_tiles), _describe_tiles),
    Calendar: Drawn(grouped(_calendar), _describe_calendar),
}
"""Every laid-out item kind, and how a slide shows it."""
