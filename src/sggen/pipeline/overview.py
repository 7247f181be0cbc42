"""The PMO's portfolio in the live preview: every project with its board, its next meeting
(and the meeting's pack where `sggen meeting` wrote one) and its warnings, and a board
member's own view by the slug of their name; made in memory, writing nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sggen import files, names
from sggen.errors import Problems, SggenError
from sggen.pipeline import directory, member
from sggen.pipeline.inputs import Dependencies, shared
from sggen.pipeline.job import Job, Request
from sggen.workspace import Workspace

KEYS = ("portfolio_title", "portfolio_lead", "portfolio_project", "portfolio_board",
        "member_next_one", "portfolio_warnings", "portfolio_no_warnings", "portfolio_pack",
        "portfolio_guide", "portfolio_deck")
PACK_LIMIT = 200_000_000  # bytes: a pack's deck with its pictures stays far below
PACKS = "meetings"  # below a project's output folder: meetings/<date>/, one pack a meeting


@dataclass
class Seated:
    name: str
    role: str  # the role's label in the project's language
    slug: str  # the person's page


@dataclass
class Row:
    """One project as the portfolio shows it."""

    id: str
    name: str
    code: str = ""
    locale: str = ""  # the language tag of the project's texts here
    board: list[Seated] = field(default_factory=list)
    next_day: str = ""  # the next meeting, in words
    next_title: str = ""
    next_date: dt.date | None = None
    pack: bool = False  # its pack is written: output/<id>/meetings/<date>/
    warnings: list[str] = field(default_factory=list)


@dataclass
class Overview:
    lang: str
    locale: str
    t: dict[str, str]
    rows: list[Row]


def overview(ws: Workspace, today: dt.date | None = None) -> Overview:
    """Return every project of the workspace as the portfolio page shows it, in the
    workspace's own language where a project is written in it, else in the project's."""
    today = today or dt.date.today()
    deps = Dependencies(ws, ws.project_ids())
    every, _ = directory.seats(ws, deps)
    slugs = {(s.project, s.role, s.name): p.slug for p in directory.people(every) for s in p.seats}
    inputs = shared(ws, deps.methods, deps)
    member.check_strings(ws, inputs.strings, KEYS)
    rows = [_row(ws, inputs, deps, project_id, slugs, today) for project_id in ws.project_ids()]
    lang = ws.settings.language
    t = {k: v[lang] if isinstance(v, dict) and lang in v else str(v)
         for k, v in inputs.strings.items()}
    return Overview(lang, ws.settings.locales.get(lang, lang), t, rows)


def _row(ws: Workspace, inputs, deps: Dependencies, project_id: str, slugs: dict,
         today: dt.date) -> Row:
    try:
        job, warnings = Job.read(inputs, Request([project_id]), project_id, deps)
    except Problems as exc:
        return Row(project_id, project_id, warnings=[str(p) for p in exc.problems])
    except SggenError as exc:
        return Row(project_id, project_id, warnings=[str(exc)])
    allowed = job.project.languages or ws.settings.languages
    lang = ws.settings.language if ws.settings.language in allowed else job.own
    view = job.view(lang)
    row = Row(project_id, view.project.name, view.project.code, view.locale,
              [Seated(m.person.name, m.role.label,
                      slugs.get((project_id, m.role.id, m.person.name), ""))
               for m in view.members],
              warnings=[str(w) for w in warnings])
    ahead = [m for m in view.meetings.calendar if m.date >= today]
    if ahead:
        row.next_day, row.next_title, row.next_date = \
            f"{ahead[0].day} {ahead[0].clock}", ahead[0].title, ahead[0].date
        row.pack = pack_folder(ws, project_id, ahead[0].date) is not None
    return row


def pack_folder(ws: Workspace, project_id: str, day: dt.date) -> Path | None:
    """Return the folder of a meeting's pack, output/<id>/meetings/<date>/, when it is a real
    folder below the output folder (never through a link), else None."""
    if project_id not in ws.project_ids():
        return None
    base = ws.output
    folder = base / names.folder(project_id) / PACKS / day.isoformat()
    parts = [base, base / names.folder(project_id), base / names.folder(project_id) / PACKS,
             folder]
    if any(p.is_symlink() or not p.is_dir() for p in parts):
        return None
    return folder


def pack_file(folder: Path, name: str) -> bytes | None:
    """Return the bytes of the file `name` of a pack's folder: a regular file, not a link, no
    larger than PACK_LIMIT; None for anything else."""
    try:
        return files.read(folder / name, PACK_LIMIT, folder, links=False)
    except SggenError:
        return None


def person_page(ws: Workspace, slug: str, today: dt.date | None = None) -> bytes | None:
    """Return the view of the board member whose name has the slug `slug` as a web page, or
    None when nobody's has."""
    deps = Dependencies(ws, ws.project_ids())
    every, _ = directory.seats(ws, deps)
    found = next((p for p in directory.people(every) if p.slug == slug), None)
    if found is None:
        return None
    made = member.make(ws, found, ws.settings.language, today or dt.date.today(), deps)
    return member.MEMBER_FORMATS[1].writer().write(made.document, None, made.meta)
