"""The shape of sggen's code: short functions, few parameters, small modules, and a top-level
`write` only in the module of a registered format."""

from __future__ import annotations

import ast
from pathlib import Path

from sggen.formats import PACK, REGISTRY

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "sggen"

MAX_FUNCTION_LINES = 60
MAX_PARAMETERS = 6  # self and cls not counted; the CLI's commands take one per option
MAX_MODULE_LINES = 450
MANY_PARAMETERS_ALLOWED = "src/sggen/cli/"  # a typer command takes one parameter per option


def _sources() -> list[tuple[str, str]]:
    """Return (path relative to the repository, text) of every module of sggen."""
    return [(path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8"))
            for path in sorted(SRC.rglob("*.py"))]


def _functions(text: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(ast.parse(text))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    a = node.args
    count = len(a.posonlyargs) + len(a.args) + len(a.kwonlyargs) + bool(a.vararg) + bool(a.kwarg)
    first = (a.posonlyargs + a.args)[:1]
    return count - (1 if first and first[0].arg in ("self", "cls") else 0)


def long_functions(path: str, text: str) -> list[str]:
    """Return `path:line: name has N lines` for each function (or method) over the limit."""
    out = []
    for node in _functions(text):
        length = node.end_lineno - node.lineno + 1
        if length > MAX_FUNCTION_LINES:
            out.append(f"{path}:{node.lineno}: {node.name} has {length} lines "
                       f"(> {MAX_FUNCTION_LINES})")
    return out


def crowded_functions(path: str, text: str) -> list[str]:
    """Return `path:line: name takes N parameters` for each function over the limit."""
    if path.startswith(MANY_PARAMETERS_ALLOWED):
        return []
    return [f"{path}:{node.lineno}: {node.name} takes {_parameters(node)} parameters "
            f"(> {MAX_PARAMETERS})" for node in _functions(text)
            if _parameters(node) > MAX_PARAMETERS]


def long_module(path: str, text: str) -> list[str]:
    """Return `path:1: ...` if the module is over the limit."""
    count = len(text.splitlines())
    return [f"{path}:1: module has {count} lines (> {MAX_MODULE_LINES})"] \
        if count > MAX_MODULE_LINES else []


def module_name(path: str) -> str:
    """Return the dotted name of the module at `path` (src/sggen/formats/html.py)."""
    parts = list(Path(path).relative_to("src").with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stray_writers(path: str, text: str, writers: set[str]) -> list[str]:
    """Return `path:line: ...` for a top-level `write` in a module that is not one of `writers`
    (the modules of the registered formats): a second writer of a document."""
    if module_name(path) in writers:
        return []
    return [f"{path}:{node.lineno}: a top-level write in {module_name(path)}, which no "
            "registered format names as its writer"
            for node in ast.parse(text).body if "write" in _defines(node)]


def _defines(node: ast.stmt) -> list[str]:
    """Return the names a top-level statement binds: a function, an assignment, an import."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [alias.asname or alias.name for alias in node.names]
    return []


def _writers() -> set[str]:
    return {fmt.module for fmt in (*REGISTRY.values(), *PACK.values())}


# --- the rules see what they forbid ----------------------------------------------------------


def test_the_rules_see_long_and_crowded_functions_and_long_modules():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES - 1))
    text = (f"def short():\n{body}\n\n"
            f"class C:\n    def method(self, a, b, c, d, e, f):\n        pass\n\n"
            f"    def nested(self):\n        def inner(a, b, c, d, e, f, *g):\n"
            f"{body.replace('    ', '            ')}\n            return a\n")
    assert long_functions("src/sggen/x.py", text) == [
        f"src/sggen/x.py:66: nested has {MAX_FUNCTION_LINES + 2} lines (> 60)",
        f"src/sggen/x.py:67: inner has {MAX_FUNCTION_LINES + 1} lines (> 60)"]
    assert crowded_functions("src/sggen/x.py", text) == [
        "src/sggen/x.py:67: inner takes 7 parameters (> 6)"]
    assert crowded_functions("src/sggen/cli/documents.py", text) == []
    assert long_module("src/sggen/x.py", "x = 1\n" * 450) == []
    assert long_module("src/sggen/x.py", "x = 1\n" * 451) == [
        "src/sggen/x.py:1: module has 451 lines (> 450)"]


def test_the_rules_see_a_write_outside_the_registered_writers():
    text = "import os\n\n\ndef write(document, reference, meta, floor=0.0):\n    return b''\n"
    writers = {"sggen.formats.deck"}
    assert stray_writers("src/sggen/formats/deck/__init__.py", text, writers) == []
    assert stray_writers("src/sggen/formats/old.py", text, writers) == [
        "src/sggen/formats/old.py:4: a top-level write in sggen.formats.old, which no "
        "registered format names as its writer"]
    assert stray_writers("src/sggen/x.py", "from sggen.formats.old import write\n", writers)
    assert stray_writers("src/sggen/x.py", "write = print\n", writers)
    assert stray_writers("src/sggen/x.py", "class A:\n    def write(self):\n        pass\n",
                         writers) == []


# --- sggen's own code ------------------------------------------------------------------------


def test_no_function_is_over_60_lines():
    found = [line for path, text in _sources() for line in long_functions(path, text)]
    assert not found, "\n".join(found)


def test_no_function_outside_the_cli_takes_more_than_6_parameters():
    found = [line for path, text in _sources() for line in crowded_functions(path, text)]
    assert not found, "\n".join(found)


def test_no_module_is_over_450_lines():
    found = [line for path, text in _sources() for line in long_module(path, text)]
    assert not found, "\n".join(found)


def test_only_a_registered_formats_module_has_a_top_level_write():
    writers = _writers()
    assert writers and all(name.startswith("sggen.") for name in writers)
    found = [line for path, text in _sources() for line in stray_writers(path, text, writers)]
    assert not found, "\n".join(found)
