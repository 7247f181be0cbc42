"""The organisation chart: rows of boxes, frames and connectors, fitted to a region."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sggen.document import ChartRow, OrgChart, Run
from sggen.layout.boxes import Chart, ChartFrame, ChartNode, Connector, Region, Sizes
from sggen.layout.metrics import INSET_X, INSET_Y, LINE, SAFETY, text_width, wrap

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


def lay_out_chart(chart: OrgChart, region: Region, sizes: Sizes) -> Chart:
    """Return the chart laid out in `region`, with its hierarchy described in words."""
    laid = _lay_out(chart, region, sizes)
    laid.description = describe(chart)
    return laid


def _lay_out(chart: OrgChart, region: Region, sizes: Sizes) -> Chart:
    """Return boxes, frames and connectors for the chart, rows top to bottom, within `region`.

    Members of a row stand side by side and wrap onto more lines of boxes when there are many;
    side boxes (assurance, support) stand in a column to the right with dashed connectors. The
    largest size at which every box's text fits, without cutting a word, is used; if even the
    smallest is too big, the boxes show names without titles.
    """
    low = min(sizes.chart_min, sizes.floor)
    high = max(sizes.chart_base, low)
    sizes = [high - k for k in range(int(high - low) + 1)]
    # Who holds a role matters more than a large type: titles are dropped only when they do
    # not fit at any size down to the smallest.
    attempts = [(s, detail, MIN_BOX_W) for detail in (True, False) for s in sizes]
    attempts.append((low, False, MIN_BOX_W * 0.7))
    # Rather than cut a word between letters, a box drops its titles or takes a smaller size;
    # only when every layout cuts some word is that allowed.
    for whole_words in (True, False):
        for size, detail, min_w in attempts:
            for side_w in _side_widths(chart.rows, region, size, low):
                layout = _try_chart(chart.rows, region, _Try(size, low, detail, min_w, side_w),
                                    whole_words=whole_words)
                if layout is not None:
                    return layout
    side_w = _side_widths(chart.rows, region, low, low)[-1]
    return _try_chart(chart.rows, region, _Try(low, low, False, MIN_BOX_W * 0.7, side_w),
                      force=True)


def describe(chart: OrgChart) -> str:
    """Return the hierarchy in words, top down: each level under the one before it (→), and
    what stands beside a level in brackets."""
    levels = []
    for row in chart.rows:
        boxes = ", ".join(_said(b.role, b.lines) for b in row.members)
        side = "; ".join(_said(b.role, b.lines) for b in row.side)
        text = f"{row.title}: {boxes}" if row.title and boxes else row.title or boxes
        levels.append(f"{text} [{side}]" if side else text)
    return " → ".join(level for level in levels if level)


def _said(role: str, lines: list[str]) -> str:
    return f"{role} ({', '.join(lines)})" if lines else role


def _side_widths(rows: list[ChartRow], region: Region, size: float, low: float) -> list[float]:
    """Return the widths to try for the column of side boxes, widest first: a narrower column
    wraps its names but leaves more room to the boxes of the rows."""
    boxes = [b for r in rows for b in r.side]
    if not boxes:
        return [0.0]
    natural = max(_natural_width(b.role, b.lines, size, low) for b in boxes)
    widest = min(max(natural, 150.0), region.w * 0.26)
    return [widest, *(region.w * f for f in (0.22, 0.18) if region.w * f < widest)]


def _line_size(size: float, low: float) -> float:
    """Return the size of a box's person lines: a little smaller than the role's."""
    return max(low, round(size * 0.9 * 2) / 2)


def corner_inset(width: float) -> float:
    """Return how far a rounded box's corners push its text in, at most, on each side.

    A rounded rectangle's text region is its box less r * (1 - 1/sqrt(2)) on every side, where
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


@dataclass(frozen=True)
class _Try:
    """One attempt at laying out the chart: the type size and the smallest allowed, whether
    boxes show titles, the narrowest a box may be, the width of the column of side boxes."""

    size: float
    low: float
    detail: bool
    min_w: float
    side_w: float


def _plan_rows(rows: list[ChartRow], main_w: float, attempt: _Try) -> list[_RowPlan]:
    size, low, side_w = attempt.size, attempt.low, attempt.side_w
    plans = []
    for row in rows:
        members = [b.lines if attempt.detail else b.lines[:1] for b in row.members]
        side = [b.lines for b in row.side]
        pad = FRAME_PAD if row.title else 0.0
        inner = main_w - 2 * pad
        count = len(members)
        per_line = grid = 0
        box_w = box_h = 0.0
        if count:
            fits = max(1, int((inner + GAP) // (attempt.min_w + GAP)))
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


def _try_chart(rows: list[ChartRow], region: Region, attempt: _Try, force: bool = False,
               whole_words: bool = False) -> Chart | None:
    """Return the chart laid out as `attempt` says, or None if it does not fit `region` (or,
    with `whole_words`, if some box would have to cut a word between letters)."""
    main_w = region.w - (attempt.side_w + SIDE_GAP if attempt.side_w else 0.0)
    plans = _plan_rows(rows, main_w, attempt)
    shown = [p for p in plans if p.height > 0]
    total = sum(p.height for p in shown) + ROW_GAP * max(len(shown) - 1, 0)
    if total > region.h and not force:
        return None
    if whole_words and _cuts_words(shown, attempt):
        return None
    # Spread the rows over the height the chart may use, up to twice the usual gap.
    gap = ROW_GAP
    if len(shown) > 1 and total < region.h:
        gap = min(ROW_GAP * 2, ROW_GAP + (region.h - total) / (len(shown) - 1))
    drawing = _Drawing(region, main_w, attempt)
    y = region.y
    for plan in shown:
        drawing.row(plan, y)
        y += plan.height + gap
    return drawing.layout


def _cuts_words(shown: list[_RowPlan], attempt: _Try) -> bool:
    """Return whether some box of the rows must break a word between letters."""
    size, low = attempt.size, attempt.low
    return any(
        _cuts_a_word(box.role, lines, plan.box_w, size, low)
        for plan in shown for box, lines in zip(plan.row.members, plan.members, strict=True)
    ) or any(
        _cuts_a_word(box.role, lines, attempt.side_w, size, low)
        for plan in shown for box, lines in zip(plan.row.side, plan.side, strict=True))


@dataclass
class _Drawing:
    """The chart being drawn, row by row, top to bottom."""

    region: Region
    main_w: float  # the width of the rows, without the column of side boxes
    attempt: _Try
    layout: Chart = field(default_factory=Chart)
    above: tuple[float, float] | None = None  # the bottom centre of the row above

    def row(self, plan: _RowPlan, y: float) -> None:
        """Draw one row at `y`: its frame, its boxes, the connectors to the row above and to
        its side boxes."""
        region, main_w, layout = self.region, self.main_w, self.layout
        count = len(plan.members)
        used_w = plan.per_line * plan.box_w + (plan.per_line - 1) * GAP if count else 0.0
        frame_w = main_w if plan.row.title else used_w
        x0 = region.x + (main_w - frame_w) / 2
        if plan.row.title:
            layout.frames.append(ChartFrame(x0, y, frame_w, plan.main_h, plan.row.title,
                                            self.attempt.size))
        first_line = self._members(plan, y)
        if self.above is not None and plan.main_h > 0:
            layout.connectors.extend(_links(self.above, y, first_line,
                                            framed=bool(plan.row.title)))
        if plan.main_h > 0:
            self.above = (region.x + main_w / 2, y + plan.main_h)
        self._side(plan, y, x0 + frame_w)

    def _members(self, plan: _RowPlan, y: float) -> list[float]:
        """Draw the row's member boxes; return the centres of those on its first line."""
        size = self.attempt.size
        small = _line_size(size, self.attempt.low)
        pad = FRAME_PAD if plan.row.title else 0.0
        count = len(plan.members)
        top = y + pad + plan.title_h
        first_line = []
        for i, (box, lines) in enumerate(zip(plan.row.members, plan.members, strict=True)):
            r, c = divmod(i, plan.per_line)
            in_line = min(plan.per_line, count - r * plan.per_line)
            line_w = in_line * plan.box_w + (in_line - 1) * GAP
            bx = self.region.x + (self.main_w - line_w) / 2 + c * (plan.box_w + GAP)
            by = top + r * (plan.box_h + GAP)
            self.layout.boxes.append(ChartNode(bx, by, plan.box_w, plan.box_h, box.role, lines,
                                               False, size, small))
            if r == 0:
                first_line.append(bx + plan.box_w / 2)
        return first_line

    def _side(self, plan: _RowPlan, y: float, edge: float) -> None:
        """Draw the row's side boxes, each joined by a dashed line to the row's right `edge`."""
        size, side_w = self.attempt.size, self.attempt.side_w
        small = _line_size(size, self.attempt.low)
        sx = self.region.x + self.region.w - side_w
        sy = y
        for box, lines, height in zip(plan.row.side, plan.side, plan.side_hs, strict=True):
            self.layout.boxes.append(ChartNode(sx, sy, side_w, height, box.role, lines, True,
                                               size, small))
            mid = sy + height / 2
            if plan.main_h > 0:
                # Meet the row's edge at the side box's middle, or at the row's if it is lower.
                link_y = min(mid, y + plan.main_h / 2) if mid > y + plan.main_h else mid
                self.layout.connectors.append(Connector(edge, link_y, sx, link_y, dashed=True))
            sy += height + GAP


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
