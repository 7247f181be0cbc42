"""The meeting invitation of each project: invite.ics (every board meeting) and invite.eml
(an unsent e-mail to the board with the deck, the guide and the role cards attached), written
after the documents they attach are up to date, and recorded like them. The draft attaches
exactly the files the build wrote for the project as it is now, read as regular files of its
folder: never a link, a pipe, or a card of someone who has left the board."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sggen import __version__, files, formats, output
from sggen.context import Context
from sggen.errors import Location, SggenError
from sggen.pipeline import assemble, manifest, portfolio
from sggen.pipeline.inputs import Dependencies, digest, shared
from sggen.pipeline.job import Job, Outcome, Request
from sggen.workspace import Workspace

ATTACHED = ("deck", "guide", "cards")  # what the e-mail draft attaches, built first
LIMIT = 50_000_000  # bytes of one attachment: a deck with pictures is a few MB


def invite(ws: Workspace, request: Request) -> list[Outcome]:
    """Write each project's invitation, invite.ics and invite.eml (the deck, guide and role
    cards they attach are built first when they are not up to date); return one outcome per
    project."""
    documents = portfolio.run(ws, dataclasses.replace(request, formats=ATTACHED))
    named = [o.project for o in documents if not o.error]
    deps = Dependencies(ws, named)
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


def _attachments(job: Job, lang: str, view: Context) -> list[Path]:
    """Return the files the e-mail attaches in `lang`: the deck, the guide, and the role card
    of each person who holds a card now, exactly the files the build wrote for them (a card
    left from a member who has gone is not among them)."""
    return [job.folder / job.file_name(fmt, lang, stem) for fmt in map(formats.get, ATTACHED)
            for stem in assemble.stems(fmt, view)]


def _read(job: Job, path: Path) -> bytes:
    """Return the bytes of a file the build wrote: a regular file in the project's folder,
    never a link (what it leads to would go out by mail) nor a pipe (never waited for)."""
    return files.read(path, LIMIT, job.folder, "a document the build wrote is a few MB",
                      links=False)


def _invite(job: Job, lang: str, outcome: Outcome) -> None:
    """Write the invitation of one language unless it is up to date."""
    from sggen.formats import invite  # icalendar loads only to write an invitation
    from sggen.formats.invite import mail

    folder = job.folder
    stem = "invite" if lang == job.own else f"invite.{lang}"
    ics_path, eml_path = folder / f"{stem}.ics", folder / f"{stem}.eml"
    view = job.view(lang)
    attached = _attachments(job, lang, view)
    used = {**job.deps.of(job.project_id, job.method, formats.get("deck")),
            **{manifest.name_in(p, folder): digest(p, links=False) for p in attached}}
    options = f"{__version__}|invite|{lang}"
    entry = manifest.read(folder).get("outputs", {}).get(ics_path.name, {})
    if (not job.request.force and entry.get("inputs") == used
            and entry.get("options") == options and ics_path.is_file() and eml_path.is_file()):
        outcome.unchanged.append(ics_path)
        return
    # the attachments' names start with the project's folder: a portable name
    attachments = [(f"{folder.name}-{p.name}", _read(job, p)) for p in attached]
    invitation = invite.from_context(view, job.ws.settings.meetings.timezone,
                                     Location(job.ws.project_file(job.project_id)),
                                     attachment=attachments[0])
    # The draft's copy of the calendar leaves the deck out: it is attached beside it.
    plain = invite.calendar(dataclasses.replace(invitation, attachment=None))
    subject, body = wording(view)
    eml = mail.draft(invitation, subject, body, attachments, plain)
    for path, data in ((ics_path, invite.calendar(invitation)), (eml_path, eml)):
        output.write_atomic(path, data, job.root)
        outcome.written.append(path)
    outcome.warnings += manifest.record(job, {ics_path.name: {
        "options": options, "inputs": used, "files": [eml_path.name, ics_path.name]}})


def wording(view: Context) -> tuple[str, str]:
    """Return the draft's subject and body in the view's language."""
    t = view.t
    dates = "\n".join(f"{m.number}. {m.day} {m.clock}" for m in view.meetings.calendar)
    return (t["invite_subject"].format(project=view.project.name),
            t["invite_body"].format(project=view.project.name, dates=dates))
