"""Tiles: a grid of cards, or a sequence rising step by step, fitted to a region."""

from __future__ import annotations

import math

from sggen.document import Card, Cards, Run
from sggen.layout.boxes import CardBox, Connector, Region, Sizes, Tiles
from sggen.layout.metrics import INSET_X, INSET_Y, LINE, size_steps, wrap
from sggen.layout.text import BULLET_INDENT

GAP = 14.0  # between tiles
ARROW = 30.0  # between the tiles of a flow: room for the arrow
SMALL = 0.8  # subtitle and lines, relative to the title
FLOW_HEIGHT = 0.72  # a flow's tiles are this part of the region high; the rest is the rise
PAD = 6.0  # inside a tile, besides the text frame's insets
CORNER = 0.06  # a tile's corner radius, as a part of its shorter side


def columns(count: int) -> int:
    """Return how many tiles stand side by side: rows as even as the count allows."""
    if count <= 3:
        return max(count, 1)
    if count == 4:
        return 2
    return 3 if count <= 6 else 4


def card_height(card: Card, width: float, size: float) -> float:
    """Return the height a tile `width` wide needs for its text at `size`."""
    small = size * SMALL
    # rounded corners take a little of the text area on every side (see chart.corner_inset)
    corner = CORNER * width * (1 - math.sqrt(0.5))
    inner = width - 2 * (INSET_X + PAD + corner)
    height = len(wrap([Run(card.title, bold=True)], inner, size)) * size * LINE
    if card.subtitle:
        height += len(wrap([Run(card.subtitle)], inner, small)) * small * LINE
    for line in card.lines:
        height += small * 0.35 + len(wrap([Run(line)], inner - BULLET_INDENT, small)) \
            * small * LINE
    return height + 2 * (INSET_Y + PAD + corner)


def lay_out_cards(block: Cards, region: Region, sizes: Sizes) -> list[Tiles]:
    """Return the tiles on as few slides as their text needs, at the largest size that fits.

    All tiles of a block share one size, so that they read as one set. When they do not fit at
    the floor, they go on more slides, in the same grid.
    """
    if not block.cards:
        return [Tiles(flow=block.flow)]
    for per_slide in range(len(block.cards), 0, -1):
        groups = _groups(block.cards, per_slide)
        for size in size_steps(max(sizes.base + 4, sizes.floor), sizes.floor):
            laid = [_place(group, region, size, block.flow) for group in groups]
            if all(tiles is not None for tiles in laid):
                return laid
    # Nothing fits even one to a slide at the floor: the text frames shrink it further.
    return [_place([card], region, sizes.floor, block.flow, force=True) for card in block.cards]


def _groups(cards: list[Card], per_slide: int) -> list[list[Card]]:
    count = math.ceil(len(cards) / per_slide)
    size = math.ceil(len(cards) / count)  # even groups: 5 tiles at 3 a slide go 3 + 2
    return [cards[i:i + size] for i in range(0, len(cards), size)]


def _place(cards: list[Card], region: Region, size: float, flow: bool,
           force: bool = False) -> Tiles | None:
    if flow:
        return _flow(cards, region, size, force)
    cols = columns(len(cards))
    rows = math.ceil(len(cards) / cols)
    width = (region.w - GAP * (cols - 1)) / cols
    heights = [card_height(c, width, size) for c in cards]
    height = (region.h - GAP * (rows - 1)) / rows
    if max(heights) > height and not force:
        return None
    # Tiles no taller than the tallest needs (plus air), the grid centred in the region.
    height = min(height, max(heights) * 1.25)
    top = region.y + (region.h - rows * height - GAP * (rows - 1)) / 2
    tiles = Tiles()
    for i, card in enumerate(cards):
        r, c = divmod(i, cols)
        in_row = min(cols, len(cards) - r * cols)
        left = region.x + (region.w - in_row * width - GAP * (in_row - 1)) / 2
        tiles.cards.append(CardBox(left + c * (width + GAP), top + r * (height + GAP), width,
                                   height, card.title, card.subtitle, card.lines, size,
                                   size * SMALL))
    return tiles


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
        tiles.cards.append(CardBox(x, y, width, height, card.title, card.subtitle, card.lines,
                                   size, size * SMALL, step=i))
        if i:
            mid = y + height / 2 + rise / 2
            tiles.arrows.append(Connector(x - ARROW + 4, mid + rise / 2, x - 4, mid - rise / 2))
    return tiles
