"""One definition of a project's inputs, read by the incremental build, `watch` and `serve`:
a template in a subfolder of templates/ is an input; an editor's swap or backup file is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import guide_text

from sggen import pipeline, read
from sggen.pipeline.inputs import is_input, paths, snapshot

EDITOR_FILES = ("templates/.guide.md.j2.swp", "templates/guide.md.j2~",
                "templates/partials/#extra.md.j2#", "templates/partials/.#extra.md.j2",
                "templates/.hidden/extra.md.j2", "templates/partials/extra.md.j2.bak",
                "projects/.example.yaml.swp", "roles/prince2/executive.yaml~")


@pytest.mark.parametrize(("rel", "expected"), [
    ("sggen.yaml", True), ("templates/guide.md.j2", True), ("templates/reference.pptx", True),
    ("templates/partials/extra.md.j2", True), ("templates/a/b/c.md.j2", True),
    ("roles/prince2/executive.yaml", True), ("roles/prince2/strings.yaml", True),
    ("projects/example.yaml", True),
    ("templates", False), ("roles/prince2", False), ("roles/prince2/notes/x.yaml", False),
    ("roles/README.md", False), ("projects/example.txt", False), ("output/example/deck.pptx",
                                                                 False),
    ("README.md", False), ("sggen.yaml.orig", False), *((rel, False) for rel in EDITOR_FILES),
])
def test_what_an_input_is(rel: str, expected: bool):
    assert is_input(rel) is expected


def include_partial(workspace: Path, text: str) -> Path:
    """Make the guide include templates/partials/extra.md.j2 holding `text`; return it."""
    partial = workspace / "templates" / "partials" / "extra.md.j2"
    partial.parent.mkdir(exist_ok=True)
    partial.write_text(f"\n{text}\n")
    guide = workspace / "templates" / "guide.md.j2"
    guide.write_text(guide.read_text() + '\n{% include "partials/extra.md.j2" %}\n')
    return partial


def save_editor_files(workspace: Path) -> None:
    for rel in EDITOR_FILES:
        path = workspace / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{{ broken\n")


def test_a_partial_in_a_subfolder_is_an_input_and_editor_files_are_not(workspace):
    ws = read.workspace(workspace)
    partial = include_partial(workspace, "Ensimmäinen lisäys")
    assert "templates/partials/extra.md.j2" in paths(ws, ["example"])
    before = snapshot(ws, ["example"])
    save_editor_files(workspace)
    assert snapshot(ws, ["example"]) == before
    assert not set(paths(ws, ["example"])) & set(EDITOR_FILES)
    partial.write_text("\nToinen lisäys, pidempi\n")
    assert snapshot(ws, ["example"]) != before


def test_a_build_rebuilds_on_a_saved_partial_and_not_on_an_editor_file(workspace):
    include_partial(workspace, "Ensimmäinen lisäys")
    request = pipeline.Request(["example"], ("guide",))
    assert pipeline.run(read.workspace(workspace), request)[0].written
    save_editor_files(workspace)
    assert not pipeline.run(read.workspace(workspace), request)[0].written
    (workspace / "templates" / "partials" / "extra.md.j2").write_text("\nToinen lisäys\n")
    assert pipeline.run(read.workspace(workspace), request)[0].written
    assert "Toinen lisäys" in guide_text(workspace / "output" / "example" / "guide.docx")


def test_watch_rebuilds_on_a_saved_partial_and_not_on_an_editor_file(workspace):
    partial = include_partial(workspace, "Ensimmäinen lisäys")
    reports: list = []
    looked = {"after": 0, "calls": 0}

    def stop() -> bool:
        looked["calls"] += 1  # a bound, should the save never be seen
        if len(reports) == 1 and "Toinen" not in partial.read_text():
            partial.write_text("\nToinen lisäys\n")  # saved after the first build
        elif len(reports) == 2:
            if looked["after"] == 0:
                save_editor_files(workspace)
            looked["after"] += 1  # each call is after one more look at the inputs
        return len(reports) > 2 or looked["after"] > 3 or looked["calls"] > 1000

    request = pipeline.Request(["example"], ("guide",))
    pipeline.watch(read.workspace(workspace), request, reports.append, stop, interval=0.01)
    assert len(reports) == 2, reports  # the editor files made no third build
    first, second = reports
    assert [p.name for p in second[0].written] == ["guide.docx"], second
    assert "Toinen lisäys" in guide_text(workspace / "output" / "example" / "guide.docx")
