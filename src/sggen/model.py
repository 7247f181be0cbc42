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


def about(description: str, default: object = dataclasses.MISSING, *,
          factory: typing.Callable[[], object] | typing.Any = dataclasses.MISSING,
          examples: list | None = None) -> typing.Any:
    """Return a model field that says what it means to the person editing the YAML file, with
    examples of its value where their form is not obvious: the editor schemas show both."""
    meta = {"description": description, **({"examples": examples} if examples else {})}
    return field(default=default, default_factory=factory, metadata=meta)


# --- workspace -------------------------------------------------------------------------------


@dataclass
class CustomerType:
    """A legal form of customer, and what it means for the board."""

    id: Id = about("The customer type's id, which a project gives as customer.type.",
                   examples=["city-department"])
    name: Text = about("The customer type as the documents name it.",
                       examples=[{"fi": "Kaupungin toimiala", "sv": "Stadens sektor",
                                  "en": "City department"}])
    note: Text | None = about("What this form of customer means for the board (optional).", None)


@dataclass
class Layout:
    """How the slides are laid out."""

    min_font_pt: int = about("The smallest type size on a slide, in points: text that would "
                             "need smaller type continues on a new slide.", 14, examples=[14])


@dataclass
class MeetingDefaults:
    """When board meetings start and how long they last, unless a project says otherwise."""

    time: str = about("The time of day board meetings start, HH:MM in local time (quote it).",
                      "13:00", examples=["13:00"])
    minutes: int = about("How long a board meeting lasts, in minutes.", 120, examples=[120])
    timezone: str = about("The time zone of the meeting times, as in the tz database.",
                          "Europe/Helsinki", examples=["Europe/Helsinki"])


@dataclass
class Settings:
    """`sggen.yaml`."""

    organisation: Text = about(
        "The organisation whose PMO keeps the library: named on every document.",
        examples=[{"fi": "Kaupungin IT-palvelukeskus", "sv": "Stadens IT-servicecentral",
                   "en": "City IT Service Centre"}])
    languages: list[Id] = about("Every language the documents are written in: each text of "
                                "the library gives each of them.", examples=[["fi", "sv", "en"]])
    language: Id = about("The language a project's documents are written in unless it says "
                         "otherwise.", examples=["fi"])
    method: Id = about("The method a project follows unless it says otherwise: its library "
                       "is roles/<method>/.")
    layout: Layout = about("How the slides are laid out.", factory=Layout)
    meetings: MeetingDefaults = about("When board meetings start and how long they last, "
                                      "unless a project says otherwise.", factory=MeetingDefaults)
    # what a screen reader and a spelling checker read
    locales: dict[Id, str] = about(
        "The language tag written on every text, by language; a language not listed is tagged "
        "with its own code.", factory=lambda: {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"},
        examples=[{"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}])
    customer_types: list[CustomerType] = about("The legal forms of the projects' customers.",
                                               factory=list)


# --- method library --------------------------------------------------------------------------


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


@dataclass
class BoardInfo:
    """What the board is called, why it exists and how it works."""

    name: Text = about("What the board is called.",
                       examples=[{"fi": "Ohjausryhmä", "sv": "Styrgrupp",
                                  "en": "Project Board"}])
    purpose: Text = about("Why the board exists, in one paragraph.")
    principles: list[Item] = about("How the board works, as items: four of them key, each with a "
                                   "short title.", factory=list)


Schedule = Literal["once", "repeats", "on-demand"]


@dataclass
class Decision:
    """A decision point of the life cycle."""

    id: Id = about("The decision point's id, which tasks (at:), the matrix and meetings name.",
                   examples=["authorize-project"])
    name: Text = about("The decision point's name.")
    when: Text = about("When the decision is taken, in one sentence.")
    decides: Text = about("What the board decides, in one sentence.")
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


@dataclass
class Level:
    """One level of management by exception, from the lowest up: who decides there."""

    id: Id = about("The level's id.", examples=["work-package"])
    name: Text = about("The level in one or two words: work package, stage, project, corporate.")
    who: Id = about("The role (its id) that sets the limits at this level and decides within "
                    "them.")
    text: Text = about("What is decided at this level, and when it goes up a level (one "
                       "sentence).")


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
    meetings: Meetings = about("How the board meets.", factory=Meetings)
    matrix: list[MatrixRow] = about("Who does what with each decision or document.",
                                    factory=list)
    chart: list[ChartLevel] = about("The rows of the organisation chart, top to bottom.",
                                    factory=list)


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
    """The person who sits in a role: name, title, organisation and how to reach them."""

    name: str = about("The person's name as the documents show it.",
                      examples=["Helena Korhonen"])
    title: Text | None = about("The person's job title.", None,
                               examples=["Varhaiskasvatusjohtaja"])
    organisation: Text | None = about("The organisation the person works for.", None)
    email: str | None = about("The person's e-mail address: on the contacts and the "
                              "invitation.", None, examples=["helena.korhonen@example.fi"])
    phone: str | None = about("The person's phone number.", None, examples=["+358 40 123 4567"])
    area: Id | None = about("The area the person covers, an id from the role's areas "
                            "(assurance).", None, examples=["business"])


@dataclass
class Customer:
    """Whom the project is for."""

    name: Text = about("The customer's name.", examples=["Kasvatuksen ja koulutuksen toimiala"])
    type: Id = about("The customer's legal form: an id from sggen.yaml customer_types.",
                     examples=["city-department"])


@dataclass
class ChangeAuthority:
    """Who may approve changes without the board, and up to what limits."""

    delegated_to: Id = about("The role (its id), or board, that approves changes within the "
                             "limits.")
    limit_per_change: Text | None = about("The most one change may cost.", None,
                                          examples=["5 000 €"])
    limit_per_stage: Text | None = about("The most the changes of one stage may cost together.",
                                         None, examples=["20 000 €"])


@dataclass
class Meeting:
    """One board meeting, where it differs from the project's defaults."""

    date: dt.date = about("The meeting's date, year-month-day.", examples=["2027-03-11"])
    decisions: list[Id] | None = about("The decision points (ids from board.yaml) taken at this "
                                       "meeting (default: from its place in the life cycle).",
                                       None, examples=[["authorize-project"]])
    time: str | None = about("When this meeting starts, HH:MM (quote it).", None,
                             examples=["09:00"])
    minutes: int | None = about("How long this meeting lasts, in minutes.", None)
    place: Text | None = about("Where this meeting is held.", None, examples=["Teams"])


@dataclass
class ProjectMeetings:
    """When and where the board meets."""

    cadence: Text | None = about("How often the board meets, in words.", None)
    place: Text | None = about("Where the board meets.", None)
    url: str | None = about("The online meeting's link.", None,
                            examples=["https://meet.example.fi/ohjausryhma"])
    time: str | None = about("When meetings start, HH:MM (default: sggen.yaml meetings.time).",
                             None, examples=["13:00"])
    minutes: int | None = about("How long meetings last, in minutes (default: sggen.yaml).", None)
    invitees: list[Id] | None = about("The roles (ids) invited (default: the board, assurance, "
                                      "the Project Manager, support).", None)
    dates: list[Union[dt.date, Meeting]] = about(  # noqa: UP007 - read by get_type_hints
        "The meeting dates in order: a date (year-month-day), or a meeting with its own details.",
        factory=list, examples=[["2027-01-14", {"date": "2027-03-11", "time": "09:00"}]])

    def meetings(self) -> list[Meeting]:
        """Return every meeting as a Meeting, in the order given."""
        return [d if isinstance(d, Meeting) else Meeting(d) for d in self.dates]


@dataclass
class Stage:
    """One management stage of the project."""

    name: Text = about("The stage's name.", examples=["Käynnistys"])
    start: dt.date = about("The stage's first day, year-month-day.", examples=["2027-01-01"])
    end: dt.date = about("The stage's last day, year-month-day.", examples=["2027-03-31"])


@dataclass
class NewItem:
    """A project's own item added to a role."""

    id: Id = about("The new item's id, unique within the role.", examples=["procurement-rules"])
    text: Text = about("The item in full.")
    at: Id | None = about("A decision point id: the item is then a task at it, else a "
                          "responsibility.", None, examples=["authorize-project"])


@dataclass
class Change:
    """A project's changes to one role of the library, by item id."""

    add: list[NewItem] = about("Items of this project's own, added to the role.", factory=list)
    replace: dict[Id, Text] = about("Item id -> the project's own text in its place (not an "
                                    "item marked required).", factory=dict,
                                    examples=[{"secure-funding": {"fi": "…", "en": "…"}}])
    drop: list[Id] = about("Ids of items this project leaves out (not one marked required).",
                           factory=list, examples=[["balance-interests"]])


@dataclass
class Stamp:
    """What a document says about its own issue: version, status, date and owner."""

    version: str = about("The documents' version (quote it: it is text).", "1.0",
                         examples=["1.0"])
    status: Literal["draft", "approved"] = about("draft or approved.", "draft")
    date: dt.date | None = about("The date of the issue, year-month-day.", None,
                                 examples=["2027-01-08"])
    owner: Text | None = about("Who owns the documents (default: the organisation, the PMO).",
                               None)


@dataclass
class Project:
    """`projects/<id>.yaml`."""

    name: Text = about("The project's name.",
                       examples=["Asiakaspalvelun uudistus",
                                 {"fi": "Asiakaspalvelun uudistus",
                                  "en": "Customer service renewal"}])
    customer: Customer = about("Whom the project is for: name and legal form.")
    people: dict[Id, Union[Person, list[Person]]] = about(  # noqa: UP007 - get_type_hints
        "Who sits in each role: role id -> one person, or a list of people.")
    code: str | None = about("The project's code in the organisation's register.", None,
                             examples=["IT-2027-021"])
    method: Id | None = about("The method the project follows (default: sggen.yaml method).",
                              None)
    language: Id | None = about("The language of the project's documents (default: sggen.yaml "
                                "language).", None, examples=["fi"])
    languages: list[Id] | None = about("The languages the project is built in; its own texts "
                                       "give each of them.", None, examples=[["fi", "sv", "en"]])
    purpose: Text | None = about("What the project is for, in one sentence (the deck).", None)
    summary: Text | None = about("What the project delivers, in a paragraph (the guide).", None)
    budget: Text | None = about("The budget: the total and what it is made of.", None,
                                examples=["480 000 €"])
    document: Stamp = about("The issue of the deck and guide: version, status, date, owner.",
                            factory=Stamp)
    requests: list[Text] = about("What the board is asked to decide at the kickoff.",
                                 factory=list)
    change_authority: ChangeAuthority | None = about(
        "Who may approve changes without the board, and up to what limits.", None)
    tolerances: dict[Id, Text] = about("Tolerance id -> this project's limit, in words.",
                                       factory=dict,
                                       examples=[{"time": "± 2 viikkoa", "cost": "± 10 %"}])
    highlight_reports: Text | None = about("How often the board gets Highlight Reports.", None)
    meetings: ProjectMeetings = about("When and where the board meets, and its meeting dates.",
                                      factory=ProjectMeetings)
    stages: list[Stage] = about("The management stages with their dates.", factory=list)
    changes: dict[Id, Change] = about("Local changes to the library: role id -> items added, "
                                      "replaced and dropped by id.", factory=dict)

    def people_in(self, role_id: str) -> list[Person]:
        """Return the people named in a role, as a list (one person or none included)."""
        value = self.people.get(role_id, [])
        return value if isinstance(value, list) else [value]


Strings = dict[str, Text]
"""`templates/strings.yaml`: the fixed words of the templates."""

STRING = ("One fixed word, heading, label or speaker note of the templates, by the key the "
          "templates use.")


# --- JSON Schema -----------------------------------------------------------------------------


def json_schema(cls: type, languages: list[str], title: str, every_language: bool = True) -> dict:
    """Return a JSON Schema (draft 2020-12) for YAML files that hold a `cls`, each property
    described; a text given per language must give each of `languages` unless not
    `every_language` (a project's own texts give only the project's languages)."""
    schema = _schema_of(cls, languages, languages if every_language else [])
    if cls is Strings:
        schema["additionalProperties"] = {"description": STRING, **schema["additionalProperties"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def _schema_of(tp: object, languages: list[str], required_languages: list[str]) -> dict:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Id:
        return {"type": "string", "pattern": ID_PATTERN}
    if tp is Text:
        local = {
            "description": "One text per language: " + ", ".join(languages) + ".",
            "type": "object",
            "properties": {lang: {"description": f"The text in '{lang}'.", "type": "string"}
                           for lang in languages},
            "required": list(required_languages),
            "minProperties": 1,
            "additionalProperties": False,
        }
        return {"anyOf": [{"description": "The same text in every language.",
                           "type": "string"}, local]}
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
        return {"type": "array", "items": _schema_of(args[0], languages, required_languages)}
    if origin is dict:
        # ids are lower-case with '-'; other keys (the templates' words) may hold '_'
        keys = ID_PATTERN if args[0] is Id else r"^[a-z][a-z0-9_]*$"
        return {
            "type": "object",
            "propertyNames": {"pattern": keys},
            "additionalProperties": _schema_of(args[1], languages, required_languages),
        }
    if origin in (Union, types.UnionType):
        options = [_schema_of(a, languages, required_languages)
                   for a in args if a is not type(None)]
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
            "properties": {f.name: {**_about(f, languages),
                                    **_schema_of(hints[f.name], languages, required_languages)}
                           for f in fields},
            "required": [f.name for f in fields if required(f)],
            "additionalProperties": False,
        }
    raise TypeError(f"no schema for {tp!r}")


def _about(f: dataclasses.Field, languages: list[str]) -> dict:
    """Return a field's description and examples for its schema, each example text given in
    `languages` only (an example is not checked, but it should be what the file may hold)."""
    out = {"description": f.metadata["description"]} if "description" in f.metadata else {}
    if "examples" in f.metadata:
        out["examples"] = [_in(example, languages) for example in f.metadata["examples"]]
    return out


def _in(example: object, languages: list[str]) -> object:
    if isinstance(example, dict) and example and set(example) <= {"fi", "sv", "en"}:
        kept = {k: v for k, v in example.items() if k in languages}
        return kept or next(iter(example.values()))
    if isinstance(example, dict):
        return {k: _in(v, languages) for k, v in example.items()}
    if isinstance(example, list):
        return [_in(v, languages) for v in example]
    return example


def required(f: dataclasses.Field) -> bool:
    """Return whether a model field has no default (must be given)."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
