"""DrawingML pieces that slides and Word drawings share: a shape's position, geometry, fill
and outline, and the mark that makes a line decorative. Lengths are points; colours are
theme slots, so a re-branded theme re-colours every drawing."""

from __future__ import annotations

import functools

from sggen.formats.ooxml.units import emu, per_100000
from sggen.formats.ooxml.xml import Xml, el

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # Office's "mark as decorative"

NO_FILL = el("a:noFill")
NO_LINE = el("a:ln", None, NO_FILL)
EFFECTS = el("a:effectLst")  # none: a new shape would otherwise take the theme's shadow


@functools.lru_cache(maxsize=4096)  # placeholders stand where they stood on the last slide
def xfrm(x: int, y: int, cx: int, cy: int, flip_h: bool = False, flip_v: bool = False) -> Xml:
    """Return where a shape stands and how large it is, in EMU (flipped, for a line drawn
    right to left or bottom to top)."""
    return el("a:xfrm", {"flipH": "1" if flip_h else None, "flipV": "1" if flip_v else None},
              el("a:off", {"x": x, "y": y}), el("a:ext", {"cx": cx, "cy": cy}))


@functools.lru_cache(maxsize=256)  # the same few pieces, on every shape of every slide
def geometry(preset: str, adjust: float | None = None) -> Xml:
    """Return a preset geometry (rect, roundRect, diamond, line), with its adjustment (a
    rounded corner's radius as a part of the shorter side) when given."""
    guides = () if adjust is None else (el("a:gd", {"name": "adj",
                                                     "fmla": f"val {per_100000(adjust)}"}),)
    return el("a:prstGeom", {"prst": preset}, el("a:avLst", None, *guides))


@functools.lru_cache(maxsize=256)
def colour(slot: str, tint: tuple[float, float] | None = None) -> Xml:
    """Return a theme colour, lightened by (lumMod, lumOff) when `tint` is given."""
    if tint is None:
        return el("a:schemeClr", {"val": slot})
    mod, off = tint
    return el("a:schemeClr", {"val": slot}, el("a:lumMod", {"val": per_100000(mod)}),
              el("a:lumOff", {"val": per_100000(off)}))


@functools.lru_cache(maxsize=256)
def fill(slot: str, tint: tuple[float, float] | None = None) -> Xml:
    """Return a solid fill in a theme colour."""
    return el("a:solidFill", None, colour(slot, tint))


@functools.lru_cache(maxsize=256)
def line(slot: str, width: float, dashed: bool = False, arrow: bool = False,
         tint: tuple[float, float] | None = None) -> Xml:
    """Return an outline `width` points wide in a theme colour (lightened by `tint`), dashed
    or ending in an arrow head when asked."""
    return el("a:ln", {"w": emu(width)}, fill(slot, tint),
              *((el("a:prstDash", {"val": "dash"}),) if dashed else ()),
              *((el("a:tailEnd", {"type": "triangle"}),) if arrow else ()))


@functools.cache
def decorative() -> Xml:
    """Return the extension that marks a shape as decorative: a screen reader skips it."""
    return el("a:extLst", None, el("a:ext", {"uri": DECORATIVE}, el(
        "adec:decorative", {"xmlns:adec": ADEC, "val": "1"})))
