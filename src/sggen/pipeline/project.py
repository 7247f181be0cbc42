"""One project's build: read and check the project, render and lay out every requested
document, write them all (atomically, only once every one is made), their PDFs when asked,
and the record of what they were made from. Runs in a worker process in a portfolio build."""

from __future__ import annotations

from pathlib import Path

from sggen import context, formats, output
from sggen.errors import Caution, SggenError
from sggen.formats import Format
from sggen.pipeline import assemble, manifest
from sggen.pipeline.inputs import Dependencies
from sggen.pipeline.job import Job, Outcome, Request
from sggen.read import Inputs

Files = list[tuple[Path, bytes]]  # what one output writes: each file's path and bytes


def build(inputs: Inputs, deps: Dependencies, request: Request, project_id: str) -> Outcome:
    """Build one project's requested outputs; return what happened. With one project asked
    for, any problem raises; with several, it is the outcome's error."""
    outcome = Outcome(project_id)
    try:
        job, outcome.warnings = Job.read(inputs, request, project_id, deps)
        _build(job, outcome)
    except SggenError as exc:
        if request.single:
            raise
        outcome.error = str(exc)
    return outcome


def _build(job: Job, outcome: Outcome) -> None:
    langs = job.languages()
    content = context.digest(job.view(job.own))
    outcome.changes = manifest.changes(job.folder, content)
    # Render and lay out every document before writing any: a failure in the second
    # template must not leave a fresh first document beside a stale second one.
    produced: dict[tuple[Format, str], Files] = {}
    for lang in langs:
        for fmt in map(formats.get, job.request.formats):
            produced[fmt, lang], warnings = render(job, fmt, lang)
            seen = {str(w) for w in outcome.warnings}  # the same line warns once, not per language
            outcome.warnings.extend(w for w in warnings if str(w) not in seen)
    output.make_folders([path for files in produced.values() for path, _ in files], job.root)
    for files in produced.values():
        for path, data in files:
            output.write_atomic(path, data, job.root)
            outcome.written.append(path)
    if job.request.pdf:
        outcome.written += _pdfs(job, produced)
    entries = {job.file_name(fmt, lang): manifest.entry(job, fmt, lang, files)
               for (fmt, lang), files in produced.items()}
    manifest.remove_stale(job, entries)
    outcome.warnings.extend(manifest.record(job, entries, content))


def render(job: Job, fmt: Format, lang: str) -> tuple[Files, list[Caution]]:
    """Return one format's files in `lang` (each document's Markdown first when asked) as
    (path, bytes), and the warnings found on the way, writing nothing."""
    files: Files = []
    found: list[Caution] = []
    for one in assemble.made(job, fmt, lang):
        found.extend(w for w in one.warnings if str(w) not in {str(f) for f in found})
        target = job.folder / job.file_name(fmt, lang, one.stem)
        if job.request.markdown:
            files.append((target.with_suffix(".md"), one.markdown.encode()))
        files.append((target, assemble.file_bytes(job, fmt, one)))
    return files, found


def _pdfs(job: Job, produced: dict[tuple[Format, str], Files]) -> list[Path]:
    """Convert every document a format wrote (the cards are several) with one LibreOffice
    start; add each PDF to its output's files; return the PDFs' paths."""
    from sggen.pipeline import pdf

    locales = job.ws.settings.locales
    wanted = [(files, path, locales.get(lang, lang)) for (fmt, lang), files in produced.items()
              if fmt.pdf for path, _ in list(files) if path.suffix == fmt.suffix]
    made = pdf.to_pdf([path for _, path, _ in wanted], [tag for _, _, tag in wanted], job.root)
    for (files, _, _), path in zip(wanted, made, strict=True):
        files.append((path, b""))  # written by LibreOffice: hashed from the file
    return made
