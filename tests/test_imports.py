"""The architecture's import rules: one module per third-party library, imports one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "sggen"

# Each third-party library is imported by exactly this module, or only by the modules of this
# package (render: the sandbox, the loader, the line marks and the renderer all speak Jinja2).
OWNERS = {
    "typer": "cli",
    "yaml": "read.load",
    "jinja2": "render",
    "markdown_it_pyrs": "outline",
    "docx": "formats.ooxml.audit",
    "pptx": "formats.ooxml.audit",
    "lxml": "formats.ooxml.xml",
    "icalendar": "formats.invite",
    "holidays": "read.calendar",
    "rich": "cli",
    "uvicorn": "serve",
    "starlette": "serve",
    "watchfiles": "serve",
}

# Which stages each stage may import (the pipeline runs one way). A stage is a top-level module
# or package (read, layout), except that each output format is a stage of its own; the modules
# of one stage may import each other.
ALLOWED = {
    "cli": {"pipeline", "read", "errors", "scaffold", "serve"},
    # the live preview's web server: it asks the pipeline for the pages and what an input is
    "serve": {"pipeline", "read", "errors", "workspace"},
    # the only stage that composes the others
    "pipeline": {"read", "context", "render", "outline", "formats", "formats.invite",
                 "document", "package", "errors", "model", "workspace", "files", "cache",
                 "names", "output", "layout", "formats.deck",
                 # the guide's heading numbers and pages, for the deck to point into it
                 "formats.guide"},
    # what one run keeps for the next: it knows nothing of what it keeps
    "cache": set(),
    "scaffold": {"read", "model", "errors", "output"},
    # the holiday rules kept from run to run (importing them costs a tenth of a second)
    "read": {"workspace", "model", "errors", "files", "cache"},
    "workspace": {"model", "errors", "files", "names"},
    # names in the file system: what a project id may be, portable and distinct file names
    "names": {"files"},
    "context": {"model"},
    "render": {"errors", "files", "cache"},
    "outline": {"document", "errors"},
    "document": {"errors"},
    "layout": {"document"},
    "formats": {"document"},
    # how a page reads a visual it does not draw: paragraphs and lists
    "formats.plain": {"document"},
    # the OOXML layer: XML (lxml), the package, DrawingML, units; and the one reader of
    # Office documents (python-pptx, python-docx) for template check and the audit
    "formats.ooxml": {"package", "errors"},
    # the deck: its reference read once, slides written as XML, each item through one table
    "formats.deck": {"formats.ooxml", "layout", "document", "package", "errors"},
    # the guide, written as XML over its reference; its contents' pages measured as the
    # slides' text is
    "formats.guide": {"formats.ooxml", "formats.plain", "layout", "document", "package",
                      "errors"},
    # a role card is a short guide: the guide's reference, body and tables, fitted to a page
    "formats.cards": {"formats", "formats.guide", "formats.ooxml", "layout", "document"},
    # a meeting pack's pages: a card's blocks flowing over pages
    "formats.pack": {"formats.cards", "formats.guide", "formats.ooxml", "document"},
    # the invitation is made from the typed view (dates, people), not from a Document
    "formats.invite": {"context", "errors", "package"},
    # the page draws the organisation chart from the same layout as the slides
    "formats.html": {"formats.plain", "formats.timeline", "layout", "document"},
    # the master timeline as SVG for the pages, in the Office documents' tints
    "formats.timeline": {"formats.ooxml", "layout", "document"},
    # the slides page draws its runs and chart as the guide's page does, on the layouts the
    # deck finds in its reference, and describes a visual it does not draw as the deck does
    "formats.slides": {"formats.html", "formats.deck", "formats.ooxml", "formats.timeline",
                       "layout", "document", "errors"},
    "package": {"errors", "files"},
    # writing into the output folder: atomic, never through a link
    "output": {"errors"},
    # reading a user's file: regular, inside the workspace, bounded, never blocking
    "files": {"errors"},
    "model": set(),
    "errors": set(),
}


def _stage(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "formats" and len(parts) > 1 else parts[0]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module.startswith("sggen"):
                # `from sggen.layout import chart` imports the module sggen.layout.chart
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _modules() -> dict[str, set[str]]:
    """Return each module of sggen by its dotted name below sggen, with what it imports."""
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts and parts != ["__main__"]:
            out[".".join(parts)] = _imports(path)
    return out


def test_each_library_is_imported_by_exactly_one_module():
    modules = _modules()
    for library, owner in OWNERS.items():
        users = sorted(name for name, imports in modules.items()
                       if any(i == library or i.startswith(library + ".") for i in imports))
        assert users and all(u == owner or u.startswith(owner + ".") for u in users), \
            f"{library} is imported by {users}, expected only {owner}"


def test_imports_run_one_way():
    modules = _modules()
    stages = {_stage(m) for m in modules}
    assert stages == set(ALLOWED), "a stage was added or removed: update ALLOWED"
    for name, imports in modules.items():
        used = {_stage(i.removeprefix("sggen.")) for i in imports if i.startswith("sggen.")
                and i.removeprefix("sggen.") in modules}
        extra = used - ALLOWED[_stage(name)] - {_stage(name)}
        assert not extra, f"{name} imports {sorted(extra)}, which the architecture forbids"


def test_modules_import_one_another_one_way():
    """Within a stage too: no module imports one that imports it back, directly or through
    others (a module's own packages do not count: Python runs them first in any case)."""
    modules = _modules()

    def above(name: str) -> set[str]:
        parts = name.split(".")
        return {".".join(parts[:k]) for k in range(1, len(parts))}

    graph = {name: sorted(i.removeprefix("sggen.") for i in imports if i.startswith("sggen.")
                          and i.removeprefix("sggen.") in modules
                          and i.removeprefix("sggen.") not in above(name) | {name})
             for name, imports in modules.items()}
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for other in graph[name]:
            assert state.get(other) != "open", \
                "imports run in a circle: " + " -> ".join([*path[path.index(other):], other])
            if other not in state:
                visit(other, [*path, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_every_module_starts_with_a_docstring():
    for path in SRC.rglob("*.py"):
        assert ast.get_docstring(ast.parse(path.read_text())), f"{path} has no docstring"


HEAVY = ("pptx", "docx", "pydantic", "markdown_it_pyrs", "jinja2")  # none needed to decide nothing


def _loaded(args: list[str]) -> str:
    """Run the CLI in a fresh interpreter; return which heavy libraries it loaded, and its
    exit code, as one line."""
    code = (
        "import sys\n"
        "from sggen.cli import app\n"
        f"try:\n    app({args!r}, prog_name='sggen')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules), code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return result.stdout + result.stderr


# validate renders every template to find its errors, so it needs Jinja2 and markdown-it
@pytest.mark.parametrize(("args", "needs"), [(["--help"], "[]"), (["list"], "[]"),
                                             (["validate"], "['jinja2', 'markdown_it_pyrs']")])
def test_quick_commands_do_not_load_document_libraries(args, needs, tmp_path):
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path / "ws")
    extra = [] if args == ["--help"] else ["--workspace", str(ws)]
    assert f"LOADED {needs} 0" in _loaded(args + extra)


def test_a_build_with_nothing_to_do_loads_no_document_library(tmp_path):
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path / "ws")
    build = ["build", "--project", "example", "--workspace", str(ws)]
    first = _loaded(build)
    assert first.rstrip().endswith(" 0"), first
    deck = ws / "output" / "example" / "deck.pptx"
    written = deck.stat().st_mtime_ns
    assert "LOADED [] 0" in _loaded(build)
    assert deck.stat().st_mtime_ns == written  # nothing was rebuilt


def test_a_deck_is_written_without_python_pptx(tmp_path):
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path / "ws")
    loaded = _loaded(["deck", "--project", "example", "--workspace", str(ws)])
    assert "LOADED ['jinja2', 'markdown_it_pyrs'] 0" in loaded, loaded  # the writer is XML only
    assert (ws / "output" / "example" / "deck.pptx").is_file()
