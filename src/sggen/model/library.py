"""A method library's model: its roles (`roles/<method>/<role>.yaml`) and its board file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sggen.model.fields import Action, Amount, Id, Text, about
from sggen.model.glossary import Glossary
from sggen.model.governance import TopicWording
from sggen.model.practice import MEETINGS, DeputyRule, EmailDecisions, MeetingAction, TimeCommitment

ITEM_ID = "The item's id, unique within the role: a project drops or replaces the item by it."


@dataclass
class Item:
    """One entry of a list that a project may change by its id."""

    id: Id = about(ITEM_ID, examples=["business-case"])
    text: Text = about("The item in full, as the guide and the role's card say it.",
                       examples=[{"fi": "Vastaa liiketoimintaperusteesta.",
                                  "sv": "Ansvarar för affärsgrunden.",
                                  "en": "Owns the Business Case."}])
    key: bool = about("One of the few a member must know: shown on the role's tile and card.",
                      False)
    required: bool = about("A core item: a project may not drop or replace it.", False)
    short: Text | None = about("The item in two to five words, for tiles (a key item has one).",
                               None, examples=[{"fi": "Omistaa liiketoimintaperusteen",
                                                "sv": "Äger Business Case",
                                                "en": "Owns the Business Case"}])


@dataclass
class Task:
    """What a role does at one decision point."""

    id: Id = about(ITEM_ID, examples=["approve-pid"])
    at: Id = about("The decision point (an id from board.yaml decisions) the task belongs to.",
                   examples=["authorize-project"])
    text: Text = about("The task in full, as the guide and the role's card say it.")
    key: bool = about("One of the few a member must know: shown on the role's tile and card.",
                      False)
    required: bool = about("A core task: a project may not drop or replace it.", False)
    short: Text | None = about("The task in two to five words, for tiles.", None)


@dataclass
class Count:
    """How many people a project names in a role."""

    min: int = about("The fewest people a project names in the role.", 0)
    max: int | None = about("The most people a project names in the role (omitted: any number).",
                            None)


@dataclass
class ChartPlace:
    """Where a role stands in the organisation chart."""

    row: Id = about("The chart row (an id from board.yaml chart) the role stands in.",
                    examples=["board"])
    side: bool = about("Drawn at the side of its row, as a supporting role.", False)


@dataclass
class Combinations:
    """Which other roles the same person may hold."""

    allowed: list[Id] = about("Role ids the same person may also hold.", factory=list)
    discouraged: list[Id] = about("Role ids the same person may hold but is advised not to: a "
                                  "project doing it gets a warning.", factory=list)
    forbidden: list[Id] = about("Role ids the same person must not hold.", factory=list)


@dataclass
class Area:
    """An area that one of a role's people covers (assurance: business, user, supplier)."""

    id: Id = about("The area's id, which a person in the role gives as area.",
                   examples=["business"])
    name: Text = about("The area as the documents name it.")
    reports_to: Id = about("The role (its id) whom the person covering the area reports to.")
    meetings: dict[Id, MeetingAction] = about(MEETINGS + " For this area's person.",
                                              factory=dict)


@dataclass
class Role:
    """`roles/<method>/<role>.yaml`."""

    id: Id = about("The role's id: the file's name without .yaml, and what projects name it by "
                   "under people: and changes:.", examples=["data-protection-officer"])
    order: int = about("The role's place in the documents, smallest first.", examples=[10])
    term: str = about("The method's own English term for the role, shown beside its local name.",
                      examples=["Data Protection Officer"])
    name: Text = about("The role's name in each language.",
                       examples=[{"fi": "Tietosuojavastaava", "sv": "Dataskyddsombud",
                                  "en": "Data Protection Officer"}])
    purpose: Text = about("What the role is for, in one paragraph.")
    summary: Text | None = about("The purpose in one short line, for tiles and cards.", None)
    notes: Text | None = about("What the presenter says about the role: two to four sentences.",
                               None)
    on_board: bool = about("Sits on the board (and is invited to its meetings).", False)
    invited: bool = about("Invited to the board's meetings though not on the board.", False)
    fallback: Id | None = about("Who does the role's part when a project names nobody for it: "
                                "a role id, or board.", None)
    in_deck: bool = about("Gets a slide of its own in the deck.", True)
    people: Count = about("How many people a project names in the role.", factory=Count,
                          examples=[{"min": 1, "max": 1}])
    appointed_by: Id | None = about("The role (its id) that appoints people to this one.", None)
    chart: ChartPlace | None = about("Where the role stands in the organisation chart (omitted: "
                                     "not in the chart).", None)
    combinations: Combinations = about("Which other roles the same person may hold.",
                                       factory=Combinations)
    areas: list[Area] = about("The areas the role's people each cover (only for a role such as "
                              "assurance).", factory=list)
    responsibilities: list[Item] = about("What the role is accountable for, as items.",
                                         factory=list)
    tasks: list[Task] = about("What the role does at the decision points, as items.",
                              factory=list)
    meetings: dict[Id, MeetingAction] = about(MEETINGS, factory=dict)
    deputy: DeputyRule | None = about("Who stands in for the role's person, and whether the "
                                      "deputy may decide.", None)
    time: TimeCommitment | None = about("What the role takes of its person's time, in hours.",
                                        None, examples=[{"per_meeting": 4, "per_month": 3}])
    governance: Id | None = about("The governance topic (an id from sggen.yaml customer types) "
                                  "whose line the role's card shows (default: the first).", None,
                                  examples=["conflicts-of-interest"])


@dataclass
class BoardInfo:
    """What the board is called, why it exists and how it works."""

    name: Text = about("What the board is called.",
                       examples=[{"fi": "Ohjausryhmä", "sv": "Styrgrupp",
                                  "en": "Project Board"}])
    purpose: Text = about("Why the board exists, in one paragraph.")
    principles: list[Item] = about("How the board works, as items: four of them key, each with a "
                                   "short title.", factory=list)
    chair: Id | None = about("The role (its id) that chairs the board and takes its decisions: "
                             "the board does not vote.", None, examples=["executive"])


Schedule = Literal["once", "repeats", "on-demand"]


@dataclass
class Decision:
    """A decision point of the life cycle."""

    id: Id = about("The decision point's id, which tasks (at:), the matrix and meetings name.",
                   examples=["authorize-project"])
    name: Text = about("The decision point's name.")
    when: Text = about("When the decision is taken, in one sentence.")
    decides: Text = about("What the board decides, in one sentence.")
    short: Text | None = about(
        "The decision in two or three words, for the timeline's meeting labels (default: its "
        "name); {stage} stands for the stage the meeting closes.", None,
        examples=[{"fi": "{stage} päättyy", "sv": "{stage} avslutas", "en": "{stage} ends"}])
    # Where the decision falls in the life cycle, in the order of board.yaml: once, at the
    # meetings between (a stage boundary), or only when asked (not planned for a meeting).
    schedule: Schedule = about("When it is planned: once; repeats (at every meeting between, "
                               "e.g. a stage boundary); on-demand (never planned).", "once")
    receives: list[Id] = about("The documents (ids from documents:) the board receives for it.",
                               factory=list, examples=[["project-brief"]])
    notes: Text | None = about("What the presenter says about the decision point: two to four "
                               "sentences.", None)


@dataclass
class DocumentKind:
    """A management product the board sees."""

    id: Id = about("The document's id, which decisions (receives:) and the matrix name.",
                   examples=["project-brief"])
    name: Text = about("The document's name.")
    purpose: Text = about("What the document is for, in one sentence.")


@dataclass
class Tolerance:
    """A kind of tolerance the board sets."""

    id: Id = about("The tolerance's id, which a project sets under tolerances:.",
                   examples=["cost"])
    name: Text = about("The tolerance's name.")
    meaning: Text = about("What the tolerance means, in one sentence.")


@dataclass
class Meetings:
    """How the board meets."""

    practice: list[Item] = about("How meetings are run (papers beforehand, minutes …), as "
                                 "items.", factory=list)
    agenda: list[Item] = about("The usual agenda, in order, as items.", factory=list)
    organiser: Id | None = about("The role (its id) that calls the meetings and sends the "
                                 "invitation.", None)
    email: EmailDecisions | None = about("How the board decides by e-mail between meetings.",
                                         None)
    shares: dict[Id, Amount] = about("Agenda item id -> its share of a meeting's time, which "
                                     "the agenda turns into start times (default: 1 each).",
                                     factory=dict, examples=[{"opening": 1, "decisions": 6}])


BOARD_OR_ROLE = "a role id, or board (the board as a body: its chair takes the decision)"


@dataclass
class ExceptionPlan:
    """Who approves the plan that replaces one a level's tolerances would no longer hold."""

    approved_by: Id = about("Who approves it: " + BOARD_OR_ROLE + ".", examples=["board"])
    document: Id | None = about("The plan's document (an id from documents:); the matrix must "
                                "give its approval to the same role.", None,
                                examples=["exception-plan"])


@dataclass
class Breach:
    """Who tells the level above that a tolerance is forecast to be exceeded, and in which
    document."""

    role: Id = about("The role (its id) that reports it.", examples=["project-manager"])
    document: Id | None = about("The document it is reported in (an id from documents:).", None,
                                examples=["exception-report"])


@dataclass
class Level:
    """One level of management by exception, from the lowest up: who sets its tolerances, who
    decides within them, who approves an exception plan."""

    id: Id = about("The level's id.", examples=["work-package"])
    name: Text = about("The level in one or two words: work package, stage, project, "
                       "organisation.")
    sets: Id = about("Who sets this level's tolerances: " + BOARD_OR_ROLE + ".",
                     examples=["board"])
    decided_by: Id = about("Who decides within them, day to day: " + BOARD_OR_ROLE + ".",
                           examples=["project-manager"])
    text: Text = about("The level in one sentence (up to 16 words) naming who sets and who "
                       "decides: the escalation slide shows it.")
    exception_plan: ExceptionPlan | None = about("Who approves an exception plan at this level "
                                                 "(omitted: there is none).", None)
    reported_by: Breach | None = about("Who reports a forecast breach upwards, and how "
                                       "(omitted: at the top).", None)
    escalates_to: Id | None = about("The level (its id) a forecast breach goes to (omitted: at "
                                    "the top).", None, examples=["project"])


@dataclass
class MatrixRow:
    """Who does what with one decision or document."""

    item: Id = about("A decision id or a document id.", examples=["authorize-project"])
    roles: dict[Id, Action] = about("Role id -> what the role does with it: approves, reviews, "
                                    "produces or informed.")


@dataclass
class ChartLevel:
    """One level of the organisation chart, top to bottom."""

    id: Id = about("The row's id, which roles name as chart.row.", examples=["board"])
    frame: bool = about("Drawn framed: titled with title, else with the board's name.", False)
    title: Text | None = about("The framed row's title (default: the board's name).", None)


@dataclass
class Release:
    """One entry of the library's changelog."""

    version: str = about("The library's version (quote it: it is text).", examples=["2.0"])
    date: dt.date = about("The release's date, year-month-day.", examples=["2026-12-01"])
    text: Text = about("What changed, in a few sentences.")


@dataclass
class WorkingDays:
    """A length in working days: Monday to Friday, not the public holidays of the country in
    sggen.yaml."""

    working_days: int = about("How many working days.", examples=[5])


@dataclass
class Interval:
    """A length of time in months or in weeks: give one of them."""

    months: int | None = about("How many months.", None, examples=[2])
    weeks: int | None = about("How many weeks.", None, examples=[4])


@dataclass
class Boundary:
    """When a meeting counts as at a stage's end: that stage's boundary, where the board decides
    on it and on the next."""

    before: WorkingDays = about("A meeting this many working days before the stage ends, or "
                                "fewer, is at its end.", factory=lambda: WorkingDays(5),
                                examples=[{"working_days": 5}])
    after: WorkingDays = about("A meeting this many working days after the stage ends, or "
                               "fewer, is at its end; so is any meeting before the next stage "
                               "begins.", factory=lambda: WorkingDays(5),
                               examples=[{"working_days": 5}])


@dataclass
class During:
    """The part of the life cycle a fixed interval applies to: between two decisions."""

    after: Id = about("From the meeting that takes this decision (an id from decisions).",
                      examples=["ready-for-executing"])
    until: Id = about("To the meeting that takes this decision.",
                      examples=["ready-for-closing"])


@dataclass
class Rhythm:
    """How often the board meets: the events that always call a meeting, and a fixed interval
    beside them."""

    events: list[Item] = about("What makes the board meet, as items whose text completes the "
                               "sentence 'the board meets …' (at the end of a stage, on an "
                               "exception …).", factory=list)
    every: Interval | None = about("A fixed interval: the board meets at least this often "
                                   "(omitted: only on the events).", None,
                                   examples=[{"months": 2}])
    only_if_longer_than: Interval | None = about(
        "The fixed interval applies only where the meetings would otherwise be further apart "
        "than this (omitted: always).", None, examples=[{"months": 3}])
    during: During | None = about("The fixed interval applies only between these two "
                                  "decisions (omitted: throughout).", None)
    leeway: WorkingDays = about("A meeting this many working days later than the interval "
                                "still keeps the rhythm (the day is chosen to suit the members).",
                                factory=lambda: WorkingDays(0), examples=[{"working_days": 5}])


@dataclass
class Calendar:
    """The board's calendar as data: which decision each meeting takes, from the project's
    stages; when a meeting is at a stage's end; how often the board meets; the papers' lead
    time. sggen checks every project's dates against it."""

    first_meeting: Id | None = about("The decision of the first meeting (the kickoff).", None,
                                     examples=["authorize-initiation"])
    stage_ends: list[Id] = about("The decision taken at the end of the first, second, … stage; "
                                 "the last one listed is taken at every later stage end.",
                                 factory=list,
                                 examples=[["authorize-project", "authorize-stage"]])
    last_stage_end: Id | None = about("The decision taken at the end of the last stage "
                                      "(closure).", None, examples=["authorize-closure"])
    between: Id | None = about("The decision of any other meeting: a progress review.", None,
                               examples=["give-ad-hoc-direction"])
    boundary: Boundary = about("When a meeting counts as at a stage's end.", factory=Boundary)
    papers: WorkingDays | None = about("How many working days before a meeting its agenda and "
                                       "decision papers go out, at the latest.", None,
                                       examples=[{"working_days": 5}])
    rhythm: Rhythm | None = about("How often the board meets.", None)


@dataclass
class Procurement:
    """Who may bid when a project procures: a board member from a possible bidder is
    disqualified from the tender the board prepares."""

    supplier_roles: list[Id] = about("The roles (ids) that speak for the supplier side: the "
                                     "organisations of their people may bid.", factory=list,
                                     examples=[["senior-supplier"]])


@dataclass
class Board:
    """`roles/<method>/board.yaml`."""

    name: Text = about("The method's name.", examples=["PRINCE2"])
    board: BoardInfo = about("What the board is called, why it exists and how it works.")
    decisions: list[Decision] = about("The decision points, in life-cycle order.")
    version: str | None = about("The library's own version, shown on every document (quote "
                                "it).", None, examples=["2.0"])
    edition: Text | None = about("The method edition the library follows.", None,
                                 examples=["PRINCE2 7 (2023)"])
    changelog: list[Release] = about("The library's releases, newest first.", factory=list)
    documents: list[DocumentKind] = about("The management products the board sees.",
                                          factory=list)
    tolerances: list[Tolerance] = about("The kinds of tolerance a project sets.", factory=list)
    exceptions: list[Item] = about("Management by exception and escalation, as items.",
                                   factory=list)
    levels: list[Level] = about("The escalation ladder, lowest level first.", factory=list)
    governance: dict[Id, dict[Id, TopicWording]] = about(
        "The method's own wording of governance topics, where its board is named otherwise: "
        "customer type id -> topic id -> texts.", factory=dict)
    meetings: Meetings = about("How the board meets.", factory=Meetings)
    matrix: list[MatrixRow] = about("Who does what with each decision or document.",
                                    factory=list)
    chart: list[ChartLevel] = about("The rows of the organisation chart, top to bottom.",
                                    factory=list)
    calendar: Calendar = about("The board's calendar as data: the decision each meeting takes "
                               "from the stages, the papers' lead time, the meeting rhythm.",
                               factory=Calendar)
    procurement: Procurement = about("Which roles speak for the supplier side when a project "
                                     "procures.", factory=Procurement)


@dataclass
class Library:
    """One method: its board file and its roles in document order."""

    method: str
    board: Board
    roles: list[Role]
    strings: dict = field(default_factory=dict)  # the method's own template strings
    glossary: Glossary = field(default_factory=Glossary)  # the method's terms
    files: dict[str, str] = field(default_factory=dict)  # role id -> its file, for messages

    def role(self, role_id: str) -> Role | None:
        """Return the role with this id, or None."""
        return next((r for r in self.roles if r.id == role_id), None)
