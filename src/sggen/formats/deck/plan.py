"""What a deck needs of its reference before any XML: the layouts it draws on (by name or
else by type), the placeholders it fills, and the area content may take."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import NamedTuple

from sggen.formats.ooxml.units import FOOTER_GAP, points
from sggen.layout.boxes import ContentSlide, Region, TextBox, TitleSlide

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
DEFAULT_SIZE = 18.0  # PowerPoint's size for text whose size nothing sets
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
TITLE_SIZES = {"title": 40.0, "content": 30.0}  # a title's size before it is fitted


class Found(NamedTuple):
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
    top, bottom = points(top_emu), points(top_emu + height)
    for ph_top in footer_tops:
        # Only a footer below the body's top limits it; one beside the title does not.
        if ph_top is not None and points(ph_top) > top:
            bottom = min(bottom, points(ph_top) - FOOTER_GAP)
    bottom = min(bottom, slide_height)
    return Region(points(left), top, points(width), bottom - top)


def layout_for(slide: TitleSlide | ContentSlide) -> str:
    """Return the name of the layout a laid-out slide is drawn on."""
    if isinstance(slide, TitleSlide):
        return "Title Slide"
    return "Title and Content" if slide.first(TextBox) is not None else "Title Only"
