"""The view's classes for what a meeting decides and what follows it: the agenda with its
times, the resolutions with their papers and the formal decisions they need, the next steps
with their owners and dates, the ladder of decision rights in this project's numbers, and where
the guide says more. Each text is already in one language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class AgendaView:
    """One item of a meeting's agenda."""

    id: str
    text: str
    short: str  # one to three words; the text where the library gives none
    clock: str = ""  # when it begins, as the language writes times ('' without lengths)
    minutes: int | None = None


@dataclass
class PaperRef:
    """A paper a resolution rests on: the project's own paper where it names the document."""

    name: str
    version: str = ""

    def __str__(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name


@dataclass
class FormalView:
    """A decision someone else must take formally for a resolution to be carried out."""

    matter: str
    by: str


@dataclass
class ResolutionView:
    """A resolution in its exact words, as the meeting is asked to take it and the minutes
    record it."""

    id: str
    text: str
    papers: list[PaperRef] = field(default_factory=list)
    formal: list[FormalView] = field(default_factory=list)
    local: bool = False  # the project's own, not the library's

    @property
    def rests_on(self) -> str:
        """Return the papers in one line: 'Projektin esittely 0.9, Vaihesuunnitelma'."""
        return ", ".join(str(p) for p in self.papers)


@dataclass
class StepView:
    """A next step: what, who (a named person, else the role), by when."""

    id: str
    text: str
    owner: str  # the person's name; the role's name where nobody is named
    role: str
    due: str  # the date as the language writes it
    day: dt.date | None = None


@dataclass
class LimitView:
    """One of this project's limits at a level: what it limits and the limit, as numbers
    where the project gives them ('Kustannukset', '10 % (48 000 €)'); a level without limits
    of its own says so in `name` alone."""

    name: str
    value: str = ""


@dataclass
class RungView:
    """One level of the ladder of decision rights, with this project's limits."""

    id: str
    name: str
    decides: str  # who decides within the level's limits (the board with its chair)
    sets: str  # who sets them
    limits: list[LimitView] = field(default_factory=list)


@dataclass
class GuideSection:
    """Where the guide treats a subject: its heading's number and the page it likely falls
    on."""

    number: str
    page: int
