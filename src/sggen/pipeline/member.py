"""`sggen member`: one person's view across every project of the workspace, written to
<output>/members/<slug>/: member.docx (one page), member.html and member.ics (every board
meeting of theirs in every project). The view is not written again while nothing it is made
from changed (the record .sggen.json in its folder says what it was made from)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from sggen import cache, context, files, names, output
from sggen.context.member import PersonalView, dates, personal
from sggen.document import Document, Meta
from sggen.errors import Caution, SggenError
from sggen.formats import MEMBER_FORMATS, Format
from sggen.formats.invite import Meeting, local_time
from sggen.pipeline import assemble, directory
from sggen.pipeline.inputs import CONFIG, Dependencies, digest, shared
from sggen.pipeline.job import Job, Request, output_name
from sggen.workspace import Workspace

FOLDER = "members"  # below the output folder, beside the projects' folders
RECORD = ".sggen.json"
RECORD_LIMIT = 1_000_000
FEED = ".ics"


@dataclass
class Written:
    """What `member` did: the person found, the files written or left as they were, the
    warnings."""

    found: directory.Found
    folder: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Caution] = field(default_factory=list)


@dataclass
class Made:
    """A person's view made in memory: the typed view, its document and the calendar feed."""

    view: PersonalView
    document: Document
    meta: Meta
    feed: bytes
    warnings: list[Caution]


def locate(ws: Workspace, query: str, deps: Dependencies | None = None
           ) -> tuple[directory.Found, list[Caution], Dependencies]:
    """Return the one person `query` names across the workspace, the warnings of finding them
    and the run's dependencies; raise when nobody or more than one person answers to it."""
    deps = deps or Dependencies(ws, ws.project_ids())
    every, warnings = directory.seats(ws, deps)
    found, more = directory.find(every, query)
    return found, warnings + more, deps


def member(ws: Workspace, query: str, lang: str | None = None, out: Path | None = None,
           force: bool = False, today: dt.date | None = None) -> Written:
    """Write the view of the person `query` names (see the module's docstring); `today` is
    the day from which meetings are ahead (default: today)."""
    found, warnings, deps = locate(ws, query)
    lang, today = _language(ws, lang), today or dt.date.today()
    folder = _folder(ws, out, found)
    stems = {fmt.name: output_name(fmt, lang, ws.settings.language) for fmt in MEMBER_FORMATS}
    stems["feed"] = output_name(MEMBER_FORMATS[0], lang, ws.settings.language).replace(
        ".docx", FEED)
    used = {"inputs": _used(ws, deps, found), "lang": lang, "today": today.isoformat(),
            "seats": sorted(map(repr, found.seats)), "code": cache.code_hash()}
    done = Written(found, folder, warnings=warnings)
    paths = [folder / name for name in stems.values()]
    if not force and _fresh(folder, used, list(stems.values())):
        done.unchanged = paths
        return done
    made = make(ws, found, lang, today, deps, stems["feed"])
    done.warnings += made.warnings
    data = {stems[fmt.name]: _bytes(ws, fmt, made) for fmt in MEMBER_FORMATS}
    data[stems["feed"]] = made.feed
    inside = out or ws.root
    for name, content in data.items():
        output.write_atomic(folder / name, content, inside)
    record = {**used, "files": {n: hashlib.sha256(c).hexdigest() for n, c in data.items()}}
    output.write_atomic(folder / RECORD, json.dumps(record, indent=1, sort_keys=True).encode(),
                        inside)
    done.written = paths
    return done


def make(ws: Workspace, found: directory.Found, lang: str, today: dt.date,
         deps: Dependencies, feed: str = "member.ics") -> Made:
    """Return the person's view in `lang` as of `today`, made in memory from the views of the
    projects they sit in."""
    inputs = shared(ws, deps.methods, deps)
    seen = []
    for project_id in found.projects:
        job, _ = Job.read(inputs, Request([project_id], languages=[lang]), project_id, deps)
        job.languages()  # refuses a language the project is not written in
        view = job.view(lang)
        mine = {(s.role, s.name) for s in found.seats if s.project == project_id}
        seen.append((job, view, [m for m in view.cards if (m.role.id, m.person.name) in mine]))
    strings = {**inputs.strings}
    words = context.Wording(lang, strings)
    person = seen[0][2][0].person
    view = personal(person, [(v, m) for _, v, m in seen], words, today, found.matched, feed)
    document, warnings = _document(ws, view)
    return Made(view, document, _meta(view), _feed(ws, view, seen, words), warnings)


def page(ws: Workspace, query: str, lang: str | None = None, today: dt.date | None = None
         ) -> bytes:
    """Return the person's view as a web page, writing nothing (for the live preview)."""
    found, _, deps = locate(ws, query)
    made = make(ws, found, _language(ws, lang), today or dt.date.today(), deps)
    return MEMBER_FORMATS[1].writer().write(made.document, None, made.meta)


def _document(ws: Workspace, view: PersonalView) -> tuple[Document, list[Caution]]:
    from sggen import outline  # not needed to decide that the view is up to date

    fmt = MEMBER_FORMATS[0]
    rendered = assemble.renderer(ws.templates).render(fmt.template, view.variables())
    document = outline.parse_guide(rendered.markdown, rendered.lines)
    warnings = [Caution(f"the member's view cannot show a {type(block).__name__}; it is left "
                        "out", block.where, "remove it") for block in fmt.unshown(document)]
    return document, warnings


def _meta(view: PersonalView) -> Meta:
    subject = view.t["member_subject"]
    return Meta(title=f"{view.person.name} – {subject}", subject=subject,
                author=view.organisation, language=view.locale,
                footer=f"{view.person.name} · {subject}",
                keywords=", ".join(p.id for p in view.projects), page_label=view.t["page"])


def _feed(ws: Workspace, view: PersonalView, seen: list, words: context.Wording) -> bytes:
    """Return every board meeting of the person's projects (past ones too) as one feed."""
    from sggen.formats.invite.feed import feed

    tz = ws.settings.meetings.timezone
    events = []
    for job, project_view, members in seen:
        for d in dates(project_view, members, dt.date.min):
            hours, minutes = (int(x) for x in d.time.split(":"))
            lines = [f"{view.t['invite_decisions']}:", *(f"- {x}" for x in d.decides)]
            lines += ["", f"{view.t['member_action']}: {d.action}"]
            if d.read:
                lines += ["", f"{view.t['card_read']}: {', '.join(d.read)}"]
            summary = f"{d.project}: {d.decision}"
            start = local_time(d.date, dt.time(hours, minutes), tz, ws.project_file(job.project_id))
            events.append((job.project_id, Meeting(d.number, d.total, start,
                                                   dt.timedelta(minutes=d.minutes), summary,
                                                   "\n".join(lines), d.place, d.url)))
    title = words.say("member_feed", name=view.person.name)
    return feed(title, view.lang, tz, events)


def _bytes(ws: Workspace, fmt: Format, made: Made) -> bytes:
    floor = float(ws.settings.layout.min_font_pt)
    return fmt.writer().write(made.document, fmt.reference(ws.templates), made.meta, floor)


def _language(ws: Workspace, lang: str | None) -> str:
    lang = lang or ws.settings.language
    if lang not in ws.settings.languages:
        raise SggenError(f"'{lang}' is not a language of the workspace",
                         ws.root / CONFIG, hint="its languages: "
                         + ", ".join(ws.settings.languages))
    return lang


def _folder(ws: Workspace, out: Path | None, found: directory.Found) -> Path:
    """Return the person's folder; raise when a project's own folder would be the members'."""
    for project_id in ws.project_ids():
        if names.fold(names.folder(project_id)) == FOLDER:
            raise SggenError(f"project '{project_id}' writes to the folder {FOLDER}/ that "
                             "holds the members' views", ws.project_file(project_id),
                             hint="rename the project file")
    return (out or ws.output) / FOLDER / found.slug


def _used(ws: Workspace, deps: Dependencies, found: directory.Found) -> dict[str, str]:
    """Return {file: hash} of what the view is made from: the settings, the strings, the
    member template and the reference document, every library, the person's projects."""
    own = {f"projects/{p}.yaml" for p in found.projects}
    keep = {"templates/member.md.j2", "templates/strings.yaml", "templates/reference.docx",
            "templates/reference.dotx", CONFIG}
    return {rel: h for rel, h in sorted(deps.hashes.items())
            if rel in keep or rel in own or rel.startswith("roles/")}


def _fresh(folder: Path, used: dict, stems: list[str]) -> bool:
    """Return whether the record in `folder` says its files were made from `used` and the
    files are still what it wrote (a record that is not the shape written counts as none)."""
    try:
        record = json.loads(files.read(folder / RECORD, RECORD_LIMIT, folder, links=False))
    except (SggenError, OSError, ValueError, RecursionError):
        return False
    if not isinstance(record, dict) or not isinstance(record.get("files"), dict):
        return False
    if {k: v for k, v in record.items() if k != "files"} != json.loads(json.dumps(used)):
        return False
    written = record["files"]
    return sorted(written) == sorted(stems) and all(
        digest(folder / name, folder, links=False) == written[name] for name in stems)
