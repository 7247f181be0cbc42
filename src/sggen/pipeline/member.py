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
from sggen.context.member import BoardSeatView, Frame, PersonalView, board_seat, personal
from sggen.document import Document, Meta
from sggen.errors import Caution, SggenError
from sggen.formats import MEMBER_FORMATS, Format
from sggen.pipeline import assemble, directory
from sggen.pipeline.inputs import CONFIG, Dependencies, digest, shared
from sggen.pipeline.job import Job, Request, output_name
from sggen.workspace import STRINGS, Workspace

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
    """Return the person's view in `lang` as of `today`, made in memory from what each project
    they sit in says of them (kept in the cache per version of the project's file)."""
    inputs = shared(ws, deps.methods, deps)
    check_strings(ws, inputs.strings)
    boards = [_board(ws, inputs, deps, found, project_id, lang)
              for project_id in found.projects]
    words = context.Wording(lang, inputs.strings)
    frame = Frame(ws.settings.locales.get(lang, lang), words.text(ws.settings.organisation),
                  found.matched, feed)
    view = personal(boards, words, today, frame)
    document, warnings = _document(ws, view)
    return Made(view, document, _meta(view), _feed(ws, boards, words), warnings)


def _board(ws: Workspace, inputs, deps: Dependencies, found: directory.Found,
           project_id: str, lang: str) -> BoardSeatView:
    """Return what one project says of the person in `lang`: from the cache while neither the
    project's file nor anything shared changed, else from the project's own view."""
    mine = sorted((s.role, s.name) for s in found.seats if s.project == project_id)
    key = cache.key("member", cache.code_hash(), directory.shared_key(deps),
                    deps.project(project_id), project_id, lang, mine)
    kept = cache.load(key)
    if isinstance(kept, BoardSeatView):
        return kept
    job, _ = Job.read(inputs, Request([project_id], languages=[lang]), project_id, deps)
    job.languages()  # refuses a language the project is not written in
    view = job.view(lang)
    board = board_seat(view, [m for m in view.cards if (m.role.id, m.person.name) in mine])
    cache.store(key, board)
    return board


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
    return document, assemble.left_out(fmt, document, "member's view")


def _meta(view: PersonalView) -> Meta:
    subject = view.t["member_subject"]
    return Meta(title=f"{view.person.name} – {subject}", subject=subject,
                author=view.organisation, language=view.locale,
                footer=f"{view.person.name} · {subject}",
                keywords=", ".join(p.id for p in view.projects), page_label=view.t["page"])


def _feed(ws: Workspace, boards: list[BoardSeatView], words: context.Wording) -> bytes:
    """Return every board meeting of the person's projects (past ones too) as one feed."""
    from sggen.formats.invite import Meeting, local_time  # icalendar: only when written
    from sggen.formats.invite.feed import feed

    tz, t = ws.settings.meetings.timezone, words.strings
    events = []
    for board in boards:
        for d in board.dates:
            hours, minutes = (int(x) for x in d.time.split(":"))
            lines = [f"{words.text(t['invite_decisions'])}:", *(f"- {x}" for x in d.decides)]
            lines += ["", f"{words.text(t['member_action'])}: {d.action}"]
            if d.read:
                lines += ["", f"{words.text(t['card_read'])}: {', '.join(d.read)}"]
            start = local_time(d.date, dt.time(hours, minutes), tz, ws.project_file(board.id))
            events.append((board.id, Meeting(d.number, d.total, start,
                                             dt.timedelta(minutes=d.minutes),
                                             f"{d.project}: {d.decision}", "\n".join(lines),
                                             d.place, d.url)))
    return feed(words.say("member_feed", name=boards[0].person.name), words.lang, tz, events)


def _bytes(ws: Workspace, fmt: Format, made: Made) -> bytes:
    floor = float(ws.settings.layout.min_font_pt)
    return fmt.writer().write(made.document, fmt.reference(ws.templates), made.meta, floor)


MEMBER_KEYS = ("member_subject", "member_next", "member_next_one", "member_none", "member_more",
               "member_footer", "member_feed", "member_action", "member_papers", "card_read",
               "card_ask", "invite_decisions", "page", "version")


def check_strings(ws: Workspace, strings: dict, keys: tuple[str, ...] = MEMBER_KEYS) -> None:
    """Raise for a wording (of `keys`) that the workspace's strings.yaml lacks: one made
    before the view was."""
    missing = [key for key in keys if key not in strings]
    if missing:
        raise SggenError(f"{STRINGS} has no {', '.join(missing)}", ws.templates / STRINGS,
                         hint="copy them from the strings.yaml of a new workspace: sggen init")


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
