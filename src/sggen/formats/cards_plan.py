"""How a role card fits one page: the type scale, and which lists lose their last items (pure:
the object-layer card writer and the XML one share it)."""

from __future__ import annotations

from dataclasses import replace

from sggen.document import BulletList, Cover, Heading, Paragraph, Run, Table
from sggen.formats.docx_plan import CELL_PAD
from sggen.layout import metrics

MARGIN = 648_000  # EMU, 1.8 cm: a card uses more of its page than the guide
LINE_SPACING = 1.1
# Sizes at scale 1 (points): the name, the role, the cover's other lines, headings, body.
TITLE, SUBTITLE, DETAIL, HEADING, BODY = 24.0, 15.0, 10.5, 13.0, 11.0
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8)  # body 11 pt down to 8.8 pt, then lists are shortened
KEEP = 3  # a list is never shortened below this many items (three meetings name their dates)
ROOM = 1.0  # of the page's text height: the measure errs high by about a tenth (LibreOffice)



def fit(blocks: list, width: float, room: float) -> tuple[list, float]:
    """Return the blocks and the type scale that fill at most `room` points of height: the
    largest scale that fits, else the smallest with the longest lists shortened in turn."""
    for scale in SCALES:
        if height(blocks, scale, width) <= room:
            return blocks, scale
    scale = SCALES[-1]
    blocks = list(blocks)
    while height(blocks, scale, width) > room:
        lists = [(sum(len(i.text) for i in b.items), k) for k, b in enumerate(blocks)
                 if isinstance(b, BulletList) and len(b.items) > KEEP]
        if not lists:
            break  # nothing left to shorten: an unrealistic card runs on
        _, k = max(lists)
        blocks[k] = replace(blocks[k], items=blocks[k].items[:-1])
    return blocks, scale


def _lines(runs: list[Run], width: float, size: float) -> int:
    return len(metrics.wrap(runs, width, size))


def _tall(lines: int, size: float) -> float:
    return lines * size * metrics.LINE * LINE_SPACING


def height(blocks: list, scale: float, width: float) -> float:
    """Return the height in points that `blocks` take at `scale`, as `_write` sets them."""
    used = 0.0
    for block in blocks:
        if isinstance(block, Cover):
            for i, line in enumerate(block.lines):
                size = cover_size(i) * scale
                used += _tall(_lines([Run(line, bold=i == 0)], width, size), size) + 4 * scale
            used += 8 * scale  # the rule under the cover
        elif isinstance(block, Heading):
            size = HEADING * scale
            used += _tall(_lines([Run(block.text, bold=True)], width, size), size) \
                + 10 * scale + 3 * scale
        elif isinstance(block, Paragraph):
            size = BODY * scale
            used += _tall(_lines(block.runs, width, size), size) + 4 * scale
        elif isinstance(block, BulletList):
            size = BODY * scale
            for item in block.items:
                used += _tall(_lines(item.runs, width - 18, size), size) + 2 * scale
            used += 2 * scale
        elif isinstance(block, Table):
            size = BODY * scale
            columns = max(len(block.header), 1)
            for row in [block.header, *block.rows]:
                used += max((_lines(c, width / columns - CELL_PAD, size) for c in row),
                            default=1) * size * metrics.LINE * LINE_SPACING + 6 * scale
        else:
            raise TypeError(f"a role card cannot hold a {type(block).__name__}")
    return used


def cover_size(index: int) -> float:
    return (TITLE, SUBTITLE)[index] if index < 2 else DETAIL
