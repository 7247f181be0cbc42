"""The README's commands, the licence and the pre-commit hook agree with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

tomllib = pytest.importorskip("tomllib")  # Python 3.11 and newer

REPO = Path(__file__).resolve().parent.parent


def _section(title: str) -> str:
    text = (REPO / "README.md").read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_the_quick_start_is_two_one_line_commands_the_first_making_a_venv():
    blocks = re.findall(r"```sh\n(.*?)```", _section("Quick start"), re.S)
    assert [b.count("\n") for b in blocks] == [1, 1]
    first, second = (b.strip() for b in blocks)
    assert first == "sh scripts/quickstart.sh"
    script = (REPO / "scripts" / "quickstart.sh").read_text()
    assert "python3 -m venv .venv" in script and "--break-system-packages" not in script
    assert ".venv/bin/sggen build --project example" in script
    assert second == "bash scripts/test.sh"


def test_the_readme_shows_the_live_preview_and_watch():
    section = _section("Live preview")
    assert "sggen serve" in section and "sggen watch" in section and "/portfolio" in section


def test_the_licence_is_the_mit_licence_pyproject_declares():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    assert (REPO / "LICENSE").read_text().startswith("MIT License\n")


def test_the_pre_commit_hook_runs_an_existing_command():
    from typer.testing import CliRunner

    from sggen.cli import app

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "sggen validate --strict" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "roles/prince2/executive.yaml")
    # the hook's own command line works on the shipped workspace
    result = CliRunner().invoke(app, [*hook["entry"].split()[1:], "-w", str(REPO)])
    assert result.exit_code == 0, result.output


def test_every_runtime_library_the_code_imports_is_declared():
    import ast

    declared = " ".join(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
                        ["dependencies"]).lower()
    names = {"yaml": "pyyaml", "pptx": "python-pptx", "docx": "python-docx",
             "markdown_it_pyrs": "markdown-it-pyrs", "jinja2": "jinja2", "typer": "typer",
             "rich": "rich"}
    used = set()
    for path in (REPO / "src" / "sggen").rglob("*.py"):
        if path.name == "serve.py":
            continue  # the [serve] extras
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                used.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                used.add(node.module.split(".")[0])
    for module in used & set(names):
        assert names[module] in declared, f"{module} is imported but not a dependency"
    assert "rich" in used
