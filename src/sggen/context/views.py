"""The typed view that templates render: every class of it, each text already in one language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sggen.context.decision_views import (
    AgendaView,
    GuideSection,
    ResolutionView,
    RungView,
    StepView,
)
from sggen.context.guidance_views import CardView, GlossaryView, GovernanceView, PracticeView
from sggen.context.language import slug


@dataclass
class PersonView:
    name: str
    title: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    area: str = ""
    deputy: PersonView | None = None  # who stands in for the person
    hours: str = ""  # the time the role takes, in words: '4 h/kk'


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
    card: CardView | None = None  # what the person's role card says (cards only)

    @property
    def slug(self) -> str:
        """Return the role id and the person's name as a file name: executive-outi-saarinen."""
        return f"{self.role.id}-{slug(self.person.name)}"


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
    short: str = ""  # the decision in two or three words; {stage}: the stage a meeting closes


@dataclass
class ToleranceView:
    id: str
    name: str
    meaning: str
    value: str  # '' when the project sets none
    euros: float | None = None  # the limit as numbers, where the project gives them
    percent: float | None = None
    weeks: float | None = None


@dataclass
class PartView:
    """What the people of one role do at a meeting, where they do the same."""

    names: str  # joined: "Mikko Laaksonen, Sanna Heikkinen"
    role: str
    action: str


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
    # where it falls in the life cycle: first, boundary (a stage's end), closure, review (at no
    # stage end), '' where the project gives no stages
    kind: str = ""
    stage: str = ""  # the name of the stage whose end it is
    title: str = ""  # what the meeting is, in words: its decisions, or a progress review
    label: str = ""  # the same in a few words, for a timeline
    clock: str = ""  # the time as the language writes it: klo 13.00, kl. 13.00, 13:00
    short: str = ""  # what it decides in two or three words, naming the stage it closes
    heading: str = ""  # how the guide heads its part on the meeting: its date and title
    # what it decides and what follows (context/decisions.py): the agenda with its times, the
    # resolutions in their exact words, the next steps with a named owner and a date
    ends: str = ""  # when it ends, as a time after a dash (fi 15.00, en 15:00: no word)
    agenda: list[AgendaView] = field(default_factory=list)
    resolutions: list[ResolutionView] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)  # what to read for it, each paper once
    next_steps: list[StepView] = field(default_factory=list)
    parts: list[PartView] = field(default_factory=list)  # each card holder's line, by role


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
    rhythm: str = ""  # how often the board meets, in the library's words
    papers: str = ""  # how early the papers go out, in words


@dataclass
class StageView:
    name: str
    start: str  # as the language writes dates
    end: str
    first: dt.date  # the same days, for a timeline to place
    last: dt.date
    short: str = ""  # the name in a word or two (the name itself where the project gives none)


@dataclass
class DeadlineView:
    """A date the board must not miss."""

    date: dt.date
    day: str  # as the language writes dates
    text: str  # what falls due on it


@dataclass
class DelegationView:
    delegated_to: str
    limit_per_change: str
    limit_per_stage: str
    budget: str = ""  # the change budget, where given


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


@dataclass
class StampView:
    """The document's issue: the project's version, status and date, the library's version."""

    version: str
    status: str  # in words, in the document's language
    date: str
    owner: str
    library: str  # the library's version, '' when it has none
    edition: str  # the method edition the library follows
    draft: bool = False  # the issue is a draft: the documents mark it as one


@dataclass
class CostsView:
    """The project's money as numbers, each in words; '' where not given."""

    investment: str
    running: str  # a year, after the project
    vat: str  # whether the amounts include VAT
    investment_euros: float | None = None
    running_euros: float | None = None


@dataclass
class BenefitView:
    text: str
    baseline: str
    target: str
    owner: str
    measured: str


@dataclass
class RiskView:
    text: str
    owner: str
    response: str


@dataclass
class PaperView:
    title: str
    version: str
    where: str


@dataclass
class ProjectView:
    id: str
    name: str
    code: str
    summary: str
    customer: CustomerView
    highlight_reports: str
    budget: str = ""
    purpose: str = ""  # one sentence; the summary where the project gives none
    costs: CostsView | None = None  # the budget as numbers, where given
    problem: str = ""  # the Business Case in brief
    benefits: list[BenefitView] = field(default_factory=list)
    risks: list[RiskView] = field(default_factory=list)
    papers: list[PaperView] = field(default_factory=list)  # for the first meeting


@dataclass
class LevelView:
    """One level of the escalation ladder: each who by name (the board's name for the board),
    and by id for those who pick the levels that concern a role."""

    id: str
    name: str
    sets: str  # who sets the level's tolerances
    decided_by: str  # who decides within them
    text: str
    approves: str = ""  # who approves an exception plan here ('' when there is none)
    plan: str = ""  # that plan's document
    reported_by: str = ""  # who reports a forecast breach upwards
    report: str = ""  # the document it is reported in
    ids: dict[str, str] = field(default_factory=dict)  # sets, decided_by, approves, reported_by


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
    governance: GovernanceView | None = None  # what the board may decide, for this customer
    glossary: GlossaryView | None = None  # the method's terms in this language
    practice: PracticeView | None = None  # deputies, time, decisions by e-mail
    deadline: DeadlineView | None = None  # a date the board must not miss: the timeline's flag
    ladder: list[RungView] = field(default_factory=list)  # decision rights, highest level first
    # the first meeting's resolutions and next steps (the library's first decision's where no
    # meeting is planned yet)
    resolutions: list[ResolutionView] = field(default_factory=list)
    next_steps: list[StepView] = field(default_factory=list)
    # where the guide treats each role and decision point, by its heading: filled in by the
    # build where a guide is made from the same view (its number and estimated page)
    guide: dict[str, GuideSection] = field(default_factory=dict)

    def variables(self) -> dict[str, object]:
        """Return the template's top-level names: this view's fields, not copied."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}
