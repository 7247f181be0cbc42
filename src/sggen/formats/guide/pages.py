"""The guide's pages as LibreOffice sets them, worked out before the guide is written: where
each page begins, and so the page each heading stands on (pure: no XML).

Each block becomes the paragraphs and table rows the writer makes of it (`ESTIMATE`, one
entry per block kind), measured with the reference's styles (styles.py): lines broken where
LibreOffice breaks them, in the styles' sizes and line spacing, with the space before and
after each paragraph. They are then set on pages as LibreOffice sets them: a heading kept
with what follows it, two lines at least of a paragraph on each page, a table row never
split and the header row repeated, a chapter and a turned section on a page of their own.

The estimate errs a little on the tall side, and the writer begins each page it found with a
page break where a paragraph begins it, so that a renderer with a little more room on a page
still starts the next one where the contents say."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sggen.document import (
    BulletList,
    Cover,
    Document,
    Heading,
    ListItem,
    OrgChart,
    PageBreak,
    Paragraph,
    Run,
    Table,
    Timeline,
    Toc,
)
from sggen.formats.guide.flow import Flow, Layout, Piece
from sggen.formats.guide.plan import TablePlan
from sggen.formats.guide.styles import Spacing, Styles
from sggen.formats.plain import TEXT as PLAIN
from sggen.layout import metrics
from sggen.layout.boxes import Calendar, Chart

# Carlito's (and Calibri's) ascent and descent, in units of its em: one single-spaced line
ASCENT, DESCENT, EM = 1950, 550, 2048
SLACK = 2.0  # points of each page left unfilled: the estimate's margin for rounding
FIT = 0.9995  # of a line's width: what is measured to fit fills at most this much
SPARSE = 0.1  # a page holding less than this part of its height takes from the page before
_BREAK = re.compile(r"(?<=[ \u2013\u2014])|(?<=[\w)][-/])(?=[^\W\d_])")


# The ligatures LibreOffice sets Carlito's letters in (a font feature Word leaves off), and
# their widths in ems, regular and bold: "tt" in Finnish is narrower than two t's.
LIGATURES = {"tti": (0.855, 0.894), "ffi": (0.807, 0.838), "ff": (0.583, 0.6),
             "fi": (0.529, 0.554), "fl": (0.529, 0.554), "ft": (0.615, 0.635),
             "tf": (0.612, 0.632), "ti": (0.557, 0.585), "tt": (0.634, 0.656)}
_LIGATURE = re.compile("|".join(sorted(LIGATURES, key=len, reverse=True)))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of `text` as LibreOffice sets it: Carlito's advance widths, its
    ligatures in their own."""
    return _ems(text, bold) * size


@functools.lru_cache(maxsize=metrics.WRAP_MEMO)  # the same words recur on every page
def _ems(text: str, bold: bool) -> float:
    if "t" not in text and "f" not in text:
        return metrics.text_width(text, 1.0, bold)
    parts = _LIGATURE.split(text)
    tied = _LIGATURE.findall(text)
    return (sum(metrics.text_width(part, 1.0, bold) for part in parts)
            + sum(LIGATURES[t][bold] for t in tied))


def _pieces(text: str) -> list[str]:
    """Return `text` cut where a line may end: after a space or a dash, after a hyphen or a
    slash between letters (a no-break space and an e-mail address never break)."""
    return [p for p in _BREAK.split(text) if p]


def count_lines(runs: list[Run], width: float, size: float) -> int:
    """Return how many lines `runs` take in `width` points at `size`, broken as LibreOffice
    breaks them: at spaces, dashes and hyphens, a word longer than the line between letters."""
    return len(break_lines(runs, width, size))


def break_lines(runs: list[Run], width: float, size: float) -> list[str]:
    """Return the lines `runs` break into in `width` points at `size`, as LibreOffice sets
    them."""
    # only the text and where it is bold change the widths
    return list(_broken(tuple((run.text, run.bold) for run in runs), width, size))


@functools.lru_cache(maxsize=metrics.WRAP_MEMO)  # bounded: memory stays flat in a portfolio
def _broken(runs: tuple[tuple[str, bool], ...], width: float, size: float) -> tuple[str, ...]:
    room = width * FIT
    out: list[str] = []
    for line in _hard_lines(runs):
        out.extend(_wrapped(line, room, size))
    return tuple(out) or ("",)


def _hard_lines(runs: tuple[tuple[str, bool], ...]) -> list[list[tuple[str, bool]]]:
    lines: list[list[tuple[str, bool]]] = [[]]
    for text, bold in runs:
        for k, part in enumerate(text.split("\n")):
            if k:
                lines.append([])
            lines[-1].extend((piece, bold) for piece in _pieces(part))
    return lines


def _wrapped(pieces: list[tuple[str, bool]], room: float, size: float) -> list[str]:
    lines, text, used = [], "", 0.0
    for piece, bold in pieces:
        width = text_width(piece, size, bold)
        # a space at the line's end takes no room
        ink = text_width(piece.rstrip(" "), size, bold)
        if used and used + ink > room:
            lines.append(text)
            text, used = "", 0.0
        while ink > room:  # longer than a line: broken between letters
            cut = _fitting(piece, room, size, bold)
            lines.append(text + piece[:cut])
            piece, text, used = piece[cut:], "", 0.0
            width = text_width(piece, size, bold)
            ink = text_width(piece.rstrip(" "), size, bold)
        text, used = text + piece, used + width
    return [*lines, text]


def _fitting(piece: str, room: float, size: float, bold: bool) -> int:
    """Return how many letters of `piece` fit in `room` (one at least)."""
    for n in range(len(piece), 0, -1):
        if text_width(piece[:n], size, bold) <= room:
            return n
    return 1


def line_height(style: Spacing, size: float | None = None) -> float:
    """Return the height of one line of `style` (at `size`, where a run sets its own), as
    LibreOffice sets it: the font's ascent and descent each in whole twips, times the line
    spacing, in whole twips."""
    if style.exact and not style.at_least:
        return style.exact
    twips = (size or style.size) * 20
    single = math.ceil(twips * ASCENT / EM) + math.ceil(twips * DESCENT / EM)
    height = round(single * style.line) / 20
    return max(height, style.exact) if style.at_least else height


@dataclass
class Measure:
    """What measuring a guide's blocks needs: its styles, its widths, its plans."""

    styles: Styles
    width: float  # the text column
    wide: float  # the column with the hang: a table's and a drawing's width
    plans: dict[int, TablePlan]
    charts: dict[int, Chart | Calendar]  # the drawings: charts and timelines
    toc: list[tuple[str, Heading]] = field(default_factory=list)

    def para(self, key: tuple[int, int], style: str, runs: list[Run], width: float | None = None,
             size: float | None = None, **flags) -> Piece:
        """Return a paragraph of `style` holding `runs`, in `width` (the column's)."""
        spacing = self.styles.get(style)
        room = (self.width if width is None else width) - spacing.left - spacing.right
        height = line_height(spacing, size)
        count = count_lines(runs, room - max(spacing.first, 0.0), size or spacing.size)
        return Piece(key, style, spacing, [height] * count,
                     keep_next=flags.get("keep_next", spacing.keep_next),
                     heading=flags.get("heading", False))


def _cover(m: Measure, i: int, block: Cover) -> list[Piece]:
    names = ["Title", "Subtitle"]
    return [m.para((i, k), names[k] if k < 2 else "Cover Detail", [Run(line)] if line else [])
            for k, line in enumerate(block.lines)]


def _toc(m: Measure, i: int, block: Toc) -> list[Piece]:
    out = [m.para((i, 0), "TOC Heading", [Run(block.title)])]
    entries = [(n, h) for n, h in m.toc if h.level <= 2]
    for k, (_, heading) in enumerate(entries, 1):
        # the title between the hanging number and the page number at the column's end
        out.append(m.para((i, k), f"TOC {heading.level}", [Run(heading.text)],
                          m.width - 30, ))
    return out


def _heading(m: Measure, i: int, block: Heading) -> list[Piece]:
    return [m.para((i, 0), f"Heading {min(block.level, 3)}", [Run(block.text, bold=True)],
                   heading=True)]


def is_label(block) -> bool:
    """Return whether `block` is a label: a paragraph all in bold, which the writer keeps
    with what follows it."""
    return isinstance(block, Paragraph) and bool(block.text.strip()) and all(
        r.bold or not r.text.strip() for r in block.runs)


def _paragraph(m: Measure, i: int, block: Paragraph) -> list[Piece]:
    return [m.para((i, 0), "Normal", block.runs, keep_next=is_label(block))]


def _list(m: Measure, i: int, block: BulletList) -> list[Piece]:
    out: list[Piece] = []

    def walk(items: list[ListItem], level: int) -> None:
        style = "List Number" if block.ordered else (
            "List Bullet" if level == 1 else "List Bullet 2")
        left, _ = m.styles.lists.get(style, (18.0, -18.0))
        for item in items:
            out.append(m.para((i, len(out)), style, item.runs, m.width - left))
            walk(item.children, level + 1)

    walk(block.items, 1)
    return out


def _table(m: Measure, i: int, block: Table) -> list[Piece]:
    plan = m.plans.get(id(block)) or TablePlan([m.wide / max(len(block.header), 1)]
                                               * len(block.header))
    cell = m.styles.cell
    top, left, bottom, right = m.styles.cell_margins
    heights = []
    for row in [block.header, *block.rows]:
        tallest = max((count_lines(c, w - left - right, plan.size)
                       for c, w in zip(row, plan.widths, strict=False)), default=1)
        heights.append(tallest * line_height(cell, plan.size) + cell.before + cell.after
                       + top + bottom + m.styles.border)
    out = []
    if block.symbols:  # the legend stands above the table and stays with it
        legend = [Run("  ·  ".join(f"{code} {meaning}" for code, meaning in block.symbols))]
        out.append(m.para((i, 0), "Normal", legend, m.wide, keep_next=True))
    out.append(Piece((i, len(out)), "table", cell, heights, rows=True, header=1))
    out.append(m.para((i, len(out)), "Normal", []))  # the space the writer leaves after it
    return out


def _chart(m: Measure, i: int, block: OrgChart) -> list[Piece]:
    chart = m.charts[id(block)]
    normal = m.styles.get("Normal")
    # an inline drawing is the line's height, and the line spacing multiplies it
    height = (chart.bounds()[3] - chart.bounds()[1] + 2) * normal.line
    return [Piece((i, 0), "Normal", normal, [height])]


def _timeline(m: Measure, i: int, block: Timeline) -> list[Piece]:
    calendar = m.charts[id(block)]
    normal = m.styles.get("Normal")
    return [Piece((i, 0), "Normal", normal, [(calendar.h + 2) * normal.line])]


def _page_break(m: Measure, i: int, block: PageBreak) -> list[Piece]:
    piece = m.para((i, 0), "Normal", [])
    piece.style = "break"  # the paragraph holding the break stands at the next page's top
    return [piece]


def _as_text(m: Measure, i: int, block) -> list[Piece]:
    """Measure a visual a page does not draw as its plain form (what the writer writes)."""
    out: list[Piece] = []
    for part in PLAIN[type(block)](block):
        for piece in ESTIMATE[type(part)](m, i, part):
            piece.key = (i, len(out))
            out.append(piece)
    return out


ESTIMATE: dict[type, Callable[[Measure, int, object], list[Piece]]] = {
    **{kind: _as_text for kind in PLAIN},
    Cover: _cover, Toc: _toc, Heading: _heading, Paragraph: _paragraph, BulletList: _list,
    Table: _table, OrgChart: _chart, PageBreak: _page_break, Timeline: _timeline,
}
"""What each block kind becomes on the guide's pages: its paragraphs and tables, measured."""


def lay_out(document: Document, measure: Measure, room: tuple[float, float],
            turns: dict[int, bool] | None = None) -> Layout:
    """Return the guide's pages: `room` the text height of an upright and a turned page,
    `turns` the blocks that begin a section, turned (True) or upright."""
    pieces: list[Piece] = []
    for i, block in enumerate(document.blocks):
        made = ESTIMATE[type(block)](measure, i, block)
        if isinstance(block, Table) and turns and i + 1 in turns:
            made.pop()  # the section's own closing paragraph follows the table instead
        if turns and i in turns and made:
            made[0].turn = turns[i]
        pieces.extend(made)
    return Flow(pieces, room, SLACK, SPARSE).run()
