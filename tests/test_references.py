"""Every read of a reference document goes through one guarded reader: whatever is wrong with
the file (a damaged part, a missing part or relationship, a missing file), `build`, `validate`
and `template check` say so in one located line, once per file, never as an internal error."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from test_bad_input import CASES, prepare
from typer.testing import CliRunner

from sggen import formats, pipeline, read
from sggen.cli import app
from sggen.errors import SggenError

REFERENCE_CASES = [case for case in CASES if case.startswith("reference-")]


@pytest.mark.slow
@pytest.mark.parametrize("case", REFERENCE_CASES)
def test_template_check_locates_every_broken_reference(case, tmp_path, monkeypatch):
    root = tmp_path / "ws"
    root.mkdir()
    expect = prepare(case, root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["template", "check", "--workspace", str(root)])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    where = expect["where"][0]
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{where}: ") for line in lines), result.stderr
    assert len(lines) == len(set(lines)), result.stderr  # a shared reference speaks once


def _without(source: Path, target: Path, drop: str) -> Path:
    """Copy the package `source` to `target` without its part `drop`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename != drop:
                new.writestr(info, old.read(info))
    return target


def _parts(name: str) -> list[str]:
    with zipfile.ZipFile(REPO / "templates" / name) as package:
        return [n for n in package.namelist() if not n.endswith("/")]


@pytest.fixture(scope="module")
def documents():
    """Return a document of each format of the example project, as its writer is given it."""
    ws = read.workspace(REPO)
    return {name: pipeline.documents(ws, "example", formats.get(name))[0]
            for name in ("deck", "guide", "cards", "slides")}


def _written_or_located(fmt: formats.Format, reference: Path, one) -> None:
    """Assert that the writer of `fmt` either writes from `reference` or raises a user error
    naming it, and that `template check`'s reader either reads it or does the same."""
    _, document, meta = one
    for attempt in (lambda: fmt.writer().write(document, reference, meta, 14.0),
                    lambda: fmt.writer().check(reference)):
        try:
            attempt()
        except SggenError as exc:
            assert exc.where is not None and exc.where.path == reference, str(exc)


@pytest.mark.parametrize(("reference", "names"), [("reference.pptx", ("deck", "slides")),
                                                   ("reference.docx", ("guide", "cards"))])
def test_a_reference_without_any_one_of_its_parts_is_a_located_error(
        reference, names, documents, tmp_path):
    for number, part in enumerate(_parts(reference)):
        broken = _without(REPO / "templates" / reference, tmp_path / f"{number}{reference}",
                          part)
        for name in names:
            _written_or_located(formats.get(name), broken, documents[name])


@pytest.mark.parametrize(("reference", "names"), [("reference.pptx", ("deck", "slides")),
                                                   ("reference.docx", ("guide", "cards"))])
def test_a_reference_without_any_one_relationship_is_a_located_error(
        reference, names, documents, tmp_path):
    source = REPO / "templates" / reference
    with zipfile.ZipFile(source) as package:
        rels = {n: package.read(n) for n in package.namelist() if n.endswith(".rels")}
    number = 0
    for part, data in rels.items():
        for rel in re.findall(rb"<Relationship [^>]*/>", data):
            number += 1
            broken = tmp_path / f"{number}{reference}"
            with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
                for info in old.infolist():
                    content = old.read(info)
                    new.writestr(info, content.replace(rel, b"") if info.filename == part
                                 else content)
            for name in names:
                _written_or_located(formats.get(name), broken, documents[name])


def test_a_damaged_part_is_named(tmp_path):
    from corpus import damage_part

    from sggen import package
    from sggen.errors import ReferenceDocError

    broken = tmp_path / "reference.pptx"
    broken.write_bytes((REPO / "templates" / "reference.pptx").read_bytes())
    damage_part(broken, "ppt/slideMasters/slideMaster1.xml")
    with pytest.raises(ReferenceDocError, match="slideMaster1.xml cannot be read"):
        package.read_reference(broken)


def test_two_parts_of_one_name_are_refused(tmp_path):
    from sggen import package
    from sggen.errors import ReferenceDocError

    source = REPO / "templates" / "reference.docx"
    broken = tmp_path / "reference.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new, \
            pytest.warns(UserWarning, match="Duplicate name"):
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("word/styles.xml", b"<w:styles/>")
    broken.write_bytes(out.getvalue())
    with pytest.raises(ReferenceDocError, match="two parts named word/styles.xml"):
        package.read_reference(broken)
