"""A project's model: `projects/<id>.yaml`, the people in its roles and its own changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union

from sggen.model.fields import Amount, EmailAddress, Id, Text, WebLink, about
from sggen.model.library import Interval


@dataclass
class Deputy:
    """Who stands in for a member who cannot attend."""

    name: str = about("The deputy's name.", examples=["Maria Berg"])
    title: Text | None = about("The deputy's job title.", None)
    organisation: Text | None = about("The organisation the deputy works for.", None)
    email: EmailAddress | None = about("The deputy's e-mail address.", None,
                                       examples=["maria.berg@example.fi"])
    phone: str | None = about("The deputy's phone number.", None)


@dataclass
class Person:
    """The person who sits in a role: name, title, organisation and how to reach them."""

    name: str = about("The person's name as the documents show it.",
                      examples=["Helena Korhonen"])
    title: Text | None = about("The person's job title.", None,
                               examples=["Varhaiskasvatusjohtaja"])
    organisation: Text | None = about("The organisation the person works for.", None)
    email: EmailAddress | None = about("The person's e-mail address: on the contacts and the "
                                       "invitation.", None,
                                       examples=["helena.korhonen@example.fi"])
    phone: str | None = about("The person's phone number.", None, examples=["+358 40 123 4567"])
    area: Id | None = about("The area the person covers, an id from the role's areas "
                            "(assurance).", None, examples=["business"])
    deputy: Deputy | None = about("Who stands in for the person at a meeting they cannot "
                                  "attend.", None)
    hours_per_month: Amount | None = about("The time the role is expected to take of the "
                                           "person, in hours a month, meetings and their "
                                           "preparation included.", None, examples=[4])


@dataclass
class Customer:
    """Whom the project is for."""

    name: Text = about("The customer's name.", examples=["Kasvatuksen ja koulutuksen toimiala"])
    type: Id = about("The customer's legal form: an id from sggen.yaml customer_types.",
                     examples=["city-department"])


@dataclass
class Limit:
    """A limit given as numbers: euros, a percentage, weeks; with its words where they say
    more. Give at least one."""

    euros: Amount | None = about("The limit in euros.", None, examples=[5000])
    percent: Amount | None = about("The limit as a percentage (of the budget, for cost); for a "
                                   "tolerance, how far over the plan.", None, examples=[10])
    weeks: Amount | None = about("The limit in weeks.", None, examples=[3])
    text: Text | None = about("The limit in words, where they say more than the numbers.",
                              None)


Figure = Union[Text, Limit]  # noqa: UP007 - read by get_type_hints
"""A limit in words, or as numbers (with words where they say more)."""


@dataclass
class ChangeAuthority:
    """Who may approve changes without the board, and up to what limits."""

    delegated_to: Id = about("The role (its id), or board, that approves changes within the "
                             "limits.")
    limit_per_change: Figure | None = about("The most one change may cost: a text, or "
                                            "numbers such as {euros: 5000}.", None,
                                            examples=["5 000 €", {"euros": 5000}])
    limit_per_stage: Figure | None = about("The most the changes of one stage may cost "
                                           "together: a text, or numbers.", None,
                                           examples=["20 000 €", {"euros": 10000}])
    budget: Limit | None = about("The change budget: what is set aside for changes over the "
                                 "whole project.", None, examples=[{"euros": 40000}])


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
class ProjectRhythm:
    """This project's fixed interval of meetings, in place of the library's."""

    every: Interval | None = about("The board meets at least this often (omitted: only when "
                                   "there is something to decide).", None,
                                   examples=[{"months": 3}])
    only_if_longer_than: Interval | None = about(
        "The interval applies only where meetings would otherwise be further apart than this "
        "(omitted: always).", None)


@dataclass
class ProjectMeetings:
    """When and where the board meets."""

    cadence: Text | None = about("How often the board meets, in words of the project's own "
                                 "(default: the rhythm, in the library's words).", None)
    rhythm: ProjectRhythm | None = about("This project's fixed interval of meetings, in place of "
                                         "the library's (board.yaml calendar.rhythm).", None)
    place: Text | None = about("Where the board meets.", None)
    url: WebLink | None = about("The online meeting's link, starting https://.", None,
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
    short: Text | None = about("The stage's name in a word or two, for the timeline (default: "
                               "its name).", None, examples=["Määrittely"])
    procurement: bool = about("A tender is prepared or run in this stage: a board member from "
                              "an organisation that may bid is disqualified.", False)


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
class Budget:
    """The project's money, as numbers in euros."""

    investment: Amount | None = about("What the project costs, in euros.", None,
                                      examples=[480000])
    running_per_year: Amount | None = about("What the result costs to run each year after the "
                                            "project, in euros.", None, examples=[62000])
    vat_included: bool | None = about("Whether the amounts include VAT.", None)
    text: Text | None = about("What the money is made of, in words.", None)


@dataclass
class Benefit:
    """One benefit of the Business Case: where it stands now, where it should get to, who
    answers for it and when it is measured."""

    text: Text = about("The benefit: what gets better.",
                       examples=["Hakemusten käsittelyaika lyhenee"])
    baseline: Text = about("Where it stands now (the baseline).",
                           examples=["21 työpäivää (2026)"])
    target: Text = about("Where it should get to (the target).", examples=["13 työpäivää"])
    owner: str | None = about("Who answers for the benefit (a name).", None,
                              examples=["Mikko Laaksonen"])
    measured: Text | None = about("When it is measured.", None,
                                  examples=["keväällä 2029"])


@dataclass
class BusinessCase:
    """The Business Case in brief: the problem and the benefits."""

    problem: Text | None = about("The problem the project solves, in one or two sentences.",
                                 None)
    benefits: list[Benefit] = about("The benefits, each with its baseline and target.",
                                    factory=list)


@dataclass
class Risk:
    """One of the project's top risks."""

    text: Text = about("The risk: what may happen, and what it would cause.")
    owner: str = about("Who owns the risk (a name).", examples=["Antti Järvinen"])
    response: Text | None = about("What is done about it.", None)


@dataclass
class Paper:
    """A paper the board reads before its first meeting."""

    title: Text = about("The paper's title.", examples=["Projektin esittely"])
    version: str | None = about("Its version (quote it: it is text).", None, examples=["0.9"])
    where: Text | None = about("Where to find it.", None,
                               examples=["Teams: Ohjausryhmä › Tiedostot › Kokous 1"])


@dataclass
class Deadline:
    """A date the board must not miss, e.g. the go-live before an application period opens."""

    date: dt.date = about("The date, year-month-day.", examples=["2028-01-10"])
    text: Text = about("What falls due on it, in a few words: the timeline's flag says it.",
                       examples=[{"fi": "Kevään hakukausi alkaa", "en": "Spring applications "
                                  "open"}])


@dataclass
class Decided:
    """What the board decided at one of its past meetings: the minutes' record, which later
    meetings' packs show as the decisions so far."""

    date: dt.date = about("The meeting's date, year-month-day: one of meetings.dates.",
                          examples=["2027-01-14"])
    decision: Id = about("The decision point taken (an id from board.yaml), one of those the "
                         "meeting takes.", examples=["authorize-initiation"])
    outcome: Literal["approved", "approved-with-changes", "rejected", "deferred"] = about(
        "What the board decided: approved, approved-with-changes, rejected or deferred.",
        "approved")
    text: Text | None = about("The resolution in the minutes' words.", None)


@dataclass
class Placing:
    """Where one meeting falls in the life cycle, as the calendar rules found it from the
    stages (worked out when the project is read; not written in the file)."""

    kind: Literal["first", "boundary", "closure", "review"]
    decisions: list[str]  # the decision ids it takes
    stage: int | None = None  # the stage whose end it is


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
    budget: Union[Text, Budget] | None = about(  # noqa: UP007 - read by get_type_hints
        "The budget: a text, or numbers in euros (investment, running_per_year, vat_included) "
        "with a text.", None, examples=["480 000 €", {"investment": 480000,
                                                       "running_per_year": 62000,
                                                       "vat_included": False}])
    business_case: BusinessCase | None = about("The Business Case in brief: the problem and "
                                               "the benefits with baseline and target.", None)
    risks: list[Risk] = about("The top risks, each with its owner and response.",
                              factory=list)
    papers: list[Paper] = about("The papers for the first meeting: title, version, where to "
                                "find them.", factory=list)
    document: Stamp = about("The issue of the deck and guide: version, status, date, owner.",
                            factory=Stamp)
    requests: list[Text] = about("What the board is asked to decide at the kickoff.",
                                 factory=list)
    change_authority: ChangeAuthority | None = about(
        "Who may approve changes without the board, and up to what limits.", None)
    tolerances: dict[Id, Figure] = about(
        "Tolerance id -> this project's limit: in words, or as numbers (euros, percent, weeks) "
        "with words.", factory=dict,
        examples=[{"time": "± 2 viikkoa", "cost": {"percent": 10, "text": "± 10 %"}}])
    highlight_reports: Text | None = about("How often the board gets Highlight Reports.", None)
    meetings: ProjectMeetings = about("When and where the board meets, and its meeting dates.",
                                      factory=ProjectMeetings)
    stages: list[Stage] = about("The management stages with their dates.", factory=list)
    deadline: Deadline | None = about("A date the board must not miss, and what falls due on "
                                      "it: the timeline flags it.", None)
    changes: dict[Id, Change] = about("Local changes to the library: role id -> items added, "
                                      "replaced and dropped by id.", factory=dict)
    decided: list[Decided] = about("What past meetings decided, in order: each a meeting's "
                                   "date, the decision point and its outcome.", factory=list)
    # worked out by the calendar rules, one per meeting; the documents read it
    timing: list[Placing] = field(default_factory=list, init=False, repr=False, compare=False)

    def people_in(self, role_id: str) -> list[Person]:
        """Return the people named in a role, as a list (one person or none included)."""
        value = self.people.get(role_id, [])
        return value if isinstance(value, list) else [value]
