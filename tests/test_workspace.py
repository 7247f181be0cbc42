"""Finding the workspace and naming project files safely."""

from __future__ import annotations

import pytest

from sggen import read
from sggen.errors import SggenError
from sggen.workspace import find


def test_found_from_a_subfolder(workspace, monkeypatch):
    sub = workspace / "projects"
    monkeypatch.chdir(sub)
    assert find() == workspace.resolve()
    assert read.workspace().root == workspace.resolve()


def test_explicit_folder_must_hold_the_config(tmp_path):
    with pytest.raises(SggenError, match="has no sggen.yaml"):
        read.workspace(tmp_path)


@pytest.mark.parametrize("bad", ["../example", "/etc/passwd", "a/b", "a\\b", "..", ".hidden",
                                 ""])
def test_project_ids_that_could_name_other_paths_are_refused(workspace, bad):
    ws = read.workspace(workspace)
    with pytest.raises(SggenError, match="is not a project id"):
        ws.project_file(bad)


def test_methods_are_the_folders_with_a_board(workspace):
    (workspace / "roles" / "empty").mkdir()
    assert read.workspace(workspace).methods() == ["pm2", "prince2"]
