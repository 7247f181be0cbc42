"""The typed model of workspace settings, method library and project; no I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Literal, NewType, Union

Id = NewType("Id", str)
"""A stable identifier: lower-case letters, digits and '-'."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Text = NewType("Text", object)
"""A plain string used in every language, or a mapping language -> string."""

Action = Literal["approves", "reviews", "produces", "informed"]
ACTIONS: tuple[str, ...] = typing.get_args(Action)


def _list() -> typing.Any:
    return field(default_factory=list)


def _dict() -> typing.Any:
    return field(default_factory=dict)


# --- workspace -------------------------------------------------------------------------------


@dataclass
class CustomerType:
    id: Id
    name: Text
    note: Text | None = None


@dataclass
class Layout:
    min_font_pt: int = 14


@dataclass
class MeetingDefaults:
    """When board meetings start and how long they last, unless a project says otherwise."""

    time: str = "13:00"  # HH:MM, local time
    minutes: int = 120
    timezone: str = "Europe/Helsinki"


@dataclass
class Settings:
    """`sggen.yaml`."""

    organisation: Text
    languages: list[Id]
    language: Id
    method: Id
    layout: Layout = field(default_factory=Layout)
    meetings: MeetingDefaults = field(default_factory=MeetingDefaults)
    # the language tag written on every text, by language (what a screen reader and a spelling
    # checker read); a language not listed is tagged with its own code
    locales: dict[Id, str] = field(default_factory=lambda: {"fi": "fi-FI", "sv": "sv-FI",
                                                            "en": "en-GB"})
    customer_types: list[CustomerType] = _list()


# --- method library --------------------------------------------------------------------------


@dataclass
class Item:
    id: Id
    text: Text
    key: bool = False  # one of the few a member must know: shown on the role's tile and card
    required: bool = False  # a project may not drop or replace it
    short: Text | None = None  # the item in a few words, for tiles (key items should have one)


@dataclass
class Task:
    id: Id
    at: Id
    text: Text
    key: bool = False
    required: bool = False
    short: Text | None = None


@dataclass
class Count:
    min: int = 0
    max: int | None = None


@dataclass
class ChartPlace:
    row: Id
    side: bool = False


@dataclass
class Combinations:
    allowed: list[Id] = _list()
    discouraged: list[Id] = _list()  # allowed, but a project doing it gets a warning
    forbidden: list[Id] = _list()


@dataclass
class Area:
    id: Id
    name: Text
    reports_to: Id


@dataclass
class Role:
    """`roles/<method>/<role>.yaml`."""

    id: Id
    order: int
    term: str
    name: Text
    purpose: Text
    summary: Text | None = None  # the purpose in one line, for tiles and cards
    notes: Text | None = None  # what the presenter says about the role
    on_board: bool = False
    invited: bool = False  # invited to board meetings though not on the board (default: members)
    fallback: Id | None = None  # who does the role's part when nobody holds it (a role, or board)
    in_deck: bool = True
    people: Count = field(default_factory=Count)
    appointed_by: Id | None = None
    chart: ChartPlace | None = None
    combinations: Combinations = field(default_factory=Combinations)
    areas: list[Area] = _list()
    responsibilities: list[Item] = _list()
    tasks: list[Task] = _list()


@dataclass
class BoardInfo:
    name: Text
    purpose: Text
    principles: list[Item] = _list()


Schedule = Literal["once", "repeats", "on-demand"]


@dataclass
class Decision:
    id: Id
    name: Text
    when: Text
    decides: Text
    # Where the decision falls in the life cycle, in the order of board.yaml: once, at the
    # meetings between (a stage boundary), or only when asked (not planned for a meeting).
    schedule: Schedule = "once"
    receives: list[Id] = _list()
    notes: Text | None = None  # what the presenter says about the decision point


@dataclass
class DocumentKind:
    id: Id
    name: Text
    purpose: Text


@dataclass
class Tolerance:
    id: Id
    name: Text
    meaning: Text


@dataclass
class Meetings:
    practice: list[Item] = _list()
    agenda: list[Item] = _list()
    organiser: Id | None = None  # the role that calls the meetings and sends the invitation


@dataclass
class Level:
    """One level of management by exception, from the lowest up: who decides there."""

    id: Id
    name: Text  # e.g. work package, stage, project, corporate
    who: Id  # the role that sets the limits at this level and decides within them
    text: Text  # what is decided there, and when it goes up a level (one sentence)


@dataclass
class MatrixRow:
    item: Id
    roles: dict[Id, Action]


@dataclass
class ChartLevel:
    """One level of the organisation chart, top to bottom."""

    id: Id
    frame: bool = False  # drawn framed: titled with `title`, else with the board's name
    title: Text | None = None


@dataclass
class Release:
    """One entry of the library's changelog."""

    version: str
    date: dt.date
    text: Text


@dataclass
class Board:
    """`roles/<method>/board.yaml`."""

    name: Text
    board: BoardInfo
    decisions: list[Decision]
    version: str | None = None  # the library's own version, shown on every document
    edition: Text | None = None  # the method edition the library follows, e.g. PRINCE2 7
    changelog: list[Release] = _list()
    documents: list[DocumentKind] = _list()
    tolerances: list[Tolerance] = _list()
    exceptions: list[Item] = _list()
    levels: list[Level] = _list()  # the escalation ladder, lowest first
    meetings: Meetings = field(default_factory=Meetings)
    matrix: list[MatrixRow] = _list()
    chart: list[ChartLevel] = _list()


@dataclass
class Library:
    """One method: its board file and its roles in document order."""

    method: str
    board: Board
    roles: list[Role]
    strings: dict = field(default_factory=dict)  # the method's own template strings
    files: dict[str, str] = field(default_factory=dict)  # role id -> its file, for messages

    def role(self, role_id: str) -> Role | None:
        """Return the role with this id, or None."""
        return next((r for r in self.roles if r.id == role_id), None)


# --- project ---------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    title: Text | None = None
    organisation: Text | None = None
    email: str | None = None
    phone: str | None = None
    area: Id | None = None


@dataclass
class Customer:
    name: Text
    type: Id


@dataclass
class ChangeAuthority:
    delegated_to: Id
    limit_per_change: Text | None = None
    limit_per_stage: Text | None = None


@dataclass
class Meeting:
    """One board meeting, where it differs from the project's defaults."""

    date: dt.date
    decisions: list[Id] | None = None  # default: from the meeting's place in the life cycle
    time: str | None = None
    minutes: int | None = None
    place: Text | None = None


@dataclass
class ProjectMeetings:
    cadence: Text | None = None
    place: Text | None = None
    url: str | None = None  # the online meeting's link
    time: str | None = None  # HH:MM; default: sggen.yaml meetings.time
    minutes: int | None = None
    invitees: list[Id] | None = None  # role ids; default: the board, assurance, PM, support
    dates: list[Union[dt.date, Meeting]] = _list()  # noqa: UP007 - read by get_type_hints

    def meetings(self) -> list[Meeting]:
        """Return every meeting as a Meeting, in the order given."""
        return [d if isinstance(d, Meeting) else Meeting(d) for d in self.dates]


@dataclass
class Stage:
    name: Text
    start: dt.date
    end: dt.date


@dataclass
class NewItem:
    id: Id
    text: Text
    at: Id | None = None


@dataclass
class Change:
    add: list[NewItem] = _list()
    replace: dict[Id, Text] = _dict()
    drop: list[Id] = _list()


@dataclass
class Stamp:
    """What a document says about its own issue: version, status, date and owner."""

    version: str = "1.0"
    status: Literal["draft", "approved"] = "draft"
    date: dt.date | None = None
    owner: Text | None = None  # default: the organisation (the PMO)


@dataclass
class Project:
    """`projects/<id>.yaml`."""

    name: Text
    customer: Customer
    people: dict[Id, Union[Person, list[Person]]]  # noqa: UP007 - read by get_type_hints
    code: str | None = None
    method: Id | None = None
    language: Id | None = None
    languages: list[Id] | None = None
    purpose: Text | None = None  # what the project is for, in one sentence (the deck)
    summary: Text | None = None  # what it delivers, in a paragraph (the guide)
    budget: Text | None = None
    document: Stamp = field(default_factory=Stamp)
    requests: list[Text] = _list()  # what the board is asked to decide at the kickoff
    change_authority: ChangeAuthority | None = None
    tolerances: dict[Id, Text] = _dict()
    highlight_reports: Text | None = None
    meetings: ProjectMeetings = field(default_factory=ProjectMeetings)
    stages: list[Stage] = _list()
    changes: dict[Id, Change] = _dict()

    def people_in(self, role_id: str) -> list[Person]:
        """Return the people named in a role, as a list (one person or none included)."""
        value = self.people.get(role_id, [])
        return value if isinstance(value, list) else [value]


Strings = dict[str, Text]
"""`templates/strings.yaml`: the fixed words of the templates."""


# --- JSON Schema -----------------------------------------------------------------------------


def json_schema(cls: type, languages: list[str], title: str) -> dict:
    """Return a JSON Schema (draft 2020-12) for YAML files that hold a `cls`."""
    schema = _schema_of(cls, languages)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def _schema_of(tp: object, languages: list[str]) -> dict:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Id:
        return {"type": "string", "pattern": ID_PATTERN}
    if tp is Text:
        local = {
            "type": "object",
            "properties": {lang: {"type": "string"} for lang in languages},
            "required": list(languages),
            "additionalProperties": False,
        }
        return {"anyOf": [{"type": "string"}, local]}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _schema_of(args[0], languages)}
    if origin is dict:
        # ids are lower-case with '-'; other keys (the templates' words) may hold '_'
        keys = ID_PATTERN if args[0] is Id else r"^[a-z][a-z0-9_]*$"
        return {
            "type": "object",
            "propertyNames": {"pattern": keys},
            "additionalProperties": _schema_of(args[1], languages),
        }
    if origin in (Union, types.UnionType):
        options = [_schema_of(a, languages) for a in args if a is not type(None)]
        return options[0] if len(options) == 1 else {"anyOf": options}
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = dataclasses.fields(tp)
        doc = " ".join((tp.__doc__ or "").split())
        described = {"description": doc} if doc and not doc.startswith(tp.__name__ + "(") \
            else {}
        return {
            **described,
            "type": "object",
            "properties": {f.name: _schema_of(hints[f.name], languages) for f in fields},
            "required": [f.name for f in fields if required(f)],
            "additionalProperties": False,
        }
    raise TypeError(f"no schema for {tp!r}")


def required(f: dataclasses.Field) -> bool:
    """Return whether a model field has no default (must be given)."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
