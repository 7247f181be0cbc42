"""Reproducible packages and atomic writes: same input, same bytes; never half a file."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from conftest import copy_workspace
from typer.testing import CliRunner

from sggen import output, package
from sggen.cli import app
from sggen.errors import SggenError

REPO = Path(__file__).resolve().parent.parent
EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z
CORE = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<cp:coreProperties "
    b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>T</dc:title>'
    b'<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-06T07:08:09Z</dcterms:created>'
    b'<dcterms:modified xsi:type="dcterms:W3CDTF">2024-05-06T07:08:09Z</dcterms:modified>'
    b"<cp:lastPrinted>2024-05-06T07:08:09Z</cp:lastPrinted></cp:coreProperties>"
)


def make_zip(core: bytes = CORE) -> bytes:
    """Return a small package with entries in a scrambled order and wall-clock times."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("word/document.xml", (2024, 5, 6, 7, 8, 10)), b"<w/>")
        z.writestr(zipfile.ZipInfo("docProps/core.xml", (2025, 1, 2, 3, 4, 6)), core)
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", (2023, 1, 1, 0, 0, 0)), b"<Types/>")
    return out.getvalue()


# --- normalise -------------------------------------------------------------------------------


def test_normalise_fixes_times_and_order(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = zipfile.ZipFile(io.BytesIO(package.normalise(make_zip())))
    assert result.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in result.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = result.read("docProps/core.xml")
    assert b"dcterms:created" not in core and b"dcterms:modified" not in core
    assert b"lastPrinted" not in core and b"<dc:title>T</dc:title>" in core
    assert result.read("word/document.xml") == b"<w/>"


def test_normalise_is_idempotent_and_deterministic(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    once = package.normalise(make_zip())
    assert package.normalise(once) == once
    assert package.normalise(make_zip()) == once


@pytest.mark.parametrize("epoch", [None, str(EPOCH)])
def test_pack_writes_the_bytes_normalise_writes(monkeypatch: pytest.MonkeyPatch, epoch):
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = zipfile.ZipFile(io.BytesIO(make_zip()))
    parts = [(n, source.read(n)) for n in source.namelist()] + [("word/näyttö.xml", b"<a/>")]
    members = [package.deflate(n, c) if n.startswith("word/") else (n, c) for n, c in parts]
    reference = io.BytesIO()
    with zipfile.ZipFile(reference, "w") as z:
        for name, content in parts:
            z.writestr(name, content)
    assert package.pack(members) == package.normalise(reference.getvalue())


def test_source_date_epoch_sets_core_times_and_entry_times(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    result = zipfile.ZipFile(io.BytesIO(package.normalise(make_zip())))
    assert {i.date_time for i in result.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    core = result.read("docProps/core.xml")
    assert core.count(b">2026-01-01T00:00:00Z<") == 2
    assert b"2024" not in core


def test_source_date_epoch_adds_missing_core_times(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    bare = (b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            b'metadata/core-properties"><dc:title>T</dc:title></cp:coreProperties>')
    core = zipfile.ZipFile(io.BytesIO(package.normalise(make_zip(bare)))).read(
        "docProps/core.xml")
    assert b"<dcterms:created" in core and b"<dcterms:modified" in core
    assert b'xmlns:dcterms="http://purl.org/dc/terms/"' in core
    assert b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in core


def test_source_date_epoch_before_1980_is_clamped(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert package.build_time() == dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("value", ["yesterday", "1.5", "99999999999999999999"])
def test_bad_source_date_epoch_is_a_user_error(monkeypatch: pytest.MonkeyPatch, value: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SggenError, match="SOURCE_DATE_EPOCH"):
        package.build_time()


# --- write_atomic ----------------------------------------------------------------------------


def test_write_atomic_writes_and_replaces(tmp_path: Path):
    target = tmp_path / "out" / "deck.pptx"
    output.write_atomic(target, b"first")
    output.write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck.pptx"]


def test_write_atomic_honours_the_umask(tmp_path: Path):
    old = os.umask(0o022)
    try:
        output.write_atomic(tmp_path / "a.docx", b"x")
        os.umask(0o077)
        output.write_atomic(tmp_path / "b.docx", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.docx").stat().st_mode & 0o777 == 0o600


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "guide.docx"
    output.write_atomic(target, b"old")

    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(SggenError, match="no space left on device while writing it"):
        output.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["guide.docx"]


def test_stale_temporary_files_are_removed_live_ones_kept(tmp_path: Path):
    target = tmp_path / "deck.pptx"
    dead = tmp_path / ".deck.pptx.999999999.0badc0de.tmp"  # above any pid_max: never alive
    live = tmp_path / f".deck.pptx.{os.getpid()}.0badc0de.tmp"  # a concurrent writer
    other = tmp_path / ".guide.docx.999999999.0badc0de.tmp"
    for path in (dead, live, other):
        path.write_bytes(b"half")
    output.write_atomic(target, b"whole")
    assert not dead.exists()
    assert live.exists() and other.exists()


# --- whole builds ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("package")
    copy_workspace(root)
    return root


def build(root: Path, output: Path) -> tuple[bytes, bytes]:
    """Build the example into `output`; return the bytes of the deck and the guide."""
    result = CliRunner().invoke(app, ["build", "--project", "example", "--force", "--workspace",
                                      str(root), "--output", str(output)])
    assert result.exit_code == 0, result.output
    folder = output / "example"
    return (folder / "deck.pptx").read_bytes(), (folder / "guide.docx").read_bytes()


def test_same_input_gives_the_same_bytes(workspace: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build(workspace, workspace / "one")
    second = build(workspace, workspace / "two")
    assert first[0] == second[0]
    assert first[1] == second[1]
    for data in first:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
        assert entries[0].filename == "[Content_Types].xml"
        assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_source_date_epoch_reaches_the_documents(workspace: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    deck, guide = build(workspace, workspace / "dated")
    when = dt.datetime(2026, 1, 1, 0, 0, 0)
    folder = workspace / "dated" / "example"
    deck_props = pptx.Presentation(str(folder / "deck.pptx")).core_properties
    guide_props = docx.Document(str(folder / "guide.docx")).core_properties
    for props in (deck_props, guide_props):
        assert props.created.replace(tzinfo=None) == when
        assert props.modified.replace(tzinfo=None) == when
    for data in (deck, guide):
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
        assert {e.date_time for e in entries} == {(2026, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize(("windows", "hint"), [
    (True, "close it where it is open (PowerPoint, Word), or choose another --output"),
    (False, "choose a folder you may write to with --output"),
])
def test_a_file_windows_holds_open_is_named_with_what_to_do(tmp_path, monkeypatch, windows,
                                                            hint):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"old")
    monkeypatch.setattr(output, "WINDOWS", windows)
    error = output.write_error(PermissionError(errno.EACCES, "Access is denied"), deck)
    assert str(error).endswith(f": permission denied writing in {tmp_path} ({hint})")
