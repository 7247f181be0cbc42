"""The README's first command on a Python like Debian's without python3-venv: no ensurepip, and
pip refusing to install into the system ("externally managed")."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# what a clone does not have: the checkout's own environment, outputs and caches
NOT_CLONED = (".git", ".venv", ".tools", "output", "build", "dist", "__pycache__",
              ".pytest_cache", ".hypothesis", "*.egg-info")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")


def _first_command() -> str:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## Quick start\n"):]
    return re.search(r"```sh\n(.*?)\n```", section, re.S).group(1)


def _debian_like_python(root: Path) -> Path:
    """Return a bin folder whose python3 is this test's base Python with its standard library
    but without ensurepip, and marked externally managed (PEP 668), as Debian's python3 is
    until python3-venv is installed; its pip is the system's."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    lib = root / "lib" / stdlib.name
    lib.mkdir(parents=True)
    for entry in stdlib.iterdir():
        if entry.name != "ensurepip":
            (lib / entry.name).symlink_to(entry)
    if not (lib / "EXTERNALLY-MANAGED").exists():
        (lib / "EXTERNALLY-MANAGED").write_text("[externally-managed]\nError=Use a venv.\n")
    shared = stdlib.parent / "python3"  # Debian's dist-packages, where its pip lives
    if shared.is_dir():
        (root / "lib" / "python3").symlink_to(shared)
    (root / "bin").mkdir()
    # a copy, not a link: Python finds its library from where its program lies
    shutil.copy2(os.path.realpath(sys._base_executable), root / "bin" / "python3")
    return root / "bin"


def _env(bin_folder: Path, home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")}
    return {**env, "PATH": os.pathsep.join([str(bin_folder), "/usr/bin", "/bin"]),
            "HOME": str(home), **extra}


def _clone(target: Path) -> Path:
    shutil.copytree(REPO, target, symlinks=True, ignore=shutil.ignore_patterns(*NOT_CLONED))
    return target


@pytest.fixture
def debian(tmp_path):
    """Yield (clone, environment) with a Python like Debian's first on PATH."""
    bin_folder = _debian_like_python(tmp_path / "python")
    env = _env(bin_folder, tmp_path / "home")
    probe = subprocess.run(["python3", "-m", "pip", "--version"], env=env,
                           capture_output=True, text=True, timeout=120)
    if probe.returncode != 0:
        pytest.skip("the base Python has no pip to stand for the system's")
    return _clone(tmp_path / "clone"), env


def _run(command: list[str], cwd: Path, env: dict, timeout: float = 120):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_the_emulated_python_fails_as_debians_does(debian, tmp_path):
    clone, env = debian
    made = _run(["python3", "-m", "venv", str(tmp_path / "plain")], clone, env)
    assert made.returncode != 0 and "ensurepip" in made.stdout + made.stderr
    into_system = _run(["python3", "-m", "pip", "install", "--no-index", "--dry-run",
                        "nothing"], clone, env)
    assert into_system.returncode != 0 and "externally-managed-environment" in into_system.stderr


def test_without_pip_either_the_first_command_says_what_to_install(debian, tmp_path):
    clone, env = debian
    # a pip package that cannot run stands for no pip at all
    (tmp_path / "nopip" / "pip").mkdir(parents=True)
    (tmp_path / "nopip" / "pip" / "__init__.py").write_text("")
    result = _run(["sh", "-c", _first_command()], clone,
                  {**env, "PYTHONPATH": str(tmp_path / "nopip")})
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("quickstart: ") and "apt install python3-venv" in last, result.stderr
    assert not (clone / "output").exists()


@pytest.mark.slow  # installs sggen and its dependencies
def test_the_first_command_installs_into_a_venv_and_builds_the_example(debian):
    clone, env = debian
    result = _run(["sh", "-c", _first_command()], clone, env, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for name in ("deck.pptx", "guide.docx"):
        assert zipfile.is_zipfile(clone / "output" / "example" / name)
    assert list((clone / "output" / "example" / "cards").glob("*.docx"))
    assert ". .venv/bin/activate" in result.stderr
    # installed into the environment, which has its own pip for later installs
    where = _run([".venv/bin/python", "-c", "import sggen; print(sggen.__file__)"], clone, env)
    assert Path(where.stdout.strip()).is_relative_to(clone / ".venv")
    own_pip = _run([".venv/bin/python", "-m", "pip", "--version"], clone, env)
    assert own_pip.returncode == 0 and str(clone / ".venv") in own_pip.stdout
