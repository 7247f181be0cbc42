"""The neutral Document between Markdown and the writers: a closed set of block kinds.

Every block remembers the template line it came from, so that a format which cannot show a
block can say where it was written rather than drop it silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sggen.errors import Location


@dataclass
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""


@dataclass
class Block:
    """What every block kind has: the template line that wrote it (None if unknown)."""

    where: Location | None = field(default=None, kw_only=True, compare=False, repr=False)


@dataclass
class Paragraph(Block):
    runs: list[Run]

    @property
    def text(self) -> str:
        """Return the plain text of the paragraph."""
        return "".join(r.text for r in self.runs)


@dataclass
class Heading(Block):
    level: int
    text: str


@dataclass
class ListItem:
    runs: list[Run]
    children: list[ListItem] = field(default_factory=list)
    ordered: bool = False  # an item of a numbered list (a child keeps its list's kind)

    @property
    def text(self) -> str:
        """Return the plain text of the item itself (not its children)."""
        return "".join(r.text for r in self.runs)


@dataclass
class BulletList(Block):
    items: list[ListItem]
    ordered: bool = False


@dataclass
class Table(Block):
    header: list[list[Run]]
    rows: list[list[list[Run]]]
    # A matrix's legend: (code, meaning). A cell holding just a code is drawn as its symbol.
    symbols: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Card:
    """One tile: a title, a line under it, and a few short lines (`items`: the same lines with
    their formatting and sub-items, where the Markdown gave them)."""

    title: str
    subtitle: str = ""
    lines: list[str] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Cards(Block):
    """Tiles side by side; with `flow`, a sequence rising step by step (an escalation); with
    `figures`, values set large with their labels, in no box."""

    cards: list[Card]
    flow: bool = False
    figures: bool = False


@dataclass
class Span:
    """A period on a timeline: a project stage."""

    name: str
    start: dt.date
    end: dt.date
    note: str = ""  # a second line under the name, e.g. the dates as the language writes them
    short: str = ""  # the name in a word or two, for a bar too narrow for the whole name


@dataclass
class Mark:
    """A day on a timeline, labelled: a board meeting and what it decides, or a deadline."""

    day: dt.date
    label: list[str]  # lines: what happens (shown bold), then e.g. the date as shown
    number: int = 0  # a board meeting's number, shown in its marker (0: none)
    long: str = ""  # what happens in full: the legend and the alternative text say it
    today: bool = False  # the meeting held today (the kickoff, in the kickoff's deck)
    faint: bool = False  # not the reader's own meeting (one person's strip): shown faintly
    flag: bool = False  # a deadline the board must not miss, not a meeting


@dataclass
class Timeline(Block):
    spans: list[Span]
    marks: list[Mark]
    # the months' names as the document's language abbreviates them, January first (none:
    # the months are numbered)
    months: list[str] = field(default_factory=list)
    # a strip with little room (a card's, made lighter): a stage is named only inside its bar,
    # never beside it or in a legend
    bare: bool = False


@dataclass
class ChartBox:
    """One box of the organisation chart: a role and, below it, the person."""

    role: str
    lines: list[str]
    side: bool = False


@dataclass
class ChartRow:
    """One level of the organisation chart, framed and titled when `title` is set."""

    title: str
    members: list[ChartBox]
    side: list[ChartBox]


@dataclass
class OrgChart(Block):
    rows: list[ChartRow]


@dataclass
class PageBreak(Block):
    pass


@dataclass
class Cover(Block):
    """The guide's title page: the title, then lines below it."""

    lines: list[str]


@dataclass
class Toc(Block):
    """Where the guide's table of contents goes, and its heading."""

    title: str


BLOCKS: tuple[type[Block], ...] = (Paragraph, Heading, BulletList, Table, OrgChart, Cards,
                                   Timeline, PageBreak, Cover, Toc)
"""Every block kind; a writer handles each of these or the build warns that it cannot."""


@dataclass
class Meta:
    """What a written file says about itself: core properties, footer and header text."""

    title: str
    subject: str
    author: str
    language: str  # the language tag of every text: fi-FI, sv-FI, en-GB
    footer: str
    keywords: str = ""
    page_label: str = ""  # the word before a page number ("Page", "Sivu")
    version: str = ""  # the document's issue, from the project file: "1.0"
    status: str = ""  # its status in words ("luonnos", "approved")


@dataclass
class Slide:
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    is_title: bool = False
    where: Location | None = field(default=None, compare=False, repr=False)


@dataclass(eq=False)  # hashed by identity: a writer plans each document once (its lru_cache)
class Document:
    """A parsed document: the guide's blocks, or the deck's slides."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)

    def all_blocks(self) -> list[Block]:
        """Return every block: the flow's, then each slide's content (not its notes)."""
        return [*self.blocks, *(b for s in self.slides for b in s.blocks)]
