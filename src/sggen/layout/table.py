"""Tables: column widths from the words they hold, rows split over slides with the header."""

from __future__ import annotations

import math
from dataclasses import replace

from sggen.document import Run, Table
from sggen.layout.boxes import Sizes, TableBox
from sggen.layout.metrics import LINE, SAFETY, size_steps, slice_runs, text_width, wrap

CELL_X, CELL_Y = 7.2, 5.4  # a table cell's margins: the top one above a large line's ascent
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
            for word in [w for w in text.replace("\n", " ").split(" ") if w] or [""]:
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
    # Between the two: every word fits; share the rest by how much text each column has, or
    # give one column all it asks for where that makes the table lower (a row that just missed
    # one line would otherwise stand two lines high)
    candidates = [_shared(need, full, width, set())]
    for c in range(count):
        if full[c] + sum(n for k, n in enumerate(need) if k != c) <= width:
            candidates.append(_shared(need, full, width, {c}))
    if len(candidates) == 1:
        return candidates[0], 0
    return min(candidates, key=lambda columns: _height(table, columns, size)), 0


def _needs(table: Table, size: float) -> list[float]:
    """Return each column's narrowest width: its longest word on one line."""
    need = [0.0] * len(table.header)
    for row in (table.header, *table.rows):
        for c in range(len(need)):
            runs = _cell(row, c)
            bold = row is table.header or any(r.bold for r in runs)
            for word in _cell_text(runs).replace("\n", " ").split(" "):
                need[c] = max(need[c], text_width(word, size, bold) / SAFETY + CELL_PAD)
    return need


def _shared(need: list[float], full: list[float], width: float, whole: set[int]) -> list[float]:
    """Return column widths: the columns in `whole` at their full width, the others at their
    need and the rest of the width shared by how much more each would take."""
    widths = [full[c] if c in whole else n for c, n in enumerate(need)]
    extra = [0.0 if c in whole else f - n for c, (f, n) in enumerate(zip(full, need, strict=True))]
    spare = width - sum(widths)
    if sum(extra) <= 0:
        return [w + spare / len(widths) for w in widths]
    return [w + spare * e / sum(extra) for w, e in zip(widths, extra, strict=True)]


def _height(table: Table, columns: list[float], size: float) -> float:
    return sum(_row_height(row, columns, size, row is table.header)
               for row in (table.header, *table.rows))


CELL_PAD = 2 * CELL_X + 6  # a cell's margins and some air: a bold word set exactly to its
# measured width may still break inside in LibreOffice
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
    measure = _Measure(table, size)
    widths = list(need)
    current = [measure.column(c, w) for c, w in enumerate(widths)]
    narrowest = CELL_PAD + 2 * size  # two letters
    step = (sum(widths) - width) / 20
    while sum(widths) - width > 1e-6:
        best = _best_cut(measure, widths, current, sum(widths) - width, step, narrowest)
        if best is None:
            # Every column is as narrow as it may be: share out what is left evenly.
            widths = [w * width / sum(widths) for w in widths]
            current = [measure.column(c, w) for c, w in enumerate(widths)]
            break
        c, cut, current[c] = best
        widths[c] -= cut
    return widths, sum(col[1] for col in current)


_Column = tuple[list[int], int, int]  # each row's line count, breaks inside words, short pieces


class _Measure:
    """A table's columns measured at trial widths, each width measured once."""

    def __init__(self, table: Table, size: float):
        self.rows = [(table.header, True), *((row, False) for row in table.rows)]
        self.size = size
        self.cache: dict[tuple[int, float], _Column] = {}

    def column(self, c: int, w: float) -> _Column:
        """Return the line count of each row's cell in column c at width w, the breaks inside
        words and the pieces too short to read."""
        key = (c, round(w, 2))
        if key not in self.cache:
            counts, breaks, short = [], 0, 0
            for row, header in self.rows:
                runs = _cell(row, c)
                if header:
                    runs = [replace(r, bold=True) for r in runs]
                lines = _cell_lines(runs, w, self.size)
                counts.append(len(lines))
                inside, tiny = _word_breaks(_cell_text(runs), lines)
                breaks, short = breaks + inside, short + tiny
            self.cache[key] = (counts, breaks, short)
        return self.cache[key]


def _penalty(col: _Column) -> float:
    return BROKEN_WORD * col[1] + SHORT_PIECE * col[2]


def _best_cut(measure: _Measure, widths: list[float], current: list[_Column], over: float,
              step: float, narrowest: float) -> tuple[int, float, _Column] | None:
    """Return the column to narrow, by how much, and how it then measures; None when every
    column is as narrow as it may be."""
    rows = len(measure.rows)
    # A trial changes one column: against the others' tallest cell in each row, its cost
    # is a sum over the rows instead of over every cell of the table.
    fixed = sum(_penalty(col) for col in current)
    base = sum(max(col[0][r] for col in current) for r in range(rows)) + fixed
    best = None
    for c, w in enumerate(widths):
        others = [max((col[0][r] for k, col in enumerate(current) if k != c), default=0)
                  for r in range(rows)]
        rest = fixed - _penalty(current[c])
        # Look a few steps ahead: cutting a word once costs the same wherever it falls,
        # and only a larger cut shows that a middle cut is better than a last-letter one.
        for k in range(1, 7):
            cut = min(k * step, over)
            if w - cut < narrowest:
                break
            trial = measure.column(c, w - cut)
            height = sum(max(o, n) for o, n in zip(others, trial[0], strict=True))
            score = ((height + rest + _penalty(trial) - base) / cut, -cut, -w)
            if best is None or score < best[0]:
                best = (score, c, cut, trial)
            if cut >= over:
                break
    return None if best is None else best[1:]


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


CELL_FIT = 1.0  # a cell's text is measured against its whole width, not SAFETY's share: a
# row stands as high as the lines a renderer with Carlito's widths sets (a table grows a row
# that needs more, where a text box would overflow), so a row never stands a line too high


def _cell_lines(runs: list[Run], width: float, size: float) -> list[tuple[int, int]]:
    return wrap(runs, (width - 2 * CELL_X) * CELL_FIT / SAFETY, size)


WIDOW_STEPS = 2  # how many sizes smaller a table may be set to keep a cell's last word company
WIDOW = 0.25  # a last line narrower than this share of its cell is a widow
NEAR = 0.005  # a text this close to its cell's width is set on one line or two by chance


def widows(box: TableBox) -> int:
    """Return how many cells of a laid-out table end in a line of one short word, or in a
    line that only the safety margin on widths made."""
    return _widows(box.rows, box.columns, box.size)


def _widows(rows: list[list[list[Run]]], columns: list[float], size: float) -> int:
    """Return how many cells wrap onto a last line narrower than WIDOW of the cell, or hold a
    text within NEAR of a line's width, which one renderer may set on a line more or fewer than
    another."""
    count = 0
    for row in rows:
        for c, width in enumerate(columns):
            runs = _cell(row, c)
            lines = _cell_lines(runs, width, size)
            room = (width - 2 * CELL_X) * CELL_FIT / SAFETY
            near = len(wrap(runs, room * (1 + NEAR), size)) < len(lines) or \
                len(wrap(runs, room * (1 - NEAR), size)) > len(lines)
            if not near and len(lines) > 1:
                start, end = lines[-1]
                near = text_width(_cell_text(runs)[start:end], size, False) < \
                    WIDOW * (width - 2 * CELL_X)
            count += near
    return count


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
            cells.append(slice_runs(runs, chunk[0][0], chunk[-1][1]) if chunk else [])
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


# --- a matrix: its header upright ----------------------------------------------------------

SYMBOL_ROOM = 1.8  # a code column is at least this many ems wide: room for its symbol
FIRST_SHARE = 0.3  # ... and the first column keeps at least this share of the width


def rotated(table: Table) -> bool:
    """Return whether the table's header is set upright: a matrix's is, so that its narrow
    code columns keep each role's name whole."""
    return bool(table.symbols) and len(table.header) > 1


def _matrix_columns(table: Table, width: float, size: float) -> tuple[list[float], float]:
    """Return a matrix's column widths and its header's height: the header as high as its
    longest name is long, each name on one upright line (LibreOffice lays upright text out on
    as few lines as the first cell's length allows, and grows the row to it), each code column
    one line wide, the first column the rest."""
    names = [_cell_text(cell) for cell in table.header[1:]]
    height = max([text_width(n, size, True) / SAFETY for n in names] + [size]) + 2 * CELL_Y + 4
    code = max(size * LINE, SYMBOL_ROOM * size) + 2 * CELL_X + 2
    return [max(width - code * len(names), 0.0), *([code] * len(names))], height


def _fitted(table: Table, width: float, size: float) -> tuple[list[float], int, float]:
    """Return the column widths at `size`, the words broken inside, and the header's height."""
    if rotated(table):
        columns, head = _matrix_columns(table, width, size)
        return columns, 0 if columns[0] >= FIRST_SHARE * width else 99, head
    columns, broken = _columns(table, width, size)
    columns = _nudged(table, columns, size)
    return columns, broken, _row_height(table.header, columns, size, True)


NUDGE = 0.03  # a column may take this share of its width more from the others


def _nudged(table: Table, columns: list[float], size: float) -> list[float]:
    """Return the column widths with a column widened a little, at the others' expense, where
    that sets a cell's last short line on the line before without making the table taller."""
    rows = [table.header, *table.rows]
    need = _needs(table, size)
    best, lowest = columns, _height(table, columns, size)
    found = _widows(rows, columns, size)
    for c in range(len(columns)):
        if not found:
            break
        more = columns[c] * NUDGE
        rest = sum(columns) - columns[c]
        trial = [w + more if k == c else w - more * w / rest for k, w in enumerate(best)]
        if any(w < n for w, n in zip(trial, need, strict=True)):
            continue  # a word would then break inside
        height, fewer = _height(table, trial, size), _widows(rows, trial, size)
        if fewer < found and height <= lowest + 0.01:
            best, lowest, found = trial, height, fewer
    return best


def table_at(table: Table, x: float, width: float, size: float) -> TableBox:
    """Return the whole table in one box at `size`, each row as high as its text needs."""
    columns, _, head = _fitted(table, width, size)
    heights = [_row_height(row, columns, size, False) for row in table.rows]
    return TableBox(x, 0.0, width, columns, [head, *heights], table.header, table.rows, size,
                    rotated=rotated(table))


def table_boxes(table: Table, x: float, width: float, rooms: list[float],
                sizes: Sizes) -> list[TableBox]:
    """Return the table as one box, or split by rows over several with the header repeated;
    each row as high as its text needs.

    Tries sizes from the table base down to the floor and keeps the one with the fewest slides,
    then the fewest words broken inside, then the largest size; or a size up to WIDOW_STEPS
    smaller where fewer cells end in a line of one short word. `rooms` as for _pack.
    """
    tried = []
    for size in size_steps(max(sizes.table_base, sizes.floor), sizes.floor):
        columns, broken, head = _fitted(table, width, size)
        rows: list[list[list[Run]]] = []
        tallest = min(rooms) - head
        for row in table.rows:
            if _row_height(row, columns, size, False) > tallest:
                rows.extend(_split_row(row, columns, size, tallest))
            else:
                rows.append(row)
        heights = [_row_height(r, columns, size, False) for r in rows]
        pages = _pack(heights, head, rooms)
        tried.append(((len(pages), broken, -size), size, columns, head, rows, heights, pages))
    best = min(tried, key=lambda t: t[0])
    # a row whose last line holds one short word stands a line taller than it looks, and a
    # renderer a little narrower than the measure may set it on one line: a size a step or two
    # smaller that keeps the words together reads better
    near = [t for t in tried if t[0][:2] == best[0][:2] and t[1] >= best[1] - WIDOW_STEPS]
    _, size, columns, head, rows, heights, pages = min(
        near, key=lambda t: (_widows(t[4], t[2], t[1]), -t[1]))
    return [TableBox(x, 0.0, width, columns, [head, *(heights[i] for i in page)], table.header,
                     [rows[i] for i in page], size, rotated=rotated(table)) for page in pages]
