"""File names: a project id is whatever name its file has under projects/, and a bad one stops
only itself; every person gets a card of their own whatever their name (same names, names
that differ by accents, case or normalisation, names with no Latin letter, `/`, `..`,
Windows' reserved names), each in the cards folder; a name too long for the documents is a
located error at validate."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import copy_workspace
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sggen.cli import app

BASE = Path(__file__).resolve().parent / "bad" / "_base"
runner = CliRunner()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("names") / "ws")
    for shipped in (root / "projects").glob("*.yaml"):
        shipped.unlink()  # only project x: each build here is of a few small projects
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    return root


@pytest.fixture
def ws(base: Path, tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    monkeypatch.chdir(root)
    return root


def cli(root: Path, *args: str):
    return runner.invoke(app, [*args, "--workspace", str(root)])


def project(members: list[str]) -> str:
    """Return project x with `members` as its senior users, each name quoted for YAML."""
    text = (BASE / "projects" / "x.yaml").read_text(encoding="utf-8")
    listed = "".join(f'\n    - {{name: "{name}"}}' for name in members)
    return text.replace("senior-user: {name: Bob Baker}", f"senior-user:{listed}")


# --- project ids --------------------------------------------------------------------------


def test_a_project_with_a_non_ascii_id_builds_and_invites(ws):
    shutil.copy(ws / "projects" / "x.yaml", ws / "projects" / "päiväkoti.yaml")
    result = cli(ws, "build", "--all")
    assert result.exit_code == 0, result.output
    assert (ws / "output" / "päiväkoti" / "deck.pptx").is_file()
    assert cli(ws, "build", "--project", "päiväkoti").exit_code == 0
    assert cli(ws, "validate").exit_code == 0


@pytest.mark.skipif(os.name != "posix", reason="a file name of bytes that are not UTF-8")
def test_a_bad_project_file_name_stops_only_itself_and_is_named(ws):
    source = (ws / "projects" / "x.yaml").read_bytes()
    folder = os.fsencode(ws / "projects")
    for name in (b"bad\xff.yaml", b"line\nbreak.yaml"):
        with open(folder + b"/" + name, "wb") as out:
            out.write(source)
    result = cli(ws, "build", "--all")
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert (ws / "output" / "x" / "deck.pptx").is_file()  # the others are built
    failed = [line for line in result.stderr.splitlines() if "cannot be a project id" in line]
    assert len(failed) == 2 and all(line.startswith("projects/") for line in failed), failed
    assert "line\\x0abreak: failed" in result.stderr  # the name stays on one line


def test_ids_that_are_no_portable_folder_get_one(ws):
    from sggen import names

    for name in ("Kunta 2027: uusi?", "CON", "trailing."):
        shutil.copy(ws / "projects" / "x.yaml", ws / "projects" / f"{name}.yaml")
    result = cli(ws, "build", "--all")
    assert result.exit_code == 0, result.output
    built = {p.name for p in (ws / "output").iterdir()}
    assert "x" in built and len(built) == 4
    assert all(names.portable(n) for n in built), built


def test_ids_whose_folders_differ_only_by_case_stop_the_second(ws):
    shutil.copy(ws / "projects" / "x.yaml", ws / "projects" / "X.yaml")
    result = cli(ws, "build", "--all")
    assert result.exit_code == 2
    assert "projects/x.yaml: its output folder would be the one of project 'X'" in result.stderr
    assert (ws / "output" / "X" / "deck.pptx").is_file()


# --- everyone's own card --------------------------------------------------------------------

TWINS = [
    "Anna Virtanen", "Anna Virtanen", "ANNA VIRTANEN",  # the same name, and its case twin
    "Åke Ström", "Ake Strom",  # names that differ only by accents
    "Zoë Berg", "Zoe\u0308 Berg",  # one composed, one decomposed: normalisation twins
    "😀", "🎉", "Андрей Иванов", "אבי כהן", "王小明",  # no Latin letter
    "a/b", "../..", "..", "CON", "aux.txt", "nul", "LPT1",  # paths and Windows' names
    "x" * 100,  # as long as a name may be
]


def test_every_person_gets_a_card_of_their_own(ws):
    from sggen import names

    (ws / "projects" / "x.yaml").write_text(project(TWINS), encoding="utf-8")
    result = cli(ws, "cards", "--project", "x")
    assert result.exit_code == 0, result.output
    cards = ws / "output" / "x" / "cards"
    written = sorted(p.name for p in cards.iterdir())
    # executive, senior supplier, project manager, and every senior user
    assert len(written) == 3 + len(TWINS), written
    folded = {names.fold(n) for n in written}
    assert len(folded) == len(written)  # none would meet another on any disk
    assert all(names.portable(n.removesuffix(".docx")) for n in written), written
    assert all(p.parent == cards for p in cards.rglob("*")), "a card outside its folder"
    wrote = [line for line in result.stdout.splitlines() if line.startswith("wrote ")]
    assert len(wrote) == len(written)  # each written once: none overwrote another


def test_a_name_too_long_for_the_documents_is_located_by_validate(ws):
    (ws / "projects" / "x.yaml").write_text(project(["x" * 300]), encoding="utf-8")
    for command in (["validate"], ["build", "--project", "x"]):
        result = cli(ws, *command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("projects/x.yaml:8:14: people.senior-user[0].name is "
                                        "300 characters long"), result.stderr


def test_a_member_who_left_loses_the_card_and_the_others_keep_theirs(ws):
    (ws / "projects" / "x.yaml").write_text(project(["Åke Ström", "Ake Strom"]), "utf-8")
    assert cli(ws, "cards", "--project", "x").exit_code == 0
    cards = ws / "output" / "x" / "cards"
    both = sorted(p.name for p in cards.iterdir())
    (ws / "projects" / "x.yaml").write_text(project(["Ake Strom"]), "utf-8")
    assert cli(ws, "cards", "--project", "x").exit_code == 0
    left = sorted(p.name for p in cards.iterdir())
    assert len(left) == len(both) - 1


# --- the names themselves -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=12))
def test_written_names_are_portable_and_distinct(people):
    from sggen import names

    stems = [f"senior-user-{names.slug(p, fallback=names.digest(p))}" for p in people]
    unique = names.unique(stems, [repr((i, p)) for i, p in enumerate(people)])
    assert len({names.fold(s) for s in unique}) == len(people)
    assert all(names.portable(s) for s in unique)
    assert all("/" not in s and "\\" not in s and s not in (".", "..") for s in unique)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_a_project_folder_is_portable_and_tells_ids_apart(project_id):
    from sggen import names

    if names.id_problem(project_id):
        return
    folder = names.folder(project_id)
    assert names.portable(folder)
    assert "/" not in folder and folder not in (".", "..")
    other = unicodedata.normalize("NFD", project_id)
    if other != project_id and not names.portable(project_id):
        assert names.folder(other) != folder
