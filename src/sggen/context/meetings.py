"""The board's calendar: each meeting with the decisions it takes (from the stages, as the
calendar rules placed it), the meeting rhythm and the papers' lead time in words, and who is
invited."""

from __future__ import annotations

from sggen.context.language import Wording
from sggen.context.roles import contacts
from sggen.context.views import DecisionView, MeetingsView, MeetingView, RoleView
from sggen.model import Library, Placing, Project, Settings


def meetings_view(project: Project, library: Library, settings: Settings, roles: list[RoleView],
             decisions: list[DecisionView], words: Wording) -> MeetingsView:
    """Return the project's meetings: the library's practice and agenda, the project's dates
    with the decisions each takes, the rhythm, the invitees and the organiser."""
    t = words.text
    given = project.meetings
    calendar = _calendar(project, library, settings, decisions, words)
    invited = given.invitees or [r.id for r in library.roles if r.on_board or r.invited]
    organiser = library.board.meetings.organiser
    rhythm = rhythm_words(project, library, words)
    lead = library.board.calendar.papers
    return MeetingsView(
        practice=[t(i.text) for i in library.board.meetings.practice],
        agenda=[t(i.text) for i in library.board.meetings.agenda if i.at != "first"],
        cadence=t(given.cadence) or rhythm, place=t(given.place),
        dates=[m.day for m in calendar], url=given.url or "", calendar=calendar,
        invitees=contacts([r for r in roles if r.id in invited]),
        organiser=next(iter(contacts([r for r in roles if r.id == organiser])), None),
        rhythm=rhythm,
        papers=words.say("rhythm_papers", count=words.count(lead.working_days)) if lead else "")


def _calendar(project: Project, library: Library, settings: Settings,
              decisions: list[DecisionView], words: Wording) -> list[MeetingView]:
    """Return each meeting with its decisions: where the calendar rules placed it among the
    stages, else (no stages, or a library that does not say) by the library's order."""
    t, given = words.text, project.meetings
    meetings = given.meetings()
    by_id = {d.id: d for d in decisions}
    timing = project.timing if len(project.timing) == len(meetings) else None
    planned = plan(len(meetings), library.board.decisions)
    out = []
    for n, m in enumerate(meetings, 1):
        place = timing[n - 1] if timing else Placing(
            "", m.decisions if m.decisions is not None else planned[n - 1])
        taken = [by_id[d] for d in place.decisions]
        names = ", ".join(d.name for d in taken)
        review = place.kind == "review"
        title = (words.say("meeting_review", decisions=names) if review and names
                 else names or t(words.strings["progress_review"]))
        stage = project.stages[place.stage] if place.stage is not None else None
        closes = t(stage.short) or t(stage.name) if stage else words.say("timeline_stage")
        day = words.date(m.date)
        ends = words.say("card_stage_ends", stage=t(stage.name)) \
            if place.kind == "boundary" and stage else ""
        out.append(MeetingView(
            heading=f"{day}: {title}" + (f" ({ends})" if ends else ""),
            number=n, total=len(meetings), date=m.date, day=day,
            time=m.time or given.time or settings.meetings.time,
            minutes=m.minutes or given.minutes or settings.meetings.minutes,
            place=t(m.place or given.place), url=given.url or "", decisions=taken,
            kind=place.kind, stage=t(stage.name) if stage else "", title=title,
            label=words.say("review_label") if review else " + ".join(d.name for d in taken)
            or title, clock=words.clock(m.time or given.time or settings.meetings.time),
            short=" + ".join(d.short.replace("{stage}", closes) for d in taken)
            or words.say("review_label")))
    return out


def rhythm_words(project: Project, library: Library, words: Wording) -> str:
    """Return how often the board meets, in the language's words: the events, and the fixed
    interval (the project's own, or the library's)."""
    rhythm = library.board.calendar.rhythm
    if rhythm is None:
        return ""
    own = project.meetings.rhythm
    every = own.every if own else rhythm.every
    longer = own.only_if_longer_than if own else rhythm.only_if_longer_than
    events = words.listed([words.text(e.text) for e in rhythm.events])
    out = [words.say("rhythm_events", events=events)] if events else []
    if every is not None:
        interval = _length(words, "every", every)
        names = {d.id: words.text(d.name) for d in library.board.decisions}
        if longer is not None:
            out.append(words.say("rhythm_if_longer", limit=_length(words, "longer", longer),
                                 interval=interval))
        elif rhythm.during is not None:
            out.append(words.say("rhythm_during", after=names[rhythm.during.after],
                                 until=names[rhythm.during.until], interval=interval))
        else:
            out.append(words.say("rhythm_every", interval=interval))
    return " ".join(out)


def _length(words: Wording, kind: str, interval) -> str:
    if interval.weeks is not None:
        return words.nth(f"{kind}_weeks", interval.weeks)
    return words.nth(f"{kind}_months", interval.months)


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

