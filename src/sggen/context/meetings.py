"""The board's calendar: each meeting with the decisions planned for it, and who is invited."""

from __future__ import annotations

from sggen.context.language import Wording
from sggen.context.roles import contacts
from sggen.context.views import DecisionView, MeetingsView, MeetingView, RoleView
from sggen.model import Library, Project, Settings


def meetings_view(project: Project, library: Library, settings: Settings, roles: list[RoleView],
             decisions: list[DecisionView], words: Wording) -> MeetingsView:
    """Return the project's meetings: the library's practice and agenda, the project's dates
    with the decisions planned for each, the invitees and the organiser."""
    t, date = words.text, words.date
    given = project.meetings
    meetings = given.meetings()
    by_id = {d.id: d for d in decisions}
    planned = plan(len(meetings), library.board.decisions)
    calendar = [
        MeetingView(
            number=n, total=len(meetings), date=m.date, day=date(m.date),
            time=m.time or given.time or settings.meetings.time,
            minutes=m.minutes or given.minutes or settings.meetings.minutes,
            place=t(m.place or given.place), url=given.url or "",
            decisions=[by_id[d] for d in (m.decisions if m.decisions is not None
                                          else planned[n - 1])])
        for n, m in enumerate(meetings, 1)]
    invited = given.invitees or [r.id for r in library.roles if r.on_board or r.invited]
    organiser = library.board.meetings.organiser
    return MeetingsView(
        practice=[t(i.text) for i in library.board.meetings.practice],
        agenda=[t(i.text) for i in library.board.meetings.agenda],
        cadence=t(given.cadence), place=t(given.place),
        dates=[m.day for m in calendar], url=given.url or "", calendar=calendar,
        invitees=contacts([r for r in roles if r.id in invited]),
        organiser=next(iter(contacts([r for r in roles if r.id == organiser])), None))


def plan(count: int, decisions: list) -> list[list[str]]:
    """Return the decision ids planned for each of `count` meetings, in order.

    The library lists decisions in life-cycle order: those before the repeating one (a stage
    boundary) fall on the first meetings, those after it on the last, and the repeating one on
    every meeting between. With fewer meetings than decisions, the first meeting takes all
    the early decisions that do not fit, the last all the late ones. On-demand decisions are
    not planned.
    """
    if count == 0:
        return []
    ordered = [d for d in decisions if d.schedule != "on-demand"]
    repeat = next((i for i, d in enumerate(ordered) if d.schedule == "repeats"), None)
    before = [d.id for d in ordered[:repeat]]
    after = [d.id for d in ordered[repeat + 1:]] if repeat is not None else []
    early = min(len(before), max(1, count - len(after)))
    late = min(len(after), count - early)
    # the surplus of early decisions shares the first meeting, of late ones the last
    first = [before[:len(before) - early + 1], *([d] for d in before[len(before) - early + 1:])]
    last = [*([d] for d in after[:late - 1]), after[late - 1:]] if late else []
    middle = [[ordered[repeat].id] if repeat is not None else []
              for _ in range(count - len(first) - len(last))]
    meetings = [*first, *middle, *last] if before else [*middle, *last]
    if not late and after:
        meetings[-1].extend(after)
    return meetings

