"""Tiles: a grid of cards, a sequence rising step by step, or a row of figures, fitted to a
region. Every tile is as high as the tallest text in its row needs; two tiles side by side share
the width so that their texts end at about the same height."""

from __future__ import annotations

import math

from sggen.document import Card, Cards, ListItem, Run
from sggen.layout.boxes import CardBox, Connector, Line, Region, Sizes, Tiles
from sggen.layout.metrics import INSET_X, INSET_Y, LINE, size_steps, wrap
from sggen.layout.text import PARA_GAP, lines_height

GAP = 14.0  # between tiles
ARROW = 30.0  # between the tiles of a flow: room for the arrow
SMALL = 0.85  # subtitle and lines, relative to the title
LEAST = 12.0  # no line of a tile is set smaller than this
FIGURE = 2.0  # a figure's value, relative to the size it is laid out at
FIGURE_MAX = 44.0
FLOW_HEIGHT = 0.72  # a flow's tiles are this part of the region high; the rest is the rise
PAD = 6.0  # inside a tile, besides the text frame's insets
CORNER = 0.06  # a tile's corner radius, as a part of its shorter side
SHARES = [n / 20 for n in range(5, 16)]  # the first of two tiles' share of the row's width
EVEN = 0.8  # tiles of a row share its height when each needs at least this much of it


def columns(count: int) -> int:
    """Return how many tiles stand side by side: rows as even as the count allows."""
    if count <= 3:
        return max(count, 1)
    if count == 4:
        return 2
    return 3 if count <= 6 else 4


def small_size(size: float) -> float:
    """Return the size of a tile's lines when its title is set at `size`."""
    return max(LEAST, size * SMALL)


def body_lines(card: Card) -> list[Line]:
    """Return a tile's lines under its title: its items with their formatting (a numbered
    list numbered, sub-items indented), else its plain lines as bullets."""
    if not card.items:
        return [Line([Run(text)], 0, "•") for text in card.lines]
    out = []
    for n, item in enumerate(card.items, 1):
        out.append(_item_line(item, 0, n))
        out.extend(_item_line(child, 1, k) for k, child in enumerate(item.children, 1))
    return out


def _item_line(item: ListItem, level: int, n: int) -> Line:
    if level:
        return Line(item.runs, 1, "")
    return Line(item.runs, 0, f"{n}." if item.ordered else "•", number=n if item.ordered else 0)


def _inset(width: float) -> float:
    # rounded corners take a little of the text area on every side (see chart.corner_inset)
    return CORNER * width * (1 - math.sqrt(0.5))


def card_height(card: Card, width: float, size: float, figures: bool = False,
                big: float | None = None) -> float:
    """Return the height a tile `width` wide needs for its text at `size` (a figure's value at
    `big`, or at the largest size its column holds on one line)."""
    small = small_size(size)
    if figures:
        big = big or figure_size(card, width, size)
        height = len(wrap([Run(card.title, bold=True)], width - 2 * INSET_X, big)) * big * LINE
        for text in [card.subtitle, *card.lines]:
            if text:
                height += len(wrap([Run(text)], width - 2 * INSET_X, small)) * small * LINE
        return height + 2 * INSET_Y
    corner = _inset(width)
    inner = width - 2 * (INSET_X + PAD + corner)
    height = len(wrap([Run(card.title, bold=True)], inner, size)) * size * LINE
    if card.subtitle:
        height += len(wrap([Run(card.subtitle)], inner, small)) * small * LINE
    lines = body_lines(card)
    if lines:
        height += small * PARA_GAP + lines_height(lines, inner + 2 * INSET_X, small)
    return height + 2 * (INSET_Y + PAD + corner)


def figure_size(card: Card, width: float, size: float) -> float:
    """Return the size of a figure's value: large, and smaller where it would not fit its
    column on one line."""
    big = min(FIGURE_MAX, size * FIGURE)
    for candidate in size_steps(big, size):
        if len(wrap([Run(card.title, bold=True)], width - 2 * INSET_X, candidate)) == 1:
            return candidate
    return size


def lay_out_cards(block: Cards, region: Region, sizes: Sizes) -> list[Tiles]:
    """Return the tiles on as few slides as their text needs, at the largest size that fits.

    All tiles of a block share one size, so that they read as one set. When they do not fit at
    the floor, they go on more slides, in the same grid.
    """
    if not block.cards:
        return [Tiles(flow=block.flow, figures=block.figures)]
    for per_slide in range(len(block.cards), 0, -1):
        groups = _groups(block.cards, per_slide)
        for size in size_steps(max(sizes.base + 4, sizes.floor), sizes.floor):
            laid = [place(Cards(group, block.flow, block.figures), region, size)
                    for group in groups]
            if all(tiles is not None for tiles in laid):
                return laid
    # Nothing fits even one to a slide at the floor: the text frames shrink it further.
    return [place(Cards([card], block.flow, block.figures), region, sizes.floor, force=True)
            for card in block.cards]


def _groups(cards: list[Card], per_slide: int) -> list[list[Card]]:
    count = math.ceil(len(cards) / per_slide)
    size = math.ceil(len(cards) / count)  # even groups: 5 tiles at 3 a slide go 3 + 2
    return [cards[i:i + size] for i in range(0, len(cards), size)]


def grid_height(block: Cards, width: float, size: float) -> float:
    """Return how high the tiles stand in a region `width` wide at `size`."""
    _, _, rows = _grid(block, width, size)
    return sum(rows) + GAP * (len(rows) - 1)


def _grid(block: Cards, width: float, size: float
          ) -> tuple[list[float], list[float], list[float]]:
    """Return each tile's width and height and each row's height: two tiles share the width by
    their text, any other number of tiles stands in even columns; the tiles of a row are as high
    as the tallest, unless one would then be much emptier than the others, when each is as high
    as its own text."""
    cards, cols = block.cards, columns(len(block.cards))
    if len(cards) == 2 and not block.figures:
        room = width - GAP
        best = None
        for share in SHARES:
            heights = [card_height(cards[0], room * share, size),
                       card_height(cards[1], room * (1 - share), size)]
            score = (max(heights), abs(heights[0] - heights[1]))
            if best is None or score < best[0]:
                best = (score, [room * share, room * (1 - share)])
        widths = best[1]
    else:
        widths = [(width - GAP * (cols - 1)) / cols] * len(cards)
    big = _figures_size(block, widths, size)
    heights = [card_height(c, w, size, block.figures, big)
               for c, w in zip(cards, widths, strict=True)]
    rows = [max(heights[i:i + cols]) for i in range(0, len(cards), cols)]
    for r, row in enumerate(rows):
        own = heights[r * cols:(r + 1) * cols]
        if min(own) >= EVEN * row:
            heights[r * cols:(r + 1) * cols] = [row] * len(own)
    return widths, heights, rows


def place(block: Cards, region: Region, size: float, force: bool = False) -> Tiles | None:
    """Return the tiles laid out from the top of `region` at `size`, or None when they do not
    fit it (unless `force`)."""
    if block.flow:
        return _flow(block.cards, region, size, force)
    widths, heights, rows = _grid(block, region.w, size)
    if sum(rows) + GAP * (len(rows) - 1) > region.h + 0.01 and not force:
        return None
    cols = columns(len(block.cards))
    big = _figures_size(block, widths, size)
    tiles = Tiles(figures=block.figures)
    top = region.y
    for r, height in enumerate(rows):
        row = block.cards[r * cols:(r + 1) * cols]
        used = sum(widths[r * cols:r * cols + len(row)]) + GAP * (len(row) - 1)
        x = region.x + (region.w - used) / 2 if block.figures else region.x
        for k, card in enumerate(row):
            width = widths[r * cols + k]
            tiles.cards.append(_box(card, (x, top, width, heights[r * cols + k]), size,
                                    big))
            x += width + GAP
        top += height + GAP
    return tiles


def _figures_size(block: Cards, widths: list[float], size: float) -> float | None:
    """Return the one size of a block's figures: the largest at which every value keeps to one
    line in its column, so that the figures read as one set (None: not figures)."""
    if not block.figures:
        return None
    return min(figure_size(c, w, size) for c, w in zip(block.cards, widths, strict=True))


def _box(card: Card, place: tuple[float, float, float, float], size: float,
         big: float | None) -> CardBox:
    x, y, w, h = place
    lines = body_lines(card)
    spaced = [Line(ln.runs, ln.level, ln.bullet, 0.0 if i == 0 else small_size(size) * PARA_GAP,
                   number=ln.number) for i, ln in enumerate(lines)]
    title_size = big or size
    return CardBox(x, y, w, h, card.title, card.subtitle, card.lines, title_size,
                   small_size(size), body=spaced)


def _flow(cards: list[Card], region: Region, size: float, force: bool) -> Tiles | None:
    count = len(cards)
    width = (region.w - ARROW * (count - 1)) / count
    height = region.h * FLOW_HEIGHT if count > 1 else region.h
    if max(card_height(c, width, size) for c in cards) > height and not force:
        return None
    rise = (region.h - height) / (count - 1) if count > 1 else 0.0
    tiles = Tiles(flow=True)
    for i, card in enumerate(cards):
        x = region.x + i * (width + ARROW)
        y = region.y + region.h - height - i * rise  # the lowest level first, bottom left
        box = _box(card, (x, y, width, height), size, None)
        box.step = i
        tiles.cards.append(box)
        if i:
            mid = y + height / 2 + rise / 2
            tiles.arrows.append(Connector(x - ARROW + 4, mid + rise / 2, x - 4, mid - rise / 2))
    return tiles
