"""Shared fixtures: a private copy of the shipped workspace for tests that change it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("sggen.yaml", "roles", "templates", "projects")


def copy_workspace(target: Path) -> Path:
    """Copy the repository's workspace files (not its outputs) into `target`; return it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in WORKSPACE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copyfile(source, target / part)
    return target


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Return a fresh copy of the shipped workspace."""
    return copy_workspace(tmp_path / "ws")


def all_shapes(shapes) -> list:
    """Return the shapes of a slide with those inside groups (a visual is one group)."""
    out = []
    for shape in shapes:
        if shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            out.extend(all_shapes(shape.shapes))
        else:
            out.append(shape)
    return out
