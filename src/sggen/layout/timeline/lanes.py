"""Where each mark of the timeline goes: its circle in a lane and its label in a row, above the
bars or below the axis, so that no two boxes meet and no line from the bars to a label
crosses another mark's circle or label.

The tiers of a side count outwards from the bars: the circles' lanes first, then the labels'
rows. A mark takes an interval of its circle's lane and of its label's row, and the line
between them and the bars takes its x in every tier it passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAD = 3.0  # the clear space beside a circle or a label, in points
LINE_PAD = 1.5  # and beside a line
BEAD = 1.5  # a line may pass behind a circle this close to its centre: meetings a day or two
# apart stack up like beads on one string
ABOVE, BELOW = -1, 1
LANES = 3  # circles of meetings too close for one lane rise into a second and a third (more
# where the calendar is denser still)


@dataclass
class Want:
    """One mark to place: where it falls, its circle's radius (0: none), its label's width
    (0: none to place) and whether the label hangs from x to the right (a flag)."""

    x: float
    r: float
    width: float
    flag: bool = False


@dataclass
class Spot:
    """Where a mark went: its side, its circle's lane, its label's row (None: left out) and
    the label's left edge."""

    side: int
    lane: int
    row: int | None
    left: float = 0.0


@dataclass
class Tiers:
    """The intervals taken in each tier of each side, within `x0`…`x1`; at most `rows` label
    rows on both sides together."""

    x0: float
    x1: float
    rows: int
    lanes: int = LANES
    # each tier's intervals, with the centre of a circle's (None: a label's or a line's)
    busy: dict[tuple[int, int], list[tuple[float, float, float | None]]] = field(
        default_factory=dict)
    used: dict[int, int] = field(default_factory=lambda: {ABOVE: 0, BELOW: 0})
    forced: int = 0  # circles that found no free lane and stand over others

    def free(self, side: int, tier: int, lo: float, hi: float, line: float | None = None
             ) -> bool:
        """Return whether nothing in the tier overlaps lo…hi; a `line` at that x may pass
        behind a circle centred on it."""
        return all(hi <= a or lo >= b or (line is not None and centre is not None
                                          and abs(centre - line) <= BEAD)
                   for a, b, centre in self.busy.get((side, tier), []))

    def take(self, side: int, tier: int, lo: float, hi: float,
             centre: float | None = None) -> None:
        self.busy.setdefault((side, tier), []).append((lo, hi, centre))

    def label_left(self, want: Want) -> float:
        """Return a label's left edge: centred on x (a flag: from x), inside x0…x1."""
        left = want.x if want.flag else want.x - want.width / 2
        if want.flag and left + want.width > self.x1:
            left = want.x - want.width  # near the end a flag hangs to the left
        return min(max(left, self.x0), self.x1 - want.width)

    def fits(self, want: Want, spot: Spot) -> bool:
        """Return whether `want` fits at `spot`: its circle, its label, and its line through
        the tiers between the bars and them."""
        side, lane = spot.side, spot.lane
        point = (want.x - LINE_PAD, want.x + LINE_PAD)
        circle = (want.x - want.r - PAD, want.x + want.r + PAD)
        if want.r and not self.free(side, lane, *circle):
            return False
        if spot.row is None:
            return all(self.free(side, t, *point, want.x) for t in range(lane))
        if max(self.used[side], spot.row + 1) + self.used[-side] > self.rows:
            return False
        tier = self.lanes + spot.row
        label = (spot.left - PAD, spot.left + want.width + PAD)
        if not self.free(side, tier, *label):
            return False
        crossed = [t for t in range(tier) if t != lane or not want.r]
        return all(self.free(side, t, *point, want.x) for t in crossed)

    def place(self, want: Want, spot: Spot) -> None:
        """Take what `want` needs at `spot`."""
        side, lane = spot.side, spot.lane
        point = (want.x - LINE_PAD, want.x + LINE_PAD)
        if want.r:
            self.take(side, lane, want.x - want.r - PAD, want.x + want.r + PAD, want.x)
        top = lane if spot.row is None else self.lanes + spot.row
        for t in range(top):
            if t != lane or not want.r:
                self.take(side, t, *point)
        if spot.row is not None:
            self.take(side, top, spot.left - PAD, spot.left + want.width + PAD)
            self.used[side] = max(self.used[side], spot.row + 1)


    def lefts(self, want: Want, side: int, row: int) -> list[float]:
        """Return where a label may start in a row: centred on its mark, else slid aside
        just clear of what the row holds, as long as it still spans its mark's line."""
        first = self.label_left(want)
        if want.flag:
            return [first]
        out = [first]
        for lo, hi, _ in self.busy.get((side, self.lanes + row), []):
            out += [hi + PAD, lo - PAD - want.width]
        reach = min(want.width / 2, want.width - 2 * PAD)  # the line meets the label inside
        return [left for left in out if self.x0 <= left <= self.x1 - want.width
                and left + PAD <= want.x <= left + want.width - PAD
                and abs(left + want.width / 2 - want.x) <= reach]


def spots(wants: list[Want], tiers: Tiers) -> list[Spot | None]:
    """Return where each mark goes, in the order given (the first the most wanted): its
    label in the lowest row free on either side (centred on it, else slid aside), its
    circle in the lowest lane; a label with no free row is left out (a stage's name is then
    None, a deadline keeps its pole), and a circle with no free lane stands in the first,
    over the others."""
    out: list[Spot | None] = []
    rows = range(tiers.rows)
    for want in wants:
        lanes = range(tiers.lanes if want.r else 1)  # a mark without a circle needs no lane
        tries = [Spot(side, lane, row, left) for lane in lanes for row in rows
                 for side in (ABOVE, BELOW) for left in tiers.lefts(want, side, row)] \
            if want.width else []
        if want.r:  # a circle stays, its label left to the legend
            tries += [Spot(side, lane, None) for lane in lanes for side in (ABOVE, BELOW)]
        found = next((spot for spot in tries if tiers.fits(want, spot)), None)
        if found is None and want.r:
            # meetings days apart on a narrow page: the circle stays, on the others
            found = Spot(ABOVE, 0, None)
            tiers.forced += 1
        elif found is None and want.flag:
            found = Spot(ABOVE, 0, None)  # a deadline keeps its pole, its words in the legend
        if found is not None:
            tiers.place(want, found)
        out.append(found)
    return out
