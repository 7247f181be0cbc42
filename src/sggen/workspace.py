"""Find the workspace (`sggen.yaml`) and name its paths; its settings come checked from read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sggen.errors import InputError, Location, SggenError, suggest
from sggen.files import is_editor_file
from sggen.model import Settings
from sggen.names import id_problem, shown

CONFIG = "sggen.yaml"
STRINGS = "strings.yaml"  # the templates' wording; a method folder may hold its own
BOARD = "board.yaml"
GLOSSARY = "glossary.yaml"  # a method's terms
NOT_ROLES = (BOARD, STRINGS, GLOSSARY)  # the other files of a method folder


def find(start: Path | None = None) -> Path:
    """Return the folder holding `sggen.yaml`: `start` (default: here) or its nearest parent."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise SggenError(f"no {CONFIG} in {here} or any folder above it",
                     hint="run inside a workspace, pass --workspace, or create one: sggen init DIR")


@dataclass
class Workspace:
    """A workspace folder and its checked settings."""

    root: Path
    settings: Settings

    @property
    def templates(self) -> Path:
        """Return the templates folder."""
        return self.root / "templates"

    @property
    def output(self) -> Path:
        """Return the default output folder."""
        return self.root / "output"

    def method_dir(self, method: str) -> Path:
        """Return `roles/<method>/`."""
        return self.root / "roles" / method

    def methods(self) -> list[str]:
        """Return the method packs under roles/, sorted."""
        base = self.root / "roles"
        return sorted(p.name for p in base.iterdir()  # a board that is a pipe is refused later
                      if (p / BOARD).exists() or (p / BOARD).is_symlink()) \
            if base.is_dir() else []

    def library_files(self, method: str) -> tuple[Path, list[Path]]:
        """Return the board file and the role files of a method."""
        folder = self.method_dir(method)
        board = folder / BOARD
        if not board.exists() and not board.is_symlink():
            raise InputError(f"method '{method}' has no {board.relative_to(self.root)}",
                             Location(self.root / CONFIG),
                             suggest(method, self.methods()) or
                             "known: " + ", ".join(self.methods()))
        roles = sorted(p for p in folder.glob("*.yaml")
                       if p.name not in NOT_ROLES and not is_editor_file(p.name))
        return board, roles

    def method_files(self, method: str) -> list[Path]:
        """Return every file a method's library is read from: the board, the roles, and its
        own strings and glossary (which it may lack)."""
        board, roles = self.library_files(method)
        return [board, *roles, board.parent / STRINGS, board.parent / GLOSSARY]

    def project_ids(self) -> list[str]:
        """Return the ids of all projects, sorted; editors' temporary and lock files (`.#x.yaml`,
        `x.yaml~`, `#x.yaml#`, `.x.yaml.swp`) are not projects."""
        folder = self.root / "projects"
        return sorted(p.stem for p in folder.glob("*.yaml")
                      if not is_editor_file(p.name)) if folder.is_dir() else []

    def project_file(self, project_id: str) -> Path:
        """Return `projects/<id>.yaml`; refuse ids that could name a path elsewhere, or that
        no file name of text can be (names.id_problem)."""
        problem = id_problem(project_id)
        path = self.root / "projects" / f"{project_id}.yaml"
        if problem and "/" not in project_id and "\\" not in project_id and \
                os.path.lexists(path):  # a file is there, but its name is no id
            raise SggenError(f"its name cannot be a project id: {problem}", Location(path),
                             "rename the file")
        if problem:
            raise SggenError(f"'{shown(project_id)}' is not a project id: {problem}",
                             hint="use the file name under projects/ without .yaml, "
                             "e.g. --project example")
        if not path.exists() and not path.is_symlink():  # a pipe or a link is refused when read
            hint = suggest(project_id, self.project_ids())
            raise SggenError(f"no project '{project_id}' (projects/{project_id}.yaml)",
                             hint=hint or "known: " + ", ".join(self.project_ids()))
        return path
