"""Measure text with Carlito's metrics and lay slides out so that no text leaves its box."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from sggen.outline import (
    BulletList,
    ChartRow,
    OrgChart,
    Paragraph,
    Run,
    Slide,
    Table,
)

# Everything here is in points. Text is measured with the advance widths of Carlito, which is
# metric-compatible with Calibri, the reference deck's font, so PowerPoint and LibreOffice break
# lines where we expect. What does not fit at the base size is set smaller, never below the
# workspace's floor; what still does not fit continues on slides titled "(1/2)", "(2/2)".

LINE = 1.221  # Carlito's (ascent + descent + line gap) / em: one line of single spacing
INSET_X, INSET_Y = 7.2, 3.6  # a text frame's default insets (0.1 in, 0.05 in)
BULLET_INDENT = 22.0
PARA_GAP = 0.35  # space before a paragraph, in ems of its size
SAFETY = 0.98  # renderers differ slightly in kerning and rounding; keep a margin on widths
UNKNOWN_EM = 1.0  # a glyph outside the metrics table (emoji, CJK) is taken as one em wide
ELLIPSIS = "…"
CONTINUED_SIZE = 18.0  # text that needs several slides anyway is set at this size


@lru_cache(maxsize=1)
def _metrics() -> dict:
    data = json.loads(resources.files("sggen").joinpath("metrics/carlito.json").read_text())
    em = data["units_per_em"]
    return {
        False: {int(k): v / em for k, v in data["regular"].items()},
        True: {int(k): v / em for k, v in data["bold"].items()},
    }


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width in points of `text` set in Carlito at `size` points."""
    table = _metrics()[bold]
    return sum(table.get(ord(ch), UNKNOWN_EM) for ch in text) * size


# --- wrapping --------------------------------------------------------------------------------


def _chars(runs: list[Run]) -> tuple[str, list[bool]]:
    text = "".join(r.text for r in runs)
    bold = [r.bold for r in runs for _ in r.text]
    return text, bold


def wrap(runs: list[Run], width: float, size: float) -> list[tuple[int, int]]:
    """Return the lines `runs` break into within `width`, as (start, end) character offsets.

    Breaks at spaces, at hard line breaks and after hyphens; a word wider than the line is
    broken between letters (long Finnish compounds), as PowerPoint and LibreOffice do.
    """
    text, bold = _chars(runs)
    table = _metrics()
    widths = [table[b].get(ord(c), UNKNOWN_EM) * size for c, b in zip(text, bold, strict=True)]
    lines: list[tuple[int, int]] = []
    start = 0
    limit = width * SAFETY
    while start <= len(text):
        pos, used, last_break = start, 0.0, -1
        while pos < len(text) and text[pos] != "\n":
            if used + widths[pos] > limit and text[pos] != " ":
                break
            used += widths[pos]
            if text[pos] == " " or (text[pos] == "-" and pos > start):
                last_break = pos + 1
            pos += 1
        if pos >= len(text) or text[pos] == "\n":
            lines.append((start, pos))
            start = pos + 1
            if pos >= len(text):
                break
            continue
        end = last_break if last_break > start else max(pos, start + 1)
        lines.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return lines or [(0, 0)]


def _slice(runs: list[Run], start: int, end: int) -> list[Run]:
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
    while words:
        candidate = " ".join(words).rstrip(" ,;:–-") + ELLIPSIS + sep + tail
        if text_width(candidate, size, bold) <= room:
            return candidate
        if len(words) == 1:
            break
        words.pop()
    # One word longer than the line: cut it between letters.
    word = words[0] if words else ""
    while word and text_width(word + ELLIPSIS + sep + tail, size, bold) > room:
        word = word[:-1]
    return word + ELLIPSIS + sep + tail


# --- laid-out slides -------------------------------------------------------------------------


@dataclass
class Line:
    """A paragraph of a text frame, ready to write."""

    runs: list[Run]
    level: int = 0
    bullet: str = ""  # "" none, "•" bullet, "1." a number, "–" a sub-bullet
    space_before: float = 0.0
    continued: bool = False  # the rest of a paragraph cut at a slide break: indented, no bullet
    number: int = 0  # for a numbered item, its number (a list may continue on the next slide)


@dataclass
class TextBox:
    x: float
    y: float
    w: float
    h: float
    lines: list[Line]
    size: float


@dataclass
class TableBox:
    x: float
    y: float
    w: float
    columns: list[float]
    heights: list[float]  # the header's first, then one per row
    header: list[list[Run]]
    rows: list[list[list[Run]]]
    size: float


@dataclass
class ChartBox:
    x: float
    y: float
    w: float
    h: float
    role: str
    lines: list[str]
    side: bool
    size: float
    line_size: float = 0.0  # the person lines' size (0: the same as the role's)


@dataclass
class ChartFrame:
    x: float
    y: float
    w: float
    h: float
    title: str
    size: float


@dataclass
class Connector:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool = False


@dataclass
class ChartLayout:
    boxes: list[ChartBox] = field(default_factory=list)
    frames: list[ChartFrame] = field(default_factory=list)
    connectors: list[Connector] = field(default_factory=list)


@dataclass
class LaidSlide:
    title: str
    is_title: bool
    subtitle: list[Line] = field(default_factory=list)
    text: TextBox | None = None
    table: TableBox | None = None
    chart: ChartLayout | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Area:
    """The region of a slide that content may use."""

    x: float
    y: float
    w: float
    h: float


@dataclass
class Settings:
    base: float = 20.0  # body text, when it fits
    floor: float = 14.0  # body text and tables never go below this (sggen.yaml min_font_pt)
    table_base: float = 16.0
    chart_base: float = 18.0
    chart_min: float = 12.0  # chart labels may go below the floor, never below this


# --- slides ----------------------------------------------------------------------------------


def lay_out(slides: list[Slide], area: Area, settings: Settings) -> list[LaidSlide]:
    """Return the slides laid out in `area`; a slide whose content does not fit becomes several.

    Continuation slides repeat the title with "(1/n)" … "(n/n)" and the speaker notes.
    """
    out: list[LaidSlide] = []
    for slide in slides:
        notes = [text for text in (_plain(b) for b in slide.notes) if text]
        if slide.is_title:
            subtitle = [Line(b.runs) for b in slide.blocks if isinstance(b, Paragraph)]
            out.append(LaidSlide(slide.title, True, subtitle=subtitle, notes=notes))
            continue
        charts = [b for b in slide.blocks if isinstance(b, OrgChart)]
        if charts:
            chart = lay_out_chart(charts[0], area, settings)
            out.append(LaidSlide(slide.title, False, chart=chart, notes=notes))
            continue
        tables = [b for b in slide.blocks if isinstance(b, Table)]
        lines = _lines(slide.blocks)
        if tables:
            pages = _table_pages(lines, tables, area, settings)
        else:
            # A slide with a title only still becomes one slide.
            pages = [(box, None) for box in text_pages(lines, area, settings)] or [(None, None)]
        for i, (text, table) in enumerate(pages):
            title = slide.title if len(pages) == 1 else f"{slide.title} ({i + 1}/{len(pages)})"
            out.append(LaidSlide(title, False, text=text, table=table, notes=notes))
    return out


def _plain(block: object) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, BulletList):
        return "\n".join(item.text for item in block.items)
    return ""


def _lines(blocks: list) -> list[Line]:
    lines: list[Line] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(Line(block.runs))
        elif isinstance(block, BulletList):
            for n, item in enumerate(block.items, 1):
                bullet = f"{n}." if block.ordered else "•"
                lines.append(Line(item.runs, 0, bullet, number=n if block.ordered else 0))
                lines.extend(Line(child.runs, 1, "–") for child in item.children)
    return lines


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
    return sum(_height(ln, width, size, i == 0) for i, ln in enumerate(lines)) + 2 * INSET_Y


def lines_size(paragraphs: list[list[Run]], width: float, height: float, base: float,
               floor: float = 12.0) -> float:
    """Return the largest size from `base` down to `floor` at which the paragraphs fit."""
    for size in _sizes(base, floor):
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
    while len(words) > 1 and not fits(" ".join(words) + ELLIPSIS + suffix):
        words.pop()
    shortened = " ".join(words) + ELLIPSIS + suffix
    while len(shortened) > 1 and not fits(shortened):
        shortened = shortened[:-len(ELLIPSIS + suffix) - 1] + ELLIPSIS + suffix
    return shortened, size


def _sizes(base: float, floor: float) -> list[float]:
    """Return the sizes to try, from `base` down in 1 pt steps, always ending at `floor`."""
    sizes, size = [], base
    while size > floor:
        sizes.append(size)
        size -= 1
    return [*sizes, floor]


# --- text slides -----------------------------------------------------------------------------


def text_pages(lines: list[Line], area: Area, settings: Settings) -> list[TextBox]:
    """Return the text box of each slide the lines need.

    Text that fits one slide at some size from the base down to the floor gets the largest such
    size. Text that does not is split anyway, so it is split at a comfortable size (18 pt, or the
    floor if that is larger) over the fewest slides, spread evenly over them.
    """
    usable = area.h - 2 * INSET_Y
    for size in _sizes(settings.base, settings.floor):
        pages = _split_lines(lines, area.w, usable, size)
        if len(pages) <= 1:
            return [_text_box(page, area, size, area.h) for page in pages]
    size = max(settings.floor, min(settings.base, CONTINUED_SIZE))
    pages = _split_lines(lines, area.w, usable, size)
    # The lowest fill level that needs no more slides, so that no slide is left nearly empty;
    # never below the tallest paragraph, which would then be cut needlessly.
    lo = min(usable, max(_height(ln, area.w, size, True) for ln in lines))
    hi = usable
    for _ in range(20):
        mid = (lo + hi) / 2
        if len(_split_lines(lines, area.w, mid, size)) <= len(pages):
            hi = mid
        else:
            lo = mid
    return [_text_box(page, area, size, area.h)
            for page in _split_lines(lines, area.w, hi, size)]


def _text_box(lines: list[Line], area: Area, size: float, height: float) -> TextBox:
    spaced = [replace(ln, space_before=0.0 if i == 0 else size * PARA_GAP)
              for i, ln in enumerate(lines)]
    return TextBox(area.x, area.y, area.w, height, spaced, size)


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
            part = Line(_slice(line.runs, chunk[0][0], chunk[-1][1]), line.level,
                        line.bullet if k == 0 else "", continued=line.continued or k > 0,
                        number=line.number)
            pages[-1].append(part)
            used += gap + len(chunk) * line_h
            k += len(chunk)
    return [p for p in pages if p]


# --- tables ----------------------------------------------------------------------------------

CELL_X, CELL_Y = 7.2, 3.6  # a table cell's default margins
TABLE_GAP = 8.0  # between the text above a table and the table
TABLE_SLACK = 2.0  # renderers round row heights; keep a little room at the bottom


def _cell_text(cell: list[Run]) -> str:
    return "".join(r.text for r in cell)


def _cell(row: list[list[Run]], c: int) -> list[Run]:
    return row[c] if c < len(row) else []


def _columns(table: Table, width: float, size: float) -> tuple[list[float], int]:
    """Return column widths and how many breaks must fall inside words.

    Each column gets room for its longest word if the table is wide enough, and spare room goes
    to the columns with the most text. If not, see _squeeze.
    """
    count = len(table.header)
    longest, natural = [0.0] * count, [0.0] * count
    for row in (table.header, *table.rows):
        for c in range(count):
            runs = _cell(row, c)
            bold = row is table.header or any(r.bold for r in runs)
            text = _cell_text(runs)
            for word in text.split() or [""]:
                longest[c] = max(longest[c], text_width(word, size, bold))
            for part in text.split("\n"):
                natural[c] = max(natural[c], text_width(part, size, bold))
    need = [w / SAFETY + CELL_PAD for w in longest]
    full = [max(n, w / SAFETY + CELL_PAD) for n, w in zip(need, natural, strict=True)]
    if sum(need) > width:
        return _squeeze(table, need, width, size)
    if sum(full) <= width:
        spare = width - sum(full)
        return [f + spare * f / sum(full) for f in full], 0
    # Between the two: every word fits; share the rest by how much text each column has.
    spare = width - sum(need)
    extra = [f - n for f, n in zip(full, need, strict=True)]
    return [n + spare * e / sum(extra) for n, e in zip(need, extra, strict=True)], 0


CELL_PAD = 2 * CELL_X + 2  # a cell's margins and a little air
BROKEN_WORD = 3.0  # what a break inside a word costs, in lines of table height
SHORT_PIECE = 2.0  # and what it costs more if it leaves a piece of one or two letters


def _squeeze(table: Table, need: list[float], width: float,
             size: float) -> tuple[list[float], int]:
    """Return column widths for a table too narrow for its longest words, and how many breaks
    fall inside words.

    Room is taken from the column where it costs the least table height per point, each break
    inside a word counting as BROKEN_WORD lines and a piece of one or two letters as SHORT_PIECE
    more: a narrow column of codes under a long header gives up room before the column that
    holds the text, and a word is cut near its middle rather than losing its last letter.
    """
    rows = [(table.header, True), *((row, False) for row in table.rows)]
    cache: dict[tuple[int, float], tuple[list[int], int, int]] = {}

    def column(c: int, w: float) -> tuple[list[int], int, int]:
        """Return the line count of each row's cell in column c at width w, the breaks inside
        words and the pieces too short to read."""
        key = (c, round(w, 2))
        if key not in cache:
            counts, breaks, short = [], 0, 0
            for row, header in rows:
                runs = _cell(row, c)
                if header:
                    runs = [replace(r, bold=True) for r in runs]
                lines = _cell_lines(runs, w, size)
                counts.append(len(lines))
                inside, tiny = _word_breaks(_cell_text(runs), lines)
                breaks, short = breaks + inside, short + tiny
            cache[key] = (counts, breaks, short)
        return cache[key]

    def cost(columns: list[tuple[list[int], int, int]]) -> float:
        lines = sum(max(col[0][r] for col in columns) for r in range(len(rows)))
        return lines + sum(BROKEN_WORD * col[1] + SHORT_PIECE * col[2] for col in columns)

    widths = list(need)
    current = [column(c, w) for c, w in enumerate(widths)]
    narrowest = CELL_PAD + 2 * size  # two letters
    step = (sum(widths) - width) / 20
    while sum(widths) - width > 1e-6:
        over = sum(widths) - width
        base = cost(current)
        best = None
        for c, w in enumerate(widths):
            # Look a few steps ahead: cutting a word once costs the same wherever it falls,
            # and only a larger cut shows that a middle cut is better than a last-letter one.
            for k in range(1, 7):
                cut = min(k * step, over)
                if w - cut < narrowest:
                    break
                trial = [*current[:c], column(c, w - cut), *current[c + 1:]]
                score = ((cost(trial) - base) / cut, -cut, -w)
                if best is None or score < best[0]:
                    best = (score, c, cut, trial)
                if cut >= over:
                    break
        if best is None:
            # Every column is as narrow as it may be: share out what is left evenly.
            widths = [w * width / sum(widths) for w in widths]
            current = [column(c, w) for c, w in enumerate(widths)]
            break
        _, c, cut, current = best
        widths[c] -= cut
    return widths, sum(col[1] for col in current)


def _word_breaks(text: str, lines: list[tuple[int, int]]) -> tuple[int, int]:
    """Return how many line ends of a wrapped text fall inside a word, and how many of those
    leave a piece of fewer than three letters on either side."""
    breaks = short = 0
    for start, end in lines[:-1]:
        if end >= len(text) or text[end - 1] in " -\n" or text[end] in " \n":
            continue
        breaks += 1
        word_start = max(text.rfind(" ", 0, end) + 1, text.rfind("\n", 0, end) + 1, start)
        after = len(text) - end
        for mark in (" ", "\n"):
            found = text.find(mark, end)
            if found >= 0:
                after = min(after, found - end)
        if min(end - word_start, after) < 3:
            short += 1
    return breaks, short


def _cell_lines(runs: list[Run], width: float, size: float) -> list[tuple[int, int]]:
    return wrap(runs, width - 2 * CELL_X, size)


def _row_height(row: list[list[Run]], columns: list[float], size: float, bold: bool) -> float:
    most = 1
    for c, width in enumerate(columns):
        runs = _cell(row, c)
        if bold:
            runs = [replace(r, bold=True) for r in runs]
        most = max(most, len(_cell_lines(runs, width, size)))
    return most * size * LINE + 2 * CELL_Y


def _split_row(row: list[list[Run]], columns: list[float], size: float,
               room: float) -> list[list[list[Run]]]:
    """Return a row too tall for a slide as several rows, each cell cut between its lines."""
    per_piece = max(1, int((room - 2 * CELL_Y) // (size * LINE)))
    wrapped = [_cell_lines(_cell(row, c), w, size) for c, w in enumerate(columns)]
    pieces = max(math.ceil(len(lines) / per_piece) for lines in wrapped)
    out = []
    for p in range(pieces):
        cells = []
        for c, lines in enumerate(wrapped):
            chunk = lines[p * per_piece:(p + 1) * per_piece]
            runs = _cell(row, c)
            cells.append(_slice(runs, chunk[0][0], chunk[-1][1]) if chunk else [])
        out.append(cells)
    return out


def _pack(heights: list[float], head: float, rooms: list[float]) -> list[list[int]]:
    """Return row indices per slide: the fewest slides, then rows spread evenly over them.

    `rooms` gives the height available on the first slides; the last value holds for the rest.
    """
    def greedy(cap: float) -> list[list[int]]:
        pages: list[list[int]] = [[]]
        used = head
        for i, height in enumerate(heights):
            limit = min(cap, rooms[min(len(pages) - 1, len(rooms) - 1)])
            if pages[-1] and used + height > limit:
                pages.append([])
                used = head
            pages[-1].append(i)
            used += height
        return pages

    fewest = len(greedy(math.inf))
    lo, hi = head + max(heights, default=0.0), max(rooms)
    for _ in range(30):
        mid = (lo + hi) / 2
        if len(greedy(mid)) <= fewest:
            hi = mid
        else:
            lo = mid
    return greedy(hi)


def table_boxes(table: Table, x: float, width: float, rooms: list[float],
                settings: Settings) -> list[TableBox]:
    """Return the table as one box, or split by rows over several with the header repeated.

    Tries sizes from the table base down to the floor and keeps the one with the fewest slides,
    then the fewest words broken inside, then the largest size. `rooms` as for _pack.
    """
    best = None
    for size in _sizes(max(settings.table_base, settings.floor), settings.floor):
        columns, broken = _columns(table, width, size)
        head = _row_height(table.header, columns, size, True)
        rows: list[list[list[Run]]] = []
        tallest = min(rooms) - head
        for row in table.rows:
            if _row_height(row, columns, size, False) > tallest:
                rows.extend(_split_row(row, columns, size, tallest))
            else:
                rows.append(row)
        heights = [_row_height(r, columns, size, False) for r in rows]
        pages = _pack(heights, head, rooms)
        score = (len(pages), broken, -size)
        if best is None or score < best[0]:
            best = (score, size, columns, head, rows, heights, pages)
    _, size, columns, head, rows, heights, pages = best
    return [TableBox(x, 0.0, width, columns, [head, *(heights[i] for i in page)], table.header,
                     [rows[i] for i in page], size) for page in pages]


def _table_pages(lines: list[Line], tables: list[Table], area: Area,
                 settings: Settings) -> list[tuple[TextBox | None, TableBox | None]]:
    """Return (text, table) per slide for a slide with tables and perhaps text above them.

    Short text (a legend) stands above the table on every slide it continues on; longer text
    only on the first; text too long to share a slide gets slides of its own first.
    """
    pages: list[tuple[TextBox | None, TableBox | None]] = []
    size = max(settings.floor, min(settings.base, settings.table_base))
    text = None
    text_h = text_height(lines, area.w, size) if lines else 0.0
    if lines and text_h > area.h * 0.4:
        pages.extend((box, None) for box in text_pages(lines, area, settings))
    elif lines:
        text = _text_box(lines, area, size, text_h)
    repeat = text is not None and text_h <= area.h * 0.25
    for k, table in enumerate(tables):
        first = text if k == 0 else None
        above = first.h + TABLE_GAP if first else 0.0
        again = above if repeat else 0.0
        rooms = [area.h - above - TABLE_SLACK, area.h - again - TABLE_SLACK]
        for i, box in enumerate(table_boxes(table, area.x, area.w, rooms, settings)):
            shown = first if i == 0 or repeat else None
            box.y = area.y + (shown.h + TABLE_GAP if shown else 0.0)
            pages.append((shown, box))
    return pages


# --- organisation chart ----------------------------------------------------------------------

GAP = 12.0  # between boxes side by side or stacked
ROW_GAP = 18.0  # between rows: room for the connector
FRAME_PAD = 8.0
SIDE_GAP = 28.0  # between the main chart and the column of side boxes: the dashed connector
MIN_BOX_W = 130.0  # narrower boxes wrap a second line of boxes instead
MAX_BOX_W = 250.0  # a lone box stays box-shaped instead of spanning the slide
BOX_PAD = 2.0  # breathing room inside a box, above and below its text
CORNER = 0.08  # a box's corner radius, as a fraction of its shorter side


@dataclass
class _RowPlan:
    row: ChartRow
    members: list[list[str]]  # each member box's lines as shown at this level of detail
    side: list[list[str]]
    per_line: int
    box_w: float
    box_h: float
    side_hs: list[float]
    grid: int
    title_h: float
    main_h: float
    height: float


def lay_out_chart(chart: OrgChart, area: Area, settings: Settings) -> ChartLayout:
    """Return boxes, frames and connectors for the chart, rows top to bottom, within `area`.

    Members of a row stand side by side and wrap onto more lines of boxes when there are many;
    side boxes (assurance, support) stand in a column to the right with dashed connectors. The
    largest size at which every box's text fits, without cutting a word, is used; if even the
    smallest is too big, the boxes show names without titles.
    """
    low = min(settings.chart_min, settings.floor)
    high = max(settings.chart_base, low)
    sizes = [high - k for k in range(int(high - low) + 1)]
    # Who holds a role matters more than a large type: titles are dropped only when they do
    # not fit at any size down to the smallest.
    attempts = [(s, detail, MIN_BOX_W) for detail in (True, False) for s in sizes]
    attempts.append((low, False, MIN_BOX_W * 0.7))
    # Rather than cut a word between letters, a box drops its titles or takes a smaller size;
    # only when every layout cuts some word is that allowed.
    for whole_words in (True, False):
        for size, detail, min_w in attempts:
            for side_w in _side_widths(chart.rows, area, size, low):
                layout = _try_chart(chart.rows, area, size, low, detail, min_w, side_w,
                                    whole_words=whole_words)
                if layout is not None:
                    return layout
    side_w = _side_widths(chart.rows, area, low, low)[-1]
    return _try_chart(chart.rows, area, low, low, False, MIN_BOX_W * 0.7, side_w, force=True)


def _side_widths(rows: list[ChartRow], area: Area, size: float, low: float) -> list[float]:
    """Return the widths to try for the column of side boxes, widest first: a narrower column
    wraps its names but leaves more room to the boxes of the rows."""
    boxes = [b for r in rows for b in r.side]
    if not boxes:
        return [0.0]
    natural = max(_natural_width(b.role, b.lines, size, low) for b in boxes)
    widest = min(max(natural, 150.0), area.w * 0.26)
    return [widest, *(area.w * f for f in (0.22, 0.18) if area.w * f < widest)]


def _line_size(size: float, low: float) -> float:
    """Return the size of a box's person lines: a little smaller than the role's."""
    return max(low, round(size * 0.9 * 2) / 2)


def corner_inset(width: float) -> float:
    """Return how far a rounded box's corners push its text in, at most, on each side.

    A rounded rectangle's text area is its box less r * (1 - 1/sqrt(2)) on every side, where
    the corner radius r is CORNER times the shorter side, which is at most `width`.
    """
    return width * CORNER * (1 - math.sqrt(0.5))


def _box_height(role: str, lines: list[str], width: float, size: float, low: float) -> float:
    small = _line_size(size, low)

    def height(corner: float) -> float:
        inner = width - 2 * INSET_X - 2 * corner
        text = len(wrap([Run(role, bold=True)], inner, size)) * size * LINE
        for line in lines:
            text += len(wrap([Run(line)], inner, small)) * small * LINE
        return text + 2 * INSET_Y + 2 * corner + 2 * BOX_PAD

    # The corners depend on the shorter side: measure with the widest they can be, then again
    # with the height that gives, which is still no lower than the box will be.
    first = height(corner_inset(width))
    return height(corner_inset(min(width, first)))


def _cuts_a_word(role: str, lines: list[str], width: float, size: float, low: float) -> bool:
    """Return whether a box `width` wide must break a word of its text between letters."""
    room = (width - 2 * INSET_X - 2 * corner_inset(width)) * SAFETY
    small = _line_size(size, low)
    texts = [(role, size, True), *((line, small, False) for line in lines)]
    return any(text_width(word, at, bold) > room
               for text, at, bold in texts
               for word in text.replace("-", "- ").split())


def _natural_width(role: str, lines: list[str], size: float, low: float) -> float:
    small = _line_size(size, low)
    widest = max([text_width(role, size, True), *(text_width(ln, small) for ln in lines)])
    return widest / SAFETY + 2 * INSET_X + 2 + 2 * corner_inset(widest)


def _plan_rows(rows: list[ChartRow], main_w: float, side_w: float, size: float, low: float,
               detail: bool, min_w: float) -> list[_RowPlan]:
    plans = []
    for row in rows:
        members = [b.lines if detail else b.lines[:1] for b in row.members]
        side = [b.lines for b in row.side]
        pad = FRAME_PAD if row.title else 0.0
        inner = main_w - 2 * pad
        count = len(members)
        per_line = grid = 0
        box_w = box_h = 0.0
        if count:
            fits = max(1, int((inner + GAP) // (min_w + GAP)))
            grid = math.ceil(count / fits)
            per_line = math.ceil(count / grid)  # 8 boxes in lines of at most 5 go 4 + 4
            box_w = min(MAX_BOX_W, (inner - GAP * (per_line - 1)) / per_line)
            box_h = max(_box_height(b.role, lines, box_w, size, low)
                        for b, lines in zip(row.members, members, strict=True))
        title_h = size * LINE + 2 * INSET_Y if row.title else 0.0
        main_h = grid * box_h + max(grid - 1, 0) * GAP + title_h + 2 * pad if count or \
            row.title else 0.0
        side_hs = [_box_height(b.role, lines, side_w, size, low)
                   for b, lines in zip(row.side, side, strict=True)]
        side_total = sum(side_hs) + GAP * max(len(side_hs) - 1, 0)
        plans.append(_RowPlan(row, members, side, per_line, box_w, box_h, side_hs, grid,
                              title_h, main_h, max(main_h, side_total)))
    return plans


def _try_chart(rows: list[ChartRow], area: Area, size: float, low: float, detail: bool,
               min_w: float, side_w: float, force: bool = False,
               whole_words: bool = False) -> ChartLayout | None:
    """Return the chart laid out at `size`, or None if it does not fit `area` (or, with
    `whole_words`, if some box would have to cut a word between letters)."""
    main_w = area.w - (side_w + SIDE_GAP if side_w else 0.0)
    plans = _plan_rows(rows, main_w, side_w, size, low, detail, min_w)
    shown = [p for p in plans if p.height > 0]
    total = sum(p.height for p in shown) + ROW_GAP * max(len(shown) - 1, 0)
    if total > area.h and not force:
        return None
    if whole_words and any(
            _cuts_a_word(box.role, lines, plan.box_w, size, low)
            for plan in shown for box, lines in zip(plan.row.members, plan.members, strict=True)
    ) or whole_words and any(
            _cuts_a_word(box.role, lines, side_w, size, low)
            for plan in shown for box, lines in zip(plan.row.side, plan.side, strict=True)):
        return None
    # Spread the rows over the height the chart may use, up to twice the usual gap.
    gap = ROW_GAP
    if len(shown) > 1 and total < area.h:
        gap = min(ROW_GAP * 2, ROW_GAP + (area.h - total) / (len(shown) - 1))
    layout = ChartLayout()
    small = _line_size(size, low)
    center = area.x + main_w / 2
    y = area.y
    above = None  # the bottom centre of the row above, where the next connector starts
    for plan in shown:
        pad = FRAME_PAD if plan.row.title else 0.0
        count = len(plan.members)
        used_w = plan.per_line * plan.box_w + (plan.per_line - 1) * GAP if count else 0.0
        frame_w = main_w if plan.row.title else used_w
        x0 = area.x + (main_w - frame_w) / 2
        if plan.row.title:
            layout.frames.append(ChartFrame(x0, y, frame_w, plan.main_h, plan.row.title, size))
        top = y + pad + plan.title_h
        first_line = []
        for i, (box, lines) in enumerate(zip(plan.row.members, plan.members, strict=True)):
            r, c = divmod(i, plan.per_line)
            in_line = min(plan.per_line, count - r * plan.per_line)
            line_w = in_line * plan.box_w + (in_line - 1) * GAP
            bx = area.x + (main_w - line_w) / 2 + c * (plan.box_w + GAP)
            by = top + r * (plan.box_h + GAP)
            layout.boxes.append(ChartBox(bx, by, plan.box_w, plan.box_h, box.role, lines,
                                         False, size, small))
            if r == 0:
                first_line.append(bx + plan.box_w / 2)
        if above is not None and plan.main_h > 0:
            layout.connectors.extend(_links(above, y, first_line, framed=bool(plan.row.title)))
        if plan.main_h > 0:
            above = (center, y + plan.main_h)
        sx = area.x + area.w - side_w
        sy = y
        for box, lines, height in zip(plan.row.side, plan.side, plan.side_hs, strict=True):
            layout.boxes.append(ChartBox(sx, sy, side_w, height, box.role, lines, True, size,
                                         small))
            mid = sy + height / 2
            if plan.main_h > 0:
                # Meet the row's edge at the side box's middle, or at the row's if it is lower.
                link_y = min(mid, y + plan.main_h / 2) if mid > y + plan.main_h else mid
                layout.connectors.append(Connector(x0 + frame_w, link_y, sx, link_y,
                                                   dashed=True))
            sy += height + GAP
        y += plan.height + gap
    return layout


def _links(above: tuple[float, float], top: float, centres: list[float],
           framed: bool) -> list[Connector]:
    """Return the lines from the row above down to a row: one line to a frame or a single box;
    to several boxes a bus with a drop to each box of the first line."""
    cx, bottom = above
    if framed or len(centres) < 2:
        return [Connector(cx, bottom, cx, top)]
    bus = (bottom + top) / 2
    links = [Connector(cx, bottom, cx, bus), Connector(min(centres), bus, max(centres), bus)]
    links.extend(Connector(x, bus, x, top) for x in centres)
    return links
