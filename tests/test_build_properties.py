"""The whole build on generated projects (names, texts, dates, counts): it exits 0 or with
located errors (never an internal error), every file it writes opens in its reader, and
nothing outside the output folder changes."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import tempfile
import warnings
from pathlib import Path

import yaml
from conftest import copy_workspace
from docx import Document as open_docx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from test_html_attacks import runnable
from typer.testing import CliRunner

from sggen.cli import app

with warnings.catch_warnings(), contextlib.suppress(Exception):
    warnings.simplefilter("ignore")  # see test_hostile_documents: libcst warns on import
    import hypothesis.extra._patching  # noqa: F401

runner = CliRunner()
LOCATED = re.compile(r"^\S[^:]*(:\d+){0,2}: ")
# mostly what people write (letters of any script, marks, digits, punctuation, symbols such as
# emoji, spaces), now and then any character at all
_written = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
_any = st.characters(exclude_categories=("Cs",))


def _texts(alphabet: st.SearchStrategy[str], least: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=least, max_size=40).filter(lambda t: not least or t.strip())


@st.composite
def projects(draw) -> dict:
    """Return the example project with generated people, texts, stages and meetings."""
    project = yaml.safe_load((Path(__file__).parent.parent / "projects" / "example.yaml")
                             .read_text(encoding="utf-8"))
    odd = draw(st.integers(0, 9)) == 0  # one project in ten: any character, any date
    names, texts = _texts(_any if odd else _written, 1), _texts(_any if odd else _written, 0)
    days = st.dates(dt.date(1960, 1, 1), dt.date(2250, 12, 31)) if odd else \
        st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31))
    project["name"] = draw(st.one_of(names, texts, st.sampled_from(["Päiväkoti", "x" * 300])))
    people = project["people"]
    people["senior-user"] = [{"name": draw(names), "title": draw(names)}
                             for _ in range(draw(st.integers(1, 12)))]
    if draw(st.booleans()):
        people["executive"]["name"] = draw(names)
    start = draw(days)
    stages = []
    for _ in range(draw(st.integers(1, 8))):
        length = draw(st.integers(0, 200))
        stages.append({"name": draw(names), "start": start,
                       "end": start + dt.timedelta(days=length)})
        start += dt.timedelta(days=length + draw(st.integers(1, 10)))
    project["stages"] = stages
    first = stages[0]["start"]
    project["meetings"]["dates"] = sorted({first + dt.timedelta(days=draw(st.integers(-30, 900)))
                                           for _ in range(draw(st.integers(0, 10)))})
    return project


def _tree(root: Path, skip: str = "output") -> dict[str, bytes]:
    """Return every file below `root` but those below `skip`, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != skip}


def _opens(path: Path) -> None:
    """Open a written file in the reader of its kind (raise if it cannot be read)."""
    if path.suffix == ".pptx":
        assert [s.shapes.title for s in Presentation(str(path)).slides]
    elif path.suffix == ".docx":
        assert open_docx(str(path)).paragraphs
    elif path.suffix == ".html":
        assert runnable(path.read_bytes()) == []
    elif path.suffix == ".json":
        json.loads(path.read_bytes())
    else:
        path.read_bytes().decode("utf-8")


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(project=projects(), formats=st.sampled_from(["", "html"]))
def test_any_generated_project_builds_or_is_refused_with_located_errors(project, formats):
    with tempfile.TemporaryDirectory() as folder:
        root = copy_workspace(Path(folder) / "ws")
        (root / "projects" / "generated.yaml").write_text(
            yaml.safe_dump(project, allow_unicode=True, sort_keys=False), encoding="utf-8")
        before, beside = _tree(root), sorted(Path(folder).iterdir())
        args = ["build", "-p", "generated", "-w", str(root)]
        result = runner.invoke(app, [*args, "--format", formats] if formats else args)
        assert result.exit_code in (0, 2), result.output
        event("built" if result.exit_code == 0 else "refused")  # --hypothesis-show-statistics
        assert "internal error" not in result.output and "Traceback" not in result.output
        if result.exit_code == 2:
            errors = [ln for ln in result.stderr.splitlines() if "warning:" not in ln]
            assert errors and all(LOCATED.match(ln) for ln in errors), result.stderr
        else:
            written = [p for p in (root / "output").rglob("*") if p.is_file()]
            assert any(p.suffix == ".pptx" for p in written)
            for path in written:
                _opens(path)
        assert _tree(root) == before, "a file outside the output folder changed"
        assert sorted(Path(folder).iterdir()) == beside
