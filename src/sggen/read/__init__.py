"""Read and check every input before anything is built: settings, strings, libraries, projects.

load.py parses YAML keeping every value's place; typed.py turns it into model objects, checking
the form of values that documents write into attributes and links (forms.py); rules.py holds
what each kind of file must satisfy, with a project's people (people.py) and calendar
(calendar.py). Problems are collected, never raised one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sggen.errors import InputError, Problems, SggenError, suggest
from sggen.model import Library, Project
from sggen.read import guidance, load, resolutions, rules
from sggen.workspace import CONFIG, GLOSSARY, STRINGS, Workspace, find


def workspace(given: Path | None = None) -> Workspace:
    """Return the workspace at `given` (a folder that must hold sggen.yaml) or found from here,
    with its settings read and checked."""
    if given is not None:
        if not (given / CONFIG).exists() and not (given / CONFIG).is_symlink():
            raise SggenError(f"{given} has no {CONFIG}", hint="pass a workspace folder")
        root = given.resolve()
    else:
        root = find()
    problems: list[SggenError] = []
    settings = rules.settings(load.load(root / CONFIG, root), problems)
    if problems or settings is None:
        raise Problems(problems)
    return Workspace(root, settings)


@dataclass
class Inputs:
    """The checked shared inputs: the workspace, the template strings and method libraries."""

    workspace: Workspace
    strings: dict
    libraries: dict[str, Library]


def inputs(ws: Workspace, methods: set[str], required: tuple[str, ...] = ()) -> Inputs:
    """Return the strings and the libraries of `methods`, or raise every problem found.

    `required` are the strings keys that sggen's own code reads.
    """
    problems: list[SggenError] = []
    source = _load(ws.templates / STRINGS, problems, ws.root)
    strings = rules.strings(source, ws.settings.languages, problems,
                            required=required) if source else None
    libraries = {}
    for method in sorted(methods):
        library = _library(ws, method, problems)
        if library is not None:
            libraries[method] = library
    if problems:
        raise Problems(problems)
    return Inputs(ws, strings, libraries)


def _library(ws: Workspace, method: str, problems: list[SggenError]) -> Library | None:
    board, roles = ws.library_files(method)
    sources = [s for s in (_load(p, problems, ws.root) for p in roles) if s is not None]
    board_source = _load(board, problems, ws.root)
    if board_source is None:
        return None
    library = rules.library(method, board_source, sources, ws.settings.languages, problems)
    if library is None:
        return None
    own = board.parent / STRINGS
    if own.exists() or own.is_symlink():
        # a method may override the templates' wording (e.g. its own speaker notes)
        overlay = _load(own, problems, ws.root)
        if overlay is not None:
            library.strings = rules.strings(overlay, ws.settings.languages, problems) or {}
    terms = board.parent / GLOSSARY
    if terms.exists() or terms.is_symlink():
        source = _load(terms, problems, ws.root)
        found = guidance.glossary(source, library, ws.settings.languages, problems) \
            if source is not None else None
        library.glossary = found or library.glossary
    guidance.check_method_governance(library, board_source, sources, ws.settings, problems)
    resolutions.check_library(library, board_source, ws.settings, problems)
    return library


def _load(path: Path, problems: list[SggenError], inside: Path | None = None
          ) -> load.Source | None:
    try:
        return load.load(path, inside)
    except SggenError as exc:
        problems.append(exc)
        return None


def project(ws: Workspace, given: Inputs, project_id: str,
            problems: list[SggenError]) -> Project | None:
    """Return the checked project, or None after recording its problems."""
    source = _load(ws.project_file(project_id), problems, ws.root)
    if source is None:
        return None
    declared = source.data.get("method") if isinstance(source.data, dict) else None
    method = declared if isinstance(declared, str) else ws.settings.method
    if method not in given.libraries and method in ws.methods():
        given.libraries.update(inputs(ws, {method}).libraries)
    if method not in given.libraries:
        problems.append(InputError(
            f"unknown method '{method}'", source.where(("method",)),
            suggest(method, ws.methods()) or "known: " + ", ".join(ws.methods())))
        return None
    return rules.project(source, ws.settings, given.libraries[method], problems)
