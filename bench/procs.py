"""Run a command and measure its wall time and the memory of its whole process tree."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    """One finished command: wall time, exit code, output and memory figures (kB)."""

    cmd: list[str]
    wall: float
    rc: int
    out: str
    err: str
    cpu: float  # user + system CPU seconds of the tree (its reaped processes)
    maxrss_kb: int  # wait4: RSS peak of the largest single process in the tree (exact)
    peak_pss_kb: int = 0  # sampled: highest sum of PSS over the live tree (shared pages split)
    peak_rss_kb: int = 0  # sampled: highest sum of RSS over the live tree (shared counted twice)
    hwm_sum_kb: int = 0  # sum over processes of each one's own RSS peak: an upper bound
    processes: int = 0  # distinct processes seen in the tree
    foreign_cores: float = 0.0  # set by the caller: other processes' CPU use meanwhile
    hwm: dict = field(default_factory=dict)


def _children_map(root: int) -> dict[int, int]:
    """Return {pid: ppid} for processes whose pid is >= root (children get higher pids)."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) < root:
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        table[int(name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    return table


def _status_kb(pid: int, keys: tuple[str, ...], file: str = "status") -> dict[str, int]:
    found = {}
    try:
        with open(f"/proc/{pid}/{file}") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in keys:
                    found[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return found


class _Sampler(threading.Thread):
    """Poll /proc every `interval` s for the tree under `root`: RSS, PSS and each VmHWM."""

    def __init__(self, root: int, interval: float):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stop = threading.Event()
        self.peak_pss = self.peak_rss = 0
        self.hwm: dict[int, int] = {}

    def tree(self) -> list[int]:
        parents = _children_map(self.root)
        members, grew = {self.root}, True
        while grew:
            grew = False
            for pid, ppid in parents.items():
                if ppid in members and pid not in members:
                    members.add(pid)
                    grew = True
        return sorted(members)

    def sample(self) -> None:
        rss = pss = 0
        for pid in self.tree():
            status = _status_kb(pid, ("VmRSS", "VmHWM"))
            if not status:
                continue  # gone, or a zombie
            rss += status.get("VmRSS", 0)
            self.hwm[pid] = max(self.hwm.get(pid, 0), status.get("VmHWM", 0))
            pss += _status_kb(pid, ("Pss",), "smaps_rollup").get("Pss", 0)
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)


def run(cmd: list[str], cwd=None, env=None, sample: float | None = None) -> Run:
    """Run cmd to completion; with `sample` (seconds), also poll the tree's memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        sampler = None
        if sample:
            sampler = _Sampler(proc.pid, sample)
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stop.set()
            sampler.join()
        out.seek(0)
        err.seek(0)
        result = Run(cmd, wall, proc.returncode, out.read().decode(errors="replace"),
                     err.read().decode(errors="replace"), usage.ru_utime + usage.ru_stime,
                     usage.ru_maxrss)
    if sampler:
        result.peak_pss_kb, result.peak_rss_kb = sampler.peak_pss, sampler.peak_rss
        result.hwm = dict(sampler.hwm)
        result.hwm_sum_kb = sum(sampler.hwm.values())
        result.processes = len(sampler.hwm)
    return result


def snapshot(repo, tmp, source=None) -> tuple[list[str], dict, str]:
    """Copy src/sggen (or `source`/sggen) to tmp; return (sggen command, environment, digest).

    Others may edit src/ while a benchmark runs; a snapshot keeps every size measuring the same
    code. The command is the real console script next to this interpreter (a pyenv shim in front
    of it would add its own ~0.08 s). Bytecode and sggen's own cache (the checked library, the
    compiled templates) are kept under tmp, never under src/ or the user's cache folder.
    """
    import hashlib
    import shutil
    import sys
    from pathlib import Path

    src = Path(tmp) / "src"
    shutil.copytree(Path(source or Path(repo) / "src") / "sggen", src / "sggen",
                    ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    digest = hashlib.sha256()
    for path in sorted((src / "sggen").rglob("*.py")):
        digest.update(path.read_bytes())
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
    env["SGGEN_CACHE_DIR"] = str(Path(tmp) / "cache")
    script = Path(sys.executable).parent / "sggen"
    cmd = [str(script)] if script.is_file() else [sys.executable, "-m", "sggen"]
    found = subprocess.run([sys.executable, "-c", "import sggen; print(sggen.__file__)"],
                           env=env, capture_output=True, text=True).stdout.strip()
    if not found.startswith(str(src)):
        raise SystemExit(f"the snapshot is not what Python imports: {found}")
    return cmd, env, digest.hexdigest()[:12]
