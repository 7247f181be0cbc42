"""Templates: values are escaped so no text changes the structure; template errors name a line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sggen import document, outline
from sggen.errors import TemplateError
from sggen.render import Renderer, escape

# Markup a role text may contain by accident (or on purpose).
MARKUP = [
    "* ", "**", "_", "# ", "#hash", "| a | b |", "<b>", "</w:t>", "<!--", "[x](y)", "![i](j)",
    "[a]: /b", "---", "***", "===", "- ", "+ ", "1. ", "1) ", "2027.", "::: ", "::: notes",
    "& ", "&amp;", "&#35;", "<", ">", "> quote", "\\", "`", "```", "~~~", "$x$", "@cite",
    "{{ x }}", "    code", "\t", "\n", "  \n", "\u00a0", "\u2028", "\U0001f600", "\u05e9\u05dc",
]
texts = st.lists(
    st.one_of(st.sampled_from(MARKUP), st.text(max_size=10, alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs")))),
    min_size=1, max_size=6,
).map("".join).filter(lambda s: " ".join(s.split()) not in ("", "\\newpage"))


def plain(runs: list[document.Run]) -> str:
    assert not any(r.bold or r.italic or r.link for r in runs), runs
    return "".join(r.text for r in runs)


def check_literal(value: str) -> None:
    """Assert that `value`, escaped, reads back as itself in every place a template puts it:
    its breaks and runs of spaces as one space, a no-break space as itself (480 000 €)."""
    want = re.sub(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+", " ", value).strip()
    text = escape(value)
    assert "\n" not in text
    blocks = outline.parse_guide(f"{text}\n").blocks
    assert len(blocks) == 1 and isinstance(blocks[0], document.Paragraph), blocks
    assert plain(blocks[0].runs) == want
    blocks = outline.parse_guide(f"Label\n{text}\n").blocks  # a setext underline?
    assert len(blocks) == 1 and plain(blocks[0].runs) == f"Label {want}", blocks
    blocks = outline.parse_guide(f"- {text}\n- next\n").blocks
    assert len(blocks) == 1 and isinstance(blocks[0], document.BulletList), blocks
    assert [plain(i.runs) for i in blocks[0].items] == [want, "next"]
    assert not blocks[0].items[0].children
    blocks = outline.parse_guide(f"| a | b |\n|---|---|\n| {text} | x |\n").blocks
    assert len(blocks) == 1 and isinstance(blocks[0], document.Table), blocks
    assert [plain(c) for c in blocks[0].rows[0]] == [want, "x"]
    blocks = outline.parse_guide(f"## {text}\n\nafter\n").blocks
    assert [type(b) for b in blocks] == [document.Heading, document.Paragraph]
    assert blocks[0].text == want
    deck = outline.parse_deck(f"## One\n\n{text}\n\n::: notes\n{text}\n:::\n\n---\n\n## Two\n")
    assert [s.title for s in deck.slides] == ["One", "Two"]
    assert [plain(b.runs) for b in deck.slides[0].blocks] == [want]
    assert [plain(b.runs) for b in deck.slides[0].notes] == [want]


# --- escape ----------------------------------------------------------------------------------


def test_escape_of_nothing_is_empty():
    assert escape(None) == ""
    assert escape("") == ""


def test_escape_keeps_a_value_on_one_line():
    assert escape("two\nlines\r\n\tand  spaces ") == "two lines and spaces"


def test_escape_renders_numbers_and_plain_words_unchanged():
    assert escape(2027) == "2027"
    assert escape("Projektin omistaja") == "Projektin omistaja"


@pytest.mark.parametrize("value", [
    "* not a bullet", "# not a heading", "| not | a table |", "<script>alert(1)</script>",
    "---", "1. not a list", "1) nor this", "::: notes", ":::", "- no", "+ no", "> no",
    "**not bold**", "_not italic_", "[not](a-link)", "&amp; stays", "a\\", "`code`",
    "    indented", "=====", "10 000 € | 20 000 €", "{{ raw }}", "<!-- comment -->",
])
def test_markup_in_a_value_stays_text(value: str):
    check_literal(value)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_no_value_changes_the_structure(value: str):
    check_literal(value)


def test_a_value_that_reads_newpage_is_not_a_page_break():
    check_literal("\\newpage")


# --- templates -------------------------------------------------------------------------------


def renderer(tmp_path: Path, **templates: str) -> Renderer:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in templates.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return Renderer(folder)


def fails(r: Renderer, name: str, context: dict | None = None) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        r.render(name, context or {})
    return info.value


def test_values_are_escaped_but_the_template_is_not(tmp_path: Path):
    r = renderer(tmp_path, t_j2="## {{ title }}\n\n- {{ item }}\n")
    markdown = r.render("t.j2", {"title": "# Heading?", "item": "* star"}).markdown
    assert markdown == "## \\# Heading?\n\n- \\* star\n"


def test_undefined_name_reports_the_template_line(tmp_path: Path):
    r = renderer(tmp_path, t_j2="first\nsecond {{ projcet.name }}\n")
    error = fails(r, "t.j2", {"project": {"name": "x"}})
    assert error.where.path == tmp_path / "templates" / "t.j2"
    assert error.where.line == 2
    assert "'projcet' is undefined" in error.message
    assert "{{ projcet.name }}" in error.message
    assert "template context" in error.hint


def test_missing_attribute_reports_the_line(tmp_path: Path):
    r = renderer(tmp_path, t_j2="{{ project.name }}\n\n{{ project.nmae }}\n")
    error = fails(r, "t.j2", {"project": {"name": "x"}})
    assert (error.where.line, "nmae" in error.message) == (3, True)


def test_syntax_error_reports_the_line(tmp_path: Path):
    error = fails(renderer(tmp_path, t_j2="ok\n{% if x %}\nno end\n"), "t.j2")
    assert error.where.path.name == "t.j2"
    assert error.where.line >= 2
    assert error.message.startswith("template syntax:")


@pytest.mark.parametrize("expression", [
    "''.__class__.__mro__", "''.__class__.__mro__[1].__subclasses__()",
    "cycler.__init__.__globals__", "self._TemplateReference__context",
    "'{0.__class__}'.format(1)", "lipsum.__globals__",
])
def test_hostile_expressions_are_refused(tmp_path: Path, expression: str):
    r = renderer(tmp_path, t_j2=f"safe\n{{{{ {expression} }}}}\n")
    error = fails(r, "t.j2")
    assert error.where.line == 2
    assert error.message.startswith("not allowed in a template")


@pytest.mark.parametrize("expression", [
    "'x' * 10 ** 10", "10 ** 10 * 'x'", "[1] * 10 ** 9", "7 ** 100000000", "(-3) ** 100000000",
])
def test_huge_results_are_refused_before_they_are_built(tmp_path: Path, expression: str):
    error = fails(renderer(tmp_path, t_j2=f"{{{{ {expression} }}}}\n"), "t.j2")
    assert "would be too large" in error.message
    assert error.where.line == 1


def test_small_arithmetic_still_works(tmp_path: Path):
    r = renderer(tmp_path, t_j2="{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ [0] * 2 }} {{ 3 * 4 }}\n")
    assert r.render("t.j2", {}).markdown == "ababab 1024 \\[0, 0\\] 12\n"


def test_endless_recursion_is_a_template_error(tmp_path: Path):
    r = renderer(tmp_path, t_j2="{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n")
    error = fails(r, "t.j2")
    assert "calls itself" in error.message
    assert error.where.path.name == "t.j2"


def test_missing_include_names_the_including_line(tmp_path: Path):
    error = fails(renderer(tmp_path, t_j2="a\n{% include 'gone.j2' %}\n"), "t.j2")
    assert "gone.j2 not found" in error.message
    assert (error.where.path.name, error.where.line) == ("t.j2", 2)


def test_error_in_an_included_template_names_that_template(tmp_path: Path):
    r = renderer(tmp_path, t_j2="{% include 'part.j2' %}\n", part_j2="x\ny\n{{ nope }}\n")
    error = fails(r, "t.j2")
    assert (error.where.path.name, error.where.line) == ("part.j2", 3)


def test_missing_main_template(tmp_path: Path):
    error = fails(renderer(tmp_path), "deck.md.j2")
    assert "deck.md.j2 not found" in error.message


def test_template_that_is_not_utf8(tmp_path: Path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.j2").write_bytes("ok\nK\xe4ytt\xe4j\xe4\n".encode("latin-1"))
    error = fails(Renderer(folder), "t.j2")
    assert "not UTF-8" in error.message
    assert (error.where.line, error.where.col) == (2, 2)


def test_check_compiles_every_template_without_rendering(tmp_path: Path):
    r = renderer(tmp_path, good_j2="{{ anything_undefined }}\n", bad_j2="x\n{{ a }\n",
                 worse_j2="{% for %}\n")
    problems = r.check()
    assert sorted(p.where.path.name for p in problems) == ["bad.j2", "worse.j2"]
    assert all(p.message.startswith("template syntax") for p in problems)


def test_shipped_templates_compile():
    folder = Path(__file__).resolve().parent.parent / "templates"
    assert Renderer(folder).check() == []
