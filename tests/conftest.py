"""Shared fixtures: a private copy of the shipped workspace for tests that change it."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("sggen.yaml", "roles", "templates", "projects")

# A suite started as a background job of a shell without job control runs with Ctrl-C ignored,
# and every sggen it starts would inherit that: the tests that press Ctrl-C need it as in a
# terminal. A handler (unlike SIG_IGN) is reset to the default in a started program.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


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


@pytest.fixture(autouse=True, scope="session")
def _cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep sggen's cache in the session's temporary folder, never in the user's home; every
    test, and every sggen it starts, then uses (and so tests) the same cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SGGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


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


def deck_text(path: Path) -> str:
    """Return all text of a deck, whitespace normalised."""
    parts = []
    for slide in _presentation(path).slides:
        for shape in all_shapes(slide.shapes):
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(c.text for row in shape.table.rows for c in row.cells)
    return " ".join(" ".join(parts).split())


def guide_text(path: Path) -> str:
    """Return all text of a guide, whitespace normalised."""
    doc = _document(path)
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    # and what drawings hold: the organisation chart's boxes, a paragraph a line
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parts += ["".join(p.itertext()) for box in doc.element.body.iter(f"{w}txbxContent")
              for p in box.iter(f"{w}p")]
    return " ".join(" ".join(parts).split())


def _presentation(path: Path):
    from pptx import Presentation

    return Presentation(str(path))


def _document(path: Path):
    from docx import Document

    return Document(str(path))


FINNISH_LAYOUTS = {"Title Slide": "Otsikkodia", "Title and Content": "Otsikko ja sisältö",
                   "Title Only": "Vain otsikko"}  # as a Finnish PowerPoint names them


def rebranded_deck(source: Path, target: Path, names: dict[str, str],
                   accent: str | None = None) -> Path:
    """Copy a reference deck with its layouts renamed (`names`: English -> other), its first
    accent colour replaced when `accent` is given, and as a template when `target` is .potx."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("ppt/slideLayouts/slideLayout"):
                for english, local in names.items():
                    data = data.replace(f'name="{english}"'.encode(), f'name="{local}"'.encode())
            if accent and item.filename.startswith("ppt/theme/"):
                data = re.sub(rb"<a:accent1><a:srgbClr val=\"\w+\"/>",
                              f'<a:accent1><a:srgbClr val="{accent}"/>'.encode(), data)
            if item.filename == "[Content_Types].xml" and target.suffix == ".potx":
                data = data.replace(b"presentationml.presentation.main+xml",
                                    b"presentationml.template.main+xml")
            new.writestr(item, data)
    return target
