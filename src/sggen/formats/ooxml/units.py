"""Units, gaps and theme tints every Office writer shares: one home for these numbers.

Lengths are points in the layout and in the plans; a part holds them as EMU (DrawingML),
twips (WordprocessingML) or hundredths and halves of a point (type sizes). Colours are theme
slots, lightened by (lumMod, lumOff) tints, so that a re-branded theme re-colours every
drawing.
"""

from __future__ import annotations

EMU = 12700  # per point
TWIP = 635  # EMU per twip (a twentieth of a point)


def emu(points: float) -> int:
    """Return a length in points as whole EMU, cut as the slides' lengths always were."""
    return int(points * EMU)


def nearest_emu(points: float) -> int:
    """Return a length in points as the nearest whole EMU (the Word drawing's lengths)."""
    return int(round(points * EMU))


def points(emus: int) -> float:
    """Return a length in EMU as points."""
    return emus / float(EMU)


def twips(points_: float) -> int:
    """Return a length in points as whole twips, rounded through whole EMU."""
    return int(round(int(points_ * EMU) / float(TWIP)))


def twips_to_emu(value: str | None) -> int:
    """Return a length in twips, as a part writes it, as EMU."""
    return int(round(float(value))) * TWIP


def half_points(size: float) -> int:
    """Return a type size in half points, rounded through whole EMU (Word's w:sz)."""
    return int(int(size * EMU) / float(EMU) * 2)


def run_size(size: float) -> int:
    """Return a run's type size in hundredths of a point, through whole EMU (DrawingML sz)."""
    return int(size * EMU) // 127


def mark_size(size: float) -> int:
    """Return a paragraph end mark's type size in hundredths of a point."""
    return int(round(size * 100))


def per_100000(value: float) -> int:
    """Return a fraction as DrawingML's thousandths of a percent (lumMod, adj)."""
    return int(value * 100000)


# --- gaps (points) ---------------------------------------------------------------------------

FOOTER_GAP = 6.0  # between a slide's content and its footer
CHIP_GAP = 4.0  # between a legend's symbol and its meaning
ENTRY_GAP = 14.0  # between one meaning and the next symbol
CHIP_PAD = 6.0  # around a symbol on its chip, besides the insets
LABEL_PAD = 2.0  # after a meaning, besides the insets

# --- tints (lumMod, lumOff) of theme colours -------------------------------------------------

# matrix symbols, each on its own tint; the grey accent last, so that "informed" (the fourth)
# never reads as the blank of "no part"
SYMBOLS = ("accent1", "accent2", "accent3", "accent5", "accent6", "accent4")
SYMBOL_TINT = (0.40, 0.60)  # light enough for dark text to keep its contrast
FLOW_DARKEST = (0.55, 0.45)  # the darkest tint of a flow's lower steps
FRAME_TINT = (0.10, 0.90)  # the chart frame's fill: accent 1 lightened
# The guide's matrix symbols on shades a Word table cell takes as colours, light for dark text.
SHADES = ("D6E4F0", "FBE3CC", "D4EBDD", "E1E4E8", "DCEFF4", "FDE6D4")

# The timeline's colours: its bars, its meetings' circles, today's and a deadline's labels,
# and the faint text of the meetings that are not the reader's own on a card.
BAR_TINTS = ((0.45, 0.55), (0.20, 0.80))  # accent 1, alternate stages; their names in text 2
FLAG_TINT = (0.20, 0.80)  # accent 2 under a deadline's label
FAINT = (0.65, 0.35)  # text 1 lightened: grey
TIMELINE_PAIRS = [  # (text slot, its tint, fill slot, its tint): each at WCAG AA
    ("tx2", None, "accent1", BAR_TINTS[0]), ("tx2", None, "accent1", BAR_TINTS[1]),
    ("bg1", None, "tx2", None),  # a meeting's number on its circle
    ("tx2", None, "accent1", FRAME_TINT),  # today's label
    ("tx2", None, "accent2", FLAG_TINT),  # a deadline's label
    ("tx2", None, "bg1", None),  # labels, months and years on the page
    ("accent4", None, "bg1", None),  # a faint meeting's number and label on a slide
    ("tx1", FAINT, "bg1", None),  # and in Word, whose accent 4 may be no grey
]

# Every text colour the deck puts on a fill, as theme slots and the fill's tint: the
# accessibility test checks each against the reference theme for WCAG AA contrast (4.5:1).
CONTRAST_PAIRS = [
    ("bg1", "accent1", None),  # chart boxes, stage bars, the top step of a flow
    ("bg1", "tx2", None),  # every other stage bar
    ("tx2", "bg1", None),  # side boxes, labels on the slide
    ("tx2", "accent1", FRAME_TINT),  # frames and tiles
    ("tx2", "accent1", FLOW_DARKEST),  # the darkest lower step of a flow
    *(("tx1", f"accent{k}", SYMBOL_TINT) for k in range(1, 7)),  # matrix symbols
    # the timeline's (its faint text is tinted: TIMELINE_PAIRS holds it)
    *((text, fill, tint) for text, shade, fill, tint in TIMELINE_PAIRS if shade is None),
]


def flow_tint(step: int, count: int) -> tuple[float, float]:
    """Return the tint of a flow's lower step: lighter further down, so the eye climbs the
    ladder; every step keeps dark text legible."""
    lift = (FLOW_DARKEST[0] - 0.15) * step / max(count - 1, 1)
    return (0.15 + lift, 0.85 - lift)
