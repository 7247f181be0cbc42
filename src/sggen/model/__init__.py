"""The typed model of workspace settings, method library and project; no I/O.

fields.py holds the vocabulary (ids, texts, described fields), settings.py `sggen.yaml` and the
templates' strings, library.py a method's roles and board, project.py a project, and schema.py
the JSON Schemas made from them. Every name is importable from `sggen.model` itself.
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
from sggen.model.library import (
    ITEM_ID,
    Area,
    Board,
    BoardInfo,
    Boundary,
    Calendar,
    ChartLevel,
    ChartPlace,
    Combinations,
    Count,
    Decision,
    DocumentKind,
    During,
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
from sggen.model.project import (
    Benefit,
    Budget,
    BusinessCase,
    Change,
    ChangeAuthority,
    Customer,
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
    "LANGUAGE_TAG_PATTERN", "NUMBER_FORMAT", "PATTERNS", "STRING", "WEB_LINK_PATTERN", "Action",
    "Amount", "Area",
    "Benefit", "Board", "BoardInfo", "Boundary", "Budget", "BusinessCase", "Calendar", "Change",
    "ChangeAuthority", "ChartLevel", "ChartPlace", "Combinations", "Count", "Customer",
    "CustomerType", "Decision", "Deputy", "DocumentKind", "During", "EmailAddress", "Figure",
    "Id", "Interval", "Item", "Language", "LanguageTag", "Layout", "Level", "Library", "Limit",
    "MatrixRow", "Meeting", "MeetingDefaults", "Meetings", "NewItem", "Paper", "Person",
    "Placing", "Procurement", "Project", "ProjectMeetings", "ProjectRhythm", "Release", "Rhythm",
    "Risk", "Role", "Schedule", "Settings", "Stage", "Stamp", "Strings", "Task", "Text",
    "Tolerance", "WebLink", "WorkingDays", "about", "json_schema", "required",
]
