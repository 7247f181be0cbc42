"""What a build is asked for, what it did to each project, and the job value that every stage
of one project's build is handed instead of a row of parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sggen import context, names, read
from sggen.errors import Caution, Problems, SggenError, split
from sggen.formats import REGISTRY, Format
from sggen.model import Library, Project
from sggen.read import Inputs
from sggen.workspace import Workspace

if TYPE_CHECKING:
    from sggen.pipeline.inputs import Dependencies


@dataclass
class Request:
    """What to build."""

    projects: list[str]
    formats: tuple[str, ...] = ("deck", "guide")
    languages: list[str] | None = None  # None: each project's own language
    output: Path | None = None
    force: bool = False
    markdown: bool = False  # also write the rendered Markdown
    pdf: bool = False
    jobs: int = 1

    @property
    def single(self) -> bool:
        """Return whether one project is asked for: then any problem raises at once."""
        return len(self.projects) == 1


@dataclass
class Outcome:
    """What happened to one project."""

    project: str
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    error: str = ""
    warnings: list[Caution] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what changed in the content, in words

    def kinds(self) -> list[str]:
        """Return what was written, by kind: deck, guide, or the folder of a format's files
        (cards)."""
        own = names.folder(self.project)
        return sorted({p.name.split(".")[0] if p.parent.name == own else p.parent.name
                       for p in self.written})


@dataclass(frozen=True)
class Job:
    """One project of a run: the run's checked shared inputs (with the workspace), what was
    asked, the checked project, and what the run's outputs depend on (None where nothing is
    recorded: `validate`, the live preview)."""

    inputs: Inputs
    request: Request
    project_id: str
    project: Project
    deps: Dependencies | None = None
    # what the job has worked out once: each language's view, and the documents rendered of
    # it that another format reads too (the guide, whose headings the deck points to)
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def read(cls, inputs: Inputs, request: Request, project_id: str,
             deps: Dependencies | None = None) -> tuple[Job, list[Caution]]:
        """Return the job of `project_id` with its project read and checked, and the project's
        warnings; raise every error found in it."""
        problems: list[SggenError] = []
        project = read.project(inputs.workspace, inputs, project_id, problems)
        errors, warnings = split(problems)
        if errors or project is None:
            raise Problems(errors or problems)
        return cls(inputs, request, project_id, project, deps), warnings

    @property
    def ws(self) -> Workspace:
        """Return the workspace."""
        return self.inputs.workspace

    @property
    def method(self) -> str:
        """Return the project's method."""
        return self.project.method or self.ws.settings.method

    @property
    def own(self) -> str:
        """Return the project's own language: its files carry no language in their names."""
        return self.project.language or self.ws.settings.language

    @property
    def library(self) -> Library:
        """Return the role library of the project's method."""
        return self.inputs.libraries[self.method]

    @property
    def folder(self) -> Path:
        """Return the project's output folder."""
        return folder(self.ws, self.request, self.project_id)

    @property
    def root(self) -> Path:
        """Return the folder below which every write is made without following a link: the
        folder given with --output (its own links followed: the user named it), or else the
        workspace, so that output/ itself is never a link that leads elsewhere."""
        return self.request.output or self.ws.root

    @property
    def floor(self) -> float:
        """Return the smallest type size a writer may shrink text to, in points."""
        return float(self.ws.settings.layout.min_font_pt)

    def languages(self) -> list[str]:
        """Return the languages asked for (the project's own by default); raise for one the
        project is not written in."""
        allowed = self.project.languages or self.ws.settings.languages
        langs = self.request.languages or [self.own]
        for lang in langs:
            if lang not in allowed:
                raise SggenError(f"project '{self.project_id}' is not written in '{lang}'",
                                 hint="its languages: " + ", ".join(allowed))
        return langs

    def view(self, lang: str) -> context.Context:
        """Return the typed view of the project in `lang` that the templates render (made
        once per job and language: every format of the job reads the same view)."""
        key = ("view", lang)
        if key not in self.memo:
            self.memo[key] = context.context(self.project_id, self.project, self.library,
                                             self.ws.settings, self.inputs.strings, lang)
        return self.memo[key]

    def file_name(self, fmt: Format, lang: str, stem: str = "") -> str:
        """Return a file's name below the project's folder: deck.pptx in the project's own
        language, deck.en.pptx in the others (`stem` in place of the format's own)."""
        return output_name(fmt, lang, self.own, stem)


def folder(ws: Workspace, request: Request, project_id: str) -> Path:
    """Return a project's output folder: below the output folder, named by its id (or, for
    an id that is no portable file name, by a slug of it: names.folder)."""
    return (request.output or ws.output) / names.folder(project_id)


def projects(ws: Workspace, project: str | None, everything: bool) -> list[str]:
    """Return the projects asked for: one (`project`) or all of them (`everything`), which
    must be exactly one of the two."""
    if everything == bool(project):
        raise SggenError("give either --project ID or --all",
                         hint="projects: " + ", ".join(ws.project_ids()))
    return ws.project_ids() if everything else [project]


def output_name(fmt: Format, lang: str, own: str, stem: str = "") -> str:
    """Return deck.pptx for the project's own language `own`, deck.<lang>.pptx for the others
    (`stem` in place of the format's own stem: cards/executive-outi-saarinen)."""
    stem = stem or fmt.file_stem
    return f"{stem}{fmt.suffix}" if lang == own else f"{stem}.{lang}{fmt.suffix}"


def requested_formats(kinds: tuple[str, ...], words: list[str]) -> tuple[list[str], bool]:
    """Return the formats that the words of `--format` add to `kinds`, and whether they ask
    for the Markdown; raise for a word that names nothing.

    Each word is 'md' or a file suffix: 'html' adds every registered format writing .html
    from the same template as one of `kinds` (the guide's page for `guide`).
    """
    templates = {REGISTRY[k].template for k in kinds}
    extra: list[str] = []
    markdown = False
    for word in words:
        if word == "md":
            markdown = True
            continue
        found = [f.name for f in REGISTRY.values() if f.suffix == f".{word}"
                 and f.template in templates and f.name not in kinds]
        if not found:
            known = sorted({"md", *(f.suffix[1:] for f in REGISTRY.values()
                                    if f.template in templates and f.name not in kinds)})
            raise SggenError(f"--format {word!r} is not known here",
                             hint="use " + ", ".join(known))
        extra.extend(n for n in found if n not in extra)
    return extra, markdown
