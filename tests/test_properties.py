"""Arbitrary Unicode in a role text and a project name reaches both documents intact."""

from __future__ import annotations

import contextlib
import re
import shutil
import warnings
from pathlib import Path

import docx
import pptx
import pytest
from conftest import all_shapes, copy_workspace
from docx.oxml.ns import qn as w_qn
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn as a_qn
from typer.testing import CliRunner

from sggen.cli import app

pytestmark = pytest.mark.slow  # LibreOffice, the validator or many examples

# On a failure Hypothesis imports libcst to suggest a patch, and libcst warns on import, which
# -W error would turn into an INTERNALERROR that hides the failure: import it quietly now.
with warnings.catch_warnings(), contextlib.suppress(Exception):
    warnings.simplefilter("ignore")
    import hypothesis.extra._patching  # noqa: F401

# Each example is a full build (about a second): no shrinking, which could take minutes.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate]

REPO = Path(__file__).resolve().parent.parent

PROJECT = """\
name: {name}
customer:
  name: Test customer
  type: city-department
people:
  executive: {{name: Ann Able}}
  senior-user: {{name: Bob Baker}}
  senior-supplier: {{name: Cid Cole}}
  project-manager: {{name: Dan Dale}}
"""

# Markup that must stay literal text: Markdown, pandoc extensions, XML, list and div starts.
FRAGMENTS = [
    "* ", "_", "# ", "| a | b |", "<b>", "</w:t>", "[x](y)", "---", "- ", "1. ", "::: ",
    "::: notes", "& ", "&amp;", "<", ">", "\\", "`code`", "~~", "$x$", "@cite", "{{ x }}",
    "\U0001f600", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627", "\u202e", "\u00a0", "\u200b", "e\u0301", "\u4e2d\u6587",
    "\t", "\n", "\u2028",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30, alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"))),
    min_size=1, max_size=8,
).map("".join).filter(lambda s: s.strip())

names = texts

# Characters no document may hold, or that no reader shows.
CONTROLS = [chr(c) for c in (*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F)]
CONTROLS += ["\ud800", "\udfff", "\ufffe", "\uffff"]


def yaml_string(text: str) -> str:
    """Return `text` as an ASCII double-quoted YAML scalar that reads back exactly."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return one copy of the shipped workspace, shared by the examples of this module."""
    root = tmp_path_factory.mktemp("props")
    copy_workspace(root)
    return root


def prepare(root: Path, responsibility: str, name: str) -> None:
    """Put `responsibility` into the Executive's role and `name` into project x."""
    role = root / "roles" / "prince2" / "executive.yaml"
    original = (REPO / "roles" / "prince2" / "executive.yaml").read_text(encoding="utf-8")
    item = f"  - id: property-test\n    text: {yaml_string(responsibility)}\n"
    assert "\nresponsibilities:\n" in original
    role.write_text(original.replace("\nresponsibilities:\n", "\nresponsibilities:\n" + item, 1),
                    encoding="utf-8")
    (root / "projects" / "x.yaml").write_text(PROJECT.format(name=yaml_string(name)),
                                              encoding="utf-8")
    shutil.rmtree(root / "output", ignore_errors=True)


def build(root: Path):
    return CliRunner().invoke(app, ["build", "--project", "x", "--force", "--workspace",
                                    str(root)])


def squeeze(text: str) -> str:
    """Return `text` without whitespace: documents may wrap or split it anywhere between words."""
    return "".join(text.split())


# Placeholders repeated on every slide of a split text; left out so that the parts join up.
_FRAME = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.FOOTER,
          PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE}


def deck_text(path: Path, *, body: bool = False) -> str:
    """Return the text of every slide (shapes, tables, chart), joined; `body`: no titles."""
    deck = pptx.Presentation(str(path))
    return "".join(node.text or "" for slide in deck.slides for shape in all_shapes(slide.shapes)
                   if not (body and shape.is_placeholder and
                           shape.placeholder_format.type in _FRAME)
                   for node in shape._element.iter(a_qn("a:t")))


def guide_text(path: Path) -> str:
    """Return the text of the guide's body, headers and footers, joined."""
    guide = docx.Document(str(path))
    parts = [guide.element.body, *(s.footer._element for s in guide.sections),
             *(s.header._element for s in guide.sections)]
    return "".join(node.text or "" for part in parts for node in part.iter(w_qn("w:t")))


@settings(max_examples=5, deadline=None, phases=PHASES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(responsibility=texts, name=names)
@example(responsibility="".join(FRAGMENTS), name="* _ # | < > [ ] --- & 1. ::: - ")
@example(responsibility="Vastaa \U0001f680 " * 500, name="\u05e4\u05e8\u05d5\u05d9\u05e7\u05d8 "
         "\u0645\u0634\u0631\u0648\u0639 " + "x" * 100)
@example(responsibility="::: notes", name="1. not a list")
def test_any_text_reaches_every_document_that_shows_it(workspace: Path, responsibility: str,
                                                      name: str):
    # every document names the project; a role's every responsibility is the guide's (the deck
    # shows each role's themes, the card the role in brief, and both point into the guide)
    prepare(workspace, responsibility, name)
    result = build(workspace)
    assert result.exit_code == 0, result.output
    folder = workspace / "output" / "x"
    pages = squeeze(guide_text(folder / "guide.docx"))
    card, = (folder / "cards").glob("executive-*.docx")
    assert squeeze(name) in squeeze(guide_text(card))
    assert squeeze(name) in squeeze(deck_text(folder / "deck.pptx"))
    assert squeeze(responsibility) in pages
    assert squeeze(name) in pages


@settings(max_examples=8, deadline=None, phases=PHASES,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=texts, control=st.sampled_from(CONTROLS), after=texts,
       where=st.sampled_from(["responsibility", "name"]))
def test_control_characters_are_refused_or_absent(workspace: Path, before: str, control: str,
                                                  after: str, where: str):
    bad = before + control + after
    if where == "responsibility":
        prepare(workspace, bad, "Test project")
    else:
        prepare(workspace, "A plain responsibility.", bad)
    result = build(workspace)
    assert "Traceback" not in result.output
    if result.exit_code == 2:  # refused with the place and the character named
        file = "roles/prince2/executive.yaml" if where == "responsibility" else "projects/x.yaml"
        # YAML itself refuses a surrogate escape; anything else reaches the text check
        what = "escape" if "\ud800" <= control <= "\udfff" else \
            f"control character U\\+{ord(control):04X}"
        assert re.search(re.escape(file) + f":\\d+:\\d+: .*{what}", result.stderr), \
            result.stderr
        assert not (workspace / "output").exists()
    else:  # accepted: then both documents open and the character is gone
        assert result.exit_code == 0, result.output
        deck = deck_text(workspace / "output" / "x" / "deck.pptx")
        guide = guide_text(workspace / "output" / "x" / "guide.docx")
        assert control not in deck
        assert control not in guide


def test_a_project_name_longer_than_a_core_property(workspace: Path):
    name = "Pitkä nimi \U0001f680 " * 60  # 840 characters
    prepare(workspace, "A plain responsibility.", name)
    result = build(workspace)
    assert result.exit_code == 0, result.output
    assert squeeze(name) in squeeze(guide_text(workspace / "output" / "x" / "guide.docx"))
