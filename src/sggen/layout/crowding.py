"""What a slide's visual cannot show: a drawing that runs off the room it was given, stages
drawn without their names, meeting labels cut short. The build warns of each at the visual's
template line, so that no entry leaves a deck without a word (the guide shows every one)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sggen.document import Block, Slide
from sggen.layout import VISUALS, lay_out
from sggen.layout.boxes import Calendar, Chart, ContentSlide, Item, Region, Sizes, Tiles

EDGE = 1.0  # points a drawing may pass its room by (rounding)
NAMES = {"OrgChart": "the organisation chart", "Timeline": "the timeline", "Cards": "the tiles"}


def crowded(slides: list[Slide], region: Region, sizes: Sizes) -> list[tuple[Block, str]]:
    """Return each visual of `slides` that cannot show everything it holds when laid out in
    `region`, with what it loses, in words."""
    out = []
    for slide in slides:
        if slide.is_title:
            continue
        for block in (b for b in slide.blocks if type(b) in VISUALS):
            # the visual with the slide's text, as it is laid out, without the other visuals
            alone = Slide(slide.title, [b for b in slide.blocks
                                        if b is block or type(b) not in VISUALS])
            items = [item for page in lay_out([alone], region, sizes)
                     if isinstance(page, ContentSlide) for item in page.items
                     if type(item) in LOSSES]
            lost = [text for item in items for text in LOSSES[type(item)](item, block, region)]
            if lost:
                what = NAMES.get(type(block).__name__, "a visual")
                out.append((block, f"{what} cannot show everything on a slide: "
                                   f"{'; '.join(dict.fromkeys(lost))}"))
    return out


def _off(boxes: Iterable[tuple[float, float, float, float]], region: Region) -> list[str]:
    """Return how far the boxes (x, y, w, h) run off `region`, in words (empty: they fit)."""
    boxes = list(boxes)
    if not boxes:
        return []
    right = max(x + w for x, _, w, _ in boxes) - (region.x + region.w)
    bottom = max(y + h for _, y, _, h in boxes) - (region.y + region.h)
    left = region.x - min(x for x, _, _, _ in boxes)
    top = region.y - min(y for _, y, _, _ in boxes)
    if max(right, bottom, left, top) <= EDGE:
        return []
    tall = (max(y + h for _, y, _, h in boxes) - min(y for _, y, _, _ in boxes)) / region.h
    wide = (max(x + w for x, _, w, _ in boxes) - min(x for x, _, _, _ in boxes)) / region.w
    return [f"it is {max(tall, wide):.1f} times as {'tall' if tall >= wide else 'wide'} as "
            "the room it has and runs off the slide"]


def _chart(item: Chart, block: Block, region: Region) -> list[str]:
    return _off(((b.x, b.y, b.w, b.h) for b in [*item.boxes, *item.frames]), region)


def _tiles(item: Tiles, block: Block, region: Region) -> list[str]:
    return _off(((c.x, c.y, c.w, c.h) for c in item.cards), region)


def _calendar(item: Calendar, block: Block, region: Region) -> list[str]:
    labels = [m.label for m in item.markers if getattr(m, "label", None) is not None]
    lost = _off([*((b.x, b.y, b.w, b.h) for b in item.bars),
                 *((box.x, box.y, box.w, box.h) for box in labels)], region)
    if hasattr(item, "legend"):
        return lost  # a timeline with a legend of what its labels leave out warns of it itself
    spans = [span for span in getattr(block, "spans", []) if span.name]
    unnamed = sum(1 for bar in item.bars if not bar.name)
    if unnamed and spans:
        lost.append(f"{unnamed} of {len(item.bars)} stages are drawn without their names")
    cut = sum(1 for box in labels if box.lines and _text(box).endswith("…"))
    if cut:
        lost.append(f"{cut} of {len(item.markers)} meetings' labels are cut short")
    return lost


def _text(box) -> str:
    """Return the words a text box shows, one space between each."""
    return " ".join(" ".join("".join(run.text for run in line.runs) for line in box.lines)
                    .split())


# How each laid-out kind of a visual can lose what it holds (the text beside it cannot: it
# continues on slides of its own).
LOSSES: dict[type[Item], Callable[[Item, Block, Region], list[str]]] = {
    Chart: _chart, Tiles: _tiles, Calendar: _calendar,
}
