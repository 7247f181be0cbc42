"""Compose the stages: validate everything first, then render and write each output.

load -> validate -> resolve -> render -> outline -> fit -> write. A project's outputs are rebuilt
only when something they depend on changed; that decision reads file hashes, never the
document libraries, which are imported only when a file is actually written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sggen import __version__, load, outline, package, render, resolve, validate
from sggen.errors import InputError, Location, Problems, SggenError, ToolError
from sggen.model import Library, Project
from sggen.workspace import CONFIG, Workspace

KINDS = {"deck": ("deck.md.j2", "reference.pptx", ".pptx"),
         "guide": ("guide.md.j2", "reference.docx", ".docx")}
STRINGS = "strings.yaml"
MANIFEST = ".sggen.json"


@dataclass
class Request:
    """What to build."""

    projects: list[str]
    kinds: tuple[str, ...] = ("deck", "guide")
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


# --- reading and validating ------------------------------------------------------------------


@dataclass
class Inputs:
    """The validated shared inputs: settings, template strings and the method libraries."""

    workspace: Workspace
    strings: dict
    libraries: dict[str, Library]


def shared(ws: Workspace, methods: set[str]) -> Inputs:
    """Return the strings and the libraries of `methods`, or raise every problem found."""
    problems: list[SggenError] = []
    source = _load(ws.templates / STRINGS, problems)
    strings = validate.strings(source, ws.settings.languages, problems) if source else None
    if strings is not None:
        for key in _STRING_KEYS:
            if key not in strings:
                problems.append(InputError(f"strings.yaml lacks '{key}'",
                                           Location(ws.templates / STRINGS, 1, 1)))
    libraries = {}
    for method in sorted(methods):
        board, roles = ws.library_files(method)
        sources = [s for s in (_load(p, problems) for p in roles) if s is not None]
        board_source = _load(board, problems)
        if board_source is not None:
            library = validate.library(method, board_source, sources, ws.settings.languages,
                                       problems)
            own = board.parent / STRINGS
            if library is not None and own.is_file():
                # a method may override the templates' wording (e.g. its own speaker notes)
                overlay = _load(own, problems)
                if overlay is not None:
                    library.strings = validate.strings(overlay, ws.settings.languages,
                                                       problems) or {}
            if library is not None:
                libraries[method] = library
    if problems:
        raise Problems(problems)
    return Inputs(ws, strings, libraries)


# The keys resolve.py itself reads; templates may use any others.
_STRING_KEYS = ("months", "date_format", "code_approves", "code_reviews", "code_produces",
                "code_informed", "action_approves", "action_reviews", "action_produces",
                "action_informed", "page")


def _load(path: Path, problems: list[SggenError]) -> load.Source | None:
    try:
        return load.load(path)
    except SggenError as exc:
        problems.append(exc)
        return None


def project_method(ws: Workspace, source: load.Source) -> str:
    """Return the method a project names (before validation), or the workspace default."""
    data = source.data if isinstance(source.data, dict) else {}
    method = data.get("method")
    return method if isinstance(method, str) and method in ws.methods() else ws.settings.method


def read_project(ws: Workspace, inputs: Inputs, project_id: str,
                 problems: list[SggenError]) -> Project | None:
    """Return the validated project, or None after recording its problems."""
    source = _load(ws.project_file(project_id), problems)
    if source is None:
        return None
    method = project_method(ws, source)
    if method not in inputs.libraries:
        inputs.libraries.update(shared(ws, {method}).libraries)
    data = source.data if isinstance(source.data, dict) else {}
    if isinstance(data.get("method"), str) and data["method"] not in ws.methods():
        problems.append(InputError(
            f"unknown method '{data['method']}'", source.where(("method",)),
            validate.suggest(data["method"], ws.methods()) or
            "known: " + ", ".join(ws.methods())))
        return None
    return validate.project(source, ws.settings, inputs.libraries[method], problems)


def check_all(ws: Workspace) -> tuple[int, int]:
    """Validate the whole workspace; return (projects, methods) or raise every problem."""
    problems: list[SggenError] = []
    try:
        inputs = shared(ws, set(ws.methods()) | {ws.settings.method})
    except Problems as exc:
        problems.extend(exc.problems)
        inputs = None
    except SggenError as exc:
        problems.append(exc)
        inputs = None
    problems.extend(render.Renderer(ws.templates).check())
    if inputs is not None:
        for project_id in ws.project_ids():
            read_project(ws, inputs, project_id, problems)
    if problems:
        raise Problems(problems)
    return len(ws.project_ids()), len(inputs.libraries)


# --- incremental builds ----------------------------------------------------------------------


class Hashes:
    """File hashes, each file read at most once per run."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, str] = {}

    def of(self, rel: str) -> str:
        if rel not in self.cache:
            path = self.root / rel
            if rel.endswith("/"):
                names = sorted(p.name for p in path.glob("*.yaml")) if path.is_dir() else []
                digest = hashlib.sha256("\n".join(names).encode()).hexdigest()
            else:
                try:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    digest = "missing"
            self.cache[rel] = digest
        return self.cache[rel]


def _inputs_of(ws: Workspace, project_id: str, method: str, kind: str) -> list[str]:
    """Return every file (relative to the workspace) that an output depends on."""
    board, roles = ws.library_files(method)
    template, reference, _ = KINDS[kind]
    files = [CONFIG, f"templates/{STRINGS}", f"templates/{template}", f"templates/{reference}",
             f"projects/{project_id}.yaml", f"roles/{method}/", f"roles/{method}/{STRINGS}"]
    files.extend(str(p.relative_to(ws.root)) for p in [board, *roles])
    return files


def _manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _options(kind: str, lang: str, request: Request) -> str:
    return f"{__version__}|{kind}|{lang}|md={request.markdown}|pdf={request.pdf}"


def output_name(kind: str, lang: str, own: str) -> str:
    """Return deck.pptx for the project's own language, deck.<lang>.pptx for the others."""
    stem = kind if lang == own else f"{kind}.{lang}"
    return stem + KINDS[kind][2]


# --- building --------------------------------------------------------------------------------


def run(ws: Workspace, request: Request, progress=None) -> list[Outcome]:
    """Build the requested projects; return one outcome per project.

    With one project, any problem raises. With several, a project's problems are recorded in
    its outcome and the others are still built (shared problems still raise at once).
    """
    out_root = request.output or ws.output
    if request.pdf:
        _office()  # fail before writing anything rather than after the first document
    hashes = Hashes(ws.root)
    plans, outcomes = [], {}
    for project_id in request.projects:
        ws.project_file(project_id)  # refuses ids that name a path elsewhere
        plan = _plan(ws, project_id, request, out_root, hashes)
        outcomes[project_id] = Outcome(project_id, unchanged=plan["unchanged"])
        if plan["todo"]:
            plans.append(plan)
        elif progress:
            progress(outcomes[project_id])
    if plans:
        inputs = shared(ws, {p["method"] for p in plans if p["method"]} | {ws.settings.method})
        single = len(request.projects) == 1
        if request.jobs > 1 and len(plans) > 1:
            with ProcessPoolExecutor(max_workers=request.jobs) as pool:
                futures = [pool.submit(_build_one, ws.root, inputs, request, plan, single)
                           for plan in plans]
                for future in futures:
                    _merge(outcomes, future.result(), progress)
        else:
            for plan in plans:
                _merge(outcomes, _build_one(ws.root, inputs, request, plan, single), progress)
    return [outcomes[p] for p in request.projects]


def _merge(outcomes: dict, result: Outcome, progress) -> None:
    outcome = outcomes[result.project]
    outcome.written, outcome.error = result.written, result.error
    outcome.unchanged = [p for p in outcome.unchanged if p not in result.written]
    if progress:
        progress(outcome)


def _plan(ws: Workspace, project_id: str, request: Request, out_root: Path,
          hashes: Hashes) -> dict:
    """Decide what must be rebuilt, from hashes recorded at the last build."""
    folder = out_root / project_id
    manifest = _manifest(folder)
    rel = f"projects/{project_id}.yaml"
    known = manifest.get("project") == hashes.of(rel) and not request.force
    method = manifest.get("method") if known else None
    own = manifest.get("language") if known else None
    langs = request.languages or ([own] if own else None)
    todo, unchanged = [], []
    if method is None or langs is None or method not in ws.methods():
        return {"id": project_id, "method": None, "folder": folder, "todo": ["?"],
                "unchanged": []}
    for lang in langs:
        for kind in request.kinds:
            name = output_name(kind, lang, own)
            entry = manifest.get("outputs", {}).get(name, {})
            fresh = (entry.get("options") == _options(kind, lang, request)
                     and (folder / name).is_file()
                     and entry.get("inputs") == {f: hashes.of(f) for f in
                                                 _inputs_of(ws, project_id, method, kind)})
            (unchanged if fresh else todo).append((kind, lang))
    return {"id": project_id, "method": method, "folder": folder, "todo": todo,
            "unchanged": [folder / output_name(k, lang, own) for k, lang in unchanged]}


def _build_one(root: Path, inputs: Inputs, request: Request, plan: dict,
               single: bool) -> Outcome:
    """Validate, render and write one project's stale outputs (runs in a worker process)."""
    ws = inputs.workspace
    project_id = plan["id"]
    outcome = Outcome(project_id)
    try:
        problems: list[SggenError] = []
        project = read_project(ws, inputs, project_id, problems)
        if problems or project is None:
            raise Problems(problems)
        method = project.method or ws.settings.method
        own = project.language or ws.settings.language
        allowed = project.languages or ws.settings.languages
        langs = request.languages or [own]
        for lang in langs:
            if lang not in allowed:
                raise SggenError(f"project '{project_id}' is not written in '{lang}'",
                                 hint="its languages: " + ", ".join(allowed))
        todo = plan["todo"] if plan["todo"] != ["?"] else [
            (k, lang) for lang in langs for k in request.kinds]
        hashes = Hashes(root)
        manifest = _manifest(plan["folder"])
        if manifest.get("project") != hashes.of(f"projects/{project_id}.yaml"):
            manifest = {}
        outputs = manifest.get("outputs", {})
        # Render and lay out every document before writing any: a failure in the second
        # template must not leave a fresh first document beside a stale second one.
        files: list[tuple[Path, bytes]] = []
        for kind, lang in todo:
            files.extend(_render(ws, inputs, project_id, project, kind, lang, own,
                                 plan["folder"], request))
        for path, data in files:
            package.write_atomic(path, data)
            outcome.written.append(path)
        for kind, lang in todo:
            outputs[output_name(kind, lang, own)] = {
                "options": _options(kind, lang, request),
                "inputs": {f: hashes.of(f) for f in _inputs_of(ws, project_id, method, kind)},
            }
        if request.pdf:
            outcome.written.extend([to_pdf(path) for path, _ in files
                                    if path.suffix in (".pptx", ".docx")])
        record = {"project": hashes.of(f"projects/{project_id}.yaml"), "method": method,
                  "language": own, "outputs": dict(sorted(outputs.items()))}
        package.write_atomic(plan["folder"] / MANIFEST,
                             json.dumps(record, indent=1, sort_keys=True).encode())
    except SggenError as exc:
        if single:
            raise
        outcome.error = str(exc)
    return outcome


def _render(ws: Workspace, inputs: Inputs, project_id: str, project: Project, kind: str,
            lang: str, own: str, folder: Path, request: Request) -> list[tuple[Path, bytes]]:
    """Return one document's files (and its Markdown when asked) as (path, bytes)."""
    library = inputs.libraries[project.method or ws.settings.method]
    context = resolve.context(project_id, project, library, ws.settings, inputs.strings, lang)
    template, reference, _ = KINDS[kind]
    markdown = _renderer(ws.templates).render(template, context)
    t = context["t"]
    name = context["project"]["name"]
    subject = t["deck_subtitle"] if kind == "deck" else t["guide_title"]
    code = context["project"]["code"]
    meta = outline.Meta(title=_property(f"{name} – {subject}"), subject=_property(subject),
                        author=_property(context["organisation"]), language=lang,
                        footer=f"{name} · {code}" if code else name,
                        keywords=_property(f"{context['method']}, {project_id}"))
    target = folder / output_name(kind, lang, own)
    files = [(target.with_suffix(".md"), markdown.encode())] if request.markdown else []
    if kind == "deck":
        from sggen import fit, write_pptx  # the document libraries load only when writing

        floor = float(ws.settings.layout.min_font_pt)
        data = write_pptx.render(outline.parse_deck(markdown), ws.templates / reference, meta,
                                 fit.Settings(floor=floor))
    else:
        from sggen import write_docx

        data = write_docx.render(outline.parse_guide(markdown), ws.templates / reference, meta,
                                 t["page"])
    return [*files, (target, package.normalise(data))]


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
def _renderer(folder: Path) -> render.Renderer:
    """Return one renderer per templates folder, so each template compiles once per process."""
    return render.Renderer(folder)


def to_pdf(path: Path) -> Path:
    """Convert a written file to PDF beside it with LibreOffice; return the PDF's path."""

    office = _office()
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as outdir:
        command = [office, f"-env:UserInstallation=file://{profile}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", outdir, str(path)]
        try:
            subprocess.run(command, capture_output=True, timeout=300, check=False,
                           env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired:
            raise ToolError(f"LibreOffice took too long converting {path.name}") from None
        produced = Path(outdir) / (path.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            raise ToolError(f"LibreOffice could not convert {path.name} to PDF")
        target = path.with_suffix(".pdf")
        package.write_atomic(target, produced.read_bytes())
    return target


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
                report(run(ws, request))
            except SggenError as exc:
                report(exc)
        time.sleep(interval)


def timed(fn, *args, **kwargs):
    """Return (result, seconds) of calling fn."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start
