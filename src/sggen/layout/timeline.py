"""The board's calendar: stages as bars on a time axis, meetings as markers with labels."""

from __future__ import annotations

import datetime as dt

from sggen.document import Run, Timeline
from sggen.layout.boxes import Bar, Calendar, Line, Marker, Region, Sizes, TextBox
from sggen.layout.metrics import (
    INSET_X,
    INSET_Y,
    LINE,
    SAFETY,
    size_steps,
    text_width,
    wrap,
)

BAR_H = 0.2  # the stage bars' height, as a part of the region
BAR_H_ALONE = 0.45  # and when no meetings are marked: the stages are the whole picture
LABEL_GAP = 10.0  # between the axis band and a label
EDGE = 0.04  # the axis extends this part of its span beyond the first and last day


def lay_out_timeline(block: Timeline, region: Region, sizes: Sizes) -> Calendar:
    """Return the stages and meetings placed in `region` at the largest size where every
    label fits; labels alternate above and below the bars so that neighbours do not meet."""
    days = [*(s.start for s in block.spans), *(s.end for s in block.spans),
            *(m.day for m in block.marks)]
    if not days:
        return Calendar(region.x, region.w, region.y + region.h / 2)
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    start = first - dt.timedelta(days=span * EDGE)
    width = span * (1 + 2 * EDGE)

    def at(day: dt.date) -> float:
        return region.x + region.w * (day - start).days / width

    bar_h = region.h * (BAR_H if block.marks else BAR_H_ALONE) if block.spans else 6.0
    axis_y = region.y + (region.h - bar_h) / 2  # the top of the band of bars
    bars = [_bar(stage, (at(stage.start), at(stage.end)), (axis_y, bar_h), i % 2, sizes)
            for i, stage in enumerate(block.spans)]
    room = (region.h - bar_h) / 2 - LABEL_GAP  # above or below the band
    ordered = sorted(block.marks, key=lambda m: m.day)
    steps = size_steps(max(sizes.base, sizes.floor), min(sizes.chart_min, sizes.floor))
    # the smallest size is tried twice: the second time, labels too long are cut to fit
    for attempt, size in enumerate([*steps, steps[-1]]):
        last_try = attempt == len(steps)
        calendar = Calendar(region.x, region.w, axis_y + bar_h / 2, bars)
        fits = True
        for i, mark in enumerate(ordered):
            above = i % 2 == 0
            # a label may be as wide as the room to the next label on the same side
            neighbours = [at(m.day) for j, m in enumerate(ordered) if j % 2 == i % 2 and j != i]
            x = at(mark.day)
            half = min([abs(x - n) for n in neighbours] + [region.w / 2]) / 2 - 4
            half = min(half, region.w * 0.16)
            left = min(max(x - half, region.x), region.x + region.w - 2 * half)
            runs = [[Run(line, bold=k == 0)] for k, line in enumerate(mark.label)]
            if last_try:
                runs = _cut(runs, 2 * half - 2 * INSET_X, size, room)
            count = sum(len(wrap(r, 2 * half - 2 * INSET_X, size)) for r in runs)
            height = count * size * LINE + 2 * INSET_Y
            fits &= height <= room
            y = axis_y - LABEL_GAP - height if above else axis_y + bar_h + LABEL_GAP
            label = TextBox(left, y, 2 * half, height, [Line(r) for r in runs], size)
            # on the band's edge facing the label, clear of the stage names in the bars
            calendar.markers.append(Marker(x, axis_y if above else axis_y + bar_h, label, above))
        if fits:
            return calendar
    return calendar


def _bar(stage, span: tuple[float, float], band: tuple[float, float], shade: int,
         sizes: Sizes) -> Bar:
    """Return a stage's bar, from x0 to x1 (`span`) in the band of bars (its top y and height),
    with its name (and note) at the largest size that fits whole words; a bar too narrow for
    its name at the smallest size shows none (the guide and the appendix name every stage)."""
    (x0, x1), (y, height) = span, band
    inner = x1 - x0 - 2 * INSET_X
    for size in size_steps(max(sizes.base - 2, sizes.floor), sizes.chart_min - 2):
        parts = [(stage.name, True), *([(stage.note, False)] if stage.note else [])]
        whole = all(text_width(word, size, bold) <= inner * SAFETY
                    for text, bold in parts for word in text.split())
        count = sum(len(wrap([Run(text, bold=bold)], inner, size)) for text, bold in parts)
        if whole and count * size * LINE + 2 * INSET_Y <= height:
            return Bar(x0, y, x1 - x0, height, stage.name, stage.note, size, shade)
    return Bar(x0, y, x1 - x0, height, "", "", sizes.chart_min, shade)


def _cut(runs: list[list[Run]], width: float, size: float, room: float) -> list[list[Run]]:
    """Return a label's lines cut to the lines `room` holds, the last one ending in '…'."""
    most = max(1, int((room - 2 * INSET_Y) // (size * LINE)))
    out: list[list[Run]] = []
    for line in runs:
        text = "".join(r.text for r in line)
        spans = wrap(line, width, size)
        if len(out) + len(spans) <= most:
            out.append(line)
            continue
        keep = spans[:most - len(out)]
        if keep:
            # without its last word the text is shorter, so the ellipsis fits its lines
            words = text[:keep[-1][1]].split()
            cut = " ".join(words[:-1]) if len(words) > 1 else words[0][:-1] if words else ""
            out.append([Run(cut + "…", line[0].bold)])
        break
    return out
