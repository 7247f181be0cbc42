"""The life cycle read from a project's dates: which decision each meeting takes, from the
stages (the first meeting starts the project, a meeting at a stage's end is its boundary, the
one at the last stage's end closes it, any other is a progress review), and where the stages,
the meetings, their stated decisions and the meeting rhythm disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sggen.model import Calendar, Interval, Library, Placing, Project
from sggen.read.calendar import DAY, Days, date_keys
from sggen.read.typed import Checker


@dataclass
class Ends:
    """Each stage's end window, and the meetings found at each stage's end."""

    windows: list[tuple[dt.date, dt.date]]
    boundary: dict[int, int]  # meeting index -> the stage whose boundary it is


def stage_ends(project: Project, calendar: Calendar, days: Days) -> Ends:
    """Return each stage's end window and the meeting nearest each stage's end within it."""
    before = calendar.boundary.before.working_days
    after = calendar.boundary.after.working_days
    stages = project.stages
    windows = []
    for i, stage in enumerate(stages):
        low, high = days.window(stage.end, before, after)
        if i + 1 < len(stages):  # before the next stage begins is at this one's end too
            high = max(high, stages[i + 1].start - DAY)
        windows.append((low, high))
    dates = [m.date for m in project.meetings.meetings()]
    nearest: dict[int, int] = {}  # stage -> meeting index
    for j, day in enumerate(dates):
        inside = [i for i, (low, high) in enumerate(windows) if low <= day <= high]
        if not inside:
            continue
        i = min(inside, key=lambda k: (abs((day - stages[k].end).days), k))
        held = nearest.get(i)
        if held is None or abs((day - stages[i].end).days) < \
                abs((dates[held] - stages[i].end).days):
            nearest[i] = j
    return Ends(windows, {j: i for i, j in nearest.items()})


def _derived(j: int, ends: Ends, last: int, calendar: Calendar) -> Placing:
    """Return what meeting `j` decides by its place among the stages."""
    stage = ends.boundary.get(j)
    decisions = [calendar.first_meeting] if j == 0 and calendar.first_meeting else []
    if stage is None:
        if j and calendar.between:
            decisions.append(calendar.between)
        return Placing("first" if j == 0 else "review", decisions)
    end = _end_decision(stage, last, calendar)
    decisions += [end] if end else []
    return Placing("closure" if stage == last else "boundary", decisions, stage)


def _end_decision(stage: int, last: int, calendar: Calendar) -> str | None:
    """Return the decision taken at the end of stage number `stage` (from 0)."""
    if stage == last:
        return calendar.last_stage_end
    ends = calendar.stage_ends
    return ends[min(stage, len(ends) - 1)] if ends else None


def place(project: Project, library: Library, days: Days, check: Checker) -> None:
    """Set `project.timing`, the decisions of each meeting from the stages (a meeting's own
    `decisions` stand, with a warning where they contradict the stages), and warn of a stage
    that ends with no meeting at its end and of a meeting outside the project's span."""
    calendar = library.board.calendar
    meetings = project.meetings.meetings()
    if not project.stages or not meetings:
        return
    ends = stage_ends(project, calendar, days)
    last = len(project.stages) - 1
    timing = []
    for j, meeting in enumerate(meetings):
        derived = _derived(j, ends, last, calendar)
        if meeting.decisions is not None:
            _contradicts(project, j, derived, ends, calendar, check)
            derived = Placing(derived.kind, list(meeting.decisions), derived.stage)
        timing.append(derived)
    if _mapped(calendar):
        project.timing = timing
    _unmet(project, ends, calendar, check)
    _outside(project, ends, calendar, days, check)


def _mapped(calendar: Calendar) -> bool:
    """Return whether the library says which decision falls where (else the documents plan
    the decisions by their order, as before the calendar was data)."""
    return bool(calendar.first_meeting or calendar.stage_ends or calendar.last_stage_end)


def _contradicts(project: Project, j: int, derived: Placing, ends: Ends, calendar: Calendar,
                 check: Checker) -> None:
    """Warn where a meeting's own decisions disagree with its place among the stages."""
    given = project.meetings.meetings()[j].decisions or []
    cycle = {calendar.first_meeting, *calendar.stage_ends, calendar.last_stage_end} - {None}
    expected, stated = set(derived.decisions) & cycle, set(given) & cycle
    if expected == stated or not _mapped(calendar):
        return
    day = project.meetings.meetings()[j].date
    keys = ("meetings", "dates", j, "decisions")
    closing, end = calendar.last_stage_end, project.stages[-1].end
    if closing in stated - expected and day < end:
        low = ends.windows[-1][0]
        check.warn(keys, f"meeting {day} is to authorize closure ({closing}), but the last "
                   f"stage ends only {end}", f"closure comes at the last stage's end: hold it "
                   f"from {low} on, or end the last stage sooner")
        return
    what = ", ".join(sorted(expected)) or (f"a progress review ({calendar.between})"
                                           if calendar.between else "a progress review")
    said = ", ".join(sorted(stated)) or "no stage decision"
    check.warn(keys, f"meeting {day} is set to decide {said}, but by the stages it is {what}",
               "a stage's decision falls at its end, as board.yaml calendar.boundary says: "
               "check the decisions, the date or the stages")


def _unmet(project: Project, ends: Ends, calendar: Calendar, check: Checker) -> None:
    """Warn of each stage that ends with no board meeting at its end."""
    met = set(ends.boundary.values())
    last = len(project.stages) - 1
    for i, stage in enumerate(project.stages):
        if i in met:
            continue
        low, high = ends.windows[i]
        decision = _end_decision(i, last, calendar)
        what = f"'{decision}'" if decision else "on the stage"
        check.warn(("stages", i, "end"), f"no board meeting at the end of the stage that ends "
                   f"{stage.end}", f"the board decides {what} there: hold a meeting from {low} "
                   f"to {high}")


def _outside(project: Project, ends: Ends, calendar: Calendar, days: Days,
             check: Checker) -> None:
    """Warn of a meeting before the project's start or after its last stage's end window."""
    before = calendar.boundary.before.working_days
    low = days.back(project.stages[0].start, before)
    high = ends.windows[-1][1]
    for j, meeting in enumerate(project.meetings.meetings()):
        if not low <= meeting.date <= high:
            check.warn(date_keys(project, j), f"meeting date {meeting.date} is outside the "
                       f"project's span ({low} to {high})", "the first meeting comes at most "
                       f"{before} working days before the first stage starts, the last at the "
                       "last stage's end: check the date or the stages")


def later(day: dt.date, interval: Interval) -> dt.date:
    """Return the day `interval` after `day` (a month later than 31 January is 28 February)."""
    if interval.weeks is not None:
        return day + dt.timedelta(weeks=interval.weeks)
    month = day.month - 1 + (interval.months or 0)
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def say(interval: Interval) -> str:
    """Return `interval` in English words, for messages."""
    n, unit = (interval.weeks, "week") if interval.weeks is not None else (interval.months,
                                                                          "month")
    return f"{n} {unit}" + ("" if n == 1 else "s")


def check_rhythm(project: Project, library: Library, days: Days, check: Checker) -> None:
    """Warn where two meetings lie further apart than the meeting rhythm allows."""
    rhythm = library.board.calendar.rhythm
    own = project.meetings.rhythm
    every = own.every if own else (rhythm.every if rhythm else None)
    longer = own.only_if_longer_than if own else (rhythm.only_if_longer_than if rhythm else None)
    if every is None:
        return
    leeway = rhythm.leeway.working_days if rhythm else 0
    dates = [m.date for m in project.meetings.meetings()]
    first, stop = 0, len(dates) - 1
    if rhythm and rhythm.during and project.timing:
        taken = [set(p.decisions) for p in project.timing]
        first = next((j for j, ids in enumerate(taken) if rhythm.during.after in ids), None)
        stop = next((j for j, ids in enumerate(taken) if rhythm.during.until in ids), None)
        if first is None or stop is None:
            return
    for j in range(first, stop):
        due = days.ahead(later(dates[j], longer or every), leeway)
        if dates[j + 1] > due:
            rule = (f"when meetings would be more than {say(longer)} apart, the board meets at "
                    f"least every {say(every)}" if longer else
                    f"the board meets at least every {say(every)}")
            check.warn(date_keys(project, j + 1), f"meetings {dates[j]} and {dates[j + 1]} are "
                       f"{(dates[j + 1] - dates[j]).days} days apart, more than the meeting "
                       f"rhythm allows", f"{rule}: add a meeting by {due}, or set "
                       "meetings.rhythm")
