"""A project's model: `projects/<id>.yaml`, the people in its roles and its own changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Union

from sggen.model.fields import EmailAddress, Id, Text, WebLink, about


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
