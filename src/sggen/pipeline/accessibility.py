"""The accessibility audit (`sggen check`) of the documents as they are on disk: a deck edited
by hand is checked as it stands, never rebuilt first. A document not built yet is one line
saying what builds it; a damaged one is one located line. Nothing is written."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from sggen import formats, package
from sggen.errors import InputError, Location, SggenError
from sggen.formats import Format
from sggen.names import shown
from sggen.pipeline import assemble
from sggen.pipeline.inputs import Dependencies, shared
from sggen.pipeline.job import Job, Request
from sggen.pipeline.portfolio import refusals
from sggen.workspace import Workspace


def audit(ws: Workspace, request: Request) -> list[str]:
    """Return the accessibility problems of every document the request names (each card of
    the cards, too), each as `path: problem` (empty: none). With one project, a problem of
    the project itself raises; with several, it is a line `project: problem`."""
    if request.single:
        ws.project_file(request.projects[0])  # refuses ids that name a path elsewhere
    refused = refusals(ws, request)
    deps = Dependencies(ws, [p for p in request.projects if not refused[p]])
    inputs = shared(ws, deps.methods, deps)
    lines = []
    for project_id in request.projects:
        if refused[project_id]:
            lines.append(refused[project_id])
            continue
        try:
            job, _ = Job.read(inputs, request, project_id)
            lines += _project(job)
        except SggenError as exc:
            if request.single:
                raise
            lines.append(f"{shown(project_id)}: {exc}")
    return lines


def _project(job: Job) -> list[str]:
    """Return the problems of one project's documents in each language asked for."""
    lines = []
    for lang in job.languages():
        locale = job.ws.settings.locales.get(lang, lang)
        view = job.view(lang)
        for fmt in map(formats.get, job.request.formats):
            writer = fmt.writer()
            if not hasattr(writer, "audit"):
                continue  # a format without an audit (a page, a plug-in)
            command = _command(job, fmt, lang)
            paths = [job.folder / job.file_name(fmt, lang, s) for s in assemble.stems(fmt, view)]
            if len(paths) > 1 and not any(os.path.lexists(p) for p in paths):
                # none of a format's several files (the cards): one line for its folder
                lines.append(str(InputError(f"none of the {len(paths)} files is built yet",
                                            Location(paths[0].parent), f"build them: {command}")))
                continue
            lines += [line for path in paths for line in _file(writer, fmt, path, locale, command)]
    return lines


def _command(job: Job, fmt: Format, lang: str) -> str:
    """Return the command that writes the documents of `fmt` in `lang`."""
    words = ["sggen", fmt.name, "--project", job.project_id]
    if lang != job.own:
        words += ["--lang", lang]
    if job.request.output is not None:
        words += ["--output", str(Location(Path(job.request.output)))]
    return " ".join(words)


def _file(writer: ModuleType, fmt: Format, path: Path, locale: str, command: str) -> list[str]:
    """Return the problems of one written file, or the one line saying that it is missing or
    cannot be read."""
    if not os.path.lexists(path):
        return [str(InputError("not built yet", Location(path), f"build it: {command}"))]
    again = f"build it again: {command}"
    try:
        # a regular file, a sound package: no pipe waited for, no zip bomb unpacked
        package.check_reference(path, path.parent)
    except SggenError as exc:
        return [str(InputError(exc.message, Location(path), again))]
    try:
        return [f"{Location(path)}: {problem}" for problem in writer.audit(path, locale)]
    except Exception as exc:  # a file edited by hand may be what no reader can read
        return [str(InputError(f"cannot be read as a {fmt.name}: {type(exc).__name__}: {exc}",
                               Location(path), again))]
