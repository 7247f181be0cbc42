"""The meeting invitation of each project: invite.ics (every board meeting) and invite.eml
(an unsent e-mail to the board with the deck, the guide and the role cards attached), written
after the documents they attach are up to date, and recorded like them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sggen import __version__, formats, package
from sggen.errors import Location, SggenError
from sggen.pipeline import manifest, portfolio
from sggen.pipeline.inputs import Dependencies, digest, shared
from sggen.pipeline.job import Job, Outcome, Request, output_name
from sggen.workspace import Workspace


def invite(ws: Workspace, request: Request) -> list[Outcome]:
    """Write each project's invitation, invite.ics and invite.eml (the deck and guide they
    attach are built first when they are not up to date); return one outcome per project."""
    documents = portfolio.run(ws, dataclasses.replace(request, formats=("deck", "guide")))
    deps = Dependencies(ws, request.projects)
    inputs = shared(ws, deps.methods, deps)
    outcomes = []
    for done in documents:
        outcome = Outcome(done.project, list(done.written), warnings=done.warnings,
                          error=done.error)
        if not done.error:
            try:
                job, _ = Job.read(inputs, request, done.project, deps)
                for lang in job.languages():
                    _invite(job, lang, outcome)
            except SggenError as exc:
                if request.single:
                    raise
                outcome.error = str(exc)
        outcomes.append(outcome)
    return outcomes


def _attachments(job: Job, lang: str) -> list[Path]:
    """Return the files the e-mail attaches in `lang`: the deck, the guide, and the role cards
    of that language (name.docx in the project's own, name.en.docx in English)."""
    folder, own = job.folder, job.own
    attached = [folder / output_name(formats.get(n), lang, own) for n in ("deck", "guide")]
    cards = sorted((folder / "cards").glob("*.docx"))
    return attached + [c for c in cards if (c.suffixes == [".docx"]) == (lang == own)
                       and (lang == own or c.name.endswith(f".{lang}.docx"))]


def _invite(job: Job, lang: str, outcome: Outcome) -> None:
    """Write the invitation of one language unless it is up to date."""
    from sggen.formats import invite  # icalendar loads only to write an invitation

    folder = job.folder
    stem = "invite" if lang == job.own else f"invite.{lang}"
    ics_path, eml_path = folder / f"{stem}.ics", folder / f"{stem}.eml"
    attached = _attachments(job, lang)
    used = {**job.deps.of(job.project_id, job.method, formats.get("deck")),
            **{manifest.name_in(p, folder): digest(p) for p in attached}}
    options = f"{__version__}|invite|{lang}"
    entry = manifest.read(folder).get("outputs", {}).get(ics_path.name, {})
    if (not job.request.force and entry.get("inputs") == used
            and entry.get("options") == options and ics_path.is_file() and eml_path.is_file()):
        outcome.unchanged.append(ics_path)
        return
    view = job.view(lang)
    files = [(f"{job.project_id}-{p.name}", p.read_bytes()) for p in attached]
    invitation = invite.from_context(view, job.ws.settings.meetings.timezone,
                                     Location(job.ws.project_file(job.project_id)),
                                     attachment=files[0])
    # The draft's copy of the calendar leaves the deck out: it is attached beside it.
    plain = invite.calendar(dataclasses.replace(invitation, attachment=None))
    subject, body = invite.wording(view)
    eml = invite.draft(invitation, subject, body, files, plain)
    for path, data in ((ics_path, invite.calendar(invitation)), (eml_path, eml)):
        package.write_atomic(path, data)
        outcome.written.append(path)
    outcome.warnings += manifest.record(job, {ics_path.name: {
        "options": options, "inputs": used, "files": [eml_path.name, ics_path.name]}})
