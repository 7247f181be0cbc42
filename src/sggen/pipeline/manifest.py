"""The incremental build's record, `.sggen.json` in each project's folder: what each output
was made from (the inputs' hashes and the options), which files it is, and the content digest
that the change report compares.

The record is read as untrusted data: anything that is not the shape this version writes (at
any level), a link, a file too large, not UTF-8 or nested too deep is no record at all, so
everything is rebuilt and the record written anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_module
from pathlib import Path

from sggen import __version__, cache, context, files, formats, output
from sggen.errors import Caution, Location, SggenError
from sggen.formats import Format
from sggen.pipeline.inputs import Dependencies, digest
from sggen.pipeline.job import Job, Request, output_name

MANIFEST = ".sggen.json"
LIMIT = 10_000_000  # the record of a project in three languages with cards is some 30 kB


# --- reading ----------------------------------------------------------------------------------


def read(folder: Path) -> dict:
    """Return what the last build recorded in `folder`, or {} if there is no such record or
    it is not one this version writes."""
    try:
        # a record is never a link: one that is was not written by a build
        data = json.loads(files.read(folder / MANIFEST, LIMIT, links=False).decode("utf-8"))
    except (SggenError, ValueError, RecursionError):
        return {}  # (UnicodeDecodeError and JSONDecodeError are ValueErrors)
    return data if _record_shaped(data) else {}


def _record_shaped(data: object) -> bool:
    """Return whether `data` is a record of the shape `record` writes."""
    if type(data) is not dict:
        return False
    outputs = data.get("outputs")
    return (type(outputs) is dict and _texts(data.get("content", {}))
            and {type(data.get(key, "")) for key in ("project", "method", "language")} == {str}
            and all(_entry_shaped(entry) for entry in outputs.values()))


def _entry_shaped(entry: object) -> bool:
    """Return whether `entry` is the record of one output: its options, the hashes of its
    inputs, and its files (names below the folder) with their hashes and sizes and times."""
    if type(entry) is not dict:
        return False
    names, stats = entry.get("files"), entry.get("stats", {})
    return (type(entry.get("options")) is str and _texts(entry.get("inputs"))
            and _file_names(names)
            and _texts(entry.get("hashes", {})) and type(stats) is dict
            and all(map(_stat_shaped, stats.values())))


def _texts(value: object) -> bool:
    """Return whether `value` maps texts to texts (a JSON object's keys are always texts)."""
    return type(value) is dict and {*map(type, value.values())} <= {str}


def _stat_shaped(value: object) -> bool:
    """Return whether `value` is a file's recorded size and time, or None."""
    return value is None or (type(value) is list and len(value) == 2
                             and type(value[0]) is int and type(value[1]) is int)


def _file_names(names: object) -> bool:
    """Return whether `names` are the names of written files: relative paths below the
    folder, with no way up or out of it (a record planted with ../ must never name a file
    elsewhere), no backslash or NUL, no drive (a colon in the first part), no lone surrogate."""
    if type(names) is not list or not names or {*map(type, names)} != {str}:
        return False
    # every part of every name between slashes, for substring tests: a portfolio's no-op
    # build reads thousands of names, so no name is taken apart on its own
    path = f"/{'/'.join(names)}/"
    if any(bad in path for bad in ("//", "/./", "/../", "\\", "\0")):
        return False  # (an empty or absolute name makes a //)
    if ":" in path and any(":" in name.split("/", 1)[0] for name in names):
        return False
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- deciding ----------------------------------------------------------------------------------


def options(fmt: Format, lang: str) -> str:
    """Return what besides the input files decides a document's bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return f"{__version__}|code={cache.code_hash()}|{fmt.name}|{lang}|epoch={epoch}"


def side_files(request: Request, fmt: Format) -> set[str]:
    """Return the suffixes of the files asked for beside a document (.md, and .pdf for the
    formats that LibreOffice converts)."""
    wanted = ((".md", request.markdown), (".pdf", request.pdf and fmt.pdf))
    return {suffix for suffix, asked in wanted if asked}


def fresh(deps: Dependencies, request: Request, project_id: str,
          folder: Path) -> list[Path] | None:
    """Return the outputs of one project if every requested one is up to date, else None."""
    if request.force:
        return None
    record = read(folder)
    if record.get("project") != deps.project(project_id):
        return None
    method, own = record.get("method"), record.get("language")
    if method not in deps.methods or not own:
        return None
    paths = []
    base = os.fspath(folder)  # plain strings: a portfolio checks ten thousand files here
    for lang in request.languages or [own]:
        for fmt in map(formats.get, request.formats):
            entry = record["outputs"].get(output_name(fmt, lang, own), {})
            names = entry.get("files", [])
            hashes, stats = entry.get("hashes", {}), entry.get("stats", {})
            wanted = side_files(request, fmt)
            # asking for the Markdown or a PDF needs those files, not a new document
            if (entry.get("options") != options(fmt, lang) or not names
                    or (wanted and not wanted <= {os.path.splitext(n)[1] for n in names})
                    or entry.get("inputs") != deps.of(project_id, method, fmt)
                    # a file truncated, edited or replaced since is built again
                    or not all(_kept(os.path.join(base, n), hashes.get(n), stats.get(n))
                               for n in names)):
                return None
            paths.append(folder / names[-1])
    return paths


def stat(path: str | Path) -> list[int] | None:
    """Return what shows a written file was touched since: its size and modification time
    (None when it is no regular file: a build never writes a link, a pipe or a folder)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns] if stat_module.S_ISREG(info.st_mode) else None


def _kept(path: str, hashed: str | None, recorded: list[int] | None) -> bool:
    """Return whether an output file is still the one written: the same size and time as
    recorded, or else the same bytes (a copy that only changed the time is kept); a link or
    a pipe put in its place is not, whatever it leads to, and is replaced by the build."""
    # Stat first: hashing every output of a large portfolio costs a second per thousand.
    seen = stat(path)
    return seen is not None and (seen == recorded or digest(Path(path), links=False) == hashed)


def changes(folder: Path, content: dict[str, str]) -> list[str]:
    """Return what changed in the documents' content since the recorded build, in words
    ('executive.business-case reworded'); nothing when there is no record to compare."""
    before = read(folder).get("content")
    return context.changes(before, content) if before else []


# --- writing -----------------------------------------------------------------------------------


def entry(job: Job, fmt: Format, lang: str, written: list[tuple[Path, bytes]]) -> dict:
    """Return the record of one output: its options and inputs, and its files (`written`:
    path and bytes, or empty bytes for a file written by another program), the main
    document last: it is what a fresh check reports as unchanged."""
    main = output_name(fmt, lang, job.own)
    names = [(name_in(path, job.folder), path, data) for path, data in written]
    return {
        "options": options(fmt, lang),
        "inputs": job.deps.of(job.project_id, job.method, fmt),
        "files": sorted((name for name, _, _ in names), key=lambda n: n == main),
        "hashes": {name: hashlib.sha256(data).hexdigest() if data else digest(path)
                   for name, path, data in names},
        "stats": {name: stat(path) for name, path, _ in names},
    }


def name_in(path: Path, folder: Path) -> str:
    """Return a written file's name in the record: its path below the project's folder."""
    return path.relative_to(folder).as_posix()


def remove_stale(job: Job, entries: dict[str, dict]) -> None:
    """Delete what the new `entries` make stale: an output's files not made again (a PDF or
    the Markdown from an earlier run with --pdf or --format md), and every other output made
    from a file just rewritten with other bytes (the invitation that attached the old deck; a
    deck written again as it was, by --force, leaves its invitation)."""
    folder = job.folder
    recorded = read(folder).get("outputs", {})
    rewritten = {name: entry.get("hashes", {}).get(name) for entry in entries.values()
                 for name in entry["files"]}
    stale = set()
    for main, entry in recorded.items():
        if main in entries:
            stale |= set(entry["files"]) - set(entries[main]["files"])
        elif any(rewritten[name] != digest for name, digest in _pairs(entry["inputs"])
                 if name in rewritten):
            stale |= set(entry["files"])
    for name in sorted(stale):
        # never through a link: what it leads to is not this build's to delete
        output.remove(folder / name, job.root)


def _pairs(inputs) -> list[tuple[str, str | None]]:
    """Return a recorded output's inputs as (name, digest) pairs (a list of names: unknown)."""
    return list(inputs.items()) if isinstance(inputs, dict) else [(n, None) for n in inputs]


def record(job: Job, entries: dict[str, dict], content: dict[str, str] | None = None
           ) -> list[Caution]:
    """Add `entries` (output name -> options, inputs, files) to the project folder's record,
    with the content digest when given; return the warning that it could not be recorded, if
    it could not."""
    folder, project = job.folder, job.deps.project(job.project_id)
    before = read(folder)
    outputs = before.get("outputs", {}) if before.get("project") == project else {}
    outputs.update(entries)
    # an output whose files were removed as stale is no longer recorded
    outputs = {k: v for k, v in outputs.items() if all((folder / n).is_file() for n in v["files"])}
    data = {"project": project, "method": job.method, "language": job.own,
            "outputs": dict(sorted(outputs.items())),
            "content": content if content is not None else before.get("content", {})}
    path = folder / MANIFEST
    if path.is_dir() and not path.is_symlink():
        return [Caution("is a folder, so this build is not recorded; the next build rebuilds",
                        Location(path), "remove the folder")]
    output.write_atomic(path, json.dumps(data, indent=1, sort_keys=True).encode(), job.root)
    return []
