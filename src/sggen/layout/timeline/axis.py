"""The timeline's scale: the whole months it spans, where a day falls on it (linearly), and the
month axis under the bars: a tick at each month's first day, the months' names where they
fit, and the year at the first month and wherever the year changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sggen.document import Run
from sggen.layout.boxes import Line, TextBox, Tick
from sggen.layout.metrics import LINE, SAFETY, text_width

STEPS = (1, 2, 3, 6, 12)  # label every month, else every second, third … where names fit
INSET = 1.8  # the axis's texts stand this close to their boxes' sides (its own: they are many)
NUMBERS = [str(n) for n in range(1, 13)]  # the months' names when the document gives none
SPACE = 0.5  # of the type size: the least space between two months' names
NICK = 0.1  # of a line: a tick under a month's name stays above its letters


@dataclass
class Scale:
    """Where days fall: `start` (a month's first day) at x, `end` (the first day after the
    last month) at x + w."""

    start: dt.date
    end: dt.date
    x: float
    w: float

    def at(self, day: dt.date) -> float:
        """Return the x of `day`: linear in days from the start."""
        return self.x + self.w * (day - self.start).days / (self.end - self.start).days

    def months(self) -> list[dt.date]:
        """Return the first day of every month on the scale, and of the month after it."""
        out, day = [], self.start
        while day <= self.end:
            out.append(day)
            day = _next_month(day)
        return out


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def scale_of(days: list[dt.date], x: float, w: float) -> Scale:
    """Return the scale of whole months from the first of `days` to the last."""
    first, last = min(days), max(days)
    return Scale(dt.date(first.year, first.month, 1), _next_month(last), x, w)


def strip_height(size: float) -> float:
    """Return the height of the axis under the bars: a line of months over a line of years."""
    return 2 * line_height(size)


def line_height(size: float) -> float:
    """Return the height of a one-line text box of the axis at `size`."""
    return size * LINE + 2 * INSET


def month_axis(scale: Scale, top: float, size: float, names: list[str]
         ) -> tuple[list[Tick], list[TextBox], list[TextBox]]:
    """Return the axis under the bars whose bottom edge is `top`: its ticks, the months'
    names (each centred on its month where it fits there, else from its month's tick; every
    `step`th month where all do not fit) and the years (bold, from their ticks). No tick
    crosses a name: where names span several months, the ticks they cover only nick the axis."""
    names = names if len(names) == 12 else NUMBERS
    firsts = scale.months()
    line = line_height(size)
    cell = scale.w / max(len(firsts) - 1, 1)
    widest = max(_width(name, size) for name in names)
    step = next((s for s in STEPS if widest + SPACE * size <= s * cell), 0)
    months = []
    for day in firsts[:-1] if step else []:
        if (day.month - 1) % step == 0:
            name = names[day.month - 1]
            width, tick = _width(name, size), scale.at(day)
            left = tick + cell / 2 - width / 2 if width <= cell else tick + INSET
            if left + width > scale.x + scale.w + INSET:
                continue  # no room after its tick: the year under it says when it is
            months.append(TextBox(left, top, width, line, [Line([Run(name)])], size))
    ticks = []
    for k, day in enumerate(firsts):
        x = scale.at(day)
        year = day.month == 1 or k == 0
        under = any(b.x < x < b.x + b.w for b in months)
        ticks.append(Tick(x, top, 2 * line if year else NICK * line if under else line * 0.45,
                          year))
    return ticks, months, _years(scale, firsts[:-1], top + line, size)


def _years(scale: Scale, firsts: list[dt.date], top: float, size: float) -> list[TextBox]:
    """Return the years' numbers, each from its first month's tick: the first year's only
    where it does not run into the next year's."""
    starts = [day for k, day in enumerate(firsts) if k == 0 or day.month == 1]
    out = []
    for k, day in enumerate(starts):
        text = str(day.year)
        width = _width(text, size, True)
        x = scale.at(day)
        until = scale.at(starts[k + 1]) if k + 1 < len(starts) else scale.x + scale.w
        if x + width > until and k + 1 < len(starts):
            continue  # no room before the next year begins: that one is named
        left = min(x, scale.x + scale.w - width)
        out.append(TextBox(left, top, width, line_height(size),
                           [Line([Run(text, bold=True)])], size))
    return out


def _width(text: str, size: float, bold: bool = False) -> float:
    return text_width(text, size, bold) / SAFETY + 2 * INSET
