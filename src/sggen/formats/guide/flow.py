"""The guide's measured paragraphs and tables set on pages as LibreOffice sets them (pure).

Space between two paragraphs is the first's space after and the second's before (none between
two list items of one style: contextual spacing); a page begins without the space before its
first paragraph unless a break began it. A paragraph kept with the next moves on with it when
the next cannot begin on the page (its first two lines, a table's header and first row). A
paragraph splits across pages leaving two lines at least on each (widow and orphan control);
a table splits between rows, its header row repeated. A page that would hold less than a tenth
of its height takes the last paragraphs of the page before it; one that would hold only a
table's last rows, under a quarter of it, takes the table with what leads into it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sggen.formats.guide.body import HAIRLINE_PT
from sggen.formats.guide.styles import Spacing


@dataclass
class Piece:
    """What the flow stacks: a paragraph (its lines' heights) or a table (its rows')."""

    key: tuple[int, int]  # the block's index and the paragraph's within it (a table: its own)
    style: str
    spacing: Spacing
    lines: list[float]
    rows: bool = False  # a table: each entry a row, the first `header` repeated on each page
    header: int = 0
    keep_next: bool = False
    heading: bool = False
    turn: bool | None = None  # a section begins here: turned (True) or upright (False)


@dataclass
class Layout:
    """The guide's pages: each heading's page, the paragraphs that begin a page the flow
    itself would not begin, and how much of each page's height is used."""

    pages: list[int]
    starts: set[tuple[int, int]]
    used: list[float]


MOVES = 8  # how many times a sparse page may take paragraphs from the page before
TAIL = 0.25  # a table's last rows never stand alone on a page they fill less of


@dataclass
class _Page:
    room: float  # the height the flow may fill (less the slack)
    height: float  # the text area's full height
    starts: list[tuple[int, int]] = field(default_factory=list)  # (piece, line) placed first
    used: float = 0.0
    broken: bool = False  # began with a break of its own (a chapter, a section, a page break)


class Flow:
    """Sets pieces on pages; `run` returns the layout."""

    def __init__(self, pieces: list[Piece], room: tuple[float, float], slack: float,
                 sparse: float) -> None:
        self.pieces = pieces
        self.room = room
        self.slack = slack
        self.sparse = sparse
        self.forced: set[int] = set()  # pieces the layout itself begins a page with

    def run(self) -> Layout:
        """Return the pages, having moved breaks earlier where a page would be nearly empty."""
        pages = self._set()
        for _ in range(MOVES):
            moved = self._relieve(pages)
            if moved is None:
                break
            self.forced.add(moved)
            pages = self._set()
        return self._layout(pages)

    # --- one pass -------------------------------------------------------------------------

    def _set(self) -> list[_Page]:
        self.pages: list[_Page] = []
        self.turned = False
        self._new(broken=True)
        self.y, self.prev = 0.0, None
        self.page_of: dict[int, int] = {}
        for k, piece in enumerate(self.pieces):
            self._place(k, piece)
        return self.pages

    def _new(self, broken: bool = False) -> None:
        height = self.room[1 if self.turned else 0]
        self.pages.append(_Page(height - self.slack, height, broken=broken))
        self.y, self.prev = 0.0, None

    def _gap(self, piece: Piece, prev: Piece | None = None, top: bool = False) -> float:
        """Return the space above `piece` below `prev` (at the top of the page when `top`;
        by default where the flow stands now)."""
        if not top and prev is None:
            prev = self.prev
        if prev is None:
            # a page's first paragraph keeps its space before where a break began the page
            # (every page the layout begins with a paragraph: the writer breaks there)
            return 0.0 if piece.rows else piece.spacing.before
        if piece.rows:
            return prev.spacing.after
        if prev.rows:
            return piece.spacing.before
        if piece.spacing.contextual and prev.style == piece.style:
            return 0.0
        # the larger of the two spaces, as LibreOffice sets a Word document
        return max(prev.spacing.after, piece.spacing.before)

    def _place(self, k: int, piece: Piece) -> None:
        if piece.turn is not None:
            self._end_section()
            self.turned = piece.turn
            self._new(broken=True)
        elif (piece.spacing.page_break or piece.style == "break") and self._used():
            self._new(broken=True)
        elif k in self.forced and self._used() or self._used() and not self._keeps(k):
            self._new()
        self.page_of[k] = len(self.pages)
        if piece.rows:
            self._rows(k, piece)
        else:
            self._lines(k, piece)
        self.prev = piece

    def _used(self) -> bool:
        return bool(self.pages[-1].starts) or self.y > 0

    def _end_section(self) -> None:
        """The paragraph that ends a section: a hairline."""
        if self.prev is not None and self._used():
            self.y += (0.0 if self.prev.rows else self.prev.spacing.after) + HAIRLINE_PT

    def _mark(self, k: int, line: int) -> None:
        page = self.pages[-1]
        if not page.starts:
            page.starts.append((k, line))

    def _lines(self, k: int, piece: Piece) -> None:
        gap = self._gap(piece)
        lines = piece.lines
        page = self.pages[-1]
        if self.y + gap + sum(lines) <= page.room or not self._used():
            self._mark(k, 0)
            self.y += gap + sum(lines)
            page.used = self.y
            return
        first = self._split(lines, page.room - self.y - gap, piece)
        if first:
            self._mark(k, 0)
            self.y += gap + sum(lines[:first])
            page.used = self.y
        self._new()
        self._mark(k, first)
        self.y = sum(lines[first:])  # a page's first line has no space before
        self.pages[-1].used = self.y

    @staticmethod
    def _split(lines: list[float], room: float, piece: Piece) -> int:
        """Return how many of `lines` stay on this page (0: the paragraph moves on)."""
        if piece.spacing.keep_lines:
            return 0
        fits, used = 0, 0.0
        for height in lines:
            if used + height > room:
                break
            fits, used = fits + 1, used + height
        if not piece.spacing.widows:
            return fits
        fits = min(fits, len(lines) - 2)
        return fits if fits >= 2 else 0

    def _rows(self, k: int, piece: Piece) -> None:
        header = sum(piece.lines[:piece.header])
        self.y += self._gap(piece)
        for r, height in enumerate(piece.lines):
            page = self.pages[-1]
            if self.y + height > page.room and self.y > header:
                self._new()
                self.y = header  # the header row again
                self._mark(k, r)
            self._mark(k, r)
            self.y += height
            self.pages[-1].used = self.y

    def _least(self, piece: Piece) -> float:
        """Return the least of `piece` that must stand on the page it begins on."""
        if piece.rows:
            return sum(piece.lines[:piece.header + 1])
        if piece.spacing.keep_lines or not piece.spacing.widows:
            return sum(piece.lines) if piece.spacing.keep_lines else piece.lines[0]
        return sum(piece.lines[:2])

    def _keeps(self, k: int) -> bool:
        """Return whether piece `k` (with those it is kept with) can begin where the page
        stands; a chain taller than a page is set as it comes."""
        need, prev = 0.0, self.prev
        for j in range(k, len(self.pieces)):
            piece = self.pieces[j]
            need += self._gap(piece, prev)
            after = self.pieces[j + 1] if j + 1 < len(self.pieces) else None
            if not piece.keep_next or after is None or after.turn is not None \
                    or after.spacing.page_break:
                need += self._least(piece)
                break
            need += sum(piece.lines)
            prev = piece
        page = self.pages[-1]
        return self.y + need <= page.room or need > page.room

    # --- pages nearly empty ---------------------------------------------------------------

    def _relieve(self, pages: list[_Page]) -> int | None:
        """Return a piece to begin a page with so that a nearly empty page takes the last
        paragraphs of the one before it; None when no page is nearly empty or none can."""
        for n, page in enumerate(pages[1:], 1):
            tail = bool(page.starts and page.starts[0][1] and self.pieces[page.starts[0][0]].rows)
            if page.used >= (TAIL if tail else self.sparse) * page.height or page.broken:
                continue
            before = pages[n - 1]
            wanted = self.sparse * page.height - page.used
            candidates = [k for k, p in self.page_of.items() if p == n  # 1-based: page n
                          and not self.pieces[k].rows and k not in self.forced
                          and not (k and self.pieces[k - 1].keep_next)]
            if tail:  # a table's last rows alone: the table goes on with what leads into it
                k = page.starts[0][0]
                while k and self.pieces[k - 1].keep_next:
                    k -= 1
                if k not in self.forced and self.page_of.get(k) == n - 1:
                    candidates.append(k)
            for k in sorted(candidates, reverse=True):
                start = before.starts[0][0] if before.starts else -1
                moved = before.used - self._top(k)
                if k > start and moved >= wanted and self._top(k) >= self.sparse * before.height:
                    return k
        return None

    def _top(self, k: int) -> float:
        """Return roughly where piece `k` begins on its page: the sum of those before it."""
        page = self.page_of[k]
        first = min(j for j, p in self.page_of.items() if p == page)
        return sum(sum(self.pieces[j].lines) for j in range(first, k))

    def _layout(self, pages: list[_Page]) -> Layout:
        headings = [self.page_of[k] for k, p in enumerate(self.pieces) if p.heading]
        starts = set()
        for page in pages[1:]:
            if page.broken or not page.starts:
                continue
            k, line = page.starts[0]
            if line == 0 and not self.pieces[k].rows:
                starts.add(self.pieces[k].key)
        return Layout(headings, starts, [p.used / p.height for p in pages])
