"""Faults around a build: the disk, the output folder, the manifest, signals, pipes, the terminal.

Each is a user error (exit 2, one line naming the path, no traceback) or handled quietly, and
never leaves a broken or stale document behind.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_workspace
from typer.testing import CliRunner

from sggen import cache, package, pipeline
from sggen.cli import app
from sggen.errors import printable

pytestmark = pytest.mark.slow  # processes killed, pipes closed, disks filled

REPO = Path(__file__).resolve().parent.parent
BASE = Path(__file__).resolve().parent / "bad" / "_base"
LINE = re.compile(r"\S+?(:\d+){0,2}: \S.*")


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a workspace with the small project x, built once."""
    root = copy_workspace(tmp_path_factory.mktemp("faults") / "ws")
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    result = CliRunner().invoke(app, ["build", "--workspace", str(root), "--project", "x"])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def ws(prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a private copy of the built workspace, as the current folder."""
    root = tmp_path / "ws"
    shutil.copytree(prebuilt, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def cli(root: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--workspace", str(root)])


def outputs(root: Path) -> dict[str, bytes]:
    folder = root / "output" / "x"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def refused(result, *fragments: str) -> str:
    """Assert a clean user error of one line holding `fragments`; return that line."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert LINE.fullmatch(lines[0]), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def touch_project(root: Path) -> None:
    """Change project x so that the next build must write."""
    path = root / "projects" / "x.yaml"
    path.write_text(path.read_text().replace("Test project", "Test project 2"))


# --- the disk and the output folder ----------------------------------------------------------


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int, after: int = 0) -> None:
    """Make writing the `after`+1-th output file fail with OSError `code`."""
    real = os.fdopen
    count = {"n": 0}

    class Failing:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(code, os.strerror(code))

        def __getattr__(self, name):
            return getattr(self.stream, name)

    def fdopen(fd, *args, **kwargs):
        stream = real(fd, *args, **kwargs)
        count["n"] += 1
        return Failing(stream) if count["n"] > after else stream

    monkeypatch.setattr(package.os, "fdopen", fdopen)


@pytest.mark.parametrize("after", [0, 1])
def test_disk_full_keeps_the_earlier_files(ws: Path, monkeypatch: pytest.MonkeyPatch,
                                           after: int):
    before = outputs(ws)
    touch_project(ws)
    fail_writes(monkeypatch, errno.ENOSPC, after)
    line = refused(cli(ws, "build", "--project", "x"),
                   "no space left on device while writing it; earlier files kept")
    assert line.startswith(("output/x/deck.pptx:", "output/x/guide.docx:"))
    assert set(outputs(ws)) == set(before)  # no temporary file is left
    assert not list((ws / "output" / "x").glob(".*.tmp"))
    if after == 0:
        assert outputs(ws) == before
    monkeypatch.undo()
    monkeypatch.chdir(ws)
    result = cli(ws, "build", "--project", "x")  # the next build makes up for it
    assert result.exit_code == 0, result.output
    assert "wrote output/x/deck.pptx" in result.output


@pytest.mark.parametrize(("code", "fragment"), [
    (errno.EACCES, "permission denied writing in output/x"),
    (errno.EROFS, "output/x is on a read-only file system"),
    (errno.EIO, "cannot write the file"),
])
def test_unwritable_output_is_a_user_error(ws: Path, monkeypatch: pytest.MonkeyPatch,
                                           code: int, fragment: str):
    before = outputs(ws)
    touch_project(ws)
    real = os.open

    def refuse(path, flags, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(package.os, "open", refuse)
    refused(cli(ws, "build", "--project", "x"), fragment)
    assert outputs(ws) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_output_into_a_system_folder_is_refused(ws: Path):
    refused(cli(ws, "build", "--project", "x", "--output", "/etc"), "permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_output_folder(ws: Path):
    folder = ws / "output" / "x"
    touch_project(ws)
    folder.chmod(0o555)
    try:
        refused(cli(ws, "build", "--project", "x"), "permission denied")
    finally:
        folder.chmod(0o755)


def test_init_onto_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("a file\n")
    result = CliRunner().invoke(app, ["init", "taken"])
    refused(result, "taken: is a file, not a folder")
    assert (tmp_path / "taken").read_text() == "a file\n"


def test_init_below_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("a file\n")
    result = CliRunner().invoke(app, ["init", "taken/deeper"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "taken" in result.stderr


# --- the manifest ------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    "[]", "{", "null", '{"outputs": []}', '{"outputs": {"deck.pptx": "x"}}',
    '{"outputs": {"deck.pptx": {"files": "deck.pptx"}}}',
    '{"project": 1, "outputs": {"deck.pptx": {"files": [1]}}}',
    '{"outputs": {"deck.pptx": {"files": ["deck.pptx"], "hashes": []}}}',
    "\x00\xff",
    "[" * 100_000 + "]" * 100_000,  # nested deeper than the JSON parser recurses
    '{"outputs": {"deck.pptx": {"options": "x", "inputs": {}, "files": ["deck.pptx"], '
    '"stats": {"deck.pptx": [[[[[[[[[[1]]]]]]]]]]}}}}',
])
def test_a_manifest_of_the_wrong_shape_rebuilds(ws: Path, content: str):
    (ws / "output" / "x" / pipeline.MANIFEST).write_text(content, encoding="latin-1")
    result = cli(ws, "build", "--project", "x")
    assert result.exit_code == 0, result.output
    assert "wrote output/x/deck.pptx" in result.output
    assert json.loads((ws / "output" / "x" / pipeline.MANIFEST).read_text())["outputs"]


def test_a_manifest_in_another_encoding_or_too_large_rebuilds(ws: Path):
    path = ws / "output" / "x" / pipeline.MANIFEST
    record = path.read_text()
    for data in (record.encode("utf-16"), record.encode() + b" " * 10_000_000):
        path.write_bytes(data)
        result = cli(ws, "build", "--project", "x")
        assert result.exit_code == 0, result.output
        assert "wrote output/x/deck.pptx" in result.output
        assert json.loads(path.read_bytes().decode("utf-8"))["outputs"]  # written anew


def test_a_manifest_that_is_a_link_is_no_record_and_is_replaced(ws: Path):
    path = ws / "output" / "x" / pipeline.MANIFEST
    planted = ws / "planted.json"
    planted.write_bytes(path.read_bytes())  # a record that says everything is up to date
    path.unlink()
    path.symlink_to(planted)
    result = cli(ws, "build", "--project", "x")
    assert result.exit_code == 0, result.output
    assert "wrote output/x/deck.pptx" in result.output
    assert not path.is_symlink() and json.loads(path.read_text())["outputs"]


def test_a_planted_manifest_never_deletes_a_file_outside_the_folder(ws: Path):
    victim = ws / "victim.txt"
    victim.write_text("the user's file\n")
    path = ws / "output" / "x" / pipeline.MANIFEST
    record = json.loads(path.read_text())
    entry = record["outputs"]["deck.pptx"]
    entry["files"] = ["../../victim.txt", *entry["files"]]  # as if made with the deck
    entry["options"] = "stale"  # so that the deck is built again and its old files removed
    path.write_text(json.dumps(record))
    result = cli(ws, "build", "--project", "x")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "the user's file\n"


def test_a_manifest_that_is_a_folder_rebuilds_and_warns(ws: Path):
    manifest = ws / "output" / "x" / pipeline.MANIFEST
    manifest.unlink()
    manifest.mkdir()
    for _ in range(2):  # and again: the build is never recorded, so never skipped
        result = cli(ws, "build", "--project", "x")
        assert result.exit_code == 0, result.output
        assert "wrote output/x/deck.pptx" in result.output
        assert "output/x/.sggen.json: warning: is a folder" in result.stderr
    assert manifest.is_dir()


# --- incremental correctness ------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncate", "edit", "remove-then-copy"])
def test_a_damaged_output_is_rebuilt(ws: Path, damage: str):
    before = outputs(ws)
    deck = ws / "output" / "x" / "deck.pptx"
    if damage == "truncate":
        deck.write_bytes(before["deck.pptx"][:1000])
    elif damage == "edit":
        data = before["deck.pptx"]
        deck.write_bytes(data[:500] + bytes([data[500] ^ 1]) + data[501:])
    else:
        deck.write_bytes((ws / "output" / "x" / "guide.docx").read_bytes())
    result = cli(ws, "build", "--project", "x")
    assert result.exit_code == 0, result.output
    assert "wrote output/x/deck.pptx" in result.output
    assert outputs(ws)["deck.pptx"] == before["deck.pptx"]


def test_an_intact_output_is_not_rebuilt(ws: Path):
    result = cli(ws, "build", "--project", "x")
    assert result.exit_code == 0, result.output
    assert "0 built, 1 unchanged" in result.output


def test_changed_sggen_code_rebuilds(ws: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cache, "code_hash", lambda: "another-build-of-sggen")
    result = cli(ws, "build", "--project", "x")
    assert "wrote output/x/deck.pptx" in result.output


def test_code_hash_covers_the_package_sources():
    digest = cache.code_hash()
    assert re.fullmatch(r"[0-9a-f]{16}", digest)
    assert cache.code_hash() is digest  # computed once per process
    manifest = json.loads((REPO / "output").joinpath("x").joinpath(pipeline.MANIFEST).read_text()) \
        if (REPO / "output" / "x" / pipeline.MANIFEST).is_file() else None
    assert manifest is None or "code=" in json.dumps(manifest)


def test_a_project_saved_during_the_build_is_rebuilt_next_time(
        ws: Path, monkeypatch: pytest.MonkeyPatch):
    from sggen.read import load

    touch_project(ws)
    real = load.load
    path = ws / "projects" / "x.yaml"

    def save_meanwhile(file, *args, **kwargs):
        source = real(file, *args, **kwargs)
        if Path(file) == path and "Test project 2" in path.read_text():
            # the user saves again after sggen read the file, before the build ends
            path.write_text(path.read_text().replace("Test project 2", "Test project 3"))
        return source

    monkeypatch.setattr(load, "load", save_meanwhile)
    result = cli(ws, "build", "--project", "x")
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(load, "load", real)
    result = cli(ws, "build", "--project", "x")
    assert "wrote output/x/deck.pptx" in result.output, result.output


# --- environment ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "fragment"), [
    ("-1", "is negative"), ("4354819200", "after 2107"), ("1e9", "not a number"),
    ("9" * 40, "after 2107"),
])
def test_bad_source_date_epoch(ws: Path, monkeypatch: pytest.MonkeyPatch, value: str,
                               fragment: str):
    before = outputs(ws)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = cli(ws, "build", "--project", "x", "--force")
    assert result.exit_code == 2 and fragment in result.stderr, result.output
    assert outputs(ws) == before


def test_the_latest_and_earliest_epochs_still_build(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4354819198")
    assert package.build_time().year == 2107
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert package.build_time().year == 1980


# --- terminal, pipes and signals ---------------------------------------------------------------


def test_printable_removes_what_a_terminal_would_act_on():
    assert printable("a\x1b[31mred\x1b[0m b") == "ared b"
    assert printable("x\x1b]0;title\x07y") == "xy"
    assert printable("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\") == "xlink"
    assert printable("bell\x07 nul\x00 del\x7f c1\x85") == "bell nul del c1"
    assert printable("bidi\u202eevil\u2066") == "bidievil"
    assert printable("file\udcff") == "file\ufffd"
    assert printable("one\ntwo\tthree") == "one\ntwo\tthree"


def test_escape_sequences_from_input_never_reach_the_terminal(ws: Path):
    (ws / "projects" / "\x1b[2J\x1b]0;owned\x07evil.yaml").write_text("name: x\n")
    path = ws / "projects" / "x.yaml"
    path.write_text(path.read_text() + '"\\e[31mkey\\e[0m": 1\n')
    for args in (["list"], ["validate"], ["build", "--all"]):
        result = cli(ws, *args)
        assert "\x1b" not in result.output and "\x07" not in result.output, repr(result.output)
    assert "\n  evil\n" in cli(ws, "list").output  # the sequences are gone, not the name


def test_editor_files_are_not_projects_or_roles(ws: Path):
    method = ws / "roles" / "prince2"
    for folder in (ws / "projects", method):
        (folder / ".#x.yaml").symlink_to("user@host.1234:1700000000")  # an Emacs lock
        (folder / "x.yaml~").write_text("name: [broken\n")
        (folder / "#x.yaml#").write_text("name: [broken\n")
        (folder / ".x.yaml.swp").write_bytes(b"\0\1binary")
        (folder / ".hidden.yaml").write_text("name: [broken\n")
    result = cli(ws, "validate")
    assert result.exit_code == 0, result.output
    listed = cli(ws, "list").output
    assert "#" not in listed and "~" not in listed and ".hidden" not in listed
    result = cli(ws, "build", "--all")
    assert result.exit_code == 0, result.output


def test_ctrl_c_exits_130_with_one_line(ws: Path, monkeypatch: pytest.MonkeyPatch):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run", interrupted)
    result = cli(ws, "build", "--project", "x")
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1 and "interrupted" in result.stderr


def run_sggen(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "sggen", *args], env=env, timeout=60,
                          capture_output=True, **kwargs)


@pytest.mark.skipif(os.name != "posix", reason="pipes")
@pytest.mark.parametrize("args", [["list"], ["--help"], ["validate"]])
def test_a_closed_pipe_is_quiet(ws: Path, args: list[str]):
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `sggen list | head -0`: every write meets a closed pipe
    try:
        extra = [] if args == ["--help"] else ["--workspace", str(ws)]
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        result = subprocess.run([sys.executable, "-m", "sggen", *args, *extra], env=env,
                                stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    # nothing about the pipe: only the workspace's own warnings (people without e-mail)
    noise = [ln for ln in result.stderr.decode().splitlines() if ": warning: " not in ln]
    assert noise == [], result.stderr.decode()
    # a command's work is done when its reader stops reading: 0; Click's own --help says 1
    assert result.returncode == (1 if args == ["--help"] else 0)


@pytest.mark.skipif(os.name != "posix", reason="named pipes")
def test_a_named_pipe_is_never_waited_for(ws: Path):
    path = ws / "projects" / "x.yaml"
    path.unlink()
    os.mkfifo(path)  # nobody ever writes to it: opening it for reading would block
    for command in (["build", "--project", "x"], ["validate"], ["build", "--all"]):
        result = run_sggen(*command, "--workspace", str(ws), cwd=ws)
        assert result.returncode == 2, result.stderr.decode()
        assert b"projects/x.yaml: is a named pipe (FIFO), not a file" in result.stderr


def big_workspace(root: Path, copies: int) -> Path:
    """Return a workspace with `copies` copies of the example project."""
    copy_workspace(root)
    text = (root / "projects" / "example.yaml").read_text()
    for i in range(copies):
        (root / "projects" / f"copy-{i:02}.yaml").write_text(text)
    return root


def children(pid: int) -> set[int]:
    """Return the ids of the processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_build(root: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen([sys.executable, "-m", "sggen", "build", "--all", "--force",
                             "--lang", "fi,sv,en", "--workspace", str(root)], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_workers(process: subprocess.Popen) -> set[int]:
    deadline = time.monotonic() + 60  # only to stop a hang
    while time.monotonic() < deadline and process.poll() is None:
        workers = children(process.pid)
        if workers:
            return workers
        time.sleep(0.01)
    pytest.fail("no worker process started")


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs /proc and parallel builds")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_parent_is_killed(tmp_path: Path, how: signal.Signals):
    root = big_workspace(tmp_path / "ws", 40)
    process = start_build(root)
    workers = wait_for_workers(process)
    process.send_signal(how)
    process.communicate(timeout=60)
    deadline = time.monotonic() + 60  # only to stop a hang
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "a worker outlived its parent"


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs /proc and parallel builds")
def test_ctrl_c_stops_a_parallel_build_cleanly(tmp_path: Path):
    root = big_workspace(tmp_path / "ws", 40)
    process = start_build(root)
    workers = wait_for_workers(process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err
    assert len(err.decode().splitlines()) == 1, err.decode()
    assert not any(alive(w) for w in workers)
    for deck in (root / "output").rglob("*.pptx"):  # what was written is whole
        import zipfile

        with zipfile.ZipFile(deck) as package_file:
            assert package_file.testzip() is None
