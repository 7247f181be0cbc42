"""The view's classes for what a member is told beyond their duties: the governance block, the
glossary, the board's practice (deputies, time, decisions by e-mail) and a role card's own
content. Each text is already in one language."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SeparateView:
    matter: str
    by: str


@dataclass
class TopicView:
    id: str
    title: str
    card: str
    guide: str
    separate: list[SeparateView] = field(default_factory=list)
    law: list[str] = field(default_factory=list)


@dataclass
class GovernanceView:
    """What the board may decide for this project's customer type, topic by topic."""

    customer_type: str
    topics: list[TopicView]

    @property
    def separate(self) -> list[SeparateView]:
        """Return every matter that needs a separate formal decision, with who takes it."""
        return [row for topic in self.topics for row in topic.separate]


@dataclass
class TermView:
    id: str
    name: str  # the word the documents use
    term: str  # the method's English term, '' where it is the word itself
    also: list[str]  # older or other English terms
    explain: str


@dataclass
class GlossaryView:
    terms: list[TermView]  # sorted as the language sorts words


@dataclass
class DeputyView:
    role: str
    who: str
    may_decide: str  # in words: yes, only with authority given beforehand, no
    text: str


@dataclass
class TimeView:
    role: str
    per_meeting: int
    per_month: int
    note: str


@dataclass
class PracticeView:
    deputies: list[DeputyView]
    time: list[TimeView]
    email: list[str]  # how a decision is made by e-mail, step by step
    not_by_email: str


@dataclass
class BeforeView:
    """What to read before the meetings of some decisions, and what to ask there."""

    title: str  # the decisions prepared for
    documents: list[str]
    look_for: str
    questions: list[str]
    days: list[str] = field(default_factory=list)  # the days of the meetings that take them


@dataclass
class CardMeetingView:
    """One meeting as a card holder sees it: when, what is decided, what they do there."""

    day: str
    clock: str
    decisions: str  # the decisions' names, with the stage being closed where one repeats
    action: str
    own: bool = True  # the holder has a part of their own there, not only attends (the strip)
    before: BeforeView | None = None  # what the holder reads and asks, where the role has it


@dataclass
class CardLevelView:
    id: str  # the level's, as the ladder of decision rights has it
    name: str  # the level
    text: str  # what the card holder, or their board, does there
    decider: str = ""  # who decides within the level's limits, where it is someone else


@dataclass
class CardContactView:
    what: str  # what the person is to the card holder: their assurance, whom they escalate to
    who: str  # name, role or area, e-mail and phone in one line


@dataclass
class CardView:
    cover: str  # the person's title and organisation, as a line begins (capitalised)
    meetings: list[CardMeetingView]
    prepare: list[BeforeView]  # what to read and ask, once for each set of decisions
    unplanned: list[CardMeetingView]  # decisions taken only when needed: no date
    levels: list[CardLevelView]  # the levels that concern the role, in the second person
    governance: str  # one line of the governance block
    deputy: str
    time: str
    contacts: list[CardContactView] = field(default_factory=list)
