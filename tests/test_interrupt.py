"""A build killed at any moment, or two builds at once, never leave a broken document."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from conftest import copy_workspace

REPO = Path(__file__).resolve().parent.parent
OUTPUTS = ("deck.pptx", "guide.docx")

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL"), pytest.mark.slow]


def start(root: Path) -> subprocess.Popen:
    """Start a forced build of the example in a new process."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen(
        [sys.executable, "-m", "sggen", "build", "--project", "example", "--force",
         "--workspace", str(root)],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def opens(path: Path) -> None:
    """Assert that `path` is a sound package that its library opens."""
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
    if path.suffix == ".pptx":
        assert len(pptx.Presentation(str(path)).slides) > 0
    else:
        assert len(docx.Document(str(path)).paragraphs) > 0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """Return a workspace whose example was built once, and the bytes of that build."""
    root = tmp_path_factory.mktemp("interrupt")
    copy_workspace(root)
    process = start(root)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    folder = root / "output" / "example"
    return root, {name: (folder / name).read_bytes() for name in OUTPUTS}


def wait_for_temp(folder: Path, name: str, process: subprocess.Popen) -> None:
    """Return as soon as a temporary file of `name` exists (or the process has ended)."""
    while process.poll() is None and not list(folder.glob(f".{name}.*.tmp")):
        time.sleep(0.0005)


@pytest.mark.parametrize("when", [0.05, 0.4, 0.9, "deck.pptx", "guide.docx"])
def test_killed_build_leaves_the_earlier_documents(built, when: float | str):
    root, before = built
    folder = root / "output" / "example"
    process = start(root)
    if isinstance(when, str):  # kill while that document is being written
        wait_for_temp(folder, when, process)
    else:
        time.sleep(when)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=120)
    for name in OUTPUTS:
        opens(folder / name)
        # The inputs did not change and builds are reproducible: whether the killed build got
        # to rename its file or not, the document must be exactly the earlier one.
        assert (folder / name).read_bytes() == before[name]


def test_next_build_removes_what_a_killed_build_left(built):
    root, before = built
    folder = root / "output" / "example"
    stray = folder / ".deck.pptx.999999999.0badc0de.tmp"  # as a killed writer leaves it
    stray.write_bytes(before["deck.pptx"][:1000])
    process = start(root)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    assert not stray.exists()
    assert not list(folder.glob(".*.tmp"))
    for name in OUTPUTS:
        assert (folder / name).read_bytes() == before[name]


def test_two_builds_at_once_never_leave_a_broken_document(built):
    root, before = built
    folder = root / "output" / "example"
    first, second = start(root), start(root)
    # While both write, a reader must always find a whole package.
    while first.poll() is None or second.poll() is None:
        for name in OUTPUTS:
            with zipfile.ZipFile(folder / name) as package:
                assert package.testzip() is None
        time.sleep(0.05)
    for process in (first, second):
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    for name in OUTPUTS:
        opens(folder / name)
        assert (folder / name).read_bytes() == before[name]
    assert not list(folder.glob(".*.tmp"))
