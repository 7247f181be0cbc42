"""Compose the stages: read everything first, then render, lay out and write each output.

read -> context -> render -> outline -> format (layout, write) -> package. A project's outputs
are rebuilt only when something they depend on changed; that decision reads file hashes, never
the document libraries, which are imported only when a file is actually written.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sggen import __version__, cache, context, files, formats, package, read
from sggen.document import Meta
from sggen.errors import Caution, Location, Problems, SggenError, ToolError, split
from sggen.formats import REGISTRY, Format
from sggen.model import Library, Project
from sggen.read import Inputs
from sggen.workspace import CONFIG, Workspace

MANIFEST = ".sggen.json"
# The strings.yaml keys this module reads, besides those of the context and the formats.
STRING_KEYS = ("page",)


@dataclass
class Request:
    """What to build."""

    projects: list[str]
    formats: tuple[str, ...] = ("deck", "guide")
    languages: list[str] | None = None  # None: each project's own language
    output: Path | None = None
    force: bool = False
    markdown: bool = False  # also write the rendered Markdown
    pdf: bool = False
    jobs: int = 1


@dataclass
class Outcome:
    """What happened to one project."""

    project: str
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    error: str = ""
    warnings: list[Caution] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what changed in the content, in words


# --- reading and checking --------------------------------------------------------------------


def required_strings() -> tuple[str, ...]:
    """Return the strings.yaml keys that sggen's own code reads."""
    subjects = tuple(f.subject for f in REGISTRY.values() if f.subject)
    return (*context.STRING_KEYS, *STRING_KEYS, *subjects)


def shared(ws: Workspace, methods: set[str], deps: Dependencies | None = None) -> Inputs:
    """Return the checked strings and libraries of `methods`, or raise every problem; given
    the run's `deps`, from the cache when none of the files they are read from changed."""
    if deps is None:
        return read.inputs(ws, methods, required_strings())
    sources = sorted((rel, digest) for rel, digest in deps.hashes.items()
                     if not rel.startswith("projects/"))
    if any(digest == "missing" for _, digest in sources):
        return read.inputs(ws, methods, required_strings())  # to report it as it is read
    name = cache.key("inputs", str(ws.root), sorted(methods), required_strings(), sources)
    found = cache.load(name)
    if isinstance(found, Inputs):
        return dataclasses.replace(found, workspace=ws)
    inputs = read.inputs(ws, methods, required_strings())
    cache.store(name, inputs)
    return inputs


def check_all(ws: Workspace) -> tuple[int, int, list[Caution]]:
    """Check the whole workspace as a build would, rendering every project in its own
    language without writing; return (projects, methods, warnings) or raise every error."""
    problems: list[SggenError] = []
    try:
        inputs = shared(ws, set(ws.methods()) | {ws.settings.method})
    except SggenError as exc:
        problems.extend(exc.problems if isinstance(exc, Problems) else [exc])
        inputs = None
    problems.extend(_renderer(ws.templates).check())
    problems.extend(reference_problems(ws, tuple(REGISTRY)))
    if inputs is not None:
        for project_id in ws.project_ids():
            project = read.project(ws, inputs, project_id, problems)
            if project is None or split(problems)[0]:
                continue
            lang = project.language or ws.settings.language
            for fmt in REGISTRY.values():
                if any(p.where and p.where.path == fmt.reference(ws.templates)
                       for p in problems):
                    continue  # its reference document is broken: reported once above
                try:
                    for *_, warnings, _ in _documents(ws, inputs, project_id, project, fmt,
                                                        lang):
                        problems.extend(warnings)
                except SggenError as exc:
                    problems.append(exc)
    errors, warnings = split(problems)
    if errors:
        raise Problems(errors)
    # a template line that warns for every project is one warning
    unique = list({str(w): w for w in warnings}.values())
    return len(ws.project_ids()), len(inputs.libraries), unique


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


# --- incremental builds ----------------------------------------------------------------------


class Dependencies:
    """What each output depends on, with every candidate file hashed once at the start.

    The hashes are taken before anything is read, so a file saved during a build makes the
    next build run again rather than being recorded as already built.
    """

    def __init__(self, ws: Workspace, projects: list[str]):
        self.ws = ws
        self.templates = sorted(p.relative_to(ws.root).as_posix()
                                for p in ws.templates.rglob("*")
                                if p.is_file() and not files.is_editor_file(p.name))
        names = [CONFIG, *self.templates, *(f"projects/{p}.yaml" for p in projects),
                 *(p.relative_to(ws.root).as_posix() for p in ws.root.glob("roles/*/*.yaml")
                   if not files.is_editor_file(p.name))]
        # a file that is not regular or lies outside the workspace is read (and refused) anew
        self.hashes = {rel: _digest(ws.root / rel, ws.root) for rel in names}
        self.methods = set(ws.methods())  # listed once per run, not once per project
        self._shared: dict[tuple[str, str], dict[str, str]] = {}

    def of(self, project_id: str, method: str, fmt: Format) -> dict[str, str]:
        """Return {file: hash} for everything one output depends on: every template file but
        the other formats' reference documents."""
        if (method, fmt.name) not in self._shared:  # the same for every project of a method
            library = [p.relative_to(self.ws.root).as_posix() for p in self.ws.method_files(method)]
            # (a reference two formats share, as the deck's and its HTML slides', stays)
            others = {f"templates/{name}" for other in REGISTRY.values() if other is not fmt
                      for name in other.references if name not in fmt.references}
            files = [CONFIG, *library, *(t for t in self.templates if t not in others)]
            self._shared[method, fmt.name] = {rel: self.hashes.get(rel, "missing")
                                              for rel in files}
        own_file = f"projects/{project_id}.yaml"
        return {**self._shared[method, fmt.name], own_file: self.hashes.get(own_file, "missing")}


_DIGEST_LIMIT = 100_000_000  # larger inputs are refused when read; their hash is not needed


def _digest(path: Path, inside: Path | None = None) -> str:
    """Return the hash of a file's bytes, or 'missing' for what is not a readable regular file
    (inside `inside`), never opening a pipe or a device: reading one would wait for ever."""
    try:
        return hashlib.sha256(files.read(path, _DIGEST_LIMIT, inside)).hexdigest()
    except SggenError:
        return "missing"


def _manifest(folder: Path) -> dict:
    """Return what the last build recorded, or {} if there is no such record or it is not of
    the shape this version writes (then everything is rebuilt and the record written anew)."""
    try:
        data = json.loads(files.read(folder / MANIFEST, _DIGEST_LIMIT))
    except (SggenError, ValueError):
        return {}
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, dict) or not all(
            isinstance(entry, dict) and isinstance(entry.get("files"), list)
            and all(isinstance(f, str) for f in entry["files"])
            and isinstance(entry.get("hashes", {}), dict)
            and isinstance(entry.get("stats", {}), dict) for entry in outputs.values()):
        return {}
    return data


def _options(fmt: Format, lang: str) -> str:
    """Return what besides the input files decides a document's bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return f"{__version__}|code={cache.code_hash()}|{fmt.name}|{lang}|epoch={epoch}"


def _side_files(request: Request, fmt: Format) -> set[str]:
    """Return the suffixes of the files asked for beside a document (.md, and .pdf for the
    formats that LibreOffice converts)."""
    wanted = ((".md", request.markdown), (".pdf", request.pdf and fmt.pdf))
    return {suffix for suffix, asked in wanted if asked}


def output_name(fmt: Format, lang: str, own: str) -> str:
    """Return deck.pptx for the project's own language, deck.<lang>.pptx for the others."""
    stem = fmt.file_stem if lang == own else f"{fmt.file_stem}.{lang}"
    return stem + fmt.suffix


# --- building --------------------------------------------------------------------------------


def run(ws: Workspace, request: Request, progress=None) -> list[Outcome]:
    """Build the requested projects; return one outcome per project.

    With one project, any problem raises. With several, a project's problems are recorded in
    its outcome and the others are still built (shared problems still raise at once).
    """
    out_root = request.output or ws.output
    if request.pdf:
        _office()  # fail before writing anything rather than after the first document
    package.build_time()  # a bad SOURCE_DATE_EPOCH fails before anything is read or written
    for project_id in request.projects:
        ws.project_file(project_id)  # refuses ids that name a path elsewhere
    deps = Dependencies(ws, request.projects)
    stale, outcomes = [], {}
    for project_id in request.projects:
        unchanged = _fresh(deps, project_id, request, out_root / project_id)
        outcomes[project_id] = Outcome(project_id, unchanged=unchanged or [])
        if unchanged is None:
            stale.append(project_id)
        elif progress:
            progress(outcomes[project_id])
    if stale:
        inputs = shared(ws, deps.methods, deps)
        broken = reference_problems(ws, request.formats)
        if broken:
            raise Problems(broken)
        single = len(request.projects) == 1
        jobs = min(request.jobs, len(stale))
        if jobs > 1:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(max_workers=jobs, initializer=_worker,
                                     initargs=(os.getpid(),)) as pool:
                try:
                    futures = [pool.submit(_build_one, inputs, deps, request, p, out_root,
                                           single) for p in stale]
                    for future in as_completed(futures):
                        _merge(outcomes, future.result(), progress)
                except BaseException:
                    _stop(pool)  # Ctrl-C or a failure: the workers' files are written
                    raise        # atomically, so stopping them midway leaves nothing broken
        else:
            for project_id in stale:
                _merge(outcomes, _build_one(inputs, deps, request, project_id, out_root,
                                            single), progress)
    return [outcomes[p] for p in request.projects]


def _worker(parent: int) -> None:
    """Prepare a worker process: Ctrl-C is the parent's to handle, and the worker ends when
    the parent does, however it ends (SIGTERM, SIGKILL), instead of building on unseen."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _parent_death_signal():
        if os.getppid() != parent:  # the parent died before the signal was asked for
            os._exit(1)
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _parent_death_signal() -> bool:
    """Ask Linux to kill this process when its parent ends; return whether it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _stop(pool) -> None:
    """Cancel what has not started and end the workers at once."""
    import multiprocessing

    pool.shutdown(wait=False, cancel_futures=True)
    # Every child, not only those in the pool's table: Ctrl-C may come while the pool is
    # still starting a worker, which it has not listed yet and would wait for at exit.
    processes = getattr(pool, "_processes", None) or {}
    for process in {*processes.values(), *multiprocessing.active_children()}:
        process.terminate()
    # The queue's feeder thread may be blocked writing tasks to workers that are gone; the
    # interpreter would wait for it at exit, for ever. Let it be dropped instead.
    queue = getattr(pool, "_call_queue", None)
    if queue is not None:
        queue.cancel_join_thread()


def _merge(outcomes: dict, result: Outcome, progress) -> None:
    outcome = outcomes[result.project]
    outcome.written, outcome.error = result.written, result.error
    outcome.warnings, outcome.changes = result.warnings, result.changes
    if progress:
        progress(outcome)


def _fresh(deps: Dependencies, project_id: str, request: Request,
           folder: Path) -> list[Path] | None:
    """Return the outputs if every requested one is up to date, else None (rebuild)."""
    manifest = _manifest(folder)
    if request.force or manifest.get("project") != deps.hashes[f"projects/{project_id}.yaml"]:
        return None
    method, own = manifest.get("method"), manifest.get("language")
    if method not in deps.methods or not isinstance(own, str):
        return None
    paths = []
    base = os.fspath(folder)  # plain strings: a portfolio checks ten thousand files here
    for lang in request.languages or [own]:
        for fmt in map(formats.get, request.formats):
            entry = manifest.get("outputs", {}).get(output_name(fmt, lang, own), {})
            names = entry.get("files", [])
            hashes = entry.get("hashes", {})
            stats = entry.get("stats", {})
            # asking for the Markdown or a PDF needs those files, not a new document
            if (entry.get("options") != _options(fmt, lang) or not names
                    or not _side_files(request, fmt) <= {os.path.splitext(n)[1] for n in names}
                    or entry.get("inputs") != deps.of(project_id, method, fmt)
                    # a file truncated, edited or replaced since is built again
                    or not all(_kept(os.path.join(base, n), hashes.get(n), stats.get(n))
                               for n in names)):
                return None
            paths.append(folder / names[-1])
    return paths


def _stat(path: str | Path) -> list[int] | None:
    """Return what shows a written file was touched since: its size and modification time."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _kept(path: str, digest: str | None, stat: list[int] | None) -> bool:
    """Return whether an output file is still the one written: the same size and time as
    recorded, or else the same bytes (a copy that only changed the time is kept)."""
    # Stat first: hashing every output of a large portfolio costs a second per thousand.
    seen = _stat(path)
    return seen is not None and (seen == stat or _digest(Path(path)) == digest)


def _build_one(inputs: Inputs, deps: Dependencies, request: Request, project_id: str,
               out_root: Path, single: bool) -> Outcome:
    """Read, render and write one project's outputs (runs in a worker process)."""
    ws = inputs.workspace
    folder = out_root / project_id
    outcome = Outcome(project_id)
    try:
        problems: list[SggenError] = []
        project = read.project(ws, inputs, project_id, problems)
        errors, outcome.warnings = split(problems)
        if errors or project is None:
            raise Problems(errors)
        method = project.method or ws.settings.method
        own = project.language or ws.settings.language
        allowed = project.languages or ws.settings.languages
        langs = request.languages or [own]
        for lang in langs:
            if lang not in allowed:
                raise SggenError(f"project '{project_id}' is not written in '{lang}'",
                                 hint="its languages: " + ", ".join(allowed))
        todo = [(formats.get(name), lang) for lang in langs for name in request.formats]
        # Render and lay out every document before writing any: a failure in the second
        # template must not leave a fresh first document beside a stale second one.
        produced = {}
        library = inputs.libraries[method]
        content = context.digest(context.context(project_id, project, library, ws.settings,
                                                 inputs.strings, own))
        before = _manifest(folder).get("content")
        if isinstance(before, dict):
            outcome.changes = context.changes(before, content)
        for fmt, lang in todo:
            files, warnings = _render(ws, inputs, project_id, project, fmt, lang, own, folder,
                                      request)
            produced[fmt.name, lang] = files
            seen = {str(w) for w in outcome.warnings}  # the same line warns once, not per language
            outcome.warnings.extend(w for w in warnings if str(w) not in seen)
        for files in produced.values():
            for path, data in files:
                package.write_atomic(path, data)
                outcome.written.append(path)
        if request.pdf:
            # every document a format wrote (the cards are several), one LibreOffice start
            wanted = [(files, path, ws.settings.locales.get(lang, lang))
                      for (name, lang), files in produced.items() if formats.get(name).pdf
                      for path, _ in list(files) if path.suffix == formats.get(name).suffix]
            pdfs = to_pdf([path for _, path, _ in wanted], [tag for _, _, tag in wanted])
            for (files, _, _), pdf in zip(wanted, pdfs, strict=True):
                files.append((pdf, b""))
                outcome.written.append(pdf)
        entries = {}
        for (name, lang), files in produced.items():
            fmt = formats.get(name)
            main = output_name(fmt, lang, own)
            entries[main] = {
                "options": _options(fmt, lang),
                "inputs": deps.of(project_id, method, fmt),
                # the main document last: it is what a fresh check reports as unchanged
                "files": sorted((_name(p, folder) for p, _ in files),
                                key=lambda n, m=main: n == m),
                "hashes": {_name(p, folder): hashlib.sha256(data).hexdigest() if data
                           else _digest(p) for p, data in files},
                "stats": {_name(p, folder): _stat(p) for p, _ in files},
            }
        _remove_stale(folder, entries)
        outcome.warnings.extend(_record(folder, deps, project_id, method, own, entries,
                                        content))
    except SggenError as exc:
        if single:
            raise
        outcome.error = str(exc)
    return outcome


def _remove_stale(folder: Path, entries: dict[str, dict]) -> None:
    """Delete what the new `entries` make stale: an output's files not made again (a PDF or
    the Markdown from an earlier run with --pdf or --format md), and every other output made
    from a file just rewritten (the invitation that attached the old deck)."""
    recorded = _manifest(folder).get("outputs", {})
    rewritten = {name for entry in entries.values() for name in entry["files"]}
    stale = set()
    for main, entry in recorded.items():
        if not isinstance(entry, dict):
            continue
        files = set(entry.get("files") or [])
        if main in entries:
            stale |= files - set(entries[main]["files"])
        elif rewritten & set(entry.get("inputs") or {}):
            stale |= files
    for name in sorted(stale):
        path = folder / name
        if path.is_file() and folder in path.parents:
            path.unlink()


def _name(path: Path, folder: Path) -> str:
    """Return a written file's name in the manifest: its path below the project's folder."""
    return path.relative_to(folder).as_posix()


def _record(folder: Path, deps: Dependencies, project_id: str, method: str, own: str,
            entries: dict[str, dict], content: dict[str, str] | None = None) -> list[Caution]:
    """Add `entries` (output name -> options, inputs, files) to the folder's manifest; return
    the warning that it could not be recorded, if it could not."""
    manifest = _manifest(folder)
    same_project = manifest.get("project") == deps.hashes[f"projects/{project_id}.yaml"]
    outputs = manifest.get("outputs", {}) if same_project else {}
    outputs.update(entries)
    # an output whose files were removed as stale is no longer recorded
    outputs = {k: v for k, v in outputs.items() if isinstance(v, dict)
               and all((folder / n).is_file() for n in v.get("files") or [])}
    record = {"project": deps.hashes[f"projects/{project_id}.yaml"], "method": method,
              "language": own, "outputs": dict(sorted(outputs.items())),
              "content": content if content is not None else manifest.get("content", {})}
    if (folder / MANIFEST).is_dir() and not (folder / MANIFEST).is_symlink():
        return [Caution("is a folder, so this build is not recorded; the next build rebuilds",
                        Location(folder / MANIFEST), "remove the folder")]
    package.write_atomic(folder / MANIFEST, json.dumps(record, indent=1, sort_keys=True).encode())
    return []


def audit(ws: Workspace, request: Request) -> list[str]:
    """Build what is stale, then return the accessibility problems of every document the
    request names (each card of the cards, too), each as `path: problem` (empty: none)."""
    outcomes = run(ws, request)
    problems = [f"{o.project}: {o.error}" for o in outcomes if o.error]
    for outcome in outcomes:
        folder = (request.output or ws.output) / outcome.project
        manifest = _manifest(folder)
        own = manifest.get("language", ws.settings.language)
        for lang in request.languages or [own]:
            locale = ws.settings.locales.get(lang, lang)
            for fmt in map(formats.get, request.formats):
                writer = fmt.writer()
                entry = manifest.get("outputs", {}).get(output_name(fmt, lang, own), {})
                for name in entry.get("files", []):
                    path = folder / name
                    if hasattr(writer, "audit") and path.suffix == fmt.suffix:
                        problems += [f"{Location(path)}: {p}"
                                     for p in writer.audit(path, locale)]
    return problems


# --- the meeting invitation ------------------------------------------------------------------


def invite(ws: Workspace, request: Request) -> list[Outcome]:
    """Write each project's invitation, invite.ics and invite.eml (the deck and guide they
    attach are built first when they are not up to date); return one outcome per project."""
    documents = run(ws, dataclasses.replace(request, formats=("deck", "guide")))
    deps = Dependencies(ws, request.projects)
    inputs = shared(ws, deps.methods, deps)
    single = len(request.projects) == 1
    outcomes = []
    for done in documents:
        outcome = Outcome(done.project, list(done.written), warnings=done.warnings,
                          error=done.error)
        if not done.error:
            try:
                _invite_one(inputs, deps, request, outcome)
            except SggenError as exc:
                if single:
                    raise
                outcome.error = str(exc)
        outcomes.append(outcome)
    return outcomes


def _invite_one(inputs: Inputs, deps: Dependencies, request: Request, outcome: Outcome) -> None:
    from sggen.formats import invite  # icalendar loads only to write an invitation

    ws, project_id = inputs.workspace, outcome.project
    folder = (request.output or ws.output) / project_id
    problems: list[SggenError] = []
    project = read.project(ws, inputs, project_id, problems)
    if project is None:
        raise Problems(problems)
    method = project.method or ws.settings.method
    own = project.language or ws.settings.language
    library = inputs.libraries[method]
    where = ws.project_file(project_id)
    for lang in request.languages or [own]:
        stem = "invite" if lang == own else f"invite.{lang}"
        ics_path, eml_path = folder / f"{stem}.ics", folder / f"{stem}.eml"
        attached = [folder / output_name(formats.get(n), lang, own) for n in ("deck", "guide")]
        # the role cards of this language: name.docx in the project's own, name.en.docx
        cards = sorted((folder / "cards").glob("*.docx"))
        attached += [c for c in cards if (c.suffixes == [".docx"]) == (lang == own)
                     and (lang == own or c.name.endswith(f".{lang}.docx"))]
        used = {**deps.of(project_id, method, formats.get("deck")),
                **{_name(p, folder): _digest(p) for p in attached}}
        entry = _manifest(folder).get("outputs", {}).get(ics_path.name, {})
        if (not request.force and entry.get("inputs") == used
                and entry.get("options") == f"{__version__}|invite|{lang}"
                and ics_path.is_file() and eml_path.is_file()):
            outcome.unchanged.append(ics_path)
            continue
        view = context.context(project_id, project, library, ws.settings, inputs.strings, lang)
        files = [(f"{project_id}-{p.name}", p.read_bytes()) for p in attached]
        invitation = invite.from_context(view, ws.settings.meetings.timezone, Location(where),
                                         attachment=files[0])
        # The draft's copy of the calendar leaves the deck out: it is attached beside it.
        plain = invite.calendar(dataclasses.replace(invitation, attachment=None))
        subject, body = invite.wording(view)
        eml = invite.draft(invitation, subject, body, files, plain)
        for path, data in ((ics_path, invite.calendar(invitation)), (eml_path, eml)):
            package.write_atomic(path, data)
            outcome.written.append(path)
        outcome.warnings += _record(folder, deps, project_id, method, own, {ics_path.name: {
            "options": f"{__version__}|invite|{lang}", "inputs": used,
            "files": [eml_path.name, ics_path.name]}})


@dataclass
class Pages:
    """What a preview build made: the pages of the projects it rebuilt, and for each of them
    the method and the {file: hash} of every input their pages were made from."""

    pages: dict[tuple[str, str], bytes] = field(default_factory=dict)
    made_from: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)


def preview(ws: Workspace, names: tuple[str, ...], projects: list[str] | None = None,
            since: dict[str, tuple[str, dict[str, str]]] | None = None) -> Pages:
    """Return the pages (formats `names`) of each project in its own language, writing
    nothing (for the live preview), but only of the projects whose inputs differ from those
    they were made from in `since` (the `made_from` of earlier builds): the same dependencies
    as an incremental build's; raise every problem of the first project that has any."""
    ids = projects or ws.project_ids()
    deps = Dependencies(ws, ids)
    since = since or {}
    stale = [p for p in ids if p not in since
             or since[p][1] != _preview_inputs(deps, p, since[p][0], names)]
    out = Pages()
    if not stale:
        return out
    inputs = shared(ws, deps.methods, deps)
    floor = float(ws.settings.layout.min_font_pt)
    for project_id in stale:
        problems: list[SggenError] = []
        project = read.project(ws, inputs, project_id, problems)
        errors, _ = split(problems)
        if errors or project is None:
            raise Problems(errors or problems)
        lang = project.language or ws.settings.language
        for name in names:
            fmt = formats.get(name)
            view, _, _, document = _document(ws, inputs, project_id, project, fmt, lang)
            data = fmt.writer().write(document, fmt.reference(ws.templates), _meta(view, fmt),
                                      floor)
            out.pages[project_id, name] = data
        method = project.method or ws.settings.method
        out.made_from[project_id] = (method, _preview_inputs(deps, project_id, method, names))
    return out


def _preview_inputs(deps: Dependencies, project_id: str, method: str,
                    names: tuple[str, ...]) -> dict[str, str]:
    """Return {file: hash} of everything the pages `names` of one project depend on."""
    if method not in deps.methods:
        return {}  # the method's folder is gone: what the pages were made from differs
    return {rel: digest for name in names
            for rel, digest in deps.of(project_id, method, formats.get(name)).items()}


def _document(ws: Workspace, inputs: Inputs, project_id: str, project: Project, fmt: Format,
              lang: str, member: object = None, view: context.Context | None = None):
    """Return (context, rendered Markdown, warnings, document) of one format and language;
    `member` is the entry of a per-person format's list that the template renders."""
    from sggen import outline  # not needed to decide that outputs are up to date

    library: Library = inputs.libraries[project.method or ws.settings.method]
    if view is None:
        view = context.context(project_id, project, library, ws.settings, inputs.strings, lang)
    variables = view.variables() if member is None else {**view.variables(), "member": member}
    rendered = _renderer(ws.templates).render(fmt.template, variables)
    parse = outline.parse_deck if fmt.slides else outline.parse_guide
    document = parse(rendered.markdown, rendered.lines)
    warnings = [Caution(f"the {fmt.name} cannot show {_kind(block)}; it is left out",
                        block.where, "move it to where the format shows it, or remove it")
                for block in fmt.unshown(document)]
    return view, rendered, warnings, document


def _documents(ws: Workspace, inputs: Inputs, project_id: str, project: Project, fmt: Format,
               lang: str) -> list[tuple[str, context.Context, object, list[Caution], object]]:
    """Return (file stem, context, rendered Markdown, warnings, document) of each file one
    format writes in one language: one, or one per entry of its `each` list."""
    if not fmt.each:
        return [(fmt.file_stem, *_document(ws, inputs, project_id, project, fmt, lang))]
    library: Library = inputs.libraries[project.method or ws.settings.method]
    view = context.context(project_id, project, library, ws.settings, inputs.strings, lang)
    out = []
    for member in getattr(view, fmt.each):
        made = _document(ws, inputs, project_id, project, fmt, lang, member, view)
        out.append((f"{fmt.folder}/{member.slug}" if fmt.folder else member.slug, *made))
    return out


def _kind(block: object) -> str:
    """Return a block kind in words: 'a Table', 'an OrgChart'."""
    name = type(block).__name__
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def _render(ws: Workspace, inputs: Inputs, project_id: str, project: Project, fmt: Format,
            lang: str, own: str, folder: Path,
            request: Request) -> tuple[list[tuple[Path, bytes]], list[Caution]]:
    """Return one format's files (each document's Markdown first when asked) as (path, bytes),
    and the warnings found on the way."""
    files: list[tuple[Path, bytes]] = []
    found: list[Caution] = []
    floor = float(ws.settings.layout.min_font_pt)
    for stem, view, rendered, warnings, document in _documents(ws, inputs, project_id,
                                                               project, fmt, lang):
        found.extend(w for w in warnings if str(w) not in {str(f) for f in found})
        meta = _file_meta(view, fmt, document)
        suffix = fmt.suffix if lang == own else f".{lang}{fmt.suffix}"
        target = folder / f"{stem}{suffix}"
        if request.markdown:
            files.append((target.with_suffix(".md"), rendered.markdown.encode()))
        data = fmt.writer().write(document, fmt.reference(ws.templates), meta, floor)
        data = data if fmt.prezipped or not fmt.zipped else package.normalise(data)
        files.append((target, data))
    return files, found


def documents(ws: Workspace, project_id: str, fmt: Format,
              lang: str | None = None) -> list[tuple[str, object, Meta]]:
    """Return (file stem, document, meta) of each file `fmt` writes for a project in `lang`
    (its own language by default): what the writer is given, writing nothing."""
    inputs = shared(ws, set(ws.methods()))
    problems: list[SggenError] = []
    project = read.project(ws, inputs, project_id, problems)
    errors, _ = split(problems)
    if errors or project is None:
        raise Problems(errors or problems)
    lang = lang or project.language or ws.settings.language
    return [(stem, document, _file_meta(view, fmt, document)) for stem, view, _, _, document
            in _documents(ws, inputs, project_id, project, fmt, lang)]


def _file_meta(view: context.Context, fmt: Format, document) -> Meta:
    """Return what one file of `fmt` says about itself."""
    meta = _meta(view, fmt)
    if fmt.each:  # each file is someone's: their name leads its title
        meta = dataclasses.replace(meta, title=_property(f"{document.title} – {meta.subject}"))
    return meta


def _meta(view: context.Context, fmt: Format) -> Meta:
    """Return what a document says about itself: core properties, footer and page label."""
    name, code = view.project.name, view.project.code
    subject = view.t.get(fmt.subject, "")
    return Meta(title=_property(f"{name} – {subject}"), subject=_property(subject),
                author=_property(view.organisation), language=view.locale,
                footer=f"{name} · {code}" if code else name,
                keywords=_property(f"{view.method}, {view.project.id}"),
                page_label=view.t.get("page", ""), version=_property(view.stamp.version),
                status=_property(view.stamp.status))


def _property(text: str, limit: int = 255) -> str:
    """Return `text` cut to what a core property may hold (Office's limit is 255 characters)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _office() -> str:
    """Return the LibreOffice program, or raise saying how to install it."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ToolError("--pdf needs LibreOffice, which is not installed",
                        hint="apt-get install libreoffice-impress-nogui libreoffice-writer-nogui")
    return office


@functools.lru_cache(maxsize=4)
def _renderer(folder: Path):
    """Return one renderer per templates folder, so each template compiles once per process."""
    from sggen import render

    return render.Renderer(folder, cache.templates())


# LibreOffice's export filter per document kind, with tagging (a structure tree, the language,
# alternative texts) and PDF/UA: the PDF a public body may publish.
_PDF_FILTERS = {".pptx": "impress_pdf_Export", ".docx": "writer_pdf_Export"}
_PDF_OPTIONS = json.dumps({"UseTaggedPDF": {"type": "boolean", "value": "true"},
                           "PDFUACompliance": {"type": "boolean", "value": "true"}})


def to_pdf(paths: list[Path], languages: list[str] | None = None) -> list[Path]:
    """Convert written files to tagged PDFs beside them, with one LibreOffice start for each
    kind of document, each PDF declaring its document's language (a tag such as fi-FI);
    return the PDFs' paths in the order given."""
    languages = languages or [""] * len(paths)
    office = _office()
    out = {}
    for suffix in sorted({p.suffix for p in paths}):
        group = [p for p in paths if p.suffix == suffix]
        with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as outdir:
            # as_uri() escapes spaces and other characters a file:// URL cannot hold as they are
            target = f"pdf:{_PDF_FILTERS.get(suffix, '')}:{_PDF_OPTIONS}" \
                if suffix in _PDF_FILTERS else "pdf"
            command = [office, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                       "--norestore", "--convert-to", target, "--outdir", outdir,
                       *map(str, group)]
            try:
                subprocess.run(command, capture_output=True, timeout=300 * len(group),
                               check=False, env={**os.environ, "HOME": profile})
            except subprocess.TimeoutExpired:
                raise ToolError(f"LibreOffice took too long converting {group[0].name}") from None
            for path in group:
                produced = Path(outdir) / (path.stem + ".pdf")
                if not produced.is_file() or produced.stat().st_size == 0:
                    raise ToolError(f"LibreOffice could not convert {path.name} to PDF")
                out[path] = path.with_suffix(".pdf")
                language = languages[paths.index(path)]
                package.write_atomic(out[path], _declare(produced.read_bytes(), language))
    return [out[p] for p in paths]


_LANG = re.compile(rb"/Lang\((\w\w-\w\w)\)")


def _declare(pdf: bytes, language: str) -> bytes:
    """Return the PDF declaring `language`: LibreOffice writes its own default (en-US) into
    the catalog whatever the document's texts are tagged. The tag is replaced in place only
    when it is the same length, so that every byte offset in the file stays right."""
    found = _LANG.findall(pdf)
    if len(found) != 1 or len(language) != len(found[0]):
        return pdf
    return _LANG.sub(f"/Lang({language})".encode(), pdf)


def snapshot(ws: Workspace, projects: list[str]) -> dict[str, tuple[int, int]]:
    """Return (mtime, size) of every file the projects' outputs can depend on."""
    paths = [ws.root / CONFIG, *ws.templates.glob("*"), *ws.root.glob("roles/*/*.yaml"),
             *(ws.root / "projects" / f"{p}.yaml" for p in projects)]
    state = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        state[str(path)] = (info.st_mtime_ns, info.st_size)
    return state


def watch(ws: Workspace, request: Request, report, stop, interval: float = 0.5) -> None:
    """Build now and again whenever an input changes, until `stop()` is true.

    `report` receives each run's outcomes, or the error that stopped the run: a broken edit is
    reported and watching goes on, so the next save can fix it.
    """
    last = None
    while not stop():
        state = snapshot(ws, request.projects)
        if state != last:
            last = state
            try:
                # sggen.yaml may have changed too: read the settings anew each time
                report(run(read.workspace(ws.root), request))
            except SggenError as exc:
                report(exc)
        time.sleep(interval)
