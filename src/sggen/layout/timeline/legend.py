"""The timeline's legend: what its labels leave out, in columns under it or on pages of its
own, within the deck's reading budget of words (pure)."""

from __future__ import annotations

import math

from sggen.document import Run
from sggen.layout.boxes import Calendar, Line, Region, TextBox
from sggen.layout.metrics import INSET_X, INSET_Y, LINE, SAFETY, size_steps, text_width
from sggen.layout.text import PARA_GAP

LEGEND_GAP = 8.0  # between the timeline and its legend
WORDS = 89  # a slide's reading budget: its body under 90 words


def place(calendar: Calendar, entries: list[str], room: float, size: float,
          gap: float = LEGEND_GAP, spaced: bool = False) -> None:
    """Put the legend `gap` under the timeline: its entries in as many columns as the width
    holds, as many lines as `room` holds; the rest is the calendar's overflow. `spaced`: a
    page of its own, its entries apart as a list's items."""
    widths = [text_width(e, size) / SAFETY + 2 * INSET_X for e in entries]
    column = min(max(widths), calendar.w)
    count = max(1, int(calendar.w // column))
    per = math.ceil(len(entries) / count)
    apart = size * PARA_GAP if spaced else 0.0
    line = size * LINE + apart
    fits = max(0, int((room - 2 * INSET_Y + apart) // line))
    if fits < per:
        per = fits
    shown = entries[:per * count] if per else []
    top = calendar.y + calendar.h + gap
    for k in range(0, len(shown), per or 1):
        part = shown[k:k + per]
        x = calendar.x + (k // per) * column
        calendar.legend.append(TextBox(x, top, column, len(part) * line - apart + 2 * INSET_Y,
                                       [Line([Run(e)], space_before=apart if n else 0.0)
                                        for n, e in enumerate(part)], size))
    calendar.overflow = entries[len(shown):]
    if calendar.legend:
        calendar.h += gap + max(b.h for b in calendar.legend)


def drawn_words(calendar: Calendar) -> int:
    """Return the words the timeline shows: the bars' names, the labels and the legend, the
    months and years, the circles' numbers."""
    boxes = [*calendar.months, *calendar.years, *calendar.legend,
             *(m.label for m in calendar.markers if m.label)]
    said = [run.text for box in boxes for line in box.lines for run in line.runs]
    return word_count([*said, *(b.name for b in calendar.bars),
                       *(m.number for m in calendar.markers)])


def word_count(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def line_count(room: float, size: float) -> int:
    """Return how many legend lines `room` holds at `size`."""
    return max(0, int((room - 2 * INSET_Y) // (size * LINE)))


def taken(entries: list[str], words: int, room: int) -> int:
    """Return how many of the first entries a slide takes with `words` and `room` lines left."""
    n = 0
    while n < min(len(entries), room) and word_count(entries[:n + 1]) <= words:
        n += 1
    return n


def page_count(entries: list[str], room: int) -> int:
    """Return how many legend pages of `room` lines the entries need, each within the
    budget of words."""
    n, rest = 0, entries
    while rest:
        rest = rest[max(1, taken(rest, WORDS, room)):]
        n += 1
    return n


def legend_pages(entries: list[str], region: Region, size: float,
                 largest: float | None = None) -> list[Calendar]:
    """Return the legend's entries that follow a timeline, each page a timeline of legend
    alone (no axis, no bars) in columns as wide as the widest entry, the entries spread
    evenly over the fewest pages, none over the budget of words; each at the largest size up
    to `largest` at which it holds its share (a page of its own has the room)."""
    if not entries:
        return []
    even = math.ceil(len(entries) / page_count(entries, line_count(region.h, size)))
    pages = []
    for k in range(0, len(entries), even):
        part = entries[k:k + even]
        at = next((a for a in size_steps(max(largest or size, size), size)
                   if _fits(part, region, a)), size)
        page = Calendar(region.x, region.y, region.w, 0.0, region.y,
                        description="; ".join(part))
        place(page, part, region.h, at, gap=0.0, spaced=True)
        pages.append(page)
    return pages


def _fits(entries: list[str], region: Region, size: float) -> bool:
    """Return whether the entries fit `region` as a legend at `size`, none wider than it."""
    if max(text_width(e, size) / SAFETY + 2 * INSET_X for e in entries) > region.w:
        return False
    probe = Calendar(region.x, region.y, region.w, 0.0, region.y)
    place(probe, entries, region.h, size, gap=0.0, spaced=True)
    return not probe.overflow
