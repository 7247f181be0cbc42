"""What the two deck writers share: the layouts they need, the content area, theme colours.

The object-layer writer (pptx.py) and the fast writer (pptx_xml.py) draw the same deck; the
decisions that are not about XML live here once, on plain numbers and names.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from sggen.layout.boxes import (
    Calendar,
    Chart,
    ContentSlide,
    Region,
    TableBox,
    TextBox,
    Tiles,
    TitleSlide,
)

EMU = 12700  # per point
TITLE, BODY, FOOTER, NUMBER = 0, 1, 11, 12  # placeholder idx in the reference layouts

# What sggen needs from a reference deck: each layout by name, its type (what a localised
# PowerPoint keeps when it names the layout in its own language), the placeholders it fills.
LAYOUTS = {
    "Title Slide": ("title", (TITLE, BODY)),
    "Title and Content": ("obj", (TITLE, BODY)),
    "Title Only": ("titleOnly", (TITLE,)),
}
OPTIONAL = (FOOTER, NUMBER)  # used when the layout has them
THEME_FONT = "+mn-lt"  # the theme's body font; footers otherwise fall back to a default font
FOOTER_GAP = 6.0  # between the content and the footer
DEFAULT_SIZE = 18.0  # PowerPoint's size for text whose size nothing sets
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # Office's "mark as decorative"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"

# Theme colour slots, as the theme names them: a re-branded theme re-colours every drawing.
SYMBOLS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
SYMBOL_TINT = (0.40, 0.60)  # light enough for dark text to keep its contrast
FLOW_DARKEST = (0.55, 0.45)  # the darkest tint of a flow's lower steps
FRAME_TINT = (0.10, 0.90)  # the chart frame's fill: accent 1 lightened (lumMod, lumOff)
TABLE_GAP = 8.0

# Every text colour the writers put on a fill, as theme slots and the fill's tint: the
# accessibility test checks each against the reference theme for WCAG AA contrast (4.5:1).
CONTRAST_PAIRS = [
    ("bg1", "accent1", None),  # chart boxes, stage bars, the top step of a flow
    ("bg1", "tx2", None),  # every other stage bar
    ("tx2", "bg1", None),  # side boxes, labels on the slide
    ("tx2", "accent1", FRAME_TINT),  # frames and tiles
    ("tx2", "accent1", FLOW_DARKEST),  # the darkest lower step of a flow
    *(("tx1", f"accent{k}", SYMBOL_TINT) for k in range(1, 7)),  # matrix symbols
]


@dataclass(frozen=True)
class Found:
    """A slide layout of the reference deck as far as choosing one goes."""

    name: str
    kind: str  # its type attribute: "obj", "title", ... ("" when it has none)
    placeholders: frozenset[int]  # the idx of each placeholder it has


def choose_layouts(found: Sequence[Found]) -> tuple[dict[str, int], list[str]]:
    """Return the position in `found` of each layout sggen uses, by its name or else its
    type, and what is missing (empty when the reference has everything)."""
    by_name = {layout.name: i for i, layout in enumerate(found)}  # of equal names, the last
    by_type: dict[str, int] = {}
    for i, layout in enumerate(found):
        by_type.setdefault(layout.kind, i)  # of equal types, the first
    chosen, missing = {}, []
    for name, (kind, needed) in LAYOUTS.items():
        at = by_name.get(name, by_type.get(kind))
        if at is None:
            unused = [n for n in by_name if n not in LAYOUTS]
            close = difflib.get_close_matches(name, unused, n=1, cutoff=0.6)
            hint = f"; is '{close[0]}' it, renamed?" if close else ""
            have = ", ".join(f"'{n}'" for n in by_name) or "none"
            missing.append(f"slide layout '{name}' or one of type '{kind}' "
                           f"(its layouts: {have}{hint})")
            continue
        missing.extend(f"placeholder idx {idx} in slide layout '{found[at].name}'"
                       for idx in needed if idx not in found[at].placeholders)
        chosen[name] = at
    return chosen, missing


def content_area(body: tuple[int, int, int, int], footer_tops: Sequence[int | None],
                 slide_height: float) -> Region:
    """Return where content may go: the body placeholder (left, top, width, height in EMU),
    ending above the footer placeholders whose tops (EMU) are given."""
    left, top_emu, width, height = body
    top, bottom = top_emu / EMU, (top_emu + height) / EMU
    for ph_top in footer_tops:
        # Only a footer below the body's top limits it; one beside the title does not.
        if ph_top is not None and ph_top / EMU > top:
            bottom = min(bottom, ph_top / EMU - FOOTER_GAP)
    bottom = min(bottom, slide_height)
    return Region(left / EMU, top, width / EMU, bottom - top)


def layout_for(slide: TitleSlide | ContentSlide) -> str:
    """Return the name of the layout a laid-out slide is drawn on."""
    if isinstance(slide, TitleSlide):
        return "Title Slide"
    return "Title and Content" if slide.first(TextBox) is not None else "Title Only"


def description(title: str, item: TableBox | Chart | Tiles | Calendar) -> str:
    """Return the alternative text of a drawn item, for screen readers."""
    if isinstance(item, TableBox):
        text = f"{title}: " + ", ".join("".join(r.text for r in cell) for cell in item.header)
    elif isinstance(item, Chart):
        text = item.description
    elif isinstance(item, Tiles):
        text = f"{title}: " + "; ".join(" – ".join(x for x in (c.title, c.subtitle, *c.lines)
                                                   if x) for c in item.cards)
    elif isinstance(item, Calendar):
        text = f"{title}: " + "; ".join(
            [*(f"{b.name} {b.note}".strip() for b in item.bars if b.name),
             *(" ".join(r.text for ln in m.label.lines for r in ln.runs) for m in item.markers)])
    else:
        raise TypeError(f"no description for a {type(item).__name__}")
    return " ".join(text.split())


def flow_tint(step: int, count: int) -> tuple[float, float]:
    """Return the tint of a flow's lower step: lighter further down, so the eye climbs the
    ladder; every step keeps dark text legible."""
    lift = (FLOW_DARKEST[0] - 0.15) * step / max(count - 1, 1)
    return (0.15 + lift, 0.85 - lift)
