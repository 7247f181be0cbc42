"""Attacks on the cache: entries another user could plant never run, odd files in place of an
entry never hang or exhaust a build, an entry of another sggen is never used."""

from __future__ import annotations

import marshal
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from sggen import cache, pipeline, read
from sggen.errors import TemplateError
from sggen.pipeline import assemble

REPO = Path(__file__).resolve().parent.parent
posix_owners = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                             reason="giving a file to another user needs root")
OTHER_USER = 65534  # nobody


class Planted:
    """Unpickling this writes the file `marker`: what an attacker's entry would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def _build(ws_path: Path) -> list[pipeline.Outcome]:
    assemble.renderer.cache_clear()  # as in a new process: templates come from the cache
    ws = read.workspace(ws_path)
    return pipeline.run(ws, pipeline.Request(["example"], force=True, formats=("guide",)))


@pytest.fixture
def primed(workspace, monkeypatch, tmp_path) -> Path:
    """Return the cache folder after one build filled it."""
    monkeypatch.setenv("SGGEN_CACHE_DIR", str(tmp_path / "cache"))
    _build(workspace)
    where = cache.folder()
    assert list(where.glob("*.pickle")) and list(where.rglob("__jinja2_*.cache"))
    return where


def _library_entry(where: Path) -> Path:
    (entry,) = where.glob("*.pickle")
    return entry


def _plant_pickle(entry: Path, marker: Path) -> None:
    """Replace the library's entry by one that writes `marker` when unpickled, with the
    header this sggen writes, so that only the folder's and the file's checks can stop it."""
    header = entry.read_bytes().split(b"\n", 2)
    entry.write_bytes(header[0] + b"\n" + header[1] + b"\n" + pickle.dumps(Planted(marker)))


def _plant_compiled(where: Path, marker: Path) -> list[Path]:
    """Replace every compiled template by code that writes `marker`, behind its own valid
    magic and checksum; return the entries."""
    entries = list(where.rglob("__jinja2_*.cache"))
    source = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    code = marshal.dumps(compile(source, "planted", "exec"))
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:len(bc_magic) + 41] + code)
    return entries


def _reads_the_library_again(workspace: Path, monkeypatch) -> bool:
    calls = []
    original = read.inputs
    monkeypatch.setattr(read, "inputs", lambda *a, **k: calls.append(1) or original(*a, **k))
    outcome = _build(workspace)[0]
    assert outcome.written and not outcome.error
    return calls == [1]


def test_the_cache_folder_is_made_for_its_user_alone(primed):
    if hasattr(os, "geteuid"):
        for made in (primed, *primed.rglob("*")):
            assert os.lstat(made).st_mode & 0o077 == 0, made


def test_an_entry_that_runs_code_is_never_unpickled_even_in_a_private_folder(
        primed, workspace, monkeypatch, tmp_path):
    marker = tmp_path / "ran"
    _plant_pickle(_library_entry(primed), marker)
    assert _reads_the_library_again(workspace, monkeypatch)
    assert not marker.exists()


@posix_owners
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_nothing_is_read_from_a_folder_others_may_write(primed, workspace, monkeypatch,
                                                        tmp_path, mode):
    marker = tmp_path / "ran"
    entries = _plant_compiled(primed, marker)
    for made in {primed, *(entry.parent for entry in entries)}:
        os.chmod(made, mode)
    assert _reads_the_library_again(workspace, monkeypatch)
    assert not marker.exists(), "a compiled template planted by another user ran"


@posix_owners
def test_nothing_is_read_below_a_folder_others_may_write(primed, workspace, monkeypatch,
                                                         tmp_path):
    marker = tmp_path / "ran"
    _plant_compiled(primed, marker)
    os.chmod(primed.parent, 0o777)  # others could swap the whole folder for theirs
    assert _reads_the_library_again(workspace, monkeypatch)
    assert not marker.exists()


@as_root
def test_nothing_is_read_from_a_folder_or_file_of_another_user(primed, workspace,
                                                                monkeypatch, tmp_path):
    marker = tmp_path / "ran"
    entries = _plant_compiled(primed, marker)
    for entry in entries:
        os.chown(entry, OTHER_USER, OTHER_USER)
    os.chown(_library_entry(primed), OTHER_USER, OTHER_USER)
    assert _reads_the_library_again(workspace, monkeypatch)
    assert not marker.exists()
    os.chown(primed, OTHER_USER, OTHER_USER)  # and a folder of theirs, entries of ours
    for entry in primed.rglob("*"):
        os.chown(entry, os.geteuid(), os.getegid(), follow_symlinks=False)
    assert _reads_the_library_again(workspace, monkeypatch)
    assert not marker.exists()


def test_a_compiled_template_of_this_user_is_used(primed, workspace, tmp_path):
    """The counterpart of the attacks above: the same planted code in a private folder runs,
    so the tests above fail if the checks are taken away."""
    marker = tmp_path / "ran"
    _plant_compiled(primed, marker)
    with pytest.raises(TemplateError):  # the planted code is not a template
        _build(workspace)
    assert marker.exists()


def test_an_entry_of_another_sggen_is_read_afresh(primed, workspace, monkeypatch):
    entry = _library_entry(primed)
    first, _, rest = entry.read_bytes().partition(b"\n")
    _, _, payload = rest.partition(b"\n")
    entry.write_bytes(first + b"\n0123456789abcdef\n" + payload)
    assert _reads_the_library_again(workspace, monkeypatch)
    entry.write_bytes(pickle.dumps({"an": "older shape"}))  # no header at all
    assert _reads_the_library_again(workspace, monkeypatch)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="/dev/zero")
def test_an_entry_linked_elsewhere_is_never_followed(primed, workspace, monkeypatch):
    entry = _library_entry(primed)
    kept = entry.with_name("kept")
    entry.rename(kept)
    entry.symlink_to("/dev/zero")
    assert _reads_the_library_again(workspace, monkeypatch)
    entry.unlink()
    entry.symlink_to(kept)  # even a link to a good entry of ours is not followed
    assert _reads_the_library_again(workspace, monkeypatch)


def test_an_entry_over_the_limit_is_not_read(primed, workspace, monkeypatch):
    entry = _library_entry(primed)
    with entry.open("ab") as out:
        out.truncate(cache.MAX_ENTRY + 1)
    assert _reads_the_library_again(workspace, monkeypatch)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_place_of_an_entry_is_never_waited_for(primed, workspace):
    for entry in [_library_entry(primed), *primed.rglob("__jinja2_*.cache")]:
        entry.unlink()
        os.mkfifo(entry)  # nobody ever writes to it: a plain open for reading would block
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SGGEN_CACHE_DIR": str(primed.parent)}
    result = subprocess.run(  # the timeout only stops a hang
        [sys.executable, "-m", "sggen", "build", "--project", "example",
         "--force", "--workspace", str(workspace)], env=env, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
