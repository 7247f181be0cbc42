"""One slide's blocks stacked top to bottom, each as high as its content needs: text in a box
as high as its lines, a table as high as its rows, tiles as high as their text, and a chart or
a timeline in the room that is left. All at one size, the largest at which everything fits;
when nothing does, the slide is paged as before (layout/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable

from sggen.document import Block, Cards
from sggen.layout.boxes import Item, Line, Region, Sizes, TableBox, TextBox
from sggen.layout.cards import grid_height, place
from sggen.layout.metrics import INSET_X, SAFETY, size_steps, wrap
from sggen.layout.table import TABLE_SLACK, WIDOW_STEPS, table_at, widows
from sggen.layout.text import SLACK, line_indent, text_box, text_height

GAP = 16.0  # between the parts of a slide
GROW = 4.0  # a slide with little on it sets it up to this much larger than the base size
TILE_STEP = 2.0  # tiles' titles are set this much larger than the slide's text
ROOM = 0.45  # a chart or timeline takes the rest of the slide only if it keeps this much

Part = tuple[str, object]  # ("text", lines) | ("table", Table) | ("tiles", Cards) | ("fill", …)


def parts(blocks: list[Block], lines: Callable[[list[Block]], list[Line]],
          kinds: dict[type, str]) -> list[Part]:
    """Return the slide's blocks as parts in order: consecutive text as one part."""
    out: list[Part] = []
    for block in blocks:
        kind = kinds[type(block)]
        if kind == "flow":
            if out and out[-1][0] == "text":
                out[-1] = ("text", [*out[-1][1], *lines([block])])
            else:
                out.append(("text", lines([block])))
        elif kind == "table":
            out.append(("table", block))
        elif kind == "visual":
            out.append(("tiles" if isinstance(block, Cards) else "fill", block))
    return [p for p in out if p[0] != "text" or p[1]]


def stacked(found: list[Part], region: Region, sizes: Sizes,
            visual: Callable[[Block, Region, Sizes], list[Item]],
            legend: Callable[[float], float]) -> list[Item] | None:
    """Return the items of one slide holding every part, or None when they do not fit one
    slide at the floor (or there are two parts that each want the rest of the slide)."""
    if sum(1 for kind, _ in found if kind == "fill") > 1:
        return None
    fitting: list[tuple[int, float, list[Item]]] = []
    for size in size_steps(sizes.base + GROW, sizes.floor):
        if fitting and _table_size(size, sizes) < _table_size(fitting[0][1], sizes) - WIDOW_STEPS:
            break
        items = _at(found, region, size, sizes, visual, legend)
        if items is not None:
            # a paragraph or cell ending in a line a renderer may not set (see _misses): a
            # size a step or two smaller that keeps the words together reads better
            fitting.append((sum(_misses(i) for i in items), size, items))
            if not fitting[0][0]:
                break
    return min(fitting, key=lambda f: (f[0], -f[1]))[2] if fitting else None


def _misses(item: Item) -> int:
    """Return how many paragraphs or cells of an item end in a line that only the safety
    margin on widths made (or, in a table, in one short word): a renderer as wide as the
    metrics sets them a line shorter, and the box stands a line too high."""
    if isinstance(item, TableBox):
        return widows(item)
    if not isinstance(item, TextBox):
        return 0
    count = 0
    for line in item.lines:
        room = item.w - 2 * INSET_X - line_indent(line)
        count += len(wrap(line.runs, room / SAFETY, item.size)) < \
            len(wrap(line.runs, room, item.size))
    return count


def _height(kind: str, part: object, region: Region, size: float, sizes: Sizes,
            legend: Callable[[float], float]) -> float:
    if kind == "text":
        return text_height(part, region.w, size) + SLACK
    if kind == "table":
        box = table_at(part, region.x, region.w, _table_size(size, sizes))
        return sum(box.heights) + (legend(box.size) if part.symbols else 0.0) + TABLE_SLACK
    if kind == "tiles":
        return grid_height(part, region.w, _tile_size(size, sizes))
    return 0.0


def _table_size(size: float, sizes: Sizes) -> float:
    # a table's type a step smaller than the text's, and never below the floor
    return max(sizes.floor, min(size, sizes.base) if size <= sizes.base else size - 2)


def _tile_size(size: float, sizes: Sizes) -> float:
    return min(size + TILE_STEP, sizes.base + GROW)


def _at(found: list[Part], region: Region, size: float, sizes: Sizes,
        visual: Callable[[Block, Region, Sizes], list[Item]],
        legend: Callable[[float], float]) -> list[Item] | None:
    heights = [_height(kind, part, region, size, sizes, legend) for kind, part in found]
    rest = region.h - sum(heights) - GAP * (len(found) - 1)
    fill = next((i for i, (kind, _) in enumerate(found) if kind == "fill"), None)
    if rest < -0.01 or (fill is not None and rest < ROOM * region.h):
        return None
    if fill is not None:
        heights[fill] = rest
    items: list[Item] = []
    top = region.y
    for (kind, part), height in zip(found, heights, strict=True):
        room = Region(region.x, top, region.w, height)
        if kind == "text":
            items.append(text_box(part, room, size, height))
        elif kind == "table":
            box = table_at(part, region.x, region.w, _table_size(size, sizes))
            box.y = top
            if part.symbols:
                box.symbols, box.legend_h = part.symbols, legend(box.size)
            items.append(box)
        elif kind == "tiles":
            tiles = place(part, room, _tile_size(size, sizes))
            if tiles is None:
                return None
            items.append(tiles)
        else:
            laid = visual(part, room, sizes)
            if len(laid) != 1:
                return None
            items.extend(laid)
        top += height + GAP
    return items

