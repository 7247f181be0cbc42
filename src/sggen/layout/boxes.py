"""What the layout stage produces: regions, sizes and the laid-out slide kinds the writers draw."""

from __future__ import annotations

from dataclasses import dataclass, field

from sggen.document import Run


@dataclass
class Line:
    """A paragraph of a text frame, ready to write."""

    runs: list[Run]
    level: int = 0
    bullet: str = ""  # "" none, "•" bullet, "1." a number, "–" a sub-bullet
    space_before: float = 0.0
    continued: bool = False  # the rest of a paragraph cut at a slide break: indented, no bullet
    number: int = 0  # for a numbered item, its number (a list may continue on the next slide)


class Item:
    """What a content slide holds: a laid-out item. Each kind subclasses this, and every
    writer of slides maps every kind to how it draws it (a test holds the tables complete)."""


@dataclass
class TextBox(Item):
    x: float
    y: float
    w: float
    h: float
    lines: list[Line]
    size: float


@dataclass
class TableBox(Item):
    x: float
    y: float
    w: float
    columns: list[float]
    heights: list[float]  # the header's first, then one per row
    header: list[list[Run]]
    rows: list[list[list[Run]]]
    size: float
    symbols: list[tuple[str, str]] = field(default_factory=list)  # legend: (code, meaning)
    legend_h: float = 0.0  # the legend's height, below the table
    # a matrix's header is set upright, read from the bottom up, so that its narrow columns
    # keep every role's name whole
    rotated: bool = False


@dataclass
class ChartNode:
    """One box of the chart as drawn."""

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
class Chart(Item):
    """The organisation chart as drawn: boxes, the frames around rows, the lines between."""

    boxes: list[ChartNode] = field(default_factory=list)
    frames: list[ChartFrame] = field(default_factory=list)
    connectors: list[Connector] = field(default_factory=list)
    description: str = ""  # the hierarchy in words, for those who cannot see the drawing

    def bounds(self) -> tuple[float, float, float, float]:
        """Return (left, top, right, bottom) of the boxes and frames, in points; at least
        the point (0, 0) to (1, 1), so that an empty chart has a size."""
        shapes = [*self.boxes, *self.frames]
        return (min([s.x for s in shapes] + [0.0]), min([s.y for s in shapes] + [0.0]),
                max([s.x + s.w for s in shapes] + [1.0]),
                max([s.y + s.h for s in shapes] + [1.0]))


@dataclass
class CardBox:
    """One tile as drawn: its title at `size`, the rest at `small`; `body` the lines under the
    title as laid out (their runs, bullets and levels)."""

    x: float
    y: float
    w: float
    h: float
    title: str
    subtitle: str
    lines: list[str]
    size: float
    small: float
    step: int = 0  # its place in a sequence: tiles further up a flow are shaded darker
    body: list[Line] = field(default_factory=list)


@dataclass
class Tiles(Item):
    """Tiles side by side, or a rising sequence joined by arrows, or figures: each value large,
    its label under it, in no box."""

    cards: list[CardBox] = field(default_factory=list)
    arrows: list[Connector] = field(default_factory=list)
    flow: bool = False
    figures: bool = False


@dataclass
class Bar:
    """A stage on the timeline."""

    x: float
    y: float
    w: float
    h: float
    name: str  # the name shown inside: the whole name, the short one, or '' (named beside it)
    note: str  # what the stage is in words: its name and dates (the alternative text)
    size: float
    shade: int  # alternate stages are shaded apart


@dataclass
class Marker:
    """A mark on the timeline: a meeting's numbered circle, a deadline's pole or a stage's
    name beside its bar, the line from the band to it, and its label (None: in the legend)."""

    x: float  # the day's place on the axis
    y: float  # the circle's centre
    r: float  # its radius (0: no circle, a deadline or a stage's name)
    line: tuple[float, float]  # the vertical line at x: from the band (y) to the label (y)
    label: TextBox | None
    number: str = ""  # what the circle shows
    style: str = "meeting"  # meeting, today, faint, flag or stage: how it is drawn
    size: float = 0.0  # the number's type size


@dataclass
class Tick:
    """A month's first day on the axis; a year's is longer."""

    x: float
    y: float
    h: float
    year: bool = False


@dataclass
class Calendar(Item):
    """The timeline as drawn: stages as bars on a month axis, meetings as numbered markers
    with their labels, deadlines as flags, and a legend of what the labels left out."""

    x: float
    y: float
    w: float
    h: float
    axis_y: float  # the axis: the bars' bottom edge
    bars: list[Bar] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    months: list[TextBox] = field(default_factory=list)  # the months' names, centred
    years: list[TextBox] = field(default_factory=list)  # the years' numbers, from their ticks
    legend: list[TextBox] = field(default_factory=list)  # columns of what labels left out
    description: str = ""  # the stages and each meeting's date and decision, in words
    # the marks (meetings, deadlines) only the legend names; a stage too narrow to name
    # inside its bar or beside it is in the legend too, but not here
    left_out: list[str] = field(default_factory=list)
    # legend entries with no room under the timeline: the next slide lists them
    overflow: list[str] = field(default_factory=list)


@dataclass
class TitleSlide:
    title: str
    subtitle: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ContentSlide:
    title: str
    items: list[Item] = field(default_factory=list)  # top to bottom, as the reader reads them
    notes: list[str] = field(default_factory=list)

    def first(self, kind: type) -> Item | None:
        """Return the first item of `kind`, or None."""
        return next((item for item in self.items if isinstance(item, kind)), None)


LaidSlide = TitleSlide | ContentSlide


@dataclass(frozen=True)
class Region:
    """The part of a slide that content may use."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Sizes:
    """The type sizes the layout starts from and never goes below."""

    base: float = 20.0  # body text, when it fits
    floor: float = 14.0  # body text and tables never go below this (sggen.yaml min_font_pt)
    table_base: float = 18.0
    chart_base: float = 18.0
    chart_min: float = 12.0  # chart labels may go below the floor, never below this
