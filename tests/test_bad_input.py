"""Every broken input in tests/bad/ gets exit 2, a file:line:col message, and no output."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import WORKSPACE_PARTS, copy_workspace
from typer.testing import CliRunner

from sggen.cli import app

pytestmark = pytest.mark.slow  # the whole corpus, each case built and validated

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "bad"

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _fields(path: Path) -> list[tuple[str, str]]:
    """Return the `key: value` lines of a case file, blank lines as ('', '')."""
    result = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        result.append((key.rstrip(":"), value) if line.strip() else ("", ""))
    return result


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def apply_edits(root: Path, edit_file: Path) -> int:
    """Apply edit.txt to the workspace; return the line where the first edit's new text starts.

    Blocks (separated by blank lines) hold `file:` and one of `old:` + `new:` (replace the
    first occurrence, which must exist), `prepend:`, or `append:` with optional `times:`.
    """
    first_line = 0
    block: dict[str, str] = {}
    for key, value in [*_fields(edit_file), ("", "")]:
        if key:
            block[key] = _unescape(value)
            continue
        if not block:
            continue
        path = root / block["file"]
        text = path.read_text(encoding="utf-8")
        if "old" in block:
            assert block["old"] in text, f"{edit_file}: {block['old']!r} not in {block['file']}"
            at = text.index(block["old"])
            text = text[:at] + block["new"] + text[at + len(block["old"]):]
        elif "prepend" in block:
            at = 0
            text = block["prepend"] + text
        else:
            at = len(text)
            text += block["append"] * int(block.get("times", "1"))
        path.write_text(text, encoding="utf-8")
        first_line = first_line or text.count("\n", 0, at) + 1
        block = {}
    return first_line


def prepare(case: str, root: Path, earlier: Path | None = None) -> dict[str, list[str]]:
    """Build the broken workspace of `case` in `root`; return its expectations.

    With `earlier` (a prebuilt output/ of the base workspace) and `earlier: built` in the
    case's expect.txt, the earlier outputs are put in place before the case is applied.
    """
    copy_workspace(root)
    outside = root.parent / "outside"  # beside the workspace: what links may point at
    outside.mkdir(exist_ok=True)
    expect_file = CORPUS / case / "expect.txt"
    expect_text = expect_file.read_text(encoding="utf-8") if expect_file.is_file() else ""
    if earlier is not None and "earlier: built" in expect_text:
        shutil.copytree(earlier, root / "output")
    for layer in (CORPUS / "_base", CORPUS / case):
        for source in sorted(layer.rglob("*")):
            rel = source.relative_to(layer)
            if source.is_file() and rel.parts[0] in WORKSPACE_PARTS:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, root / rel)
    line = 0
    if (CORPUS / case / "edit.txt").is_file():
        line = apply_edits(root, CORPUS / case / "edit.txt")
    if (CORPUS / case / "make.py").is_file():  # what files cannot hold: pipes, links, zips
        code = (CORPUS / case / "make.py").read_text(encoding="utf-8")
        namespace: dict = {"__name__": f"bad_{case}"}
        exec(compile(code, str(CORPUS / case / "make.py"), "exec"), namespace)  # noqa: S102
        namespace["make"](root, outside)
    expect: dict[str, list[str]] = {}
    for key, value in _fields(expect_file) if expect_text else []:
        if key:
            value = value.replace("{edit}", str(line)).replace("{outside}", str(outside))
            expect.setdefault(key, []).append(value)
    return expect


def snapshot(root: Path) -> dict[str, str]:
    """Return every entry below `root` with a hash of its content (files), or its kind."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_symlink():
            out[str(p.relative_to(root))] = "link to " + os.readlink(p)
        elif p.is_file():
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir():
            out[str(p.relative_to(root))] = "folder"
        else:
            out[str(p.relative_to(root))] = "special"
    return out


# What a terminal acts on: a message must never carry one (see errors.printable).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_refused(result, expect: dict[str, list[str]]) -> None:
    """Assert that a CLI run was a clean user error reported as the case expects."""
    output = result.output  # stdout and stderr, as a user sees them
    assert "Traceback" not in output
    assert "internal error" not in output
    assert result.exit_code == 2, output
    assert not CONTROL.search(output), repr(output)
    where = expect["where"][0]
    if where == "-":  # no file to name: the message stands alone
        lines = [line for line in result.stderr.splitlines()
                 if all(m in line for m in expect["message"])]
        assert lines, result.stderr
        return
    pattern = re.compile(re.escape(where) + r"(:\d+)*: ")
    lines = [line for line in result.stderr.splitlines() if pattern.match(line)]
    assert lines, f"no line starts with {where}:\n{result.stderr}"
    matching = [line for line in lines if all(m in line for m in expect["message"])]
    assert matching, f"expected {expect['message']} in:\n{result.stderr}"
    assert re.fullmatch(r"\S+?(:\d+){0,2}: \S.*", matching[0]), matching[0]
    if "only" in expect:  # the problem is not echoed by other files that refer to it
        assert len(result.stderr.splitlines()) == int(expect["only"][0]), result.stderr


@pytest.fixture(scope="session")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the output/ folder of the base workspace, built once: the outputs that a broken
    input must leave as they are."""
    root = tmp_path_factory.mktemp("earlier") / "ws"
    prepare("_base", root)
    result = CliRunner().invoke(app, ["build", "--workspace", str(root), "--project", "x"])
    assert result.exit_code == 0, result.output
    return root / "output"


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              earlier: Path):
    root = tmp_path / "ws"
    root.mkdir()
    expect = prepare(case, root, earlier)
    monkeypatch.chdir(root)  # messages name files relative to the current folder
    for pair in expect.get("env", []):
        name, _, value = pair.partition("=")
        monkeypatch.setenv(name, value)
    had_output = (root / "output").exists()
    before = snapshot(tmp_path)  # the workspace, earlier outputs and what lies outside
    commands = (expect.get("commands") or ["build validate"])[0].split()
    project = (expect.get("project") or ["x"])[0]
    runner = CliRunner()
    for command in commands:
        args = [command, "--workspace", str(root)]
        if command == "build":
            args += ["--project", project, *(expect.get("args") or [""])[0].split()]
        result = runner.invoke(app, args)
        check_refused(result, expect)
        wrote = sorted(set(snapshot(tmp_path).items()) ^ set(before.items()))
        if wrote and "xfail" in expect:  # a known bug outside the checking code, see the reason
            pytest.xfail(expect["xfail"][0])
        assert not wrote, f"{command} changed {wrote}"
        assert "xfail" not in expect, "fixed: remove the xfail line from expect.txt"
        assert (root / "output").exists() == had_output


def test_corpus_is_large_enough():
    assert len(CASES) >= 45


def test_base_project_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The corpus's base project is valid, so each case fails for its own reason only."""
    root = copy_workspace(tmp_path / "ws")
    shutil.copytree(CORPUS / "_base", root, dirs_exist_ok=True)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["validate", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
