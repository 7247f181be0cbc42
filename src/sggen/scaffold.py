"""New workspaces and editor schemas: `sggen init` and `sggen schema`."""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources
from pathlib import Path

from sggen import model, read
from sggen.errors import SggenError
from sggen.package import write_atomic

SCHEMAS = {
    "sggen.schema.json": (model.Settings, "sggen workspace settings (sggen.yaml)"),
    "board.schema.json": (model.Board, "sggen method board (roles/<method>/board.yaml)"),
    "role.schema.json": (model.Role, "sggen role (roles/<method>/<role>.yaml)"),
    "project.schema.json": (model.Project, "sggen project (projects/<id>.yaml)"),
    "strings.schema.json": (model.Strings, "sggen template strings (strings.yaml)"),
}


def schemas(root: Path, languages: list[str]) -> list[Path]:
    """Write the JSON Schemas into `root`/schemas/; return their paths.

    The project schema names the library's role and tolerance ids, so that an editor
    completes `people:`, `changes:` and `tolerances:` and flags a misspelt id at once.
    """
    ids = _ids(root)
    written = []
    for name, (cls, title) in SCHEMAS.items():
        path = root / "schemas" / name
        schema = model.json_schema(cls, languages, title)
        if cls is model.Project and ids:
            for key, kind in (("people", "roles"), ("changes", "roles"),
                              ("tolerances", "tolerances")):
                schema["properties"][key]["propertyNames"] = {"enum": ids[kind]}
        text = json.dumps(schema, indent=2, ensure_ascii=False)
        write_atomic(path, (text + "\n").encode())
        written.append(path)
    return written


def _ids(root: Path) -> dict[str, list[str]]:
    """Return the role and tolerance ids of every method in the workspace ({} if it does not
    read: the schemas are then written without them)."""
    try:
        ws = read.workspace(root)
        libraries = read.inputs(ws, set(ws.methods())).libraries.values()
    except SggenError:
        return {}
    return {"roles": sorted({r.id for lib in libraries for r in lib.roles}),
            "tolerances": sorted({t.id for lib in libraries for t in lib.board.tolerances})}


def init(target: Path) -> list[Path]:
    """Copy the shipped workspace (library, templates, example project) into `target`."""
    if target.is_symlink() and not target.exists():
        raise SggenError("is a broken link", target, hint="choose a new or empty folder")
    if target.exists() and not target.is_dir():
        raise SggenError("is a file, not a folder", target, hint="choose a new or empty folder")
    if (target / "sggen.yaml").exists():
        raise SggenError(f"{target} already holds a workspace (sggen.yaml)",
                         hint="choose an empty folder")
    if target.exists() and any(target.iterdir()):
        raise SggenError(f"{target} is not empty", hint="choose a new or empty folder")
    source = resources.files("sggen") / "data"
    written: list[Path] = []
    with resources.as_file(source) as folder:
        # os.walk follows the links that a development checkout has in place of the folders
        for base, _, files in sorted(os.walk(folder, followlinks=True)):
            for name in sorted(files):
                path = Path(base) / name
                dest = target / path.relative_to(folder)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
                written.append(dest)
    (target / ".gitignore").write_text("output/\n")
    written += schemas(target, read.workspace(target).settings.languages)
    return written
