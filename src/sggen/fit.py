"""Measure text with real font metrics and lay slides out so nothing overflows.

Everything here is in points. Text is measured with Carlito's advance widths (metric-compatible
with Calibri, the reference deck's font). What does not fit at the base size is shrunk step by
step down to the workspace's floor; what still does not fit continues on a new slide titled
"(1/2)", "(2/2)". A single item too long for a whole slide is cut between lines, never inside one.
"""

from __future__ import annotations

import json
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

LINE = 1.22  # Carlito's ascent + descent + line gap, in ems: one line of single spacing
INSET_X, INSET_Y = 7.2, 3.6  # the text frame's default insets (0.1 in, 0.05 in)
BULLET_INDENT = 22.0
SAFETY = 0.96  # renderers differ slightly in kerning and rounding; keep a margin
UNKNOWN_EM = 1.0  # a glyph outside the metrics table (emoji, CJK) is taken as one em wide


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

    Breaks at spaces and after hyphens; a word wider than the line is broken between letters
    (long Finnish compounds), as PowerPoint and LibreOffice do.
    """
    text, bold = _chars(runs)
    table = _metrics()
    widths = [table[b].get(ord(c), UNKNOWN_EM) * size for c, b in zip(text, bold)]
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


# --- laid-out slides -------------------------------------------------------------------------


@dataclass
class Line:
    """A paragraph of a text frame, ready to write."""

    runs: list[Run]
    level: int = 0
    bullet: str = ""  # "" none, "•" bullet, "1." a number
    space_before: float = 0.0


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
    heights: list[float]
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
    base: float = 20.0
    floor: float = 14.0
    table_base: float = 16.0


# --- slides ----------------------------------------------------------------------------------


def lay_out(slides: list[Slide], area: Area, settings: Settings) -> list[LaidSlide]:
    """Return the slides laid out in `area`; slides that overflow become several."""
    out: list[LaidSlide] = []
    for slide in slides:
        notes = [_plain(b) for b in slide.notes]
        if slide.is_title:
            subtitle = [Line(b.runs) for b in slide.blocks if isinstance(b, Paragraph)]
            out.append(LaidSlide(slide.title, True, subtitle=subtitle, notes=notes))
            continue
        charts = [b for b in slide.blocks if isinstance(b, OrgChart)]
        tables = [b for b in slide.blocks if isinstance(b, Table)]
        lines = _lines(slide.blocks)
        if charts:
            chart = lay_out_chart(charts[0], area, settings)
            out.append(LaidSlide(slide.title, False, chart=chart, notes=notes))
            continue
        pages = _pages(lines, tables[0] if tables else None, area, settings)
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
                lines.append(Line(item.runs, 0, f"{n}." if block.ordered else "•"))
                lines.extend(Line(child.runs, 1, "–") for child in item.children)
    return lines


def indent(level: int, bullet: str) -> float:
    """Return the left indent of a paragraph's text."""
    return (BULLET_INDENT if bullet else 0.0) + level * BULLET_INDENT


def _measure(line: Line, width: float, size: float) -> list[tuple[int, int]]:
    return wrap(line.runs, width - 2 * INSET_X - indent(line.level, line.bullet), size)


def _height(line: Line, width: float, size: float, first: bool) -> float:
    gap = 0.0 if first else size * 0.35
    return gap + len(_measure(line, width, size)) * size * LINE


def lines_size(paragraphs: list[list[Run]], width: float, height: float, base: float,
               floor: float = 12.0) -> float:
    """Return the largest size from `base` down to `floor` at which the paragraphs fit."""
    for size in _sizes(base, floor):
        count = sum(len(wrap(runs, width - 2 * INSET_X, size)) for runs in paragraphs)
        if count * size * LINE <= height - 2 * INSET_Y:
            return size
    return floor


def title_size(text: str, width: float, height: float, base: float) -> float:
    """Return the size at which a (bold) title fits its placeholder."""
    return lines_size([[Run(text, bold=True)]], width, height, base, floor=16.0)


def _sizes(base: float, floor: float) -> list[float]:
    sizes, size = [], base
    while size >= floor:
        sizes.append(size)
        size -= 2
    return sizes or [floor]


def _pages(lines: list[Line], table: Table | None, area: Area,
           settings: Settings) -> list[tuple[TextBox | None, TableBox | None]]:
    """Return (text, table) per slide: shrink to the floor first, then continue on new slides."""
    usable = area.h - 2 * INSET_Y
    if table is None:
        for size in _sizes(settings.base, settings.floor):
            total = sum(_height(ln, area.w, size, i == 0) for i, ln in enumerate(lines))
            if total <= usable:
                return [(_text_box(lines, area, size, area.h), None)]
        size = max(settings.floor, min(settings.base, 18.0))
        return [(_text_box(chunk, area, size, area.h), None)
                for chunk in _split_lines(lines, area.w, usable, size)]
    # A table slide: any text goes above the table at a fixed size; the table gets the rest.
    size = max(settings.floor, min(settings.base, 16.0))
    text_h = sum(_height(ln, area.w, size, i == 0) for i, ln in enumerate(lines))
    text = _text_box(lines, area, size, text_h + 2 * INSET_Y) if lines else None
    top = area.y + (text.h + 6 if text else 0)
    room = area.y + area.h - top
    pages = []
    for k, tbox in enumerate(_tables(table, Area(area.x, top, area.w, room), settings)):
        pages.append((text if k == 0 else None, tbox))
    return pages


def _text_box(lines: list[Line], area: Area, size: float, height: float) -> TextBox:
    spaced = [replace(ln, space_before=0.0 if i == 0 else size * 0.35)
              for i, ln in enumerate(lines)]
    return TextBox(area.x, area.y, area.w, height, spaced, size)


def _split_lines(lines: list[Line], width: float, usable: float, size: float) -> list[list[Line]]:
    """Pack paragraphs onto pages; a paragraph taller than a page is cut between its lines."""
    pages: list[list[Line]] = [[]]
    used = 0.0
    for line in lines:
        height = _height(line, width, size, not pages[-1])
        if used + height <= usable:
            pages[-1].append(line)
            used += height
            continue
        if pages[-1]:
            pages.append([])
            used = 0.0
            height = _height(line, width, size, True)
        if height <= usable:
            pages[-1].append(line)
            used = height
            continue
        per_page = max(1, int(usable // (size * LINE)))
        wrapped = _measure(line, width, size)
        for k in range(0, len(wrapped), per_page):
            chunk = wrapped[k:k + per_page]
            part = Line(_slice(line.runs, chunk[0][0], chunk[-1][1]), line.level,
                        line.bullet if k == 0 else "")
            if pages[-1]:
                pages.append([])
            pages[-1].append(part)
            used = len(chunk) * size * LINE
    return [p for p in pages if p]


# --- tables ----------------------------------------------------------------------------------

CELL_X, CELL_Y = 7.2, 3.6  # a table cell's default margins


def _cell_text(cell: list[Run]) -> str:
    return "".join(r.text for r in cell)


def _columns(table: Table, width: float, size: float) -> list[float]:
    """Return column widths: each column gets at least its longest word, the rest by content."""
    cells = [table.header, *table.rows]
    count = len(table.header)
    longest, total = [0.0] * count, [0.0] * count
    for row in cells:
        for c in range(count):
            runs = row[c] if c < len(row) else []
            text = _cell_text(runs)
            bold = row is table.header or any(r.bold for r in runs)
            words = text.split() or [""]
            longest[c] = max(longest[c], max(text_width(w, size, bold) for w in words))
            total[c] = max(total[c], text_width(text, size, bold))
    need = [w / SAFETY + 2 * CELL_X + 2 for w in longest]
    if sum(need) >= width:
        return [width * n / sum(need) for n in need]
    spare = width - sum(need)
    extra = [max(t - lng, 0.0) for t, lng in zip(total, longest)]
    if sum(extra) == 0:
        return [n + spare / count for n in need]
    return [n + spare * e / sum(extra) for n, e in zip(need, extra)]


def _row_height(row: list[list[Run]], columns: list[float], size: float, bold: bool) -> float:
    most = 1
    for c, width in enumerate(columns):
        runs = row[c] if c < len(row) else []
        if bold:
            runs = [replace(r, bold=True) for r in runs]
        most = max(most, len(wrap(runs, width - 2 * CELL_X, size)))
    return most * size * LINE + 2 * CELL_Y


def _tables(table: Table, area: Area, settings: Settings) -> list[TableBox]:
    """Return the table as one box, or split by rows with the header repeated."""
    for size in _sizes(settings.table_base, settings.floor):
        columns = _columns(table, area.w, size)
        head = _row_height(table.header, columns, size, True)
        heights = [_row_height(r, columns, size, False) for r in table.rows]
        if head + sum(heights) <= area.h:
            return [TableBox(area.x, area.y, area.w, columns, [head, *heights], table.header,
                             table.rows, size)]
    boxes, chunk, used = [], [], head
    for row, height in zip(table.rows, heights):
        if chunk and used + height > area.h:
            boxes.append(TableBox(area.x, area.y, area.w, columns,
                                  [head, *(h for _, h in chunk)], table.header,
                                  [r for r, _ in chunk], size))
            chunk, used = [], head
        chunk.append((row, height))
        used += height
    boxes.append(TableBox(area.x, area.y, area.w, columns, [head, *(h for _, h in chunk)],
                          table.header, [r for r, _ in chunk], size))
    return boxes


# --- organisation chart ----------------------------------------------------------------------

GAP = 14.0  # between boxes
ROW_GAP = 22.0
FRAME_PAD = 10.0
MAX_BOX_W = 230.0  # a lone box stays box-shaped instead of spanning the slide


def _box_lines(role: str, lines: list[str], width: float, size: float) -> int:
    count = len(wrap([Run(role, bold=True)], width - 2 * INSET_X, size))
    for line in lines:
        count += len(wrap([Run(line)], width - 2 * INSET_X, size * 0.9))
    return count


def lay_out_chart(chart: OrgChart, area: Area, settings: Settings) -> ChartLayout:
    """Return boxes, frames and connectors for the chart, rows top to bottom, within `area`.

    Members of a row stand side by side (wrapping onto more lines when there are many);
    side boxes (assurance, support) stand to the right of their row with a dashed connector.
    The font shrinks (not below the floor) until every box's text fits its box.
    """
    floor = min(settings.floor, 12.0)  # a chart box label may go below the text floor
    size = 18.0
    while size >= floor:
        layout = _try_chart(chart.rows, area, size)
        if layout is not None:
            return layout
        size -= 1
    return _try_chart(chart.rows, area, floor, force=True)


def _try_chart(rows: list[ChartRow], area: Area, size: float,
               force: bool = False) -> ChartLayout | None:
    layout = ChartLayout()
    side_w = min(area.w * 0.22, 200.0) if any(r.side for r in rows) else 0.0
    main_w = area.w - (side_w + GAP if side_w else 0.0)
    # Box heights per row, then scale rows to the area's height.
    plans = []
    for row in rows:
        per_line = max(1, min(len(row.members), 5))
        box_w = (main_w - 2 * FRAME_PAD - GAP * (per_line - 1)) / per_line if row.members else 0
        box_w = min(box_w, MAX_BOX_W)
        if row.members and box_w < 90 and not force:
            return None
        lines = max([_box_lines(b.role, b.lines, box_w, size) for b in row.members] or [0])
        side_lines = max([_box_lines(b.role, b.lines, side_w, size) for b in row.side] or [0])
        box_h = lines * size * LINE * 1.05 + 2 * INSET_Y + 4
        side_h = side_lines * size * LINE * 1.05 + 2 * INSET_Y + 4
        grid_rows = -(-len(row.members) // per_line) if row.members else 0
        frame_title = size * LINE + 4 if row.title else 0.0
        height = max(grid_rows * box_h + (grid_rows - 1) * GAP + frame_title +
                     (2 * FRAME_PAD if row.title else 0),
                     len(row.side) * side_h + (len(row.side) - 1) * GAP)
        plans.append((row, per_line, box_w, box_h, side_h, grid_rows, frame_title, height))
    total = sum(p[-1] for p in plans) + ROW_GAP * (len(plans) - 1)
    if total > area.h and not force:
        return None
    # Spread the rows over the height the chart may use, up to a comfortable gap.
    gap = ROW_GAP if len(plans) < 2 else min(ROW_GAP * 2, ROW_GAP + (area.h - total) /
                                              (len(plans) - 1))
    y = area.y
    previous_bottom = None
    for row, per_line, box_w, box_h, side_h, grid_rows, frame_title, height in plans:
        pad = FRAME_PAD if row.title else 0.0
        count = len(row.members)
        used_w = min(count, per_line) * box_w + (min(count, per_line) - 1) * GAP if count else 0
        frame_w = used_w + 2 * pad if row.title else used_w
        if row.title:
            frame_w = main_w
        x0 = area.x + (main_w - frame_w) / 2
        main_h = grid_rows * box_h + max(grid_rows - 1, 0) * GAP + frame_title + 2 * pad
        if row.title:
            layout.frames.append(ChartFrame(x0, y, frame_w, main_h, row.title, size))
        top = y + pad + frame_title
        for i, box in enumerate(row.members):
            r, c = divmod(i, per_line)
            in_line = min(per_line, count - r * per_line)
            line_w = in_line * box_w + (in_line - 1) * GAP
            bx = area.x + (main_w - line_w) / 2 + c * (box_w + GAP)
            by = top + r * (box_h + GAP)
            layout.boxes.append(ChartBox(bx, by, box_w, box_h, box.role, box.lines, False, size))
        center = area.x + main_w / 2
        if previous_bottom is not None and main_h > 0:
            layout.connectors.append(Connector(center, previous_bottom, center, y))
        if main_h > 0:
            previous_bottom = y + main_h
        sx = area.x + main_w + GAP
        for k, box in enumerate(row.side):
            sy = y + k * (side_h + GAP)
            layout.boxes.append(ChartBox(sx, sy, side_w, side_h, box.role, box.lines, True, size))
            if main_h > 0:
                layout.connectors.append(Connector(x0 + frame_w, sy + side_h / 2, sx,
                                                   sy + side_h / 2, dashed=True))
        y += height + max(gap, ROW_GAP if force else 0)
    return layout
