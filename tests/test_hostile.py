"""Hostile inputs, unit by unit: YAML scalars, look-alike names, files, templates, references."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from sggen import files, model, package, render
from sggen.errors import InputError, ReferenceDocError, SggenError, TemplateError
from sggen.read import load, rules, typed

REPO = Path(__file__).resolve().parent.parent
LANGS = ["fi", "sv", "en"]


# --- YAML scalars: the user's characters where a text is wanted ------------------------------


def person(tmp_path: Path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "p.yaml"
    path.write_text(body, encoding="utf-8")
    problems: list[SggenError] = []
    value = typed.Checker(load.load(path), LANGS, problems).read(model.Person)
    return value, [str(p) for p in problems]


@pytest.mark.parametrize("written", [
    "0401234567", "+358 40 123 4567", "12:30", "1e3", "0x1F", "yes", "no", "on", "off", "true",
    "007", "1_000", "2027-01-14", "-0", ".nan", "0o17", "1.50",
])
def test_text_fields_keep_what_was_written(tmp_path: Path, written: str):
    value, problems = person(tmp_path, f"name: {written}\nphone: {written}\ntitle: {written}\n")
    assert problems == []
    assert (value.name, value.phone, value.title) == (written, written, written)


@pytest.mark.parametrize(("written", "value"), [
    ("true", True), ("false", False), ("True", True), ("FALSE", False),
    ("012", 12), ("0x1F", 31), ("0o17", 15), ("1e3", 1000.0), ("12:30", "12:30"),
    ("yes", "yes"), ("on", "on"), ("~", None), ("", None), ("2027-01-14", None),
])
def test_yaml_12_core_schema(tmp_path: Path, written: str, value: object):
    path = tmp_path / "v.yaml"
    path.write_text(f"v: {written}\n")
    data = load.load(path).data["v"]
    if written == "2027-01-14":
        assert str(data) == written
    else:
        assert data == value and type(data) is type(value)


@pytest.mark.parametrize(("written", "problem"), [
    ("yes", "on_board must be true or false, not the text 'yes'"),
    ("on", "on_board must be true or false, not the text 'on'"),
    ("1", "on_board must be true or false, not the number 1"),
])
def test_truth_values_are_true_or_false_only(tmp_path: Path, written: str, problem: str):
    path = tmp_path / "r.yaml"
    path.write_text(f"v: {written}\n")
    problems: list[SggenError] = []
    checker = typed.Checker(load.load(path), LANGS, problems)
    assert checker.read(bool, checker.source.data["v"], ("on_board",)) is typed.BAD
    assert problem in str(problems[0])


# --- identities --------------------------------------------------------------------------------


@pytest.mark.parametrize("other", [
    "Ann Able", "ann  able", "ANN\tABLE", "Ann Ab\u200ble", "Ann Ab\u00adle", "Ann Able\ufe0f",
    "Ann\u2060 Able", "Ann\u00a0Able", "\uff21nn \uff21ble", "Ann Able\u200e", "\ufeffAnn Able",
    "Ann\u3000Able", " Ann Able ", "Ann Able\U000e0041",
])
def test_one_person_however_the_name_is_dressed(other: str):
    assert rules.identity(other) == rules.identity("Ann Able")


def test_composed_and_decomposed_accents_are_one_person():
    assert rules.identity("Ann Abl\u00e9") == rules.identity("Ann Able\u0301")


@pytest.mark.parametrize("other", ["Ann Abel", "Anne Able", "Ann Ablé", "Ann-Able"])
def test_different_people_stay_different(other: str):
    assert rules.identity(other) != rules.identity("Ann Able")


# --- files -----------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_is_refused_without_opening_it(tmp_path: Path):
    os.mkfifo(tmp_path / "p.yaml")
    with pytest.raises(InputError, match="named pipe"):
        files.read(tmp_path / "p.yaml", 100)


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path):
    (tmp_path / "outside.yaml").write_text("a: 1\n")
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "in.yaml").symlink_to(tmp_path / "outside.yaml")
    assert files.read(tmp_path / "ws" / "in.yaml", 100) == b"a: 1\n"  # no folder: allowed
    with pytest.raises(InputError, match="outside"):
        files.read(tmp_path / "ws" / "in.yaml", 100, tmp_path / "ws")


def test_a_link_inside_the_folder_is_followed(tmp_path: Path):
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "alias.yaml").symlink_to("real.yaml")
    assert files.read(tmp_path / "alias.yaml", 100, tmp_path) == b"a: 1\n"


def test_every_read_has_a_limit(tmp_path: Path):
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="larger than the limit of 100 bytes"):
        files.read(tmp_path / "big", 100)


@pytest.mark.parametrize("name", [".#x.yaml", "x.yaml~", "#x.yaml#", ".x.yaml.swp", ".x.yaml"])
def test_editor_files(name: str):
    assert files.is_editor_file(name)
    assert not files.is_editor_file("x.yaml")


# --- templates ---------------------------------------------------------------------------------


def renderer(tmp_path: Path, text: str, **more: str) -> render.Renderer:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "t.j2").write_text(text)
    for name, body in more.items():
        (folder / name).write_text(body)
    return render.Renderer(folder)


def refused(r: render.Renderer, fragment: str) -> TemplateError:
    error = pytest.raises(TemplateError, r.render, "t.j2", {}).value
    assert fragment in error.message, error.message
    assert error.message.startswith("not allowed in a template")
    return error


@pytest.mark.parametrize(("expression", "fragment"), [
    ("'%*d' % (10 ** 9, 1)", "'*' width"),
    ("'%-*.*f' % (5, 10 ** 9, 1.0)", "'*' width"),
    ("'%(a)1000000s' % {'a': 1}", "wider than the limit"),
    ("'{:>1000000}'.format(1)", "wider than the limit"),
    ("'{0:{1}}'.format(1, 10 ** 9)", "a width given by a {} field"),
    ("'{:.1000000f}'.format(1.5)", "wider than the limit"),
    ("'x'.center(10 ** 9)", "wider than the limit"),
    ("'x'.rjust(10 ** 9, '-')", "wider than the limit"),
    ("'x'|center(10 ** 9)", "wider than the limit"),
    ("lipsum(10 ** 6)", "lipsum()"),
    ("lipsum(2, min=10 ** 6)", "lipsum()"),
    ("'ab'|indent(10 ** 9)", "wider than the limit"),
    ("('x' * 999999) ~ 'yz'", "the result of ~ would be too large"),
    ("('x' * 999999) + 'yz'", "the result of + would be too large"),
    ("([1] * 999999) + [2, 3]", "the result of + would be too large"),
    ("'%*s'|format(10 ** 9, 'x')", "'*' width"),
])
def test_width_tricks_are_refused_before_building(tmp_path: Path, expression: str,
                                                  fragment: str, monkeypatch):
    monkeypatch.setattr(render.limits, "MAX_WORK", 10 ** 9)  # each size rule on its own
    error = refused(renderer(tmp_path, f"ok\n{{{{ {expression} }}}}\n"), fragment)
    assert error.where.line == 2


def test_work_is_bounded_across_nested_loops(tmp_path: Path):
    text = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    refused(renderer(tmp_path, text), "too much work")


def test_work_is_bounded_across_loops_over_texts(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(render.limits, "MAX_WORK", 10_000)  # the same rule, reached sooner
    text = "{% set s = 'abcdefghij' * 20 %}{% for a in s %}{% for b in s %}{% endfor %}" \
           "{% endfor %}\n"
    refused(renderer(tmp_path, text), "too much work")


def test_processor_time_is_bounded(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(render.limits, "MAX_SECONDS", 0.2)
    # little work by the sandbox's count, much by the processor's: `in` scans a long list
    text = "{% set l = range(90000)|list %}{% for i in range(100000) %}{% if -1 in l %}" \
           "{% endif %}{% endfor %}\n"
    refused(renderer(tmp_path, text), "takes longer than 0.2 seconds")


def test_output_is_bounded(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(render.limits, "MAX_OUTPUT", 1000)
    refused(renderer(tmp_path, "{% for i in range(100) %}0123456789abcdef{% endfor %}\n"),
            "writes more than 1,000 characters")


def test_budgets_are_per_render(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(render.limits, "MAX_WORK", 5_000)
    r = renderer(tmp_path, "{% for i in range(2000) %}{% endfor %}done\n")
    for _ in range(5):  # each render starts afresh
        assert r.render("t.j2", {}).markdown == "done\n"


def test_ordinary_templates_are_unaffected(tmp_path: Path):
    text = ("{% set ns = namespace(n=0) %}{% for x in items %}{% set ns.n = ns.n + x %}"
            "{{ '%-4s|%3d' % (x, x) }} {{ '{:>6}'.format(x) }} {{ 'ab' ~ x }}{% endfor %}"
            " {{ ns.n }} {{ items|join(',') }} {{ 'x'|center(5) }} {{ 'a b'|replace(' ', '-') }}"
            " {{ lipsum(1, html=False)|length > 0 }}\n")
    out = renderer(tmp_path, text).render("t.j2", {"items": [1, 2]}).markdown
    # (escape() folds the runs of spaces of every value)
    assert out == "1 \\| 1 1 ab12 \\| 2 2 ab2 3 1,2 x a-b True\n"


def test_includes_stay_inside_the_templates_folder(tmp_path: Path):
    (tmp_path / "secret.j2").write_text("secret\n")
    r = renderer(tmp_path, "a\n{% include 'part.j2' %}\n")
    (tmp_path / "templates" / "part.j2").symlink_to(tmp_path / "secret.j2")
    error = pytest.raises(TemplateError, r.render, "t.j2", {}).value
    assert (error.where.path.name, error.where.line) == ("t.j2", 2)
    assert "outside" in error.message and "secret" not in r.env.sggen_sizes


def test_an_include_through_a_link_inside_the_folder_works(tmp_path: Path):
    r = renderer(tmp_path, "{% include 'alias.j2' %}\n", **{"real.j2": "real\n"})
    (tmp_path / "templates" / "alias.j2").symlink_to("real.j2")
    assert r.render("t.j2", {}).markdown == "real\n"


# --- reference documents -----------------------------------------------------------------------


def rewrite(source: Path, target: Path, part: str, change) -> Path:
    src = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            z.writestr(info.filename, change(data) if info.filename == part else data)
    target.write_bytes(out.getvalue())
    return target


@pytest.mark.parametrize("name", ["reference.pptx", "reference.docx"])
def test_shipped_references_pass(name: str):
    package.check_reference(REPO / "templates" / name, REPO)


def test_an_entity_in_any_part_is_refused(tmp_path: Path):
    bad = rewrite(REPO / "templates" / "reference.pptx", tmp_path / "r.pptx",
                  "docProps/app.xml", lambda d: b'<!DOCTYPE a [<!ENTITY e "x">]>' + d)
    error = pytest.raises(ReferenceDocError, package.check_reference, bad).value
    assert "docProps/app.xml" in error.message and "DTD or entities" in error.message


def test_a_part_of_broken_xml_is_refused_with_its_line(tmp_path: Path):
    bad = rewrite(REPO / "templates" / "reference.docx", tmp_path / "r.docx",
                  "word/styles.xml", lambda d: d.replace(b"<w:style ", b"\n\n<w:style <", 1))
    error = pytest.raises(ReferenceDocError, package.check_reference, bad).value
    assert "word/styles.xml line" in error.message and "well-formed" in error.message


def test_a_highly_compressed_part_is_refused(tmp_path: Path):
    bad = rewrite(REPO / "templates" / "reference.docx", tmp_path / "r.docx",
                  "docProps/app.xml", lambda d: d)
    with zipfile.ZipFile(bad, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/zeros.bin", bytes(5_000_000))
    with pytest.raises(ReferenceDocError, match="zip bomb"):
        package.check_reference(bad)


def test_a_pipe_is_refused_as_a_reference(tmp_path: Path):
    os.mkfifo(tmp_path / "r.pptx")
    with pytest.raises(InputError, match="named pipe"):
        package.check_reference(tmp_path / "r.pptx")
