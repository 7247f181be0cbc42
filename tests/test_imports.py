"""The architecture's import rules: one module per third-party library, imports one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "sggen"

# Each third-party library is imported by exactly this module.
OWNERS = {
    "typer": "cli",
    "yaml": "load",
    "jinja2": "render",
    "markdown_it": "outline",
    "docx": "write_docx",
    "pptx": "write_pptx",
}

# Which sggen modules each module may import (the pipeline runs one way).
ALLOWED = {
    "cli": {"build", "workspace", "errors", "scaffold", "write_docx", "write_pptx"},
    "build": {"load", "validate", "resolve", "render", "outline", "fit", "write_docx",
              "write_pptx", "package", "errors", "model", "workspace"},
    "workspace": {"load", "validate", "errors", "model"},
    "scaffold": {"model", "errors", "package", "workspace"},
    "load": {"errors"},
    "validate": {"model", "errors", "load"},
    "model": set(),
    "resolve": {"model"},
    "render": {"errors"},
    "outline": set(),
    "fit": {"outline"},
    "write_docx": {"outline", "fit", "errors"},
    "write_pptx": {"outline", "fit", "errors"},
    "package": {"errors"},
    "errors": set(),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "sggen":
                names.update(f"sggen.{alias.name}" for alias in node.names)
    return names


def _modules() -> dict[str, set[str]]:
    return {p.stem: _imports(p) for p in SRC.glob("*.py") if p.stem not in ("__init__",
                                                                           "__main__")}


def test_each_library_is_imported_by_exactly_one_module():
    modules = _modules()
    for library, owner in OWNERS.items():
        users = sorted(name for name, imports in modules.items()
                       if any(i == library or i.startswith(library + ".") for i in imports))
        assert users == [owner], f"{library} is imported by {users}, expected only {owner}"


def test_imports_run_one_way():
    modules = _modules()
    assert set(modules) == set(ALLOWED), "a module was added or removed: update ALLOWED"
    for name, imports in modules.items():
        used = {i.split(".")[1] for i in imports if i.startswith("sggen.")}
        used.discard("__version__")
        extra = used - ALLOWED[name]
        assert not extra, f"{name} imports {sorted(extra)}, which the architecture forbids"


def test_every_module_starts_with_a_docstring():
    for path in SRC.glob("*.py"):
        assert ast.get_docstring(ast.parse(path.read_text())), f"{path.name} has no docstring"


@pytest.mark.parametrize("args", [["--help"], ["list"], ["validate"]])
def test_quick_commands_do_not_load_document_libraries(args, tmp_path):
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path / "ws")
    extra = [] if args == ["--help"] else ["--workspace", str(ws)]
    code = (
        "import sys\n"
        "from sggen.cli import app\n"
        f"try:\n    app({args + extra!r}, prog_name='sggen')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print('LOADED', sorted(m for m in ('pptx', 'docx') if m in sys.modules), code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "LOADED [] 0" in result.stdout, result.stdout + result.stderr
