"""Measure `sggen member`: one person's view across a workspace of many projects.

    python bench/member.py [--projects 500] [--boards 20] [--runs 5]

Makes a workspace of --projects projects (bench/synth.py) and seats one person, by the same
e-mail address, on the boards of --boards of them (as Senior Supplier: a head of an IT unit
who sits on many boards; a line manager sits on two or three). Then times new
`sggen member ADDRESS` processes, as a user runs them, each `--runs` times:

1. cold: an empty cache, --force: every project is read and checked to find the person;
2. warm: the cache of earlier runs, --force: the view is made and written again;
3. up to date: nothing changed, nothing written;
4. another project saved: one project that is not the person's changed (it is read again);
5. one of theirs saved: that project is read again and the view written.

Target: the warm view (2) in under a second. Wall time and the CPU time of the process are
both reported: on a machine shared with other work, the CPU time is what sggen spends.
The results go into bench/results-member.json and the section between the markers of
bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synth
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EMAIL = "aino.bench@example.fi"
TARGET_S = 1.0
BEGIN, END = "<!-- member view: bench/member.py -->", "<!-- /member view -->"


def seat(root: Path, projects: int, boards: int) -> list[str]:
    """Seat the measured person on `boards` boards spread over the workspace; return them."""
    paths = sorted((root / "projects").glob("p*.yaml"))
    chosen = paths[:: max(1, len(paths) // boards)][:boards]
    for path in chosen:
        data = yaml.safe_load(path.read_text("utf-8"))
        data["people"]["senior-supplier"].update(name="Aino Bench", email=EMAIL)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        "utf-8")
    return [p.stem for p in chosen]


def run(root: Path, env: dict, force: bool) -> tuple[float, float, str]:
    """Return the wall and CPU seconds of one `sggen member` process, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sggen", "member", EMAIL, "--on", "2026-12-07",
                           *(["--force"] if force else [])], cwd=root, env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"sggen member failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def touch(path: Path, n: int) -> None:
    """Save a project with a new comment: its hash changes, its content does not."""
    path.write_text(path.read_text("utf-8") + f"# saved {n}\n", "utf-8")


def measure(root: Path, mine: list[str], runs: int, work: Path) -> dict[str, list]:
    """Return {step: [(wall, cpu), ...]} for the five steps of the module's docstring."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(REPO / "src"), PYTHONPYCACHEPREFIX=str(work / "pyc"))
    env["SGGEN_CACHE_DIR"] = str(work / "warmup-cache")
    run(root, env, True)  # bytecode written once, unmeasured
    out: dict[str, list] = {k: [] for k in ("cold", "warm", "fresh", "other", "theirs")}
    for n in range(runs):
        env["SGGEN_CACHE_DIR"] = str(work / f"cold-{n}")
        out["cold"].append(run(root, env, True)[:2])
    others = [p for p in sorted((root / "projects").glob("p*.yaml")) if p.stem not in mine]
    for n in range(runs):
        out["warm"].append(run(root, env, True)[:2])
        wall, cpu, said = run(root, env, False)
        assert "up to date" in said, said
        out["fresh"].append((wall, cpu))
        touch(others[n], n)
        wall, cpu, said = run(root, env, False)
        assert "up to date" in said, said  # not one of the person's projects
        out["other"].append((wall, cpu))
        touch(root / "projects" / f"{mine[n % len(mine)]}.yaml", n)
        wall, cpu, said = run(root, env, False)
        assert "wrote" in said, said
        out["theirs"].append((wall, cpu))
    return out


def table(results: dict[str, list], args) -> str:
    """Return the results as a Markdown section."""
    names = {"cold": "cold: empty cache, --force", "warm": "warm: cache, --force",
             "fresh": "up to date", "other": "another project saved",
             "theirs": "one of theirs saved"}
    lines = [BEGIN, f"## Member's view: {args.projects} projects, the person on {args.boards}"
             f" boards, {args.runs} runs each", "",
             "| step | wall median (min–max) | CPU median (min–max) |", "|---|---|---|"]
    for key, label in names.items():
        walls, cpus = [w for w, _ in results[key]], [c for _, c in results[key]]
        lines.append(f"| {label} | {statistics.median(walls):.2f} ({min(walls):.2f}–"
                     f"{max(walls):.2f}) | {statistics.median(cpus):.2f} ({min(cpus):.2f}–"
                     f"{max(cpus):.2f}) |")
    warm = statistics.median(c for _, c in results["warm"])
    lines += ["", f"Target: the warm view in under {TARGET_S:.0f} s: CPU median {warm:.2f} s, "
              f"{'met' if warm < TARGET_S else 'missed'}. Load average at the end: "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.", END]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--boards", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sggen-member-bench-") as tmp:
        work = Path(tmp)
        synth.make(work / "ws", args.projects)
        mine = seat(work / "ws", args.projects, args.boards)
        results = measure(work / "ws", mine, args.runs, work)
    (HERE / "results-member.json").write_text(json.dumps(
        {"args": vars(args), "results": results}, indent=1) + "\n", "utf-8")
    section = table(results, args)
    target = HERE / "results.md"
    text = target.read_text("utf-8") if target.exists() else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    target.write_text(text, "utf-8")
    print(section)


if __name__ == "__main__":
    main()
