"""The master timeline as inline SVG, for the pages: the guide's page shows it as a figure, the
slides page where the deck has it. The same layout as the slide's and the Word drawing's, in
the shipped reference's theme colours; the timeline in words is its description, and the
guide's figure lists it as text under a disclosure for those who cannot see the drawing."""

from __future__ import annotations

import colorsys
from html import escape

from sggen.document import Run, Timeline
from sggen.formats.ooxml.units import BAR_TINTS, FAINT, FLAG_TINT, FRAME_TINT
from sggen.layout.boxes import Calendar, Line, Marker, Region, Sizes, TextBox
from sggen.layout.metrics import INSET_X, INSET_Y, LINE, wrap
from sggen.layout.timeline import axis, lay_out_timeline

FONT = "Carlito,Calibri,Arial,sans-serif"
PAGE = Region(0.0, 0.0, 720.0, 440.0)  # points: the guide's timeline, drawn like a slide's
SIZES = Sizes(chart_base=14.0, chart_min=10.0)
# the reference deck's theme; its tints are the Office documents' (the same look)
_THEME = {"tx1": "000000", "bg1": "FFFFFF", "tx2": "1F3A5F", "accent1": "0A6AA8",
          "accent2": "E07A10"}


def colour(slot: str, tint: tuple[float, float] | None = None) -> str:
    """Return a theme colour, lightened by (lumMod, lumOff), as #rrggbb."""
    hexed = _THEME[slot]
    if tint is None:
        return f"#{hexed.lower()}"
    rgb = [int(hexed[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    h, light, s = colorsys.rgb_to_hls(*rgb)
    out = colorsys.hls_to_rgb(h, min(1.0, light * tint[0] + tint[1]), s)
    return "#" + "".join(f"{round(c * 255):02x}" for c in out)


_GREY = colour("tx1", FAINT)
# a mark's circle fill, outline (colour, width), number ink and label ink
_MARKS = {"meeting": (colour("tx2"), ("#ffffff", 1.0), "#ffffff", colour("tx2")),
          "today": (colour("tx2"), (colour("accent2"), 2.5), "#ffffff", colour("tx2")),
          "faint": ("#ffffff", (_GREY, 1.0), _GREY, _GREY),
          "flag": ("", None, "", colour("tx2")), "stage": ("", None, "", colour("tx2"))}


def figure(block: Timeline, anchor: str, title: str, listing: str) -> str:
    """Return the timeline as a figure: the drawing, described, and `listing` (the timeline as
    a list) under a disclosure in its caption."""
    title = title or "Timeline"
    svg = calendar_svg(lay_out_timeline(block, PAGE, SIZES), anchor, title)
    return "\n".join([f'<figure class="timeline" aria-labelledby="{anchor}-caption">', svg,
                      f'<figcaption id="{anchor}-caption"><details><summary>{escape(title)}'
                      "</summary>", listing, "</details></figcaption>", "</figure>"])


def calendar_svg(calendar: Calendar, anchor: str, title: str, placed: bool = False) -> str:
    """Return the laid-out timeline as inline SVG in points, labelled by its <title> and
    described by the timeline in words; `placed` sets it where the layout put it on a slide."""
    box = (calendar.x - 2, calendar.y - 2, calendar.w + 4, max(calendar.h, 1.0) + 4)
    view = " ".join(_n(v) for v in box)
    style = (f' style="left:{_n(box[0])}pt;top:{_n(box[1])}pt;width:{_n(box[2])}pt;'
             f'height:{_n(box[3])}pt"' if placed else "")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}"{style} role="img" '
           f'aria-labelledby="{anchor}-title {anchor}-desc" font-family="{FONT}">',
           f'<title id="{anchor}-title">{escape(title)}</title>',
           f'<desc id="{anchor}-desc">{escape(calendar.description)}</desc>']
    ends = [t.x for t in calendar.ticks]
    if ends:  # a page of the legend alone has no axis
        out.append(_line((min(ends), calendar.axis_y, max(ends), calendar.axis_y), _GREY, 1.0))
    out += [_line((t.x, t.y, t.x, t.y + t.h), colour("tx2") if t.year else _GREY,
                  1.0 if t.year else 0.75) for t in calendar.ticks]
    for bar in calendar.bars:
        out.append(f'<rect x="{_n(bar.x)}" y="{_n(bar.y)}" width="{_n(bar.w)}" '
                   f'height="{_n(bar.h)}" fill="{colour("accent1", BAR_TINTS[bar.shade])}" '
                   'stroke="#ffffff" stroke-width="1.5"/>')
        if bar.name:
            lines = [Line([Run(bar.name, bold=True)])]
            out += _texts(TextBox(bar.x, bar.y, bar.w, bar.h, lines, bar.size), "middle",
                          colour("tx2"), "centre")
    for marker in calendar.markers:
        flag = marker.style == "flag"
        dash = ' stroke-dasharray="3 2"' if marker.style == "stage" else ""
        out.append(_line((marker.x, marker.line[0], marker.x, marker.line[1]),
                         colour("accent2") if flag else _GREY, 2.25 if flag else 0.75, dash))
    for marker in calendar.markers:
        out += _mark(marker)
    for kind, boxes in (("middle", calendar.months), ("start", calendar.years)):
        out += [t for b in boxes for t in _texts(b, kind, colour("tx2"), "top", axis.INSET)]
    out += [t for b in calendar.legend for t in _texts(b, "start", colour("tx2"), "top")]
    out.append("</svg>")
    return "\n".join(out)


def _mark(marker: Marker) -> list[str]:
    fill, outline, ink, label_ink = _MARKS[marker.style]
    out = []
    if marker.r:
        stroke, width = outline
        out.append(f'<circle cx="{_n(marker.x)}" cy="{_n(marker.y)}" r="{_n(marker.r)}" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="{_n(width)}"/>')
        out.append(f'<text x="{_n(marker.x)}" y="{_n(marker.y + marker.size * 0.35)}" '
                   f'font-size="{_n(marker.size)}" font-weight="bold" text-anchor="middle" '
                   f'fill="{ink}">{escape(marker.number)}</text>')
    label = marker.label
    if label is None:
        return out
    if marker.style in ("today", "flag"):
        slot, tint = ("accent1", FRAME_TINT) if marker.style == "today" else \
            ("accent2", FLAG_TINT)
        out.append(f'<rect x="{_n(label.x)}" y="{_n(label.y)}" width="{_n(label.w)}" '
                   f'height="{_n(label.h)}" fill="{colour(slot, tint)}" '
                   f'stroke="{colour(slot)}" stroke-width="1"/>')
    anchor = "start" if marker.style == "flag" else "middle"
    side = "bottom" if marker.y > label.y + label.h else "top"
    return out + _texts(label, anchor, label_ink, side)


def _texts(box: TextBox, anchor: str, ink: str, side: str,
           inset: float | None = None) -> list[str]:
    """Return a box's lines as <text>: wrapped as the layout measured them (the axis's, set
    `inset` from the sides, on one line each), standing at the box's `side`."""
    pad_x, pad_y = (INSET_X, INSET_Y) if inset is None else (inset, inset)
    lines = []
    for line in box.lines:
        text = "".join(r.text for r in line.runs)
        bold = bool(line.runs) and line.runs[0].bold
        spans = [(0, len(text))] if inset is not None else wrap(line.runs, box.w - 2 * pad_x,
                                                                box.size)
        lines += [(text[a:b].strip(), bold) for a, b in spans]
    step = box.size * LINE
    height = len(lines) * step
    top = {"top": box.y + pad_y, "bottom": box.y + box.h - pad_y - height,
           "centre": box.y + (box.h - height) / 2}[side]
    x = {"start": box.x + pad_x, "middle": box.x + box.w / 2}[anchor]
    out = []
    for k, (text, bold) in enumerate(lines):
        # the baseline sits a fifth of a line above the line's bottom (Carlito's descent)
        y = top + (k + 1) * step - step * 0.22
        weight = ' font-weight="bold"' if bold else ""
        out.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(box.size)}" '
                   f'text-anchor="{anchor}" fill="{ink}"{weight}>{escape(text)}</text>')
    return out


def _line(ends: tuple[float, float, float, float], stroke: str, width: float,
          extra: str = "") -> str:
    x1, y1, x2, y2 = ends
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}"{extra}/>')


def _n(value: float) -> str:
    """Return a coordinate with at most two decimals: short, and the same on every machine."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
