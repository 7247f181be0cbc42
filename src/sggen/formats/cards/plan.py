"""How each side of a role card fits its page: the type scale, and which lists lose their last
items (measured as the card writer sets each block kind, through one table; nothing is
changed but a cache of the strips laid out)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sggen.document import (
    BLOCKS,
    BulletList,
    Cover,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    Table,
    Timeline,
)
from sggen.formats import CARD_SHOWS
from sggen.formats.guide import timeline as timelines
from sggen.formats.guide.plan import CELL_PAD
from sggen.layout import metrics
from sggen.layout.memo import Memo

MARGIN = 648_000  # EMU, 1.8 cm: a card uses more of its page than the guide
LINE_SPACING = 1.1
# Sizes at scale 1 (points): the name, the role, the cover's other lines, headings, body.
TITLE, SUBTITLE, DETAIL, HEADING, BODY = 24.0, 15.0, 10.5, 13.0, 11.0
# body 13.2 pt down to 8.8 pt, then lists are shortened: a side with less to say says it larger
SCALES = (1.2, 1.15, 1.1, 1.05, 1.0, 0.95, 0.9, 0.85, 0.8)
KEEP = 3  # a list is never shortened below this many items (three meetings name their dates)
ROOM = 1.0  # of the page's text height: the measure errs high by about a tenth (LibreOffice)
LAST_RESORT = 1.06  # of that room, for the strip that is the one place showing every meeting
STRIP_SPACE = 8.0  # after the timeline's strip, at scale 1
BAND_PAD = 6  # points between the cover's band and its text, on every side
GROUP_GAP = 6.0  # before a paragraph that opens a group of lines (gap_before), at scale 1
BAND_GAP = 10.0  # before a paragraph right under the cover's band, at scale 1


def sides(blocks: list, width: float, room: float) -> list[tuple[list, float]]:
    """Return each side of the card (the blocks between its page breaks) fitted to its page,
    with its type scale. Of a two-sided card, the back's first sections move to the end of
    the front while that lets both sides be set larger (a short front takes the strip of a
    crowded back)."""
    parts: list[list] = [[]]
    for block in blocks:
        if isinstance(block, PageBreak):
            parts.append([])
        else:
            parts[-1].append(block)
    parts = [part for part in parts if part]
    fitted = [fit(part, width, room) for part in parts]
    while len(parts) == 2:
        lead, rest = _first_section(parts[1])
        if not lead or not rest:
            break
        moved = [parts[0] + lead, rest]
        trial = [fit(part, width, room) for part in moved]
        if _score(trial, moved, width, room) <= _score(fitted, parts, width, room):
            break
        parts, fitted = moved, trial
    return fitted


def _first_section(blocks: list) -> tuple[list, list]:
    """Return a side's first section (its heading and what stands under it) and the rest."""
    if not blocks or not isinstance(blocks[0], Heading):
        return [], blocks
    end = next((k for k in range(1, len(blocks)) if isinstance(blocks[k], Heading)),
               len(blocks))
    return blocks[:end], blocks[end:]


def _score(fitted: list[tuple[list, float]], parts: list[list], width: float, room: float
           ) -> tuple[float, int, float]:
    """Return how well sides were fitted: the smallest type scale, then the fewer list items
    left out, then the more room left on the sides set that small."""
    def items(blocks: list) -> int:
        return sum(len(b.items) for b in blocks if isinstance(b, BulletList))

    dropped = sum(items(part) - items(blocks)
                  for (blocks, _), part in zip(fitted, parts, strict=True))
    smallest = min(scale for _, scale in fitted)
    left = min(room - height(blocks, scale, width) for blocks, scale in fitted
               if scale == smallest)
    return smallest, -dropped, left


def fit(blocks: list, width: float, room: float) -> tuple[list, float]:
    """Return the blocks and the type scale that fill at most `room` points of height: the
    largest scale that fits; else the timeline's strip made lighter (the meetings' dates,
    then their labels, then the strip itself left to the list of meetings, which says every
    meeting); else, at the smallest scale, the strip with numbers only (then the one place
    that shows every meeting) and the longest lists shortened in turn."""
    for level in range(timelines.LIGHTEST + 1):
        lighter = _lighter(blocks, level)
        if height(lighter, SCALES[-1], width) > room:
            continue  # not even at the smallest size: no larger one fits either
        # the largest size that fits, halving the sizes left to try (a larger size is taller)
        low, high = 0, len(SCALES) - 1  # SCALES[high] fits
        while low < high:
            middle = (low + high) // 2
            if height(lighter, SCALES[middle], width) <= room:
                high = middle
            else:
                low = middle + 1
        return lighter, SCALES[high]
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


# a card's sides are fitted over and over with the same strip, and most cards of a project
# share it: a long project's strip takes a good part of a second to lay out
_MADE: Memo[object] = Memo(256)


def _lighter(blocks: list, level: int) -> list:
    """Return the blocks with the timeline's strip made lighter to `level` (or left out)."""
    lighter = [_MADE.get(("lighter", repr(b), level), lambda b=b: timelines.lighter(b, level))
               if isinstance(b, Timeline) else b for b in blocks]
    return [b for b in lighter if b is not None]


def _shortened(blocks: list, scale: float, width: float, room: float) -> list:
    """Return the blocks with the longest lists shortened in turn until they fit `room` or
    no list can lose an item (each block measured again only when it is shortened)."""
    blocks = list(blocks)
    tall = [_tall_block(b, scale, width) for b in blocks]
    gaps = height(blocks, scale, width) - sum(tall)  # shortening a list moves no gap
    while sum(tall) + gaps > room:
        lists = [(sum(len(i.text) for i in b.items), k) for k, b in enumerate(blocks)
                 if isinstance(b, BulletList) and len(b.items) > KEEP]
        if not lists:
            break
        _, k = max(lists)
        blocks[k] = replace(blocks[k], items=blocks[k].items[:-1])
        tall[k] = _tall_block(blocks[k], scale, width)
    return blocks


def _lines(runs: list[Run], width: float, size: float) -> int:
    return len(metrics.wrap(runs, width, size))


def _tall(lines: int, size: float) -> float:
    return lines * size * metrics.LINE * LINE_SPACING


def _cover(block: Cover, scale: float, width: float) -> list[float]:
    steps = []
    for i, line in enumerate(block.lines):
        size = cover_size(i) * scale
        steps.append(_tall(_lines([Run(line, bold=i == 0)], width - 2 * BAND_PAD, size), size))
    return [BAND_PAD, *steps, BAND_PAD]  # the band's padding above and below its lines


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

    base, least = scaled(sizes.chart_base), scaled(sizes.chart_min)
    return _MADE.get(("strip", repr(block), base, least, width),
                     lambda: timelines.on_page(block, width, replace(
                         sizes, chart_base=base, chart_min=least)))


def _left_out(block, scale: float, width: float) -> list[float]:
    return []  # a kind a card does not show (the build warns of it) takes no room


MEASURE: dict[type, Callable[[object, float, float], list[float]]] = {
    **{kind: _left_out for kind in BLOCKS if kind not in CARD_SHOWS},
    Cover: _cover, Heading: _heading, Paragraph: _paragraph, BulletList: _list, Table: _table,
    Timeline: _timeline, PageBreak: _left_out,  # a card fits each side apart (sides)
}
"""The heights each block kind adds on a card, in order, at a scale and a width."""


def height(blocks: list, scale: float, width: float) -> float:
    """Return the height in points that `blocks` take at `scale`, as the card writer sets
    them."""
    used = 0.0
    for k, block in enumerate(blocks):
        used += gap_before(blocks[k - 1] if k else None, block) * scale
        used += _tall_block(block, scale, width)
    return used


def _tall_block(block: object, scale: float, width: float) -> float:
    return sum(MEASURE[type(block)](block, scale, width))


def gap_before(before: object, block: object) -> float:
    """Return the space (points at scale 1) before `block` where it begins a new group of
    lines: a paragraph right under the cover's band, or one led by a bold label (a meeting's
    line) after a list or after unlabelled text (the end of the group before)."""
    if isinstance(block, Paragraph) and isinstance(before, Cover):
        return BAND_GAP
    if (_labelled(block) and isinstance(before, (BulletList, Paragraph))
            and not _labelled(before)):
        return GROUP_GAP
    return 0.0


def _labelled(block: object) -> bool:
    lead = next((r for r in block.runs if r.text), None) if isinstance(block, Paragraph) \
        else None
    return lead is not None and lead.bold


def cover_size(index: int) -> float:
    """Return the type size of the cover's line `index` at scale 1."""
    return (TITLE, SUBTITLE)[index] if index < 2 else DETAIL
