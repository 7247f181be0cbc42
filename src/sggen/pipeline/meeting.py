"""One board meeting's pack (`sggen meeting`): the agenda, a one-page pre-read per member,
the short deck, the minutes' template and the meeting's invitation with all of them attached
(the kickoff's with the kickoff deck too), written to meetings/<date>/ in the project's
folder and recorded like the other outputs, so that an up-to-date pack is not made again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from types import SimpleNamespace

from sggen import formats, output, package
from sggen.context import Context
from sggen.context import meeting as packs
from sggen.context.meeting import PackView
from sggen.errors import Caution, InputError, Location, SggenError
from sggen.formats import PACK, Format
from sggen.pipeline import assemble, manifest, portfolio
from sggen.pipeline.inputs import Dependencies, digest, shared
from sggen.pipeline.job import Job, Outcome, Request
from sggen.workspace import Workspace

DOCUMENTS = ("agenda", "brief", "minutes")  # one file each; the pre-reads are one per member
Files = list[tuple[Path, bytes]]


def meeting(ws: Workspace, request: Request, date: str | None, today: dt.date) -> Outcome:
    """Write the pack of one project's meeting on `date` (YYYY-MM-DD), or with no date of
    the first meeting after `today`, in each language asked for, unless it is up to date;
    return what happened. A date that is none, or on which no meeting is held, raises a
    located error naming the meetings' dates."""
    project_id = request.projects[0]
    deps = Dependencies(ws, [project_id])
    job, warnings = Job.read(shared(ws, deps.methods, deps), request, project_id, deps)
    index = _which(job, date, today)
    outcome = Outcome(project_id, warnings=warnings)
    if index == 0:  # the kickoff's pack holds the kickoff deck: made first if not up to date
        done = portfolio.run(ws, dataclasses.replace(request, formats=("deck",)))[0]
        if done.error:
            raise SggenError(done.error)
        outcome.written += done.written
    for lang in job.languages():
        _pack(job, lang, index, outcome)
    return outcome


def _which(job: Job, date: str | None, today: dt.date) -> int:
    """Return the place of the meeting asked for in the project's calendar."""
    days = [m.date for m in job.project.meetings.meetings()]
    where = _dates_location(job)
    held = "meetings on: " + ", ".join(d.isoformat() for d in days) if days else \
        "the project gives no meeting dates under meetings.dates"
    if date is None:
        later = [i for i, d in enumerate(days) if d > today]
        if not later:
            raise InputError(f"no meeting after today ({today.isoformat()})", where, held)
        return later[0]
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise InputError(f"--date {date!r} is not a date", where,
                         f"write it YYYY-MM-DD; {held}") from None
    if day not in days:
        raise InputError(f"no meeting on {day.isoformat()}", where, held)
    return days.index(day)


def _dates_location(job: Job) -> Location:
    """Return where the project file lists its meeting dates."""
    from sggen.read import load

    path = job.ws.project_file(job.project_id)
    return load.load(path, job.ws.root).where(("meetings", "dates"))


def _pack(job: Job, lang: str, index: int, outcome: Outcome) -> None:
    """Write one language's pack of meeting `index` unless the record says it is up to
    date."""
    view = job.view(lang)
    pack = packs.pack(view, job.project, job.library, index)
    base = f"meetings/{pack.meeting.date.isoformat()}"
    main = job.file_name(PACK["agenda"], lang, f"{base}/agenda")
    deck = job.folder / job.file_name(formats.get("deck"), lang) if pack.kickoff else None
    used = _inputs(job, deck)
    options = f"{manifest.options(PACK['agenda'], lang)}|pack"
    entry = manifest.read(job.folder).get("outputs", {}).get(main, {})
    if not job.request.force and _fresh(job.folder, entry, options, used):
        outcome.unchanged.append(job.folder / main)
        return
    files = _documents(job, lang, view, pack, base, outcome)
    if deck is not None:
        files.append((job.folder / job.file_name(formats.get("deck"), lang, f"{base}/deck"),
                      _read(job, deck)))
    files.append((job.folder / _ics_name(job, lang, base),
                  _invitation(job, view, pack.meeting.number, files)))
    output.make_folders([path for path, _ in files], job.root)
    for path, data in files:
        output.write_atomic(path, data, job.root)
        outcome.written.append(path)
    entries = {main: _entry(job, options, used, files, main)}
    manifest.remove_stale(job, entries)
    outcome.warnings.extend(manifest.record(job, entries))


def _inputs(job: Job, deck: Path | None) -> dict[str, str]:
    """Return {file: hash} of what a pack is made from: every template and reference its
    documents use, the library, the project, and the kickoff deck it holds."""
    used: dict[str, str] = {}
    for fmt in PACK.values():
        used.update(job.deps.of(job.project_id, job.method, fmt))
    if deck is not None:
        # not under the deck's own name: a build that rewrites the deck would take the pack
        # for one made from the old deck and delete it; here a new deck makes the next
        # `sggen meeting` make the pack again
        used[f"kickoff:{manifest.name_in(deck, job.folder)}"] = digest(deck, links=False)
    return dict(sorted(used.items()))


def _fresh(folder: Path, entry: dict, options: str, used: dict[str, str]) -> bool:
    """Return whether the recorded pack was made with these options from these inputs and
    every file of it is still the one written."""
    names = entry.get("files", [])
    if entry.get("options") != options or entry.get("inputs") != used or not names:
        return False
    hashes, stats = entry.get("hashes", {}), entry.get("stats", {})
    return all(manifest.stat(folder / n) == stats.get(n)
               or digest(folder / n, links=False) == hashes.get(n) for n in names)


def _documents(job: Job, lang: str, view: Context, pack: PackView, base: str,
               outcome: Outcome) -> Files:
    """Return the pack's documents as (path, bytes): the agenda, the short deck, the minutes
    and each member's pre-read."""
    files: Files = []
    for name in DOCUMENTS:
        fmt = PACK[name]
        made = _made(job, fmt, f"{base}/{name}", view, {"pack": pack})
        files.append((job.folder / job.file_name(fmt, lang, made.stem),
                      assemble.file_bytes(job, fmt, made)))
        _warn(outcome, made.warnings)
    fmt = PACK["preread"]
    entries = SimpleNamespace(prereads=[p.member for p in pack.prereads])
    for stem, member in zip(assemble.stems(fmt, entries), pack.prereads, strict=True):
        made = _made(job, fmt, f"{base}/{stem}", view, {"pack": pack, "member": member})
        files.append((job.folder / job.file_name(fmt, lang, made.stem),
                      assemble.file_bytes(job, fmt, made)))
        _warn(outcome, made.warnings)
    return files


def _made(job: Job, fmt: Format, stem: str, view: Context, extra: dict) -> assemble.Made:
    """Return one document of the pack: its template rendered with the project's view and
    `extra` (the pack, a member's pre-read), parsed, with the warnings of what it cannot
    show."""
    from sggen import outline  # not needed to decide that a pack is up to date

    rendered = assemble.renderer(job.ws.templates).render(
        fmt.template, {**view.variables(), **extra})
    parse = outline.parse_deck if fmt.slides else outline.parse_guide
    document = parse(rendered.markdown, rendered.lines)
    return assemble.Made(stem, view, rendered.markdown, assemble.left_out(fmt, document),
                         document)


def _warn(outcome: Outcome, warnings: list[Caution]) -> None:
    seen = {str(w) for w in outcome.warnings}  # a line warns once, not once per document
    outcome.warnings.extend(w for w in warnings if str(w) not in seen)


def _ics_name(job: Job, lang: str, base: str) -> str:
    return f"{base}/invite.ics" if lang == job.own else f"{base}/invite.{lang}.ics"


def _read(job: Job, path: Path) -> bytes:
    """Return the bytes of the kickoff deck the build wrote: a regular file of the project's
    folder, never a link."""
    from sggen import files

    return files.read(path, 50_000_000, job.folder, "a deck is a few MB", links=False)


def _invitation(job: Job, view: Context, number: int, files: Files) -> bytes:
    """Return the invitation to meeting `number` alone with the pack attached as one zip of
    its files (named by the project's folder and the meeting: a portable name). It is the
    same event (UID) as in the invitation to every meeting."""
    from sggen.formats import invite  # icalendar loads only to write an invitation

    base = f"meetings/{view.meetings.calendar[number - 1].date.isoformat()}/"
    members = [(manifest.name_in(p, job.folder).removeprefix(base), data) for p, data in files]
    name = f"{job.folder.name}-{base.split('/')[1]}.zip"
    invitation = invite.from_context(view, job.ws.settings.meetings.timezone,
                                     Location(job.ws.project_file(job.project_id)),
                                     attachment=(name, package.pack(members)))
    one = [m for m in invitation.meetings if m.number == number]
    return invite.calendar(dataclasses.replace(invitation, meetings=one))


def _entry(job: Job, options: str, used: dict[str, str], files: Files, main: str) -> dict:
    """Return the record of a pack: its options and inputs, and its files (the agenda last:
    it is what an up-to-date check reports)."""
    names = [(manifest.name_in(path, job.folder), path, data) for path, data in files]
    return {
        "options": options, "inputs": used,
        "files": sorted((n for n, _, _ in names), key=lambda n: n == main),
        "hashes": {n: hashlib.sha256(data).hexdigest() for n, _, data in names},
        "stats": {n: manifest.stat(path) for n, path, _ in names},
    }
