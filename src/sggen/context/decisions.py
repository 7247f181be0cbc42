"""What each meeting decides and what follows it, in one language: the agenda with the time
each item begins, the resolutions in their exact words (the library's for the meeting's
decisions, the project's own requests at the first meeting) with the papers they rest on and
the formal decisions they need, the next steps with a named owner and a date, and the ladder
of decision rights in this project's numbers."""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable

from sggen.context.decision_views import (
    AgendaView,
    FormalView,
    LimitView,
    PaperRef,
    ResolutionView,
    RungView,
    StepView,
)
from sggen.context.language import NBSP, Wording, nobreak
from sggen.context.views import Context, MeetingView, RoleView, ToleranceView
from sggen.model import Library, Limit, Project, Request, Settings

STRING_KEYS = ("fill_stage", "fill_date", "fill_as_planned", "fill_next_meeting", "ladder_or",
               "ladder_per_change", "ladder_per_stage", "ladder_budget", "ladder_beyond",
               "ladder_each", "ladder_chair")
"""The strings.yaml keys this module reads."""
BOARD = "board"
DAY = dt.timedelta(days=1)


def attach(view: Context, project: Project, library: Library, settings: Settings,
           words: Wording) -> None:
    """Fill in each meeting's agenda, resolutions and next steps, and the decision ladder."""
    roles = {r.id: r for r in view.roles}
    formal = {s.id: FormalView(words.text(s.matter), words.text(s.by))
              for c in settings.customer_types if c.id == project.customer.type
              for topic in c.governance.topics for s in topic.separate if s.id}
    papers = _papers(project, library, words, own=True)
    later = _papers(project, library, words, own=False)  # the project's papers are the first's
    calendar = view.meetings.calendar
    for i, meeting in enumerate(calendar):
        following = calendar[i + 1] if i + 1 < len(calendar) else None
        fill = _fills(project, i, following, words)
        meeting.agenda = agenda(project, library, meeting, words)
        start = _time(meeting.time)
        if start is not None:
            # after a dash the time goes without its word: klo 13.00–15.00
            ends = words.clock((start + dt.timedelta(minutes=meeting.minutes)).strftime("%H:%M"))
            meeting.ends = ends.rpartition(NBSP)[2]
        taken = [d for d in library.board.decisions if d.id in {x.id for x in meeting.decisions}]
        named = papers if i == 0 else later
        made = _unique(ResolutionView(r.id, _filled(words.text(r.text), fill),
                                      [named(p) for p in r.papers],
                                      [formal[f] for f in r.formal if f in formal])
                       for d in taken for r in d.resolutions)
        if i == 0:
            made = _requested(project, made, papers, formal, words)
        meeting.resolutions = made
        # what the board reads for it: the papers its resolutions rest on, else the documents
        # its decisions receive
        meeting.papers = list(dict.fromkeys(str(p) for r in made for p in r.papers)) or \
            list(dict.fromkeys(doc.name for d in meeting.decisions for doc in d.receives))
        meeting.next_steps = _unique(
            _step(s, (meeting, following), project, library, roles, words)
            for d in taken for s in d.next_steps)
    if calendar:
        view.resolutions, view.next_steps = calendar[0].resolutions, calendar[0].next_steps
    else:  # no meeting planned yet: the library's first decision, its texts unfilled
        first = _first_decision(library)
        fill = _fills(project, 0, None, words)
        view.resolutions = _requested(project, [
            ResolutionView(r.id, _filled(words.text(r.text), fill),
                           [papers(p) for p in r.papers],
                           [formal[f] for f in r.formal if f in formal])
            for r in (first.resolutions if first else [])], papers, formal, words)
    view.ladder = ladder(view, project, library, words)


def _first_decision(library: Library):
    """Return the decision the first meeting takes by the library's calendar, else the first
    that is planned at all."""
    wanted = library.board.calendar.first_meeting
    planned = [d for d in library.board.decisions if d.schedule != "on-demand"]
    return next((d for d in planned if d.id == wanted), planned[0] if planned else None)


def _unique(items: Iterable) -> list:
    """Return items without a second of the same id (two decisions at one meeting may both
    ask for the minutes)."""
    seen, out = set(), []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


# --- the agenda ------------------------------------------------------------------------------


def agenda(project: Project, library: Library, meeting: MeetingView,
           words: Wording) -> list[AgendaView]:
    """Return the meeting's agenda: the library's items for its place (the first meeting or a
    later one), each with the time it begins where every item has a length."""
    first = meeting.number == 1
    items = [i for i in library.board.meetings.agenda
             if i.at == "all" or (i.at == "first") == first]
    lengths = [project.meetings.agenda.get(i.id, i.minutes) for i in items]
    start = _time(meeting.time)
    out = []
    for item, length in zip(items, lengths, strict=True):
        text = words.text(item.text)
        clock = ""
        if start is not None and None not in lengths:
            clock = words.clock(start.strftime("%H:%M"))
            start += dt.timedelta(minutes=length or 0)
        out.append(AgendaView(item.id, text, words.text(item.short) or text, clock, length))
    return out


def _time(hhmm: str) -> dt.datetime | None:
    try:
        return dt.datetime.combine(dt.date(2000, 1, 1), dt.time.fromisoformat(hhmm))
    except (TypeError, ValueError):
        return None


# --- resolutions -----------------------------------------------------------------------------


def _fills(project: Project, i: int, following: MeetingView | None,
           words: Wording) -> dict[str, str]:
    """Return what a resolution's {stage}, {start} and {next_meeting} say at meeting `i`: the
    stage its decision starts (after the stage it ends; the first at the first meeting)."""
    timing = project.timing[i] if i < len(project.timing) else None
    index = None
    if timing is not None and timing.stage is not None:
        index = timing.stage + 1
    elif timing is not None and timing.kind == "first":
        index = 0
    stage = project.stages[index] if index is not None and index < len(project.stages) else None
    return {
        "stage": words.say("fill_stage", name=words.text(stage.name)) if stage else "",
        "start": words.say("fill_date", date=words.date(stage.start)) if stage
        else words.say("fill_as_planned"),
        "next_meeting": words.say("fill_date", date=words.date(following.date)) if following
        else words.say("fill_next_meeting"),
    }


def _filled(text: str, fill: dict[str, str]) -> str:
    """Return a resolution's text with its names filled in; an empty one leaves no gap."""
    out = string.Formatter().vformat(text, (), fill)
    return nobreak(re.sub(r" {2,}", " ", re.sub(r" ([;,.])", r"\1", out)).strip())


# a document's name ends in the method's English term in brackets: "Projektin esittely (Project
# Brief)"; a paper named on a slide goes without it (an abbreviation such as "(PID)" stays)
_TERM = re.compile(r" \([A-Za-z][A-Za-z-]*( [A-Za-z-]+)+\)$")


def _papers(project: Project, library: Library, words: Wording, own: bool):
    """Return how a document is named as a paper: the project's paper that is that document,
    with its version (`own`: the first meeting's papers), else the library's document."""
    names = {d.id: _TERM.sub("", words.text(d.name)) for d in library.board.documents}
    given = {p.document: PaperRef(_TERM.sub("", words.text(p.title)), p.version or "")
             for p in project.papers if p.document and own}
    return lambda doc: given.get(doc) or PaperRef(names[doc])


def _requested(project: Project, library: list[ResolutionView], papers, formal: dict,
               words: Wording) -> list[ResolutionView]:
    """Return the first meeting's resolutions after the project's requests: its own list in
    place of the library's, or the library's with some dropped and the project's added."""
    asked = project.requests
    own = asked if isinstance(asked, list) else asked.add
    added = []
    for n, request in enumerate(own, 1):
        if isinstance(request, Request):
            added.append(ResolutionView(request.id or f"request-{n}", words.text(request.text),
                                        [papers(p) for p in request.papers],
                                        [formal[f] for f in request.formal if f in formal],
                                        local=True))
        else:
            added.append(ResolutionView(f"request-{n}", words.text(request), local=True))
    if isinstance(asked, list):
        return added if asked else library
    kept = [] if asked.replace else [r for r in library if r.id not in set(asked.drop)]
    return [*kept, *added]


# --- next steps ------------------------------------------------------------------------------


def _step(step, meetings: tuple[MeetingView, MeetingView | None], project: Project,
          library: Library, roles: dict[str, RoleView], words: Wording) -> StepView:
    """Return a next step of a meeting (and the one after it, for a step due before it): its
    owner by name and its date, counted in working days."""
    meeting, following = meetings
    role, person = _holder(step.owner, library, roles, words.text(library.board.board.name))
    if step.due.before_next and following is not None:
        day = _back(following.date, step.due.working_days, project.holidays)
    else:
        day = _ahead(meeting.date, step.due.working_days, project.holidays)
    return StepView(step.id, words.text(step.text), person or role, role,
                    words.date(day), day)


def _holder(owner: str, library: Library, roles: dict[str, RoleView],
            board: str) -> tuple[str, str]:
    """Return the name of the role that owns a step (the board's name for the board) and of
    the person who does it: the board's chair for the board, and whoever does the role's part
    where the project names nobody in it (its fallback)."""
    name = roles[owner].name if owner in roles else board
    role_id = library.board.board.chair if owner == BOARD else owner
    seen: set[str] = set()
    while role_id and role_id not in seen:
        seen.add(role_id)
        role = roles.get(role_id)
        if role is not None and role.people:
            return name, role.people[0].name
        fallback = library.role(role_id).fallback if role is not None else None
        role_id = library.board.board.chair if fallback == BOARD else fallback
    return name, ""


def _working(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def _ahead(day: dt.date, n: int, holidays: frozenset[dt.date]) -> dt.date:
    while n > 0:
        day += DAY
        n -= _working(day, holidays)
    return day


def _back(day: dt.date, n: int, holidays: frozenset[dt.date]) -> dt.date:
    while n > 0:
        day -= DAY
        n -= _working(day, holidays)
    return day


# --- the ladder of decision rights -----------------------------------------------------------


def ladder(view: Context, project: Project, library: Library,
           words: Wording) -> list[RungView]:
    """Return the escalation ladder, highest level first, each level with who decides within
    it, who sets its limits, and this project's limits there: the project tolerances where the
    board decides, the change limits where the Change Authority does, what is beyond them at
    the top."""
    levels = view.board.levels
    delegated = project.change_authority
    placed = {"tolerances": False, "changes": delegated is None}
    chair = view.role.get(library.board.board.chair or "")
    out = []
    for level in reversed(levels):
        limits: list[LimitView] = []
        # each set of limits once, at the highest level its holder decides at
        if level.ids["decided_by"] == BOARD and not placed["tolerances"]:
            limits += _tolerances(view.tolerances, project, words)
            placed["tolerances"] = True
        if not placed["changes"] and level.ids["decided_by"] == delegated.delegated_to:
            limits += _changes(delegated, words)
            placed["changes"] = True
        if not limits:
            top = level is levels[-1]
            limits = [LimitView(words.say("ladder_beyond" if top else "ladder_each"))]
        decides = level.decided_by
        if level.ids["decided_by"] == BOARD and chair is not None:
            # in running text a role's name is lower case in some languages: the string chooses
            decides = words.say("ladder_chair", board=decides, chair=chair.name,
                                chair_lower=chair.name[:1].lower() + chair.name[1:])
        out.append(RungView(level.id, level.name, decides, level.sets, limits))
    return out


def _tolerances(tolerances: list[ToleranceView], project: Project,
                words: Wording) -> list[LimitView]:
    """Return the project tolerances given as numbers, each with its name: cost as a share of
    the budget and in euros, time in weeks, a risk's threshold."""
    budget = getattr(project.budget, "investment", None)
    out = []
    for tolerance in tolerances:
        parts = []
        if tolerance.percent is not None:
            share = words.percent(tolerance.percent)
            if budget is not None and tolerance.euros is None:
                share += f" ({words.money(budget * tolerance.percent / 100)})"
            parts.append(share)
        if tolerance.euros is not None:
            parts.append(words.money(tolerance.euros))
        if tolerance.weeks is not None:
            parts.append(words.weeks(tolerance.weeks))
        if parts:
            out.append(LimitView(tolerance.name, words.say("ladder_or").join(parts)))
    return out


def _changes(delegated, words: Wording) -> list[LimitView]:
    out = []
    for key, value in (("ladder_per_change", delegated.limit_per_change),
                       ("ladder_per_stage", delegated.limit_per_stage),
                       ("ladder_budget", delegated.budget)):
        if value is None:
            continue
        amount = words.money(value.euros) if isinstance(value, Limit) and value.euros \
            is not None else _said(value, words)
        if amount:
            out.append(LimitView(words.say(key), amount))
    return out


def _said(value: object, words: Wording) -> str:
    if isinstance(value, Limit):
        parts = [words.percent(value.percent) if value.percent is not None else "",
                 words.weeks(value.weeks) if value.weeks is not None else ""]
        return " / ".join(p for p in parts if p) or words.text(value.text)
    return words.text(value)
