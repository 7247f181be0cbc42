"""One board meeting's pack as the templates read it: the decision sought (the very words of
the kickoff deck's calendar), the agenda with its times, the papers, the presenter, each
member's pre-read, the resolutions the minutes record, the decisions so far and what comes
next. Every text is already in the view's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sggen.context.language import NBSP, Wording
from sggen.context.views import (
    ContactView,
    Context,
    DecisionView,
    MeetingView,
    MemberView,
    PaperView,
    StageView,
)
from sggen.model import Library, MeetingAction, Project

STEP = 5  # agenda items start on the five minutes


@dataclass
class AgendaItemView:
    id: str  # the library's id of the item: what a template may say more under
    number: int
    text: str  # without a closing full stop: it heads the item
    clock: str  # when the item starts, as the language writes it
    decisions: bool  # the item that takes the meeting's decisions


@dataclass
class PreReadView:
    """What one member reads, asks and does at this meeting."""

    member: MemberView
    read: list[str]  # the documents, by name
    look_for: str
    questions: list[str]  # at most three
    action: str

    @property
    def slug(self) -> str:
        """Return the member's file name: the role id and the person's name."""
        return self.member.slug


@dataclass
class DecidedView:
    """What an earlier meeting decided, as the project records it."""

    day: str
    decision: str  # the decision point's name
    outcome: str  # in words
    text: str  # the resolution, '' where not recorded


@dataclass
class PackView:
    meeting: MeetingView
    decision: str  # the decision sought: the meeting as the kickoff deck's calendar says it
    decisions: list[DecisionView]
    kickoff: bool
    agenda: list[AgendaItemView]
    span: str  # from its start to its end, as the language writes it: klo 13.00–15.00
    papers: list[str]  # the documents the decisions consider, by name
    project_papers: list[PaperView]  # the project's own papers (for the first meeting)
    presenter: ContactView | None
    attendees: list[ContactView]
    resolutions: list[str]  # what the minutes record a decision on, in its exact words
    prereads: list[PreReadView]
    decided: list[DecidedView] = field(default_factory=list)  # the decisions so far
    previous: MeetingView | None = None
    next: MeetingView | None = None
    stage: StageView | None = None  # the stage this meeting starts (the next at a glance)


def meeting_index(view: Context, day: dt.date) -> int | None:
    """Return the place of the meeting on `day` in the project's calendar, or None."""
    return next((i for i, m in enumerate(view.meetings.calendar) if m.date == day), None)


def pack(view: Context, project: Project, library: Library, index: int) -> PackView:
    """Return the pack of the project's meeting number `index` (from 0) in the view's
    language."""
    words = Wording(view.lang, view.t)  # the view's strings, already in its language
    calendar = view.meetings.calendar
    meeting = calendar[index]
    kickoff = index == 0
    papers = list(dict.fromkeys(doc.name for d in meeting.decisions for doc in d.receives))
    return PackView(
        meeting=meeting, decision=meeting.title, decisions=meeting.decisions, kickoff=kickoff,
        agenda=_agenda(library, meeting, words), span=_span(meeting, words),
        papers=papers, project_papers=view.project.papers if kickoff else [],
        presenter=view.meetings.organiser, attendees=view.meetings.invitees,
        resolutions=([r.text for r in meeting.resolutions]
                     or [d.decides for d in meeting.decisions]),
        prereads=_prereads(view, project, library, index, words),
        decided=_decided(view, project, meeting.date, words),
        previous=calendar[index - 1] if index else None,
        next=calendar[index + 1] if index + 1 < len(calendar) else None,
        stage=next((s for s in view.stages if s.first > meeting.date), None))


def _agenda(library: Library, meeting: MeetingView, words: Wording) -> list[AgendaItemView]:
    """Return the library's agenda in order, each item with its start: the meeting's time
    shared by the library's shares (1 each where it gives none)."""
    items = library.board.meetings.agenda
    shares = [float(library.board.meetings.shares.get(i.id, 1)) for i in items]
    starts = _starts(meeting, shares)
    return [AgendaItemView(item.id, n, words.text(item.text).rstrip("."), words.clock(_clock(at)),
                           item.id == "decisions")
            for n, (item, at) in enumerate(zip(items, starts, strict=True), 1)]


def _starts(meeting: MeetingView, shares: list[float]) -> list[int]:
    """Return each item's start in minutes from midnight, on the five minutes: by its share
    of the meeting, and at least five minutes after the one before while the meeting's
    length leaves room for the items still to come."""
    hours, minutes = (int(x) for x in meeting.time.split(":"))
    start, total = hours * 60 + minutes, sum(shares) or 1.0
    out: list[int] = []
    done = 0.0
    for k, share in enumerate(shares):
        at = start + round(meeting.minutes * done / total / STEP) * STEP
        if out:
            latest = start + meeting.minutes - (len(shares) - k) * STEP
            at = max(at, min(out[-1] + STEP, latest))
        out.append(at)
        done += share
    return out


def _clock(at: int) -> str:
    """Return minutes from midnight as HH:MM."""
    at %= 24 * 60
    return f"{at // 60:02d}:{at % 60:02d}"


def _span(meeting: MeetingView, words: Wording) -> str:
    """Return the meeting's start and end as the language writes a range of times: the
    time's word (klo) once."""
    hours, minutes = (int(x) for x in meeting.time.split(":"))
    end = words.clock(_clock(hours * 60 + minutes + meeting.minutes)).split(NBSP)[-1]
    return f"{words.clock(meeting.time)}–{end}"


def _prereads(view: Context, project: Project, library: Library, index: int,
              words: Wording) -> list[PreReadView]:
    """Return a pre-read for each card holder on the board, or whose role has something to
    read or ask at this meeting's decisions."""
    meeting = view.meetings.calendar[index]
    names = {d.id: d.name for d in view.documents}
    out = []
    for member in view.cards:
        entry = _entry(member, project, library, meeting)
        if entry is None and not member.role.on_board:
            continue
        read = entry.read if entry else None
        documents = [names[d] for d in read.documents] if read and read.documents else \
            list(dict.fromkeys(doc.name for d in meeting.decisions for doc in d.receives))
        card = member.card.meetings[index] if member.card else None
        out.append(PreReadView(
            member, documents, words.text(read.look_for if read else None),
            [words.text(q) for q in (entry.questions if entry else [])][:3],
            card.action if card else ""))
    return out


def _entry(member: MemberView, project: Project, library: Library, meeting: MeetingView
           ) -> MeetingAction | None:
    """Return the role's entry (or its person's area's) for the first of the meeting's
    decisions it has one for."""
    role = library.role(member.role.id)
    person = next((p for p in project.people_in(role.id) if p.name == member.person.name),
                  None)
    area = next((a for a in role.areas if person and a.id == person.area), None)
    actions = {**role.meetings, **(area.meetings if area else {})}
    return next((actions[d.id] for d in meeting.decisions if d.id in actions), None)


def _decided(view: Context, project: Project, before: dt.date, words: Wording
             ) -> list[DecidedView]:
    """Return what the meetings before `before` decided, in the project's record's order."""
    names = {d.id: d.name for d in view.decisions}
    return [DecidedView(words.date(e.date), names.get(e.decision, e.decision),
                        view.t[f"outcome_{e.outcome.replace('-', '_')}"], words.text(e.text))
            for e in project.decided if e.date < before]
