"""The live preview's pages (`serve`): each project's guide and slides as web pages, made in
memory, only for the projects whose inputs changed since their pages were made."""

from __future__ import annotations

from dataclasses import dataclass, field

from sggen import formats
from sggen.pipeline import assemble
from sggen.pipeline.inputs import Dependencies, shared
from sggen.pipeline.job import Job, Request
from sggen.workspace import Workspace

MadeFrom = dict[str, tuple[str, dict[str, str]]]  # project -> (method, {input file: hash})


@dataclass
class Pages:
    """What a preview build made: the pages of the projects it rebuilt, and for each of them
    the method and the {file: hash} of every input their pages were made from."""

    pages: dict[tuple[str, str], bytes] = field(default_factory=dict)
    made_from: MadeFrom = field(default_factory=dict)


def preview(ws: Workspace, names: tuple[str, ...], projects: list[str] | None = None,
            since: MadeFrom | None = None) -> Pages:
    """Return the pages (formats `names`) of each project in its own language, writing
    nothing (for the live preview), but only of the projects whose inputs differ from those
    they were made from in `since` (the `made_from` of earlier builds): the same dependencies
    as an incremental build's; raise every problem of the first project that has any."""
    ids = projects or ws.project_ids()
    deps = Dependencies(ws, ids)
    since = since or {}
    stale = [p for p in ids if p not in since
             or since[p][1] != _inputs(deps, p, since[p][0], names)]
    out = Pages()
    if not stale:
        return out
    inputs = shared(ws, deps.methods, deps)
    for project_id in stale:
        job, _ = Job.read(inputs, Request([project_id]), project_id, deps)
        for name in names:
            fmt = formats.get(name)
            one = assemble.made(job, fmt, job.own)[0]  # a page format writes one file
            out.pages[project_id, name] = assemble.file_bytes(job, fmt, one)
        out.made_from[project_id] = (job.method, _inputs(deps, project_id, job.method, names))
    return out


def _inputs(deps: Dependencies, project_id: str, method: str,
            names: tuple[str, ...]) -> dict[str, str]:
    """Return {file: hash} of everything the pages `names` of one project depend on."""
    if method not in deps.methods:
        return {}  # the method's folder is gone: what the pages were made from differs
    return {rel: digest for name in names
            for rel, digest in deps.of(project_id, method, formats.get(name)).items()}
