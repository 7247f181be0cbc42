"""The whole-workspace check (`validate`, `template check`): every input read and every
project rendered in each format as a build would, writing nothing."""

from __future__ import annotations

from pathlib import Path

from sggen import formats, package, read
from sggen.errors import Caution, Location, Problems, ReferenceDocError, SggenError, split
from sggen.formats import REGISTRY, Format
from sggen.pipeline import assemble
from sggen.pipeline.inputs import shared
from sggen.pipeline.job import Job, Request
from sggen.read import Inputs
from sggen.workspace import Workspace


def check_all(ws: Workspace, strict: bool = False) -> tuple[int, int, list[Caution]]:
    """Check the whole workspace as a build would, rendering every project in its own
    language without writing, and every reference document read by its writer; return
    (projects, methods, warnings) or raise every error (and, when `strict`, every warning as
    one)."""
    problems: list[SggenError] = []
    try:
        inputs = shared(ws, set(ws.methods()) | {ws.settings.method})
    except SggenError as exc:
        problems.extend(exc.problems if isinstance(exc, Problems) else [exc])
        inputs = None
    problems.extend(assemble.renderer(ws.templates).check())
    problems.extend(reference_problems(ws, tuple(REGISTRY)))
    if inputs is not None:
        unread = dict(REGISTRY)  # the formats whose writer has not read its reference yet
        for project_id in ws.project_ids():
            problems.extend(_project_problems(inputs, project_id, problems, unread))
    errors, warnings = split(problems)
    # a template line that warns for every project is one warning
    unique = list({str(w): w for w in warnings}.values())
    if errors or (strict and unique):
        raise Problems(list({str(e): e for e in errors}.values()) or unique)
    return len(ws.project_ids()), len(inputs.libraries), unique


def _project_problems(inputs: Inputs, project_id: str, found: list[SggenError],
                      unread: dict[str, Format]) -> list[SggenError]:
    """Return the problems of one project, rendered in each format in its own language once
    nothing is wrong so far (`found`: the problems found before, none of them repeated). The
    first document of each format in `unread` is also written, in memory, so that its writer
    reads its reference as a build does (then the format leaves `unread`)."""
    ws, problems = inputs.workspace, []
    try:
        project = read.project(ws, inputs, project_id, problems)
    except SggenError as exc:  # its id cannot name a file here
        return [exc]
    if project is None or split([*found, *problems])[0]:
        return problems  # rendering would only repeat an error already found
    job = Job(inputs, Request([project_id]), project_id, project)
    for fmt in REGISTRY.values():
        if any(p.where and p.where.path == fmt.reference(ws.templates) for p in found):
            continue  # its reference document is broken: reported once already
        try:
            made = assemble.made(job, fmt, job.own)
            for one in made:
                problems.extend(one.warnings)
            if made and unread.pop(fmt.name, None) is not None:
                assemble.file_bytes(job, fmt, made[0])
        except SggenError as exc:
            problems.append(exc)
    return problems


def reference_problems(ws: Workspace, names: tuple[str, ...]) -> list[SggenError]:
    """Return what is wrong with the reference documents of the formats `names` (missing, a
    pipe, a link out of the workspace, not a zip, a damaged part, a zip bomb, XML with
    entities), each naming its file, once however many formats it serves. The writers open a
    reference only after it passed this check."""
    problems: list[SggenError] = []
    for reference in _references(ws, names):
        if not (reference.exists() or reference.is_symlink()):
            problems.append(ReferenceDocError(
                "is missing: the documents are written on it", Location(reference),
                "restore the shipped one, e.g. from a workspace that sggen init DIR makes"))
            continue
        try:
            package.check_reference(reference, ws.root)
        except SggenError as exc:
            problems.append(exc)
    return problems


def _references(ws: Workspace, names: tuple[str, ...]) -> list[Path]:
    """Return the reference documents of the formats `names`, each once, in their order."""
    found = (formats.get(n).reference(ws.templates) for n in names)
    return list(dict.fromkeys(path for path in found if path is not None))


def template_problems(ws: Workspace) -> list[str]:
    """Return what the reference documents lack that the writers need, or what is wrong with
    them, one line each (`template check`; empty: nothing)."""
    problems = [str(p) for p in reference_problems(ws, tuple(REGISTRY))]
    broken = {p.where.path for p in reference_problems(ws, tuple(REGISTRY)) if p.where}
    for fmt in REGISTRY.values():
        reference = fmt.reference(ws.templates)
        if reference is None or reference in broken:
            continue
        try:
            lacks = [f"{Location(reference)}: lacks {m}" for m in fmt.writer().check(reference)]
        except SggenError as exc:
            broken.add(reference)
            lacks = [str(exc)]
        problems += [line for line in lacks if line not in problems]  # a shared reference once
    return problems
