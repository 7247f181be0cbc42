"""New workspaces and editor schemas: `sggen init` and `sggen schema`."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

from sggen import model, read
from sggen.errors import SggenError
from sggen.output import write_atomic

SCHEMAS = {
    "sggen.schema.json": (model.Settings, "sggen workspace settings (sggen.yaml)"),
    "board.schema.json": (model.Board, "sggen method board (roles/<method>/board.yaml)"),
    "role.schema.json": (model.Role, "sggen role (roles/<method>/<role>.yaml)"),
    "project.schema.json": (model.Project, "sggen project (projects/<id>.yaml)"),
    "strings.schema.json": (model.Strings, "sggen template strings (strings.yaml)"),
    "glossary.schema.json": (model.Glossary, "sggen glossary (roles/<method>/glossary.yaml)"),
}


# Where the project schema lists the ids a value may take (path of property names; "*": each
# entry of a list; a path ending in "keys": the mapping's keys) and which ids those are.
ENUMERATED = {
    ("people", "keys"): "roles",
    ("changes", "keys"): "roles",
    ("tolerances", "keys"): "tolerances",
    ("method",): "methods",
    ("language",): "languages",
    ("languages", "*"): "languages",
    ("customer", "type"): "customer_types",
    ("change_authority", "delegated_to"): "delegates",
    ("meetings", "invitees", "*"): "roles",
}


def schemas(root: Path, languages: list[str]) -> list[Path]:
    """Write the JSON Schemas into `root`/schemas/; return their paths.

    The project schema names the ids the workspace defines (roles, tolerances, methods,
    languages, customer types), so that an editor completes `people:`, `changes:`,
    `tolerances:` and the rest, and flags a misspelt id at once with the ids allowed.
    """
    ids = _ids(root)
    written = []
    for name, (cls, title) in SCHEMAS.items():
        path = root / "schemas" / name
        # a project's own texts give only the project's languages, which a schema cannot see
        schema = model.json_schema(cls, languages, title, every_language=cls is not model.Project)
        if cls is model.Project and ids:
            for where, kind in ENUMERATED.items():
                _enumerate(schema, where, ids[kind])
        text = json.dumps(schema, indent=2, ensure_ascii=False)
        write_atomic(path, (text + "\n").encode())
        written.append(path)
    return written


def _enumerate(schema: dict, where: tuple[str, ...], ids: list[str]) -> None:
    """Restrict the value (or the keys) at `where` in `schema` to `ids`."""
    node = schema
    for step in where[:-1]:
        node = node["items"] if step == "*" else _object(node)["properties"][step]
    last = where[-1]
    if last == "keys":
        node["propertyNames"] = {"enum": ids}
    elif last == "*":
        node["items"] = {"enum": ids}
    else:
        target = _object(node)["properties"][last]
        for key in ("type", "pattern"):
            target.pop(key, None)
        target["enum"] = ids


def _object(node: dict) -> dict:
    """Return the object schema of `node`, or of its object alternative (an optional field)."""
    if "properties" in node:
        return node
    return next(o for o in node.get("anyOf", []) if "properties" in o)


def _ids(root: Path) -> dict[str, list[str]]:
    """Return the ids that project files refer to, by kind, over every method of the workspace
    ({} if it does not read: the schemas are then written without them)."""
    try:
        ws = read.workspace(root)
        libraries = read.inputs(ws, set(ws.methods())).libraries.values()
    except SggenError:
        return {}
    roles = sorted({r.id for lib in libraries for r in lib.roles})
    return {"roles": roles,
            "delegates": ["board", *roles],
            "tolerances": sorted({t.id for lib in libraries for t in lib.board.tolerances}),
            "methods": sorted(ws.methods()),
            "languages": list(ws.settings.languages),
            "customer_types": [c.id for c in ws.settings.customer_types]}


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
                write_atomic(dest, path.read_bytes())  # Ctrl-C: whole files or none
                written.append(dest)
    write_atomic(target / ".gitignore", b"output/\n")
    written += schemas(target, read.workspace(target).settings.languages)
    return written
