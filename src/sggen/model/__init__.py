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
    ChartLevel,
    ChartPlace,
    Combinations,
    Count,
    Decision,
    DocumentKind,
    Item,
    Level,
    Library,
    MatrixRow,
    Meetings,
    Release,
    Role,
    Schedule,
    Task,
    Tolerance,
)
from sggen.model.project import (
    Change,
    ChangeAuthority,
    Customer,
    Meeting,
    NewItem,
    Person,
    Project,
    ProjectMeetings,
    Stage,
    Stamp,
)
from sggen.model.schema import json_schema
from sggen.model.settings import STRING, CustomerType, Layout, MeetingDefaults, Settings, Strings

__all__ = [
    "ACTIONS", "EMAIL_PATTERN", "ID_PATTERN", "ITEM_ID", "LANGUAGE_PATTERN",
    "LANGUAGE_TAG_PATTERN", "PATTERNS", "STRING", "WEB_LINK_PATTERN", "Action", "Area", "Board",
    "BoardInfo", "Change", "ChangeAuthority", "ChartLevel", "ChartPlace", "Combinations",
    "Count", "Customer", "CustomerType", "Decision", "DocumentKind", "EmailAddress", "Id",
    "Item", "Language", "LanguageTag", "Layout", "Level", "Library", "MatrixRow", "Meeting",
    "MeetingDefaults", "Meetings", "NewItem", "Person", "Project", "ProjectMeetings", "Release",
    "Role", "Schedule", "Settings", "Stage", "Stamp", "Strings", "Task", "Text", "Tolerance",
    "WebLink", "about", "json_schema", "required",
]
