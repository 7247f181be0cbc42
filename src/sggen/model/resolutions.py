"""What a board resolves at a decision point and what follows it: the standard resolutions of
the library (board.yaml decisions), the next steps with their owners and due days, the agenda's
items with their lengths, and a project's own requests in their place or beside them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

from sggen.model.fields import Id, Text, about

PLACEHOLDERS = ("stage", "start", "next_meeting")
"""What a resolution's text may name in braces, filled in from the project: {stage} the stage
the decision starts, {start} its first day, {next_meeting} the date of the next meeting."""

RESOLUTION_TEXT = ("The resolution in its exact words, as the minutes record it (a proposal: "
                   "fi 'Hyväksytään …', sv '… godkänns', en 'Approve …'). It may name {stage}, "
                   "{start} and {next_meeting}, which the project fills in.")


@dataclass
class Resolution:
    """One resolution the board is asked to take at a decision point."""

    id: Id = about("The resolution's id: a project drops it by this.", examples=["initiate"])
    text: Text = about(RESOLUTION_TEXT, examples=[{
        "fi": "Käynnistysvaihe aloitetaan {start} käynnistysvaiheen suunnitelman mukaisesti.",
        "sv": "Initieringsetappen inleds {start} enligt planen för initieringsetappen.",
        "en": "Start the initiation stage {start} as its plan sets out."}])
    papers: list[Id] = about("The papers it rests on: document ids from documents:.",
                             factory=list, examples=[["stage-plan"]])
    formal: list[Id] = about("What else must be decided formally to carry it out: ids of the "
                             "governance block's separate decisions (sggen.yaml customer types), "
                             "shown with who takes each.", factory=list, examples=[["money"]])


@dataclass
class Due:
    """When a next step is due, in working days from the meeting."""

    working_days: int = about("How many working days after the meeting the step is due (or "
                              "before the next meeting, with before_next).", examples=[5])
    before_next: bool = about("Counted back from the next meeting, as its papers are.", False)


@dataclass
class NextStep:
    """What is done after a decision, by whom and by when."""

    id: Id = about("The step's id.", examples=["minutes"])
    text: Text = about("What is done, in one short sentence.",
                       examples=[{"fi": "Muistio lähetetään jäsenille tarkastettavaksi.",
                                  "sv": "Protokollet skickas till medlemmarna för justering.",
                                  "en": "The minutes go to the members for checking."}])
    owner: Id = about("Who does it: a role id, or board (its chair); the documents name the "
                      "person who holds the role.", examples=["project-support"])
    due: Due = about("When it is due.", examples=[{"working_days": 5}])


@dataclass
class AgendaItem:
    """One item of the usual agenda."""

    id: Id = about("The item's id; a project gives its length by it.", examples=["decisions"])
    text: Text = about("The item as the agenda states it.")
    short: Text | None = about("The item in one to three words, for a slide.", None,
                               examples=[{"fi": "Päätökset", "sv": "Beslut", "en": "Decisions"}])
    minutes: int | None = about("How long the item usually takes, in minutes: with a start "
                                "time, the agenda shows when each item begins.", None,
                                examples=[10])
    at: Literal["all", "first", "later"] = about(
        "Which meetings have the item: all; first (the first meeting only, e.g. the briefing); "
        "later (every meeting but the first, e.g. the previous minutes).", "all")


@dataclass
class Request:
    """A resolution of the project's own for its first meeting."""

    text: Text = about(RESOLUTION_TEXT.split(" It may")[0])
    id: Id | None = about("Its id (optional).", None)
    papers: list[Id] = about("The papers it rests on: document ids of the library.",
                             factory=list, examples=[["project-brief"]])
    formal: list[Id] = about("What else must be decided formally: ids of the governance "
                             "block's separate decisions.", factory=list)


Asked = Union[Text, Request]  # noqa: UP007 - read by get_type_hints
"""A request in words, or with the papers it rests on."""


@dataclass
class Requests:
    """The first meeting's resolutions: the library's for its decisions, changed."""

    add: list[Asked] = about("Resolutions of the project's own, after the library's.",
                             factory=list)
    drop: list[Id] = about("Ids of the library's resolutions this project leaves out.",
                           factory=list, examples=[["initiation-tolerances"]])
    replace: bool = about("The project's own resolutions replace the library's altogether.",
                          False)


Asking = Union[list[Asked], Requests]  # noqa: UP007 - read by get_type_hints
"""A project's requests: a list (which replaces the library's resolutions, as before), or the
library's resolutions changed (add, drop, replace)."""
