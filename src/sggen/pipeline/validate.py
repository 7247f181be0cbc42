"""The whole-workspace check (`validate`, `template check`): every input read and every
project rendered in each format as a build would, writing nothing."""

from __future__ import annotations

from sggen import formats, package, read
from sggen.errors import Caution, Location, Problems, SggenError, split
from sggen.formats import REGISTRY
from sggen.pipeline import assemble
from sggen.pipeline.inputs import shared
from sggen.pipeline.job import Job, Request
from sggen.read import Inputs
from sggen.workspace import Workspace


def check_all(ws: Workspace, strict: bool = False) -> tuple[int, int, list[Caution]]:
    """Check the whole workspace as a build would, rendering every project in its own
    language without writing; return (projects, methods, warnings) or raise every error (and,
    when `strict`, every warning as one)."""
    problems: list[SggenError] = []
    try:
        inputs = shared(ws, set(ws.methods()) | {ws.settings.method})
    except SggenError as exc:
        problems.extend(exc.problems if isinstance(exc, Problems) else [exc])
        inputs = None
    problems.extend(assemble.renderer(ws.templates).check())
    problems.extend(reference_problems(ws, tuple(REGISTRY)))
    if inputs is not None:
        for project_id in ws.project_ids():
            problems.extend(_project_problems(inputs, project_id, problems))
    errors, warnings = split(problems)
    # a template line that warns for every project is one warning
    unique = list({str(w): w for w in warnings}.values())
    if errors or (strict and unique):
        raise Problems(errors or unique)
    return len(ws.project_ids()), len(inputs.libraries), unique


def _project_problems(inputs: Inputs, project_id: str,
                      found: list[SggenError]) -> list[SggenError]:
    """Return the problems of one project, rendered in each format in its own language once
    nothing is wrong so far (`found`: the problems found before, none of them repeated)."""
    ws, problems = inputs.workspace, []
    project = read.project(ws, inputs, project_id, problems)
    if project is None or split([*found, *problems])[0]:
        return problems  # rendering would only repeat an error already found
    job = Job(inputs, Request([project_id]), project_id, project)
    for fmt in REGISTRY.values():
        if any(p.where and p.where.path == fmt.reference(ws.templates) for p in found):
            continue  # its reference document is broken: reported once already
        try:
            for one in assemble.made(job, fmt, job.own):
                problems.extend(one.warnings)
        except SggenError as exc:
            problems.append(exc)
    return problems


def reference_problems(ws: Workspace, names: tuple[str, ...]) -> list[SggenError]:
    """Return what is wrong with the reference documents of the formats `names` (a pipe, a
    link out of the workspace, not a zip, a zip bomb, XML with entities), each naming its file.
    The writers open a reference only after it passed this check."""
    problems: list[SggenError] = []
    for fmt in (formats.get(n) for n in names):
        reference = fmt.reference(ws.templates)
        if reference is None or not (reference.exists() or reference.is_symlink()):
            continue  # a missing reference is the writer's to report, with what it needs
        try:
            package.check_reference(reference, ws.root)
        except SggenError as exc:
            problems.append(exc)
    return problems


def template_problems(ws: Workspace) -> list[str]:
    """Return what the reference documents lack that the writers need, or what is wrong with
    them, one line each (`template check`; empty: nothing)."""
    problems = [str(p) for p in reference_problems(ws, tuple(REGISTRY))]
    for fmt in REGISTRY.values():
        reference = fmt.reference(ws.templates)
        if reference is not None and not any(str(Location(reference)) in p for p in problems):
            problems += [f"{Location(reference)}: lacks {m}"
                         for m in fmt.writer().check(reference)]
    return problems
