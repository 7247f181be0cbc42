"""Text frames: paragraphs measured, shrunk to fit, or split evenly over several slides."""

from __future__ import annotations

from dataclasses import replace

from sggen.document import Run
from sggen.layout.boxes import Line, Region, Sizes, TextBox
from sggen.layout.metrics import (
    ELLIPSIS,
    INSET_X,
    INSET_Y,
    LINE,
    longest,
    size_steps,
    slice_runs,
    wrap,
)

BULLET_INDENT = 22.0
PARA_GAP = 0.35  # space before a paragraph, in ems of its size
CONTINUED_SIZE = 18.0  # text that needs several slides anyway is set at this size
SLACK = 2.0  # a box as high as its text, and this much: renderers round line heights


def indent(level: int, bullet: str, continued: bool = False) -> float:
    """Return the left indent of a paragraph's text: its level, and room for its bullet."""
    return (BULLET_INDENT if bullet or continued else 0.0) + level * BULLET_INDENT


def line_indent(line: Line) -> float:
    """Return the left indent of a laid-out line's text."""
    return indent(line.level, line.bullet, line.continued)


def _measure(line: Line, width: float, size: float) -> list[tuple[int, int]]:
    return wrap(line.runs, width - 2 * INSET_X - line_indent(line), size)


def _height(line: Line, width: float, size: float, first: bool) -> float:
    gap = 0.0 if first else size * PARA_GAP
    return gap + len(_measure(line, width, size)) * size * LINE


def text_height(lines: list[Line], width: float, size: float) -> float:
    """Return the height of `lines` in a text frame `width` wide, insets included."""
    return lines_height(lines, width, size) + 2 * INSET_Y


def lines_height(lines: list[Line], width: float, size: float) -> float:
    """Return the height the lines take in a frame `width` wide, without its insets (the
    frame's width with its insets: the lines wrap INSET_X inside it)."""
    return sum(_height(ln, width, size, i == 0) for i, ln in enumerate(lines))


def lines_size(paragraphs: list[list[Run]], width: float, height: float, base: float,
               floor: float = 12.0) -> float:
    """Return the largest size from `base` down to `floor` at which the paragraphs fit."""
    for size in size_steps(base, floor):
        count = sum(len(wrap(runs, width - 2 * INSET_X, size)) for runs in paragraphs)
        if count * size * LINE <= height - 2 * INSET_Y:
            return size
    return floor


def fit_title(text: str, width: float, height: float, base: float,
              floor: float = 16.0) -> tuple[str, float]:
    """Return the title and the size at which it fits; a title too long even at the floor
    loses its end to an ellipsis (its "(1/2)" suffix is kept)."""
    size = lines_size([[Run(text, bold=True)]], width, height, base, floor)

    def fits(candidate: str) -> bool:
        count = len(wrap([Run(candidate, bold=True)], width - 2 * INSET_X, size))
        return count * size * LINE <= height - 2 * INSET_Y

    if fits(text):
        return text, size
    stem, suffix = text, ""
    if text.endswith(")") and " (" in text:
        stem, _, number = text.rpartition(" (")
        suffix = f" ({number}"
    words = stem.split(" ")
    # the most words that fit, then the most letters of them: found by bisection, so that a
    # title of any length is shortened in time linear in it
    count = max(1, longest(len(words), lambda n: fits(" ".join(words[:n]) + ELLIPSIS + suffix)))
    kept = " ".join(words[:count])
    cut = longest(len(kept), lambda n: fits(kept[:n] + ELLIPSIS + suffix))
    return kept[:cut] + ELLIPSIS + suffix, size


def text_pages(lines: list[Line], region: Region, sizes: Sizes) -> list[TextBox]:
    """Return the text box of each slide the lines need.

    Text that fits one slide at some size from the base down to the floor gets the largest such
    size. Text that does not is split anyway, so it is split at a comfortable size (18 pt, or the
    floor if that is larger) over the fewest slides, spread evenly over them.
    """
    usable = region.h - 2 * INSET_Y - SLACK
    for size in size_steps(sizes.base, sizes.floor):
        pages = _split_lines(lines, region.w, usable, size)
        if len(pages) <= 1:
            return [fitted_box(page, region, size) for page in pages]
    size = max(sizes.floor, min(sizes.base, CONTINUED_SIZE))
    pages = _split_lines(lines, region.w, usable, size)
    # The lowest fill level that needs no more slides, so that no slide is left nearly empty;
    # never below the tallest paragraph, which would then be cut needlessly.
    lo = min(usable, max(_height(ln, region.w, size, True) for ln in lines))
    hi = usable
    for _ in range(20):
        mid = (lo + hi) / 2
        if len(_split_lines(lines, region.w, mid, size)) <= len(pages):
            hi = mid
        else:
            lo = mid
    return [fitted_box(page, region, size) for page in _split_lines(lines, region.w, hi, size)]


def fitted_box(lines: list[Line], region: Region, size: float) -> TextBox:
    """Return a text box at the top of `region` as high as its lines need at `size`."""
    return text_box(lines, region, size, min(region.h, text_height(lines, region.w, size)
                                             + SLACK))


def text_box(lines: list[Line], region: Region, size: float, height: float) -> TextBox:
    spaced = [replace(ln, space_before=0.0 if i == 0 else size * PARA_GAP)
              for i, ln in enumerate(lines)]
    return TextBox(region.x, region.y, region.w, height, spaced, size)


def _split_lines(lines: list[Line], width: float, usable: float, size: float) -> list[list[Line]]:
    """Pack paragraphs onto pages; a paragraph taller than a page is cut between its lines."""
    line_h = size * LINE
    pages: list[list[Line]] = [[]]
    used = 0.0
    for line in lines:
        height = _height(line, width, size, not pages[-1])
        if used + height <= usable:
            pages[-1].append(line)
            used += height
            continue
        alone = _height(line, width, size, True)
        if alone <= usable:
            # Whole paragraphs move to the next slide rather than being cut.
            pages.append([line])
            used = alone
            continue
        wrapped = _measure(line, width, size)
        k = 0
        while k < len(wrapped):
            gap = size * PARA_GAP if pages[-1] else 0.0
            room = int((usable - used - gap) // line_h)
            # Start a new slide rather than leave one lonely line at the bottom of this one.
            if pages[-1] and room < min(2, len(wrapped) - k):
                pages.append([])
                used = 0.0
                continue
            room = max(room, 1)
            chunk = wrapped[k:k + room]
            part = Line(slice_runs(line.runs, chunk[0][0], chunk[-1][1]), line.level,
                        line.bullet if k == 0 else "", continued=line.continued or k > 0,
                        number=line.number)
            pages[-1].append(part)
            used += gap + len(chunk) * line_h
            k += len(chunk)
    return [p for p in pages if p]
