"""One person across every project of the workspace, as their own view reads it: each project
they sit in with their roles and what each role asks of them, their meetings from a day on with
the decision and their action, and what to read before the next one; and the portfolio's page
of every project with its board and its next meeting. Made from the projects' own views, so
every line says what the project's guide and role cards say."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from sggen.context.guidance_views import BeforeView, CardView
from sggen.context.language import Wording
from sggen.context.views import Context, MeetingView, MemberView, PaperView, PersonView

UPCOMING = 6  # the meetings a one-page view lists; the calendar feed holds every one


@dataclass
class SeatView:
    """One role the person holds in one project, and what it asks of them."""

    role: str  # the role's label: the local name, the method's term beside it
    purpose: str
    highlights: list[str]
    card: CardView


@dataclass
class DateView:
    """One board meeting as the person sees it: when, which project, what is decided there
    and what they do."""

    date: dt.date
    day: str
    clock: str
    time: str  # HH:MM, for the calendar
    minutes: int
    place: str
    url: str
    project_id: str
    project: str  # the project's name
    number: int
    total: int
    decision: str  # the decisions' names, or what the meeting is
    decides: list[str]  # what each decision decides, in full
    action: str  # what the person does there, every role of theirs
    read: list[str] = field(default_factory=list)  # the papers the board looks at


@dataclass
class BoardSeatView:
    """One project the person sits in: its name, their roles, every meeting of its board as
    they see it, and (from the day `today`) its next meeting and what to read before it."""

    id: str
    name: str
    code: str
    board: str  # the board's name in the method: Ohjausryhmä, Project Board
    person: PersonView  # the person as this project writes them
    seats: list[SeatView]
    dates: list[DateView]  # every meeting, in time order
    time: str  # the time the roles take
    befores: list[BeforeView | None] = field(default_factory=list)  # each meeting's, in order
    first_papers: list[PaperView] = field(default_factory=list)  # the project's own papers
    today: dt.date = dt.date.min

    @property
    def ahead(self) -> list[DateView]:
        """Return the meetings on or after `today`."""
        return [d for d in self.dates if d.date >= self.today]

    @property
    def next(self) -> DateView | None:
        """Return the next meeting, if any is ahead."""
        return next(iter(self.ahead), None)

    def _at_first(self) -> bool:
        return bool(self.dates and self.next is self.dates[0])

    @property
    def before(self) -> BeforeView | None:
        """Return what to read and ask before the next meeting, where the role has it."""
        at = self.dates.index(self.next) if self.next else len(self.befores)
        return self.befores[at] if at < len(self.befores) else None

    @property
    def papers(self) -> list[PaperView]:
        """Return the project's papers, when the next meeting is the first."""
        return self.first_papers if self._at_first() else []


@dataclass
class PersonalView:
    """Everything the member template may use."""

    lang: str
    t: dict[str, str]
    locale: str
    organisation: str
    person: PersonView
    projects: list[BoardSeatView]
    dates: list[DateView]  # every meeting from `today` on, in time order
    today: str  # the day the view is as of, in words
    matched: str  # how the projects were found to be one person's: 'email' or 'name'
    feed: str  # the calendar file's name
    more: str = ""  # where the meetings a page has no room for are, when there are more
    footer: str = ""

    @property
    def upcoming(self) -> list[DateView]:
        """Return the next meetings a page has room for."""
        return self.dates[:UPCOMING]

    def variables(self) -> dict[str, object]:
        """Return the template's top-level names."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | {
            "upcoming": self.upcoming}


def board_seat(view: Context, members: list[MemberView]) -> BoardSeatView:
    """Return one project as the person sees it: `members` are their cards in `view` (one per
    role they hold there)."""
    return BoardSeatView(
        id=view.project.id, name=view.project.name, code=view.project.code,
        board=view.board.name, person=members[0].person,
        seats=[SeatView(m.role.label, m.role.summary or m.role.purpose,
                        m.role.highlights or [i.short for i in m.role.responsibilities],
                        m.card) for m in members if m.card],
        dates=dates(view, members),
        time=next((m.card.time for m in members if m.card and m.card.time), ""),
        befores=[next((m.card.meetings[k].before for m in members
                       if m.card and m.card.meetings[k].before), None)
                 for k in range(len(view.meetings.calendar))],
        first_papers=view.project.papers)


def dates(view: Context, members: list[MemberView]) -> list[DateView]:
    """Return the project's meetings as the person sees them."""
    return [_date(view, meeting, _actions(members, index))
            for index, meeting in enumerate(view.meetings.calendar)]


def _actions(members: list[MemberView], index: int) -> list[tuple[str, str]]:
    """Return (role, action) of each role the person holds at the `index`th meeting."""
    out = []
    for member in members:
        meetings = member.card.meetings if member.card else []
        if index < len(meetings):
            out.append((member.role.name, meetings[index].action))
    return out


def _date(view: Context, meeting: MeetingView, actions: list[tuple[str, str]]) -> DateView:
    # one role: its action as it is; several: each said to be whose
    action = actions[0][1] if len(actions) == 1 else " ".join(
        f"{role}: {line}" for role, line in actions)
    read = list(dict.fromkeys(d.name for x in meeting.decisions for d in x.receives))
    return DateView(
        date=meeting.date, day=meeting.day, clock=meeting.clock, time=meeting.time,
        minutes=meeting.minutes, place=meeting.place, url=meeting.url,
        project_id=view.project.id, project=view.project.name, number=meeting.number,
        total=meeting.total, decision=meeting.title,
        decides=[f"{d.name}: {d.decides}" for d in meeting.decisions], action=action, read=read)


@dataclass(frozen=True)
class Frame:
    """What the view says about itself: its language tag, the organisation, how the person's
    projects were found to be theirs ('email' or 'name'), the calendar file's name."""

    locale: str
    organisation: str
    matched: str
    feed: str


def personal(seats: list[BoardSeatView], words: Wording, today: dt.date, frame: Frame
             ) -> PersonalView:
    """Return the person's view across the projects `seats` as of `today`, in the order of
    their next meeting."""
    seats = [dataclasses.replace(s, today=today) for s in seats]  # kept ones stay as they are
    far = dt.date.max
    seats.sort(key=lambda s: (s.next.date if s.next else far, s.name))
    every = sorted((d for s in seats for d in s.ahead), key=lambda d: (d.date, d.time, d.project))
    more = words.say("member_more", count=len(every), file=frame.feed) if len(every) > UPCOMING \
        else ""
    return PersonalView(
        lang=words.lang, t={key: words.text(value) for key, value in words.strings.items()},
        locale=frame.locale, organisation=frame.organisation, person=seats[0].person,
        projects=seats, dates=every, today=words.date(today), matched=frame.matched,
        feed=frame.feed, more=more,
        footer=words.say("member_footer", day=words.date(today)))
