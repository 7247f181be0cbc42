"""Text measured with Carlito's metrics: widths, line breaks, and shortening to fit a line.

Everything here is in points. Carlito is metric-compatible with Calibri, the reference deck's
font, so PowerPoint and LibreOffice break lines where we expect.
"""

from __future__ import annotations

import bisect
import itertools
import json
from array import array
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from sggen.document import Run

LINE = 1.221  # Carlito's (ascent + descent + line gap) / em: one line of single spacing
INSET_X, INSET_Y = 7.2, 3.6  # a text frame's default insets (0.1 in, 0.05 in)
SAFETY = 0.98  # renderers differ slightly in kerning and rounding; keep a margin on widths
UNKNOWN_EM = 1.0  # a glyph outside the metrics table (emoji, CJK) is taken as one em wide
ELLIPSIS = "…"
WRAP_MEMO = 8192  # texts kept measured and wrapped: role texts repeat on slides and projects


@lru_cache(maxsize=1)
def _metrics() -> dict:
    data = json.loads(resources.files("sggen").joinpath("metrics/carlito.json").read_text())
    em = data["units_per_em"]
    tables = {False: {int(k): v / em for k, v in data["regular"].items()},
              True: {int(k): v / em for k, v in data["bold"].items()}}
    for table in tables.values():  # a no-break space is as wide as a space (sggen writes it)
        table.setdefault(0xA0, table[0x20])
    return tables


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width in points of `text` set in Carlito at `size` points."""
    return _ems(text, bold) * size


@lru_cache(maxsize=WRAP_MEMO)  # the same words are measured at every size a table tries
def _ems(text: str, bold: bool) -> float:
    table = _metrics()[bold]
    return sum(table.get(ord(ch), UNKNOWN_EM) for ch in text)


# --- wrapping --------------------------------------------------------------------------------


def wrap(runs: list[Run], width: float, size: float) -> list[tuple[int, int]]:
    """Return the lines `runs` break into within `width`, as (start, end) character offsets.

    Breaks at spaces, at hard line breaks and after hyphens; a word wider than the line is
    broken between letters (long Finnish compounds), as PowerPoint and LibreOffice do.
    """
    # Only the text and where it is bold change the widths; italics and links do not.
    return list(_wrap(tuple((r.text, r.bold) for r in runs), width, size))


@lru_cache(maxsize=WRAP_MEMO)  # bounded: memory stays flat however many projects a run builds
def _wrap(pieces: tuple[tuple[str, bool], ...], width: float, size: float) \
        -> tuple[tuple[int, int], ...]:
    # Linear in the text's length: the width of any stretch is the difference of two running
    # sums (`_advance`), and where a line overflows is found by bisection, so neither a long
    # paragraph nor one word of a million letters is ever summed again line by line.
    text = "".join(piece for piece, _ in pieces)
    at = _advance(pieces)
    room = width * SAFETY / size  # in ems: the running sums are at 1 pt
    lines: list[tuple[int, int]] = []
    start, size_of = 0, len(text)
    while start <= size_of:
        end = text.find("\n", start)
        end = size_of if end < 0 else end
        if at[end] - at[start] <= room:  # the rest of the paragraph fits
            lines.append((start, end))
            start = end + 1
            if end >= size_of:
                break
            continue
        # the first character that would overflow; spaces never do (they hang at the end)
        pos = bisect.bisect_right(at, at[start] + room, start + 1, end + 1) - 1
        while pos < end and text[pos] == " ":
            pos += 1
        if pos >= end:
            lines.append((start, end))
            start = end + 1
            if end >= size_of:
                break
            continue
        # break after the last space, or after a hyphen that is not the line's first letter
        last = max(text.rfind(" ", start, pos), text.rfind("-", start + 1, pos))
        cut = last + 1 if last >= start else max(pos, start + 1)
        lines.append((start, cut))
        start = cut
        while start < size_of and text[start] == " ":
            start += 1
    return tuple(lines) or ((0, 0),)


@lru_cache(maxsize=1024)  # what one table tries at every width and size: a few hundred texts
def _advance(pieces: tuple[tuple[str, bool], ...]) -> array:
    """Return the running sums of the characters' widths at 1 pt: entry i is the width of the
    first i characters (a text is wrapped at many widths and sizes)."""
    table = _metrics()
    # an array of doubles: an eighth of the memory of a tuple of float objects
    return array("d", itertools.accumulate(
        (table[bold].get(ord(ch), UNKNOWN_EM) for piece, bold in pieces for ch in piece),
        initial=0.0))


def slice_runs(runs: list[Run], start: int, end: int) -> list[Run]:
    """Return the part of `runs` between two character offsets."""
    out, pos = [], 0
    for run in runs:
        lo, hi = max(start, pos), min(end, pos + len(run.text))
        if lo < hi:
            out.append(replace(run, text=run.text[lo - pos:hi - pos]))
        pos += len(run.text)
    return out


def shorten(text: str, width: float, size: float, bold: bool = False) -> str:
    """Return `text`, or its longest part before ` · ` cut with an ellipsis, to fit one line.

    A footer such as "<project name> · <code>" keeps its code and loses the end of the name.
    """
    room = width * SAFETY
    if text_width(text, size, bold) <= room:
        return text
    head, sep, tail = text.rpartition(" · ")
    if not sep or text_width(sep + tail + ELLIPSIS, size, bold) > room / 2:
        head, sep, tail = text, "", ""
    words = head.split(" ")

    def joined(count: int) -> str:
        return " ".join(words[:count]).rstrip(" ,;:–-") + ELLIPSIS + sep + tail

    # the most words that fit (a text with fewer words is never wider), found by bisection
    count = longest(len(words), lambda n: text_width(joined(n), size, bold) <= room)
    if count:
        return joined(count)
    # One word longer than the line: cut it between letters.
    word = words[0] if words else ""
    cut = longest(len(word), lambda n: text_width(word[:n] + ELLIPSIS + sep + tail, size, bold)
                  <= room)
    return word[:cut] + ELLIPSIS + sep + tail


def longest(most: int, fits) -> int:
    """Return the largest n from 0 to `most` for which `fits(n)` holds, `fits` being true up
    to some n and false above it (0 when it holds for none above 0): log(most) tries, so that
    shortening a text of any length takes time linear in it."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def size_steps(base: float, floor: float) -> list[float]:
    """Return the sizes to try, from `base` down in 1 pt steps, always ending at `floor`."""
    found, size = [], base
    while size > floor:
        found.append(size)
        size -= 1
    return [*found, floor]
