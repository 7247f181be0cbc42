"""The typed model of workspace settings, method library and project; no I/O.

fields.py holds the vocabulary (ids, texts, described fields), settings.py `sggen.yaml` and the
templates' strings, governance.py the governance block of each customer type, library.py a
method's roles and board, practice.py a role's deputy, time and meeting actions and the board's
decisions by e-mail, glossary.py a method's terms, project.py a project, and schema.py the JSON
Schemas made from them. Every name is importable from `sggen.model` itself.
"""

from __future__ import annotations

from sggen.model.fields import (
    ACTIONS,
    EMAIL_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    LANGUAGE_TAG_PATTERN,
    PATTERNS,
    WEB_LINK_PATTERN,
    Action,
    Amount,
    EmailAddress,
    Id,
    Language,
    LanguageTag,
    Text,
    WebLink,
    about,
    required,
)
from sggen.model.glossary import Glossary, Refers, Term
from sggen.model.governance import Governance, SeparateDecision, Topic, TopicWording
from sggen.model.library import (
    BOARD_OR_ROLE,
    ITEM_ID,
    Area,
    Board,
    BoardInfo,
    Boundary,
    Breach,
    Calendar,
    ChartLevel,
    ChartPlace,
    Combinations,
    Count,
    Decision,
    DocumentKind,
    During,
    ExceptionPlan,
    Interval,
    Item,
    Level,
    Library,
    MatrixRow,
    Meetings,
    Procurement,
    Release,
    Rhythm,
    Role,
    Schedule,
    Task,
    Tolerance,
    WorkingDays,
)
from sggen.model.practice import (
    DeputyRule,
    EmailDecisions,
    MayDecide,
    MeetingAction,
    Reading,
    TimeCommitment,
)
from sggen.model.project import (
    Benefit,
    Budget,
    BusinessCase,
    Change,
    ChangeAuthority,
    Customer,
    Deadline,
    Decided,
    Deputy,
    Figure,
    Limit,
    Meeting,
    NewItem,
    Paper,
    Person,
    Placing,
    Project,
    ProjectMeetings,
    ProjectRhythm,
    Risk,
    Stage,
    Stamp,
)
from sggen.model.schema import json_schema
from sggen.model.settings import (
    NUMBER_FORMAT,
    STRING,
    CustomerType,
    Layout,
    MeetingDefaults,
    Settings,
    Strings,
)

__all__ = [
    "ACTIONS", "EMAIL_PATTERN", "ID_PATTERN", "ITEM_ID", "LANGUAGE_PATTERN",
    "BOARD_OR_ROLE", "LANGUAGE_TAG_PATTERN", "NUMBER_FORMAT", "PATTERNS", "STRING",
    "WEB_LINK_PATTERN", "about", "Action", "Amount", "Area", "Benefit", "Board", "BoardInfo",
    "Boundary", "Breach", "Budget", "BusinessCase", "Calendar", "Change", "ChangeAuthority",
    "ChartLevel", "ChartPlace", "Combinations", "Count", "Customer", "CustomerType", "Deadline",
    "Decision", "Deputy", "DeputyRule", "DocumentKind", "During", "EmailAddress", "EmailDecisions",
    "ExceptionPlan", "Figure", "Glossary", "Governance", "Id", "Interval", "Item", "json_schema",
    "Language", "LanguageTag", "Layout", "Level", "Library", "Limit", "MatrixRow", "MayDecide",
    "Meeting", "MeetingAction", "MeetingDefaults", "Meetings", "NewItem", "Paper", "Person",
    "Placing", "Procurement", "Project", "ProjectMeetings", "ProjectRhythm", "Reading", "Refers",
    "Release", "required", "Rhythm", "Risk", "Role", "Schedule", "SeparateDecision", "Settings",
    "Stage", "Stamp", "Strings", "Task", "Term", "Text", "TimeCommitment", "Tolerance", "Topic",
    "TopicWording", "WebLink", "WorkingDays",
    "Decided",  # what a past meeting decided
]
