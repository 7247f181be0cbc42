"""Library + project + language -> the typed view that templates render, every text in one
language."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from sggen.model import ACTIONS, Item, Library, Person, Project, Role, Settings

# The keys of strings.yaml that this module and the build read; templates may use any others.
STRING_KEYS = ("months", "date_format", "code_approves", "code_reviews", "code_produces",
               "code_informed", "action_approves", "action_reviews", "action_produces",
               "action_informed", "status_draft", "status_approved")


def text(value: object, lang: str) -> str:
    """Return a text in `lang`: a plain string as is, a mapping by its language key."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return value[lang]
    return str(value)


def format_date(day: dt.date, lang: str, strings: dict) -> str:
    """Return `day` written the way `lang` writes dates (patterns live in strings.yaml)."""
    months = text(strings["months"], lang).split(",")
    pattern = text(strings["date_format"], lang)
    return pattern.format(d=day.day, m=day.month, y=day.year, month=months[day.month - 1].strip())


# --- the view --------------------------------------------------------------------------------


@dataclass
class PersonView:
    name: str
    title: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    area: str = ""


@dataclass
class ContactView(PersonView):
    roles: list[str] = field(default_factory=list)


@dataclass
class ItemView:
    id: str
    text: str
    local: bool = False  # added or reworded by this project
    key: bool = False
    short: str = ""  # the item in a few words; the text itself where the library has none


@dataclass
class TaskView(ItemView):
    at: str = ""
    at_name: str = ""


@dataclass
class RoleView:
    id: str
    term: str
    name: str
    label: str  # the local name with the method's own term beside it where they differ
    purpose: str
    summary: str
    notes: str
    on_board: bool
    in_deck: bool
    appointed_by: str
    allowed: list[str]
    discouraged: list[str]
    forbidden: list[str]
    people: list[PersonView]
    responsibilities: list[ItemView]
    tasks: list[TaskView]
    dropped: list[str] = field(default_factory=list)  # the library's texts this project removed
    invited: bool = False  # invited to the board's meetings though not a member

    @property
    def highlights(self) -> list[str]:
        """Return the short forms of the key items: what a tile or card shows of the role."""
        return [i.short for i in [*self.responsibilities, *self.tasks] if i.key]


@dataclass
class MemberView:
    """One person on the board, in one of their board roles."""

    role: RoleView
    person: PersonView

    @property
    def slug(self) -> str:
        """Return the role id and the person's name as a file name: executive-outi-saarinen."""
        return f"{self.role.id}-{slug(self.person.name)}"


def slug(name: str) -> str:
    """Return `name` in lower-case ASCII letters and digits joined by hyphens (ä -> a)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "person"


@dataclass
class DocumentView:
    id: str
    name: str
    purpose: str


@dataclass
class DecisionTask:
    role: str
    text: str
    local: bool


@dataclass
class DecisionView:
    id: str
    name: str
    when: str
    decides: str
    notes: str
    receives: list[DocumentView]
    tasks: list[DecisionTask]


@dataclass
class ToleranceView:
    id: str
    name: str
    meaning: str
    value: str  # '' when the project sets none


@dataclass
class MeetingView:
    """One board meeting of this project, with the decisions planned for it."""

    number: int
    total: int
    date: dt.date
    day: str  # the date as the language writes it
    time: str  # HH:MM
    minutes: int
    place: str
    url: str
    decisions: list[DecisionView]


@dataclass
class MeetingsView:
    practice: list[str]
    agenda: list[str]
    cadence: str
    place: str
    dates: list[str]
    url: str = ""
    calendar: list[MeetingView] = field(default_factory=list)
    invitees: list[ContactView] = field(default_factory=list)  # each person once
    organiser: ContactView | None = None


@dataclass
class StageView:
    name: str
    start: str  # as the language writes dates
    end: str
    first: dt.date  # the same days, for a timeline to place
    last: dt.date


@dataclass
class DelegationView:
    delegated_to: str
    limit_per_change: str
    limit_per_stage: str


@dataclass
class LegendEntry:
    code: str
    name: str


@dataclass
class MatrixRowView:
    name: str
    cells: list[str]
    decision: bool  # a decision point's row, not a document's


@dataclass
class MatrixView:
    columns: list[str]
    rows: list[MatrixRowView]
    legend: list[LegendEntry]


@dataclass
class ChartBoxView:
    role: str
    lines: list[str]


@dataclass
class ChartRowView:
    id: str
    title: str
    members: list[ChartBoxView]
    side: list[ChartBoxView]


@dataclass
class CustomerView:
    name: str
    type: str
    note: str


@dataclass
class StampView:
    """The document's issue: the project's version, status and date, the library's version."""

    version: str
    status: str  # in words, in the document's language
    date: str
    owner: str
    library: str  # the library's version, '' when it has none
    edition: str  # the method edition the library follows


@dataclass
class ProjectView:
    id: str
    name: str
    code: str
    summary: str
    customer: CustomerView
    highlight_reports: str
    budget: str = ""
    requests: list[str] = field(default_factory=list)  # decisions asked of the kickoff
    purpose: str = ""  # one sentence; the summary where the project gives none


@dataclass
class LevelView:
    name: str
    who: str  # the role's name
    text: str


@dataclass
class BoardView:
    name: str
    purpose: str
    principles: list[str]
    key_principles: list[ItemView] = field(default_factory=list)
    levels: list[LevelView] = field(default_factory=list)  # the escalation ladder, lowest first


@dataclass
class Context:
    """Everything a template may use. `t` holds the templates' fixed wording by key."""

    lang: str
    t: dict[str, str]
    organisation: str
    locale: str  # the language tag of the document's texts, e.g. fi-FI
    method: str
    board: BoardView
    project: ProjectView
    roles: list[RoleView]
    role: dict[str, RoleView]
    decisions: list[DecisionView]
    documents: list[DocumentView]
    tolerances: list[ToleranceView]
    exceptions: list[str]
    meetings: MeetingsView
    stages: list[StageView]
    change_authority: DelegationView | None
    matrix: MatrixView
    chart: list[ChartRowView]
    contacts: list[ContactView]
    members: list[MemberView]  # every person on the board, in role order
    stamp: StampView
    # whoever gets a role card: the board, and those invited to its meetings (assurance, the
    # Project Manager), in role order
    cards: list[MemberView] = field(default_factory=list)

    def variables(self) -> dict[str, object]:
        """Return the template's top-level names: this view's fields, not copied."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# --- building it -----------------------------------------------------------------------------


def context(project_id: str, project: Project, library: Library, settings: Settings,
            strings: dict, lang: str) -> Context:
    """Return everything the templates may use, with every text in `lang`."""

    def t(value: object) -> str:
        return text(value, lang)

    strings = {**strings, **library.strings}

    def date(day: dt.date) -> str:
        return format_date(day, lang, strings)

    board = library.board
    roles = [_role(role, project, library, lang) for role in library.roles]
    by_id = {r.id: r for r in roles}
    documents = {d.id: DocumentView(d.id, t(d.name), t(d.purpose)) for d in board.documents}
    decisions = [
        DecisionView(
            id=decision.id, name=t(decision.name), when=t(decision.when),
            decides=t(decision.decides), notes=t(decision.notes),
            receives=[documents[d] for d in decision.receives],
            tasks=[DecisionTask(r.name, task.text, task.local)
                   for r in roles for task in r.tasks if task.at == decision.id])
        for decision in board.decisions]
    names = {**{d.id: d.name for d in decisions}, **{k: v.name for k, v in documents.items()}}
    customer_type = next(c for c in settings.customer_types if c.id == project.customer.type)
    delegation = project.change_authority
    return Context(
        lang=lang,
        t={key: t(value) for key, value in strings.items()},
        organisation=t(settings.organisation),
        locale=settings.locales.get(lang, lang),
        method=t(board.name),
        board=BoardView(t(board.board.name), t(board.board.purpose),
                        [t(i.text) for i in board.board.principles],
                        [ItemView(i.id, t(i.text), key=True, short=t(i.short) or t(i.text))
                         for i in board.board.principles if i.key],
                        [LevelView(t(v.name), by_id[v.who].name, t(v.text))
                         for v in board.levels]),
        project=ProjectView(
            id=project_id, name=t(project.name), code=project.code or "",
            summary=t(project.summary),
            customer=CustomerView(t(project.customer.name), t(customer_type.name),
                                  t(customer_type.note)),
            highlight_reports=t(project.highlight_reports), budget=t(project.budget),
            requests=[t(r) for r in project.requests],
            purpose=t(project.purpose) or t(project.summary)),
        roles=roles,
        role=by_id,
        decisions=decisions,
        documents=list(documents.values()),
        tolerances=[ToleranceView(k.id, t(k.name), t(k.meaning), t(project.tolerances.get(k.id)))
                    for k in board.tolerances],
        exceptions=[t(i.text) for i in board.exceptions],
        meetings=_meetings(project, library, settings, roles, decisions, t, date),
        stages=[StageView(t(s.name), date(s.start), date(s.end), s.start, s.end)
                for s in project.stages],
        change_authority=None if delegation is None else DelegationView(
            delegated_to=(t(board.board.name) if delegation.delegated_to == "board"
                          else by_id[delegation.delegated_to].name),
            limit_per_change=t(delegation.limit_per_change),
            limit_per_stage=t(delegation.limit_per_stage)),
        matrix=_matrix(library, names, by_id, strings, lang,
                       {d.id for d in board.decisions}),
        chart=_chart(library, by_id, lang),
        contacts=_contacts(roles),
        members=[MemberView(r, p) for r in roles if r.on_board for p in r.people],
        stamp=StampView(
            version=project.document.version,
            status=t(strings[f"status_{project.document.status}"]),
            date=date(project.document.date) if project.document.date else "",
            owner=t(project.document.owner) or t(settings.organisation),
            library=board.version or "", edition=t(board.edition)),
        cards=_cards(roles),
    )


def _cards(roles: list[RoleView]) -> list[MemberView]:
    seen, out = set(), []
    for role in roles:
        if role.on_board or role.invited:
            for person in role.people:
                member = MemberView(role, person)
                if member.slug not in seen:  # the same name twice in a role: one card
                    seen.add(member.slug)
                    out.append(member)
    return out


def _meetings(project: Project, library: Library, settings: Settings, roles: list[RoleView],
              decisions: list[DecisionView], t, date) -> MeetingsView:
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
        invitees=_contacts([r for r in roles if r.id in invited]),
        organiser=next(iter(_contacts([r for r in roles if r.id == organiser])), None))


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


def _role(role: Role, project: Project, library: Library, lang: str) -> RoleView:
    change = project.changes.get(role.id)
    replaced = change.replace if change else {}
    dropped = set(change.drop) if change else set()
    decisions = {d.id: text(d.name, lang) for d in library.board.decisions}

    def item(entry: Item, local: bool = False) -> ItemView:
        shown = text(replaced.get(entry.id, entry.text), lang)
        # a reworded item's short form would no longer say what its text says
        short = "" if entry.id in replaced else text(getattr(entry, "short", None), lang)
        return ItemView(entry.id, shown, local or entry.id in replaced,
                        getattr(entry, "key", False), short or shown)

    def task(entry, local: bool = False) -> TaskView:
        view = item(entry, local)
        return TaskView(view.id, view.text, view.local, view.key, view.short, entry.at,
                        decisions[entry.at])

    responsibilities = [item(i) for i in role.responsibilities if i.id not in dropped]
    tasks = [task(i) for i in role.tasks if i.id not in dropped]
    for added in change.add if change else []:
        if added.at is None:
            responsibilities.append(item(added, local=True))
        else:
            tasks.append(task(added, local=True))
    order = {d.id: i for i, d in enumerate(library.board.decisions)}
    tasks.sort(key=lambda view: order[view.at])  # stable: library order within a decision
    areas = {a.id: text(a.name, lang) for a in role.areas}
    names = {r.id: text(r.name, lang) for r in library.roles}
    name = text(role.name, lang)
    return RoleView(
        id=role.id, term=role.term, name=name,
        label=name if role.term.casefold() == name.casefold() else f"{name} ({role.term})",
        purpose=text(role.purpose, lang), summary=text(role.summary, lang),
        notes=text(role.notes, lang), on_board=role.on_board, in_deck=role.in_deck,
        invited=role.invited,
        appointed_by=names.get(role.appointed_by or "", ""),
        allowed=[names[r] for r in role.combinations.allowed],
        discouraged=[names[r] for r in role.combinations.discouraged],
        forbidden=[names[r] for r in role.combinations.forbidden],
        people=[_person(p, lang, areas) for p in project.people_in(role.id)],
        responsibilities=responsibilities, tasks=tasks,
        dropped=[text(i.text, lang) for i in (*role.responsibilities, *role.tasks)
                 if i.id in dropped])


def _person(person: Person, lang: str, areas: dict) -> PersonView:
    return PersonView(person.name, text(person.title, lang), text(person.organisation, lang),
                      person.email or "", person.phone or "", areas.get(person.area or "", ""))


def _matrix(library: Library, names: dict, roles: dict[str, RoleView], strings: dict,
            lang: str, decisions: set[str]) -> MatrixView:
    # Only the roles somebody holds in this project: an empty column would be read as a duty
    # nobody carries.
    used = {role for row in library.board.matrix for role in row.roles}
    columns = [r.id for r in library.roles if r.id in used and roles[r.id].people]
    shown = {row.roles[c] for row in library.board.matrix for c in columns if c in row.roles}
    return MatrixView(
        columns=[roles[c].name for c in columns],
        rows=[MatrixRowView(names[row.item],
                            [text(strings[f"code_{row.roles[c]}"], lang) if c in row.roles
                             else "" for c in columns], row.item in decisions)
              for row in library.board.matrix],
        legend=[LegendEntry(text(strings[f"code_{a}"], lang), text(strings[f"action_{a}"], lang))
                for a in ACTIONS if a in shown])


def _chart(library: Library, roles: dict[str, RoleView], lang: str) -> list[ChartRowView]:
    rows = []
    for row in library.board.chart:
        members, side = [], []
        for role in library.roles:
            if role.chart is None or role.chart.row != row.id:
                continue
            people = roles[role.id].people
            if role.chart.side and people:
                # one box per side role (assurance, support), listing its people
                side.append(ChartBoxView(roles[role.id].name,
                                         [_who(p.name, p.area) for p in people]))
            elif not role.chart.side:
                members.extend(ChartBoxView(roles[role.id].name,
                                            [p.name, p.title or p.organisation])
                               for p in people)
        if members or side:
            title = (text(row.title, lang) or text(library.board.board.name, lang)) \
                if row.frame else ""
            rows.append(ChartRowView(row.id, title, members, side))
    return rows


def _who(name: str, detail: str) -> str:
    return f"{name} ({detail})" if detail else name


def _contacts(roles: list[RoleView]) -> list[ContactView]:
    people: dict[str, ContactView] = {}
    for role in roles:
        for person in role.people:
            key = " ".join(person.name.split()).casefold()
            entry = people.setdefault(key, ContactView(**vars(person)))
            entry.roles.append(role.name)
            for name in ("title", "organisation", "email", "phone"):
                setattr(entry, name, getattr(entry, name) or getattr(person, name))
    return list(people.values())


def digest(view: Context) -> dict[str, str]:
    """Return a short fingerprint of each piece of content, by a name a PMO recognises
    (executive.business-case, decision.authorize-project, tolerance.cost, people.executive):
    comparing two builds' fingerprints says what changed in the documents, not in the files."""
    import hashlib

    def mark(*parts: object) -> str:
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]

    out = {}
    for role in view.roles:
        for item in (*role.responsibilities, *role.tasks):
            out[f"{role.id}.{item.id}"] = mark(item.text, item.local)
        if role.people:
            out[f"people.{role.id}"] = mark(*(vars(p).values() for p in role.people))
    for decision in view.decisions:
        out[f"decision.{decision.id}"] = mark(decision.name, decision.when, decision.decides)
    for tolerance in view.tolerances:
        out[f"tolerance.{tolerance.id}"] = mark(tolerance.meaning, tolerance.value)
    for meeting in view.meetings.calendar:
        out[f"meeting.{meeting.date}"] = mark(meeting.time, meeting.place,
                                              *(d.id for d in meeting.decisions))
    return out


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Return what differs between two fingerprints, e.g. 'executive.business-case reworded'."""
    out = [f"{k} added" for k in after if k not in before]
    out += [f"{k} removed" for k in before if k not in after]
    out += [f"{k} reworded" for k in after if k in before and before[k] != after[k]]
    return sorted(out)
