"""Commands interrupted or run side by side: Ctrl-C during any command that writes leaves
every file whole (or not there) and says one line; a build while `serve` runs writes its
files and the preview neither rebuilds for them nor stops answering."""

from __future__ import annotations

import email
import email.policy
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest
from conftest import copy_workspace
from test_interrupt import opens
from test_serve_attacks import Served

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}
posix = pytest.mark.skipif(os.name != "posix", reason="signals")


def _sound(path: Path) -> None:
    """Assert that a written file is whole: it opens in the reader of its kind."""
    if path.suffix in (".pptx", ".docx"):
        opens(path)
    elif path.suffix == ".ics":
        assert icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    elif path.suffix == ".eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["To"] and not message.defects
        for part in message.iter_attachments():
            assert part.get_content()
    else:
        path.read_bytes().decode("utf-8")


def _interrupted(args: list[str], cwd: Path, watched: Path, delay: float) -> tuple[int, str]:
    """Run sggen with `args`, send it SIGINT `delay` seconds after `watched` first exists (or
    when it ends); return its exit status and what it wrote to stderr."""
    process = subprocess.Popen([sys.executable, "-m", "sggen", *args], cwd=cwd, env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while process.poll() is None and not watched.exists():
        time.sleep(0.001)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)  # the timeout only stops a hang
    return process.returncode, err.decode()


@posix
@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.3, 1.5])
@pytest.mark.parametrize("command", [["build", "-p", "example", "--force"],
                                     ["cards", "-p", "example"], ["invite", "-p", "example"],
                                     ["deck", "-p", "example", "--lang", "en"],
                                     ["build", "--all", "--force"]])
def test_ctrl_c_during_a_command_leaves_every_file_whole(tmp_path, command, delay):
    root = copy_workspace(tmp_path / "ws")
    status, err = _interrupted([*command, "-w", str(root)], root, root / "output", delay)
    assert status in (0, 130), err
    assert "Traceback" not in err and "internal error" not in err, err
    if status == 130:
        assert err.splitlines()[-1].startswith("interrupted"), err
    for path in (root / "output").rglob("*"):
        assert not path.name.endswith(".tmp"), f"{path} was left behind"
        if path.is_file():
            _sound(path)
    again = subprocess.run([sys.executable, "-m", "sggen", *command, "-w", str(root)],
                           cwd=root, env=ENV, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()  # and the next run completes it


@posix
@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.2, 0.6])
def test_ctrl_c_during_init_leaves_every_file_whole(tmp_path, delay):
    whole = tmp_path / "whole"
    subprocess.run([sys.executable, "-m", "sggen", "init", str(whole)], env=ENV, check=True,
                   capture_output=True, timeout=120)
    target = tmp_path / "new"
    status, err = _interrupted(["init", str(target)], tmp_path, target, delay)
    assert status in (0, 130) and "Traceback" not in err, err
    for path in target.rglob("*"):
        assert not path.name.endswith(".tmp"), f"{path} was left behind"
        if path.is_file():
            assert path.read_bytes() == (whole / path.relative_to(target)).read_bytes(), path


def test_a_build_while_serve_runs(tmp_path):
    root = copy_workspace(tmp_path / "ws")
    served = Served(root)
    try:
        result = subprocess.run([sys.executable, "-m", "sggen", "build", "-p", "example",
                                 "-w", str(root)], env=ENV, capture_output=True, timeout=300)
        assert result.returncode == 0, result.stderr.decode()
        for path in (root / "output").rglob("*"):
            if path.is_file():
                _sound(path)
        assert served.ask("/example/guide")[0] == 200
        # an input saved after the build: the first rebuild the preview reports is for it,
        # so the build's own files (not inputs) made none
        project = root / "projects" / "example.yaml"
        project.write_text(project.read_text() + "\n# saved\n")
        ready, _, _ = select.select([served.process.stdout], [], [], 120)  # stops a hang only
        assert ready, "the preview never rebuilt"
        line = served.process.stdout.readline().decode()
        assert re.match(r"rebuilt example in ", line), line
        assert served.ask("/example/deck")[0] == 200
    finally:
        status, err = served.stop()
    assert "Traceback" not in err, err
