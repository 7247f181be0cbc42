"""What each person's role card says of their own part: their action at each meeting and what
to read and ask before it, the escalation levels that concern their role, one line of the
governance block, their deputy and their time; every line in the second person."""

from __future__ import annotations

from sggen.context.guidance_views import (
    BeforeView,
    CardContactView,
    CardLevelView,
    CardMeetingView,
    CardView,
)
from sggen.context.language import Wording, capitalised, nobreak
from sggen.context.views import Context, LevelView, MeetingView, MemberView, PartView
from sggen.model import Library, MeetingAction, Person, Project, Role

BOARD = "board"
# what a level says a role or the board does there, and the strings.yaml verb that says it
FACTS = {"sets": "sets", "decided_by": "decides", "approves": "approves"}
STRING_KEYS = ("card_also", "card_assurance", "card_attend", "card_board",
               "card_deputy", "card_escalate_to", "card_reports", "card_reports_to",
               "card_stage_ends", "card_time", "card_you",
               *(f"card_{verb}" for verb in FACTS.values()),
               *(f"card_board_{verb}" for verb in FACTS.values()))
"""The strings.yaml keys this module reads."""


def attach_cards(view: Context, library: Library, project: Project, words: Wording) -> None:
    """Fill in each card holder's card (view.cards) from the library and the project."""
    for member in view.cards:
        role = library.role(member.role.id)
        person = _person(project, member)
        actions = _actions(role, person.area if person else None)
        meetings = [_meeting(m, member, actions, view, words) for m in view.meetings.calendar]
        prepare = _prepared(meetings, view.meetings.calendar, actions, view, words)
        said = ", ".join(x for x in (member.person.title, member.person.organisation) if x)
        member.card = CardView(
            cover=capitalised(said), meetings=meetings, prepare=prepare,
            unplanned=_unplanned(view, member, actions, words),
            levels=_levels(view.board.levels, role, words),
            governance=_governance(view, role), deputy=_deputy(role, person, words),
            time=_time(role, person, words),
            contacts=_contacts(view, library, project, role, person, words))
    for at, meeting in enumerate(view.meetings.calendar):
        meeting.parts = _parts(view.cards, at)


def _parts(members: list[MemberView], at: int) -> list[PartView]:
    """Return what each card holder does at meeting number `at` (from 0), where it is their
    own part; the people of one role who do the same share a line."""
    out: list[PartView] = []
    for member in members:
        line = member.card.meetings[at]
        if not line.own:
            continue
        if out and out[-1].role == member.role.name and out[-1].action == line.action:
            out[-1].names += f", {member.person.name}"
        else:
            out.append(PartView(member.person.name, member.role.name, line.action))
    return out


def _contacts(view: Context, library: Library, project: Project, role: Role,
              person: Person | None, words: Wording) -> list[CardContactView]:
    """Return whom the card holder turns to: the assurance that serves their role, the member
    their own area reports to, and whom they escalate to (who decides at the level above the
    one they decide at)."""
    said = words.strings
    out = [CardContactView(words.text(said["card_assurance"]), _contact(p, words.text(a.name)))
           for r in library.roles for a in r.areas if a.reports_to == role.id
           for p in project.people_in(r.id) if p.area == a.id]
    area = next((a for a in role.areas if person and a.id == person.area), None)
    out += [CardContactView(words.text(said["card_reports_to"]),
                            _contact(p, view.role[area.reports_to].name))
            for p in (project.people_in(area.reports_to) if area else [])]
    levels = view.board.levels
    mine = next((n for n, lv in enumerate(levels) if lv.ids["decided_by"] == role.id or
                 (lv.ids["decided_by"] == BOARD and role.on_board)), None)
    above = levels[mine + 1].ids["decided_by"] if mine is not None and mine + 1 < len(levels) \
        else None
    if above == BOARD and not role.on_board:  # the board as a body: its chair takes it
        above = library.board.board.chair
    if above and above != BOARD and above in view.role:
        out += [CardContactView(words.text(said["card_escalate_to"]),
                                _contact(p, view.role[above].name))
                for p in project.people_in(above)]
    return out


def _contact(person: Person, what: str) -> str:
    """Return a person as a contact line: name, what they are to the holder, how to reach them."""
    return " · ".join(x for x in (f"{person.name}, {what}", person.email,
                                  nobreak(person.phone or "")) if x)


def _actions(role: Role, area_id: str | None) -> dict[str, MeetingAction]:
    """Return the role's meeting entries, with those of the person's area (by its id)."""
    area = next((a for a in role.areas if a.id == area_id), None)
    return {**role.meetings, **(area.meetings if area else {})}


def _action(decision: str, member: MemberView, actions: dict, words: Wording) -> str:
    """Return what the person does at `decision`: the library's action for the role, then
    every task of theirs there that the project added or reworded."""
    tasks = [task for task in member.role.tasks if task.at == decision]
    own = [task.short for task in tasks if task.local]
    if decision not in actions:
        return "; ".join(task.short for task in tasks)
    action = words.text(actions[decision].action)
    # the project's own words (not in the second person): said to be this project's
    return f"{action} {words.text(words.strings['card_also'])} {'; '.join(own)}" if own \
        else action


def _unplanned(view: Context, member: MemberView, actions: dict, words: Wording
               ) -> list[CardMeetingView]:
    """Return what the person does at the decision points no meeting is planned for (ad hoc
    direction): taken when needed, so without a date."""
    planned = {d.id for m in view.meetings.calendar for d in m.decisions}
    out = []
    for decision in view.decisions:
        line = _action(decision.id, member, actions, words) if decision.id not in planned \
            else ""
        if line:
            out.append(CardMeetingView("", "", decision.name, line))
    return out


def _meeting(meeting: MeetingView, member: MemberView, actions: dict, view: Context,
             words: Wording) -> CardMeetingView:
    """Return one meeting as the person sees it: when, what is decided, what they do."""
    names = []
    for decision in meeting.decisions:
        # a decision taken at several meetings (a stage boundary) is named by the stage it
        # closes, so that no two of the card's lines read alike
        repeated = meeting.stage and _repeats(decision.id, view)
        names.append(view.t["card_stage_ends"].format(stage=meeting.stage) if repeated
                     else decision.name)
    heading = meeting.title if meeting.kind == "review" else ", ".join(names) or meeting.title
    lines = [line for d in meeting.decisions if (line := _action(d.id, member, actions, words))]
    return CardMeetingView(meeting.day, meeting.clock, heading,
                           " ".join(lines) or capitalised(view.t["card_attend"]) + ".",
                           own=bool(lines))


def _repeats(decision: str, view: Context) -> bool:
    """Whether `decision` is planned at more than one meeting (a stage boundary)."""
    return sum(decision in {d.id for d in m.decisions} for m in view.meetings.calendar) > 1


def _levels(levels: list[LevelView], role: Role, words: Wording) -> list[CardLevelView]:
    """Return a line for each level where the role, or the board it sits on, sets the
    tolerances, decides within them, approves an exception plan or reports a breach."""
    t = words.strings
    out = []
    for level in levels:
        own = [f"card_{verb}" for fact, verb in FACTS.items() if level.ids[fact] == role.id]
        if level.ids["reported_by"] == role.id:
            own.append("card_reports")
        board = [f"card_board_{verb}" for fact, verb in FACTS.items()
                 if level.ids[fact] == BOARD and role.on_board]
        parts = [words.text(t[template]).format(verbs=_joined([words.text(t[k]) for k in keys],
                                                             words))
                 for template, keys in (("card_you", own), ("card_board", board)) if keys]
        decides = level.ids["decided_by"]
        # whose limits the level's are, where they are not the holder's or their board's
        other = "" if decides == role.id or (decides == BOARD and role.on_board) \
            else level.decided_by
        if parts:
            out.append(CardLevelView(level.id, level.name, capitalised("; ".join(parts)) + ".",
                                     other))
    return out


def _joined(parts: list[str], words: Wording) -> str:
    """Return `parts` as a list in running text: a, b and c."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {words.text(words.strings['and'])} {parts[-1]}"


def _prepared(lines: list[CardMeetingView], calendar: list[MeetingView],
              actions: dict[str, MeetingAction], view: Context, words: Wording
              ) -> list[BeforeView]:
    """Give each of the holder's meeting lines what to read and ask before it, where the role
    has it, and return each way of preparing once: the meetings that take the same decisions
    (a stage end at several) share one, which lists their days."""
    names = {d.id: d.name for d in view.documents}
    ways: dict[tuple[str, ...], BeforeView] = {}
    for line, meeting in zip(lines, calendar, strict=True):
        entries = [actions[d.id] for d in meeting.decisions if d.id in actions]
        if not entries:
            continue
        key = tuple(d.id for d in meeting.decisions)
        if key not in ways:
            ways[key] = BeforeView(
                ", ".join(d.name for d in meeting.decisions),
                list(dict.fromkeys(names[d] for e in entries if e.read
                                   for d in e.read.documents)),
                " ".join(words.text(e.read.look_for) for e in entries
                         if e.read and e.read.look_for),
                list(dict.fromkeys(words.text(q) for e in entries for q in e.questions)))
        line.before = ways[key]
        line.before.days.append(meeting.day)
    return list(ways.values())


def _governance(view: Context, role: Role) -> str:
    topics = view.governance.topics if view.governance else []
    chosen = next((t for t in topics if t.id == role.governance), topics[0] if topics else None)
    return chosen.card if chosen else ""


def _person(project: Project, member: MemberView) -> Person | None:
    """Return the project's own record of the card holder (the view holds only its texts)."""
    return next((p for p in project.people_in(member.role.id)
                 if p.name == member.person.name), None)


def _deputy(role: Role, person: Person | None, words: Wording) -> str:
    """Return the role's deputy rule, with the deputy the project names for the person where
    it names one."""
    if role.deputy is None:
        return ""
    named = person.deputy if person else None
    who = f" {words.text(words.strings['card_deputy'])}: {named.name}." if named else ""
    return words.text(role.deputy.text) + who


def _time(role: Role, person: Person | None, words: Wording) -> str:
    """Return the time the role takes, with the person's own hours a month where the project
    gives them."""
    if role.time is None:
        return ""
    own = person.hours_per_month if person else None
    month = own if own is not None else role.time.per_month
    said = words.text(words.strings["card_time"]).format(
        meeting=words.number(role.time.per_meeting), month=words.number(month))
    return nobreak(said)  # the hours came in after the text's own spaces were set
