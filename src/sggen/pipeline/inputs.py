"""A project's inputs, defined once: which files a build reads, their hashes, and the checked
shared inputs made from them.

The incremental build, `watch` and `serve` all ask this module what an input is: sggen.yaml,
every file below templates/ (in subfolders too: a template may include a partial), the YAML
files of each method folder under roles/, and the projects' own files. Editors' temporary,
backup and lock files, and hidden files and folders, are not inputs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path, PurePosixPath

from sggen import cache, context, files, read
from sggen.errors import SggenError
from sggen.formats import REGISTRY, Format
from sggen.read import Inputs
from sggen.workspace import CONFIG, Workspace

# The strings.yaml keys the pipeline reads, besides those of the context and the formats.
STRING_KEYS = ("page",)
DIGEST_LIMIT = 100_000_000  # larger inputs are refused when read; their hash is not needed


def is_input(rel: str) -> bool:
    """Return whether the path `rel` (below the workspace, with / between folders) names a
    file that some project's outputs are made from."""
    parts = PurePosixPath(rel).parts
    if not parts or any(files.is_editor_file(part) for part in parts):
        return False
    top, depth = parts[0], len(parts)
    if top == "templates":
        return depth > 1
    if top == "roles":
        return depth == 3 and parts[2].endswith(".yaml")
    if top == "projects":
        return depth == 2 and parts[1].endswith(".yaml")
    return parts == (CONFIG,)


def _templates(ws: Workspace) -> list[str]:
    """Return every input below templates/, sorted, not looking into hidden folders."""
    found = []
    for folder, names, filenames in os.walk(ws.templates):
        names[:] = sorted(n for n in names if not files.is_editor_file(n))
        base = Path(folder)
        for name in filenames:
            path = base / name
            rel = path.relative_to(ws.root).as_posix()
            if is_input(rel) and path.is_file():
                found.append(rel)
    return sorted(found)


def paths(ws: Workspace, projects: list[str]) -> list[str]:
    """Return every input of the outputs of `projects`, each below the workspace."""
    roles = (p.relative_to(ws.root).as_posix() for p in ws.root.glob("roles/*/*.yaml"))
    return [CONFIG, *_templates(ws), *(f"projects/{p}.yaml" for p in projects),
            *sorted(rel for rel in roles if is_input(rel))]


def snapshot(ws: Workspace, projects: list[str]) -> dict[str, tuple[int, int]]:
    """Return (mtime, size) of every input of the outputs of `projects`: when it differs from
    an earlier snapshot, something they are made from was saved."""
    state = {}
    for rel in paths(ws, projects):
        try:
            info = (ws.root / rel).stat()
        except OSError:
            continue
        state[rel] = (info.st_mtime_ns, info.st_size)
    return state


def digest(path: Path, inside: Path | None = None, links: bool = True) -> str:
    """Return the hash of a file's bytes, or 'missing' for what is not a readable regular file
    (inside `inside`; not a link unless `links`), never opening a pipe or a device: reading
    one would wait for ever."""
    try:
        return hashlib.sha256(files.read(path, DIGEST_LIMIT, inside, links=links)).hexdigest()
    except SggenError:
        return "missing"


class Dependencies:
    """What each output depends on, with every input hashed once at the start.

    The hashes are taken before anything is read, so a file saved during a build makes the
    next build run again rather than being recorded as already built.
    """

    def __init__(self, ws: Workspace, projects: list[str]):
        self.ws = ws
        # a file that is not regular or lies outside the workspace is read (and refused) anew
        self.hashes = {rel: digest(ws.root / rel, ws.root) for rel in paths(ws, projects)}
        self.templates = [rel for rel in self.hashes if rel.startswith("templates/")]
        self.methods = set(ws.methods())  # listed once per run, not once per project
        self._shared: dict[tuple[str, str], dict[str, str]] = {}

    def project(self, project_id: str) -> str:
        """Return the hash of a project's own file."""
        return self.hashes.get(f"projects/{project_id}.yaml", "missing")

    def of(self, project_id: str, method: str, fmt: Format) -> dict[str, str]:
        """Return {file: hash} for everything one output depends on: every template file but
        the other formats' reference documents."""
        if (method, fmt.name) not in self._shared:  # the same for every project of a method
            library = [p.relative_to(self.ws.root).as_posix()
                       for p in self.ws.method_files(method)]
            # (a reference two formats share, as the deck's and its HTML slides', stays)
            # (the format a template points into is measured by its reference: it stays too)
            own = {*fmt.references, *(REGISTRY[fmt.index].references
                                      if fmt.index in REGISTRY else ())}
            others = {f"templates/{name}" for other in REGISTRY.values() if other is not fmt
                      for name in other.references if name not in own}
            used = [CONFIG, *library, *(t for t in self.templates if t not in others)]
            self._shared[method, fmt.name] = {rel: self.hashes.get(rel, "missing")
                                              for rel in used}
        own_file = f"projects/{project_id}.yaml"
        return {**self._shared[method, fmt.name], own_file: self.project(project_id)}


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
