"""The master timeline: the stages as bars drawn to scale over a month axis, the board's
meetings as numbered circles with short labels (the kickoff marked), deadlines as flags.

Labels are placed in rows above the bars and below the axis so that none meets another, a
circle, a line or a bar (lanes.py); where the calendar is dense the type is set smaller, and
where it is denser still a label is left to a legend under the timeline, its circle keeping
its number. The same layout serves a slide, the guide's page and one person's card.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sggen.document import Mark, Run, Span, Timeline
from sggen.layout.boxes import Bar, Calendar, Item, Line, Marker, Region, Sizes, TextBox
from sggen.layout.metrics import INSET_X, INSET_Y, LINE, SAFETY, size_steps, text_width, wrap
from sggen.layout.timeline.axis import Scale, month_axis, scale_of, strip_height
from sggen.layout.timeline.lanes import ABOVE, Spot, Tiers, Want, spots
from sggen.layout.timeline.legend import (
    LEGEND_GAP,
    WORDS,
    drawn_words,
    legend_pages,
    line_count,
    page_count,
    place,
    taken,
    word_count,
)

GAP = 3.0  # between the bars (or the axis) and the nearest circle
LANE_GAP = 3.0  # between lanes of circles
STEM = 8.0  # the least length of the line from a circle to its label
ROW_GAP = 4.0  # between rows of labels
WIDEST = 0.24  # a label wraps at this part of the timeline's width (at least MIN_WRAP)
MIN_WRAP = 80.0
ROWS = 6  # label rows on both sides together, at most
MORE_LANES = 8  # lanes of circles a side, where three do not hold a crowded calendar's
BAR_PAD = 4.0  # the bars are this much taller than their names
_DAY = dt.timedelta(days=1)


@dataclass
class _Set:
    """The sizes one attempt sets the timeline in: labels, bar names, numbers, the axis."""

    size: float
    bar: float
    number: float
    axis: float
    r: float  # a circle's radius

    @classmethod
    def at(cls, size: float, sizes: Sizes) -> _Set:
        number = max(sizes.chart_min, size - 3)
        radius = max(number * 0.75, text_width("88", number, True) / SAFETY / 2 + 2.5)
        return cls(size, max(sizes.chart_min, size - 2), number, sizes.chart_min, radius)

    @property
    def lane(self) -> float:
        return 2 * self.r + LANE_GAP


@dataclass
class _Wanted:
    """One mark as a label to place: what it stands for, its lines and their box's size."""

    mark: Mark | Span
    style: str
    lines: list[Line]
    width: float
    height: float
    listed: bool  # said in the legend when it has no room (a faint meeting's is not)


ALL, STAGES, CROWDED = "all", "stages", "crowded"  # what may be left to the legend: nothing,
# the names of stages too narrow to hold them, anything


def lay_out_timeline(block: Timeline, region: Region, sizes: Sizes) -> Calendar:
    """Return the timeline laid out from the top of `region`, as tall as it needs (at most the
    region's height): at the largest size where every label finds a place; else where every
    meeting's does, a narrow stage's name in the legend; else at the smallest size with the
    labels that find none left to the legend."""
    days = [*(s.start for s in block.spans), *(s.end for s in block.spans),
            *(m.day for m in block.marks)]
    if not days:
        return Calendar(region.x, region.y, region.w, 0.0, region.y)
    steps = size_steps(max(sizes.chart_base, sizes.chart_min), sizes.chart_min)
    for mode in (ALL, STAGES):
        for size in steps:
            at = _Set.at(size, sizes)
            made = _attempt(block, _scale(days, region, at), region, at, mode)
            if made is not None:
                return made
    at = _Set.at(steps[-1], sizes)
    made = _attempt(block, _scale(days, region, at), region, at, CROWDED)
    assert made is not None  # with a legend, every attempt gives a timeline
    return made


def on_slides(block: Timeline, region: Region, sizes: Sizes) -> list[Item]:
    """Return the timeline on a slide, centred in the region's height, then the legend that
    has no room under it on slides of its own, in columns as under the timeline. No slide says
    more than the deck's reading budget of words: what would go over is the next slide's."""
    first = lay_out_timeline(block, region, sizes)
    size = first.legend[0].size if first.legend else sizes.chart_min
    entries = [line.runs[0].text for box in first.legend for line in box.lines] + first.overflow
    drawn = drawn_words(first) - word_count(entries[:len(entries) - len(first.overflow)])
    if not first.overflow and drawn + word_count(entries) <= WORDS:
        offset = max(0.0, (region.h - first.h) / 2)
        return [lay_out_timeline(block, Region(region.x, region.y + offset, region.w,
                                               region.h - offset), sizes) if offset else first]
    if first.legend:
        first.h -= LEGEND_GAP + max(b.h for b in first.legend)  # laid out again below
    first.legend, room = [], region.y + region.h - first.y - first.h - LEGEND_GAP
    shown = taken(entries, WORDS - drawn, line_count(room, size))
    following = page_count(entries[shown:], line_count(region.h, size))
    # the legend shared evenly between this slide and the next ones: none is left with a line
    shown = min(shown, math.ceil(len(entries) / (1 + following)))
    if shown:
        place(first, entries[:shown], room, size)
    first.overflow = entries[shown:]
    return [first, *legend_pages(first.overflow, region, size, sizes.base)]


def left_out(block: Timeline, region: Region, sizes: Sizes) -> list[str]:
    """Return what the legend says for the labels that have no room in `region`."""
    return lay_out_timeline(block, region, sizes).left_out


def _scale(days: list[dt.date], region: Region, at: _Set) -> Scale:
    """Return the scale of the days in `region`, inset so that a circle at either end stays
    inside it."""
    inset = at.r + 1.0
    return scale_of(days, region.x + inset, region.w - 2 * inset)


def _attempt(block: Timeline, scale: Scale, region: Region, at: _Set,
             mode: str) -> Calendar | None:
    """Return the timeline at the sizes `at` with what `mode` lets go to the legend there,
    in the most label rows the region's height holds; None when a label `mode` keeps has no
    room. Crowded, the legend may run over: the fewest entries that have no room are kept
    for the next slide."""
    band = _band_height(block.spans, scale, at)
    bars, named = _bars(block.spans, scale, band, at)
    wanted = _wanted(block, named, region.w, at)
    row = max([w.height for w in wanted] + [0.0])
    fixed = band + strip_height(at.axis) + 2 * (GAP + at.lane + STEM)
    most = max(0, min(ROWS, int((region.h - fixed) // (row + ROW_GAP)))) if wanted else 0
    best: Calendar | None = None
    for rows in range(most, -1, -1):
        tiers = Tiers(region.x, region.x + region.w, rows)
        found = _spots(wanted, at, scale, tiers)
        if tiers.forced:
            if mode != CROWDED:
                return None  # a meeting's circle has no room: smaller, or more lanes
            found = _spots(wanted, at, scale, Tiers(region.x, region.x + region.w, rows,
                                                    MORE_LANES))
        left = [w for w, spot in zip(wanted, found, strict=True)
                if w.listed and (spot is None or spot.row is None)]
        if mode != CROWDED and any(w.style != "stage" or mode == ALL for w in left):
            return None  # fewer rows place no more
        made = _placed(block, scale, region, at, (bars, band), list(zip(wanted, found,
                                                                        strict=True)))
        made.left_out = [_entry(w) for w in left if w.style != "stage"]
        if left:
            place(made, [_entry(w) for w in left], region.h - made.h - LEGEND_GAP, at.size)
        if made.h <= region.h and not made.overflow:
            return made
        if mode == CROWDED and (best is None or len(made.overflow) < len(best.overflow)):
            best = made
    return best


def _spots(wanted: list[_Wanted], at: _Set, scale: Scale, tiers: Tiers) -> list[Spot | None]:
    return spots([_want(w, at, scale) for w in wanted], tiers)


def _want(wanted: _Wanted, at: _Set, scale: Scale) -> Want:
    mark = wanted.mark
    x = scale.at(mark.day) if isinstance(mark, Mark) else \
        (scale.at(mark.start) + scale.at(mark.end + _DAY)) / 2
    circle = at.r if wanted.style not in ("flag", "stage") else 0.0
    return Want(x, circle, wanted.width, wanted.style == "flag")


# --- the stages' bars ----------------------------------------------------------------------


def _bar_text(span: Span, width: float, size: float) -> tuple[str, int]:
    """Return the name a bar `width` wide shows inside at `size`, and its lines (at most two):
    the whole name, else the short one, else none ('', 0): no word is ever cut."""
    inner = width - 2 * INSET_X
    for name in (span.name, span.short):
        if not name:
            continue
        whole = all(text_width(word, size, True) <= inner * SAFETY for word in name.split())
        count = len(wrap([Run(name, bold=True)], inner, size))
        if whole and count <= 2:
            return name, count
    return "", 0


def _span_x(span: Span, scale: Scale) -> tuple[float, float]:
    return scale.at(span.start), scale.at(span.end + _DAY)


def _band_height(spans: list[Span], scale: Scale, at: _Set) -> float:
    """Return the bars' height: one line of their names, two where a name needs them."""
    lines = max([_bar_text(s, _width(s, scale), at.bar)[1] for s in spans] + [1])
    return lines * at.bar * LINE + 2 * INSET_Y + BAR_PAD


def _width(span: Span, scale: Scale) -> float:
    x0, x1 = _span_x(span, scale)
    return x1 - x0


def _bars(spans: list[Span], scale: Scale, band: float, at: _Set) -> tuple[list[Bar], list[Span]]:
    """Return the bars (placed from y 0) and the stages whose names go beside them."""
    bars, beside = [], []
    for i, span in enumerate(spans):
        x0, x1 = _span_x(span, scale)
        name, _ = _bar_text(span, x1 - x0, at.bar)
        if not name:
            beside.append(span)
        note = f"{span.name} {span.note}".strip()
        bars.append(Bar(x0, 0.0, x1 - x0, band, name, note, at.bar, i % 2))
    return bars, beside


# --- the labels ----------------------------------------------------------------------------

def _style(mark: Mark) -> str:
    return "flag" if mark.flag else "today" if mark.today else "faint" if mark.faint \
        else "meeting"


def _wanted(block: Timeline, beside: list[Span], width: float, at: _Set) -> list[_Wanted]:
    """Return the labels to place, the most wanted first: deadlines, today's meeting, the
    other meetings in date order, the stages named beside their bars, the faint meetings."""
    order = {"flag": 0, "today": 1, "meeting": 2, "stage": 3, "faint": 4}
    out = []
    for mark in sorted(block.marks, key=lambda m: m.day):
        style = _style(mark)
        lines = [Line([Run(text, bold=k == 0)]) for k, text in enumerate(mark.label)]
        out.append(_label(mark, style, lines, width, at, listed=style != "faint"))
    for span in [] if block.bare else beside:
        lines = [Line([Run(span.short or span.name, bold=True)])]
        out.append(_label(span, "stage", lines, width, at, listed=True))
    return sorted(out, key=lambda w: order[w.style])


def _label(mark: Mark | Span, style: str, lines: list[Line], width: float, at: _Set,
           listed: bool) -> _Wanted:
    """Return a label's lines wrapped at most at a part of `width`, and its box's size."""
    if not any(r.text.strip() for ln in lines for r in ln.runs):
        return _Wanted(mark, style, [], 0.0, 0.0, False)
    most = max(MIN_WRAP, width * WIDEST)
    words = [text_width(w, at.size, r.bold) for ln in lines for r in ln.runs
             for w in r.text.split()]
    natural = [text_width("".join(r.text for r in ln.runs), at.size, ln.runs[0].bold)
               for ln in lines if ln.runs]
    # a hair wider than measured: what wraps its lines again at this width (the Word drawing,
    # the pages) sums the same widths in another order
    inner = min(max(min(max(natural), most), max(words)) / SAFETY + 0.5, width - 2 * INSET_X)
    count = sum(len(wrap(ln.runs, inner, at.size)) for ln in lines)
    return _Wanted(mark, style, lines, inner + 2 * INSET_X,
                   count * at.size * LINE + 2 * INSET_Y, listed)


def _entry(wanted: _Wanted) -> str:
    """Return what the legend says of a label left out: a meeting's number and its lines, a
    stage's name and dates."""
    mark = wanted.mark
    if isinstance(mark, Span):
        return f"{mark.name} {mark.note}".strip()
    said = " · ".join("".join(r.text for r in ln.runs) for ln in wanted.lines)
    number = getattr(mark, "number", 0)
    return f"{number} {said}" if number else said


# --- the timeline placed -------------------------------------------------------------------


def _placed(block: Timeline, scale: Scale, region: Region, at: _Set,
            band: tuple[list[Bar], float],
            found: list[tuple[_Wanted, Spot | None]]) -> Calendar:
    """Return the timeline with its marks where `found` put them, from the region's top;
    each row of labels as tall as its tallest label."""
    bars, height = band
    sides = {side: [(w, s) for w, s in found if s is not None and s.side == side]
             for side in (ABOVE, -ABOVE)}
    lanes = {side: max([s.lane + 1 for w, s in sides[side] if w.style not in ("flag", "stage")]
                       + [0]) for side in sides}
    rows = {side: [max([w.height for w, s in sides[side] if s.row == j] + [0.0])
                   for j in range(max([s.row + 1 for _, s in sides[side] if s.row is not None]
                                      + [0]))] for side in sides}
    # the distance of each row's edge facing the bars from the first row's
    offsets = {side: [sum(rows[side][:j]) + j * ROW_GAP for j in range(len(rows[side]))]
               for side in sides}

    def extent(side: int) -> float:
        if not sides[side]:
            return 0.0
        labels = STEM + sum(rows[side]) + (len(rows[side]) - 1) * ROW_GAP if rows[side] \
            else 0.0
        return GAP + lanes[side] * at.lane + labels

    top = region.y + extent(ABOVE)
    axis_y = top + height
    strip = strip_height(at.axis)
    ticks, months, years = month_axis(scale, axis_y, at.axis, block.months)
    calendar = Calendar(region.x, region.y, region.w,
                        extent(ABOVE) + height + strip + extent(-ABOVE), axis_y,
                        [_moved(b, top) for b in bars], [], ticks, months, years,
                        description=describe(block))
    edges = {ABOVE: top, -ABOVE: axis_y + strip}
    for wanted, spot in found:
        if spot is not None:
            calendar.markers.append(_marker(wanted, spot, scale, at, (edges[spot.side],
                                            lanes[spot.side], offsets[spot.side]),
                                            (bars, axis_y)))
    return calendar


def _moved(bar: Bar, top: float) -> Bar:
    return Bar(bar.x, top, bar.w, bar.h, bar.name, bar.note, bar.size, bar.shade)


def _marker(wanted: _Wanted, spot: Spot, scale: Scale, at: _Set,
            side: tuple[float, int, list[float]], band: tuple[list[Bar], float]) -> Marker:
    """Return one mark where `spot` put it: `side` gives the edge of the bars or the axis it
    stands off, the lanes used on that side and where its rows begin; `band` the bars and
    the axis under them."""
    edge, lanes, offsets = side
    bars, axis_y = band
    out = spot.side  # -1 upwards, +1 downwards
    want = _want(wanted, at, scale)
    cy = edge + out * (GAP + want.r + spot.lane * at.lane) if want.r else edge
    far = edge + out * (GAP + lanes * at.lane + STEM)
    label = None
    reach = cy - out * want.r  # without a label, the line ends at the circle
    if spot.row is not None:
        near = far + out * offsets[spot.row]  # the row's edge facing the bars
        y = near - wanted.height if out < 0 else near
        label = TextBox(spot.left, y, wanted.width, wanted.height, wanted.lines, at.size)
        reach = y if (out < 0) == (wanted.style == "flag") else y + wanted.height
    if wanted.style == "flag" and label is None:  # its pole alone, up to the circles' lanes
        return Marker(want.x, edge, 0.0, (axis_y, edge - GAP), None, "", "flag", at.number)
    start = edge
    if wanted.style == "flag" and out < 0 and not any(b.x <= want.x <= b.x + b.w for b in bars):
        start = axis_y  # clear of every bar, a deadline's pole reaches down to the axis
    number = str(getattr(wanted.mark, "number", 0) or "")
    return Marker(want.x, cy, want.r, (start, reach), label, number, wanted.style, at.number)


def describe(block: Timeline) -> str:
    """Return the timeline in words: each stage with its dates, then each mark in date order
    with its number, its lines and what it is in full."""
    parts = [f"{s.name} {s.note}".strip() for s in block.spans]
    for mark in sorted(block.marks, key=lambda m: m.day):
        said = ", ".join(mark.label) or mark.day.isoformat()
        number = f"{mark.number} " if mark.number else ""
        parts.append(f"{number}{said}" + (f": {mark.long}" if mark.long else ""))
    return "; ".join(p for p in parts if p)
