"""Library + project + language -> the typed view that templates render, every text in one
language.

views.py holds the view's classes; language.py how a language writes texts and dates;
roles.py the roles as the project fills them (people, contacts, cards, matrix, chart);
meetings.py the board's calendar; assemble.py builds the whole Context; digest.py fingerprints
its content. Every name is importable from `sggen.context` itself.
"""

from __future__ import annotations

from sggen.context.assemble import context
from sggen.context.digest import changes, digest
from sggen.context.language import STRING_KEYS, Wording, format_date, slug, text
from sggen.context.meetings import plan
from sggen.context.views import (
    BoardView,
    ChartBoxView,
    ChartRowView,
    ContactView,
    Context,
    CustomerView,
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

__all__ = [
    "STRING_KEYS", "BoardView", "ChartBoxView", "ChartRowView", "ContactView", "Context",
    "CustomerView", "DecisionTask", "DecisionView", "DelegationView", "DocumentView",
    "ItemView", "LegendEntry", "LevelView", "MatrixRowView", "MatrixView", "MeetingView",
    "MeetingsView", "MemberView", "PersonView", "ProjectView", "RoleView", "StageView",
    "StampView", "TaskView", "ToleranceView", "Wording", "changes", "context", "digest",
    "format_date", "plan", "slug", "text",
]
