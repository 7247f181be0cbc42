"""Library + project + language -> the typed view that templates render, every text in one
language.

views.py holds the view's classes (guidance_views.py those of the governance block, the
glossary, the board's practice and a card's own part); language.py how a language writes
texts, dates, times of day and numbers; roles.py the roles as the project fills them (people,
contacts, cards, matrix, chart); meetings.py the board's calendar; guidance.py the governance
block, the glossary, the practice and the escalation ladder; cards.py what each card says of
its holder's own part; assemble.py builds the whole Context; digest.py fingerprints its
content. Every name is importable from `sggen.context` itself.
"""

from __future__ import annotations

from sggen.context import cards as _cards
from sggen.context import decisions as _decisions
from sggen.context import language as _language
from sggen.context.assemble import context
from sggen.context.decision_views import (
    AgendaView,
    FormalView,
    GuideSection,
    LimitView,
    PaperRef,
    ResolutionView,
    RungView,
    StepView,
)
from sggen.context.digest import changes, digest
from sggen.context.guidance_views import (
    BeforeView,
    CardLevelView,
    CardMeetingView,
    CardView,
    DeputyView,
    GlossaryView,
    GovernanceView,
    PracticeView,
    SeparateView,
    TermView,
    TimeView,
    TopicView,
)
from sggen.context.language import (
    Wording,
    clock,
    format_date,
    format_money,
    format_number,
    nobreak,
    slug,
    text,
)
from sggen.context.meetings import plan
from sggen.context.views import (
    BoardView,
    ChartBoxView,
    ChartRowView,
    ContactView,
    Context,
    CustomerView,
    DeadlineView,
    DecisionTask,
    DecisionView,
    DelegationView,
    DocumentView,
    ItemView,
    LegendEntry,
    LevelView,
    MatrixRowView,
    MatrixView,
    MeetingsView,
    MeetingView,
    MemberView,
    PersonView,
    ProjectView,
    RoleView,
    StageView,
    StampView,
    TaskView,
    ToleranceView,
)

STRING_KEYS = (*_language.STRING_KEYS, *_decisions.STRING_KEYS, *_cards.STRING_KEYS)
"""The strings.yaml keys the view reads."""

__all__ = [
    "STRING_KEYS", "BoardView", "ChartBoxView", "ChartRowView", "ContactView", "Context",
    "CustomerView", "DeadlineView", "DecisionTask", "DecisionView", "DelegationView",
    "DocumentView", "ItemView", "LegendEntry", "LevelView", "MatrixRowView", "MatrixView",
    "MeetingView", "MeetingsView", "MemberView", "PersonView", "ProjectView", "RoleView",
    "StageView", "StampView", "TaskView", "ToleranceView", "Wording", "changes", "context",
    "digest", "format_date", "plan", "slug", "text",
    # what a member is told beyond their duties, and the language conventions
    "BeforeView", "CardLevelView", "CardMeetingView", "CardView", "DeputyView", "GlossaryView",
    "GovernanceView", "PracticeView", "SeparateView", "TermView", "TimeView", "TopicView",
    "clock", "format_money", "format_number", "nobreak",
    # what a meeting decides and what follows, and where the guide says more
    "AgendaView", "FormalView", "GuideSection", "LimitView", "PaperRef", "ResolutionView",
    "RungView", "StepView",
]
