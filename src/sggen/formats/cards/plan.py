"""How a role card fits one page: the type scale, and which lists lose their last items (pure:
measured as the card writer sets each block kind, through one table)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sggen.document import BLOCKS, BulletList, Cover, Heading, Paragraph, Run, Table, Timeline
from sggen.formats import CARD_SHOWS
from sggen.formats.guide import timeline as timelines
from sggen.formats.guide.plan import CELL_PAD
from sggen.layout import metrics

MARGIN = 648_000  # EMU, 1.8 cm: a card uses more of its page than the guide
LINE_SPACING = 1.1
# Sizes at scale 1 (points): the name, the role, the cover's other lines, headings, body.
TITLE, SUBTITLE, DETAIL, HEADING, BODY = 24.0, 15.0, 10.5, 13.0, 11.0
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8)  # body 11 pt down to 8.8 pt, then lists are shortened
KEEP = 3  # a list is never shortened below this many items (three meetings name their dates)
ROOM = 1.0  # of the page's text height: the measure errs high by about a tenth (LibreOffice)
LAST_RESORT = 1.06  # of that room, for the strip that is the one place showing every meeting
STRIP_SPACE = 8.0  # after the timeline's strip, at scale 1


def fit(blocks: list, width: float, room: float) -> tuple[list, float]:
    """Return the blocks and the type scale that fill at most `room` points of height: the
    largest scale that fits; else the timeline's strip made lighter (the meetings' dates,
    then their labels, then the strip itself left to the list of meetings, which says every
    meeting); else, at the smallest scale, the strip with numbers only (then the one place
    that shows every meeting) and the longest lists shortened in turn."""
    for level in range(timelines.LIGHTEST + 1):
        lighter = _lighter(blocks, level)
        for scale in SCALES:
            if height(lighter, scale, width) <= room:
                return lighter, scale
    scale = SCALES[-1]
    for level in (timelines.LIGHTEST - 1, timelines.LIGHTEST):
        # the strip with numbers only is the one place left that shows every meeting: it may
        # use part of what the measure errs high by
        strip = level < timelines.LIGHTEST and any(isinstance(b, Timeline) for b in blocks)
        room_here = room * LAST_RESORT if strip else room
        shortened = _shortened(_lighter(blocks, level), scale, width, room_here)
        if height(shortened, scale, width) <= room_here:
            break
    return shortened, scale  # nothing left to shorten: an unrealistic card runs on


def _lighter(blocks: list, level: int) -> list:
    """Return the blocks with the timeline's strip made lighter to `level` (or left out)."""
    lighter = [timelines.lighter(b, level) if isinstance(b, Timeline) else b for b in blocks]
    return [b for b in lighter if b is not None]


def _shortened(blocks: list, scale: float, width: float, room: float) -> list:
    """Return the blocks with the longest lists shortened in turn until they fit `room` or
    no list can lose an item."""
    blocks = list(blocks)
    while height(blocks, scale, width) > room:
        lists = [(sum(len(i.text) for i in b.items), k) for k, b in enumerate(blocks)
                 if isinstance(b, BulletList) and len(b.items) > KEEP]
        if not lists:
            break
        _, k = max(lists)
        blocks[k] = replace(blocks[k], items=blocks[k].items[:-1])
    return blocks


def _lines(runs: list[Run], width: float, size: float) -> int:
    return len(metrics.wrap(runs, width, size))


def _tall(lines: int, size: float) -> float:
    return lines * size * metrics.LINE * LINE_SPACING


def _cover(block: Cover, scale: float, width: float) -> list[float]:
    steps = []
    for i, line in enumerate(block.lines):
        size = cover_size(i) * scale
        steps.append(_tall(_lines([Run(line, bold=i == 0)], width, size), size) + 4 * scale)
    return [*steps, 8 * scale]  # the rule under the cover


def _heading(block: Heading, scale: float, width: float) -> list[float]:
    size = HEADING * scale
    return [_tall(_lines([Run(block.text, bold=True)], width, size), size)
            + 10 * scale + 3 * scale]


def _paragraph(block: Paragraph, scale: float, width: float) -> list[float]:
    size = BODY * scale
    return [_tall(_lines(block.runs, width, size), size) + 4 * scale]


def _list(block: BulletList, scale: float, width: float) -> list[float]:
    size = BODY * scale
    return [*(_tall(_lines(item.runs, width - 18, size), size) + 2 * scale
              for item in block.items), 2 * scale]


def _table(block: Table, scale: float, width: float) -> list[float]:
    size = BODY * scale
    columns = max(len(block.header), 1)
    return [max((_lines(c, width / columns - CELL_PAD, size) for c in row), default=1)
            * size * metrics.LINE * LINE_SPACING + 6 * scale
            for row in [block.header, *block.rows]]


def _timeline(block: Timeline, scale: float, width: float) -> list[float]:
    return [strip(block, scale, width).h + STRIP_SPACE * scale]


def strip(block: Timeline, scale: float, width: float):
    """Return the holder's strip of the timeline laid out at the card's scale and width."""
    sizes = timelines.SIZES

    def scaled(size: float) -> float:  # in whole half points, as Word sets type
        return int(size * scale * 2) / 2

    return timelines.on_page(block, width, replace(
        sizes, chart_base=scaled(sizes.chart_base), chart_min=scaled(sizes.chart_min)))


def _left_out(block, scale: float, width: float) -> list[float]:
    return []  # a kind a card does not show (the build warns of it) takes no room


MEASURE: dict[type, Callable[[object, float, float], list[float]]] = {
    **{kind: _left_out for kind in BLOCKS if kind not in CARD_SHOWS},
    Cover: _cover, Heading: _heading, Paragraph: _paragraph, BulletList: _list, Table: _table,
    Timeline: _timeline,
}
"""The heights each block kind adds on a card, in order, at a scale and a width."""


def height(blocks: list, scale: float, width: float) -> float:
    """Return the height in points that `blocks` take at `scale`, as the card writer sets
    them."""
    used = 0.0
    for block in blocks:
        for step in MEASURE[type(block)](block, scale, width):
            used += step
    return used


def cover_size(index: int) -> float:
    """Return the type size of the cover's line `index` at scale 1."""
    return (TITLE, SUBTITLE)[index] if index < 2 else DETAIL
