"""How a role works at the board, beyond its duties: who stands in for its person and whether
they may decide, the time it takes, and what its person does, reads and asks at each decision
point; and how the board decides by e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sggen.model.fields import Id, Text, about

MayDecide = Literal["yes", "if-authorised", "no"]


@dataclass
class DeputyRule:
    """Who stands in for the role's person at a meeting they cannot attend, and what the
    deputy may do there."""

    may_decide: MayDecide = about(
        "Whether the deputy decides: yes (as the member would); if-authorised (only with "
        "authority the member gave beforehand in writing, and within it); no (the deputy "
        "attends and reports back, decisions wait).", examples=["if-authorised"])
    who: Text = about("Who usually stands in, in a phrase.",
                      examples=[{"fi": "projektin omistajan nimeämä johtaja",
                                 "sv": "en chef som projektägaren utser",
                                 "en": "a manager the Executive names"}])
    text: Text = about("The rule in one sentence to the person (second person), for the card "
                       "and the guide.")


@dataclass
class TimeCommitment:
    """What the role takes of its person's time, in hours, reading the papers included and
    travel excluded."""

    per_meeting: int = about("Hours for one board meeting with its preparation.", examples=[4])
    per_month: int = about("Hours a month between meetings: reports, questions, one's own "
                           "organisation.", examples=[3])
    note: Text | None = about("What the hours consist of, in one line.", None)


@dataclass
class Reading:
    """What to read before a meeting, and what to look for in it."""

    documents: list[Id] = about("The papers to read, in order: ids from board.yaml documents.",
                                factory=list, examples=[["project-brief", "business-case"]])
    look_for: Text | None = about("What to look for in them, in one line.", None)


@dataclass
class MeetingAction:
    """What the role's person does at the meeting of one decision point, what they read before
    it and what their role should ask there."""

    action: Text = about("What you do at this meeting: one sentence in the second person, "
                         "different from the role's other meetings.",
                         examples=[{"fi": "Päätät, aloitetaanko käynnistysvaihe.",
                                    "sv": "Du beslutar om initieringen inleds.",
                                    "en": "You decide whether initiation starts."}])
    read: Reading | None = about("What to read before the meeting.", None)
    questions: list[Text] = about("Up to three questions the role should ask at the meeting, "
                                  "each different from the others.", factory=list)


@dataclass
class EmailDecisions:
    """How the board decides a matter by e-mail between meetings, and what it never decides
    so."""

    steps: list[Text] = about("The steps in order: who sends what, who answers, who decides, "
                              "who records it.", factory=list)
    not_for: Text | None = about("What is never decided by e-mail, in one sentence.", None)


MEETINGS = ("What the role's person does at each decision point's meeting, reads before it and "
            "asks there: decision id -> action, read and questions.")
"""The description of a role's (or area's) `meetings`."""
