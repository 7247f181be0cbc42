"""Writes never follow a link out of the output folder: a link in place of output/, of a
project's folder, of its cards folder or of a file is refused or replaced, and nothing is
written where it leads; the folder given with --output is the user's, links and all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_workspace
from typer.testing import CliRunner

from sggen.cli import app

pytestmark = pytest.mark.skipif(os.name != "posix", reason="links as POSIX makes them")

BASE = Path(__file__).resolve().parent / "bad" / "_base"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("links") / "ws")
    for shipped in (root / "projects").glob("*.yaml"):
        shipped.unlink()
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    return root


@pytest.fixture
def ws(base: Path, tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(root)
    return root


def build(root: Path, *args: str):
    return CliRunner().invoke(app, ["build", "--project", "x", "--workspace", str(root), *args])


def everything(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("linked", ["output", "output/x", "output/x/cards"])
def test_a_linked_folder_is_refused_and_nothing_is_written_through_it(ws, linked):
    outside = ws.parent / "outside"
    (ws / linked).parent.mkdir(parents=True, exist_ok=True)
    (ws / linked).symlink_to(outside, target_is_directory=True)
    result = build(ws)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{linked}: is a link to {outside}"), result.stderr
    assert "internal error" not in result.output
    assert not any(outside.iterdir())
    # nothing half-done either: not the deck without its cards
    assert not (ws / "output" / "x" / "deck.pptx").exists() or linked == "output"


@pytest.mark.parametrize("name", ["deck.pptx", ".sggen.json", "cards/executive-ann-able.docx"])
def test_a_file_that_is_a_link_is_replaced_not_written_through(ws, name):
    assert build(ws).exit_code == 0
    victim = ws.parent / "outside" / "victim"
    victim.write_bytes(b"precious")
    target = ws / "output" / "x" / name
    target.unlink()
    target.symlink_to(victim)
    result = build(ws)
    assert result.exit_code == 0, result.output
    assert victim.read_bytes() == b"precious"
    assert target.is_file() and not target.is_symlink()


def test_the_folder_given_with_output_is_followed(ws):
    outside = ws.parent / "outside"
    (ws.parent / "via").symlink_to(outside, target_is_directory=True)
    result = build(ws, "--output", str(ws.parent / "via"))
    assert result.exit_code == 0, result.output
    assert (outside / "x" / "deck.pptx").is_file()


def test_a_link_swapped_in_below_the_output_folder_is_never_followed(tmp_path):
    from sggen import output
    from sggen.errors import SggenError

    root, outside = tmp_path / "out", tmp_path / "outside"
    (root / "x").mkdir(parents=True)
    outside.mkdir()
    (root / "x" / "cards").symlink_to(outside)
    with pytest.raises(SggenError, match="is a link"):
        output.write_atomic(root / "x" / "cards" / "a.docx", b"data", root)
    output.remove(root / "x" / "cards" / "a.docx", root)  # nothing to delete through a link
    (outside / "a.docx").write_bytes(b"kept")
    output.remove(root / "x" / "cards" / "a.docx", root)
    assert (outside / "a.docx").read_bytes() == b"kept"
    assert sorted(p.name for p in outside.iterdir()) == ["a.docx"]
