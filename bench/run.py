"""Benchmark sggen against pandoc on synthetic workspaces.

    python bench/run.py [--sizes 10,100,500] [--runs 5]

For each size N it builds a workspace of N projects in a temp folder (bench/synth.py), checks it
with `sggen validate`, and measures, as medians over --runs:
  (a) cold `sggen deck --project example` (new process, fresh output folder),
  (b) full `sggen build --all --force` (fresh output folder; peak memory of the process tree),
  (c) a no-op `sggen build --all`, and a build after only touching a role file's mtime,
  (d) a build after the content of roles/prince2/executive.yaml changes (PM² projects must stay
      unchanged: the CLI summary "N built, M unchanged" is checked),
  (e) pandoc converting the Markdown sggen renders (`--format md`) to .docx and .pptx, one
      process per document, as many at once as there are cores.
The slow measurements (b, d, e) use fewer runs at large N so that the default run stays near
15 minutes: runs = min(--runs, budget // N), at least 1 (see --full-budget and friends); by
default 5 full builds at N=10 and 100 and 2 at N=500, pandoc at N=10 and 100 only (5 runs,
interleaved with sggen's full builds), and the role change 5 times at N=10 and once at N=100.
Writes bench/results.md (tables) and bench/results.json (every sample). About 15 minutes on
the 2-core machine of docs/performance.md; --full-budget 1500 (3 runs at N=500) about 18.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import procs
import synth

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SUMMARY = re.compile(r"(\d+) built, (\d+) unchanged, (\d+) failed in ([\d.]+) s")
ROLE = "roles/prince2/executive.yaml"
MB = 1e6 / 1024  # kB per MB (MB = 10^6 bytes)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(values):
    return statistics.median(values) if values else None


# --- the machine -------------------------------------------------------------------------------


def cpu_busy() -> float:
    """Return the machine's busy CPU seconds since boot (all cores), from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def src_digest() -> str:
    """Return a digest of sggen's sources: others may edit them while the benchmark runs."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "src" / "sggen").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(fh.readline().split()[1])

    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO).stdout.strip()
        except OSError:
            return ""

    dirty = out(["git", "status", "--porcelain", "--", "src", "templates", "roles"])
    return {
        "cpu": model, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 ** 2, 1),
        "os": out(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]) or platform.platform(),
        "kernel": platform.release(), "python": platform.python_version(),
        "pandoc": out(["pandoc", "--version"]).splitlines()[0] if shutil.which("pandoc") else "",
        "sggen": out(["sggen", "--version"]),
        "git": out(["git", "rev-parse", "--short", "HEAD"]),
        "dirty_files": len(dirty.splitlines()) if dirty else 0,
        "loadavg_start": os.getloadavg(),
        "src_start": src_digest(),
        "python_executable": sys.executable,
    }


# --- measuring ---------------------------------------------------------------------------------


class Bench:
    """Runs commands with a fixed environment and records every sample."""

    def __init__(self, args, tmp: Path):
        self.args = args
        self.tmp = tmp
        self.base, self.env, self.digest = procs.snapshot(REPO, tmp, args.src)
        if args.no_bytecode_cache:
            self.env["PYTHONDONTWRITEBYTECODE"] = "1"
            self.env.pop("PYTHONPYCACHEPREFIX")
        self.bugs: list[dict] = []

    def cmd(self, *words) -> list[str]:
        return [*self.base, *words]

    def quiet(self) -> None:
        """Wait (up to --quiet-wait s) until other processes use < 0.25 cores for 0.5 s.

        Called before each series of runs: other work on the machine (a test suite, say) is
        noise that the medians cannot fully remove; `other cores` in the report shows what
        remained.
        """
        deadline = time.monotonic() + self.args.quiet_wait
        while True:
            busy = cpu_busy()
            time.sleep(0.5)
            if (cpu_busy() - busy) / 0.5 < 0.25 or time.monotonic() > deadline:
                return

    def run(self, words, cwd, sample=None, env=None) -> procs.Run:
        busy = cpu_busy()
        result = procs.run(self.cmd(*words), cwd=cwd, env=env or self.env, sample=sample)
        result.foreign_cores = self.foreign(busy, result)
        if result.rc != 0:
            self.bug(result, cwd)
        return result

    def foreign(self, busy_before: float, result: procs.Run) -> float:
        """Return the cores other processes kept busy during `result` (machine noise)."""
        total = cpu_busy() - busy_before
        return max(0.0, (total - result.cpu) / result.wall) if result.wall else 0.0

    def bug(self, result: procs.Run, cwd) -> None:
        entry = {"command": " ".join(result.cmd), "cwd": str(cwd), "exit": result.rc,
                 "stdout": result.out[-2000:], "stderr": result.err[-4000:]}
        self.bugs.append(entry)
        log(f"FAILED (exit {result.rc}): {entry['command']}\n{result.err[-1500:]}")


def summary(result: procs.Run) -> tuple[int, int, int] | None:
    found = SUMMARY.search(result.out)
    return tuple(int(x) for x in found.groups()[:3]) if found else None


def runs_for(args, n: int, budget: int) -> int:
    return max(1, min(args.runs, budget // n))


def pandoc_batch(md_root: Path, out_root: Path, ws: Path, jobs: int, reference: bool) -> dict:
    """Convert every deck.md/guide.md under md_root with one pandoc process per document."""
    tasks = []
    for md in sorted(md_root.glob("*/*.md")):
        kind = {"deck": "pptx", "guide": "docx"}.get(md.stem)
        if not kind:
            continue
        target = out_root / md.parent.name / f"{md.stem}.{kind}"
        target.parent.mkdir(parents=True, exist_ok=True)
        cmd = ["pandoc", "-f", "markdown", "-t", kind, "-o", str(target), str(md)]
        if reference:
            cmd[1:1] = ["--reference-doc", str(ws / "templates" / f"reference.{kind}")]
        tasks.append(cmd)
    busy = cpu_busy()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda c: procs.run(c), tasks))
    wall = time.perf_counter() - start
    failed = [r for r in results if r.rc != 0]
    cpu = sum(r.cpu for r in results)
    return {"wall": wall, "documents": len(tasks), "failed": len(failed),
            "first_error": failed[0].err[-500:] if failed else "",
            "maxrss_kb": max((r.maxrss_kb for r in results), default=0),
            "cpu": cpu, "foreign_cores": max(0.0, (cpu_busy() - busy - cpu) / wall)}


def measure_size(bench: Bench, n: int) -> dict:
    args = bench.args
    root = bench.tmp / f"n{n}"
    ws = root / "ws"
    ids = synth.make(ws, n)
    row: dict = {"n": n, "prince2": len(ids["prince2"]), "pm2": len(ids["pm2"])}
    log(f"N={n}: {row['prince2']} PRINCE2 + {row['pm2']} PM² projects in {ws}")

    check = bench.run(["validate"], ws)
    row["validate"] = {"wall": check.wall, "ok": check.rc == 0, "out": check.out.strip()}
    if check.rc != 0:
        return row

    # (a) cold deck: a new process and a fresh output folder each time
    bench.run(["deck", "--project", "example", "--output", str(root / "warm")], ws)  # warm-up
    bench.quiet()
    cold = [bench.run(["deck", "--project", "example", "--output", str(root / f"deck{i}")], ws)
            for i in range(args.runs)]
    row["cold_deck"] = _series(cold)

    # (e, first half) the Markdown sggen renders, for pandoc
    pandoc = n in args.pandoc_sizes and shutil.which("pandoc")
    md = root / "md"
    if pandoc:
        log(f"N={n}: sggen build --all --format md")
        mdrun = bench.run(["build", "--all", "--format", "md", "--output", str(md)], ws,
                          sample=args.mem_interval)
        row["md_build"] = _series([mdrun], memory=True)
        row["md_build"]["summary"] = summary(mdrun)
        pandoc = mdrun.rc == 0
    variants = [("pandoc", True)] + ([("pandoc_noref", False)]
                                     if pandoc and n == min(args.pandoc_sizes) else [])
    p_runs = runs_for(args, n, args.pandoc_budget) if pandoc else 0

    # (b) full build, fresh output folder each run, memory of the process tree sampled;
    # (e) pandoc runs interleaved with them, so that both see the same machine
    runs = runs_for(args, n, args.full_budget)
    full, samples = [], {key: [] for key, _ in variants}
    for i in range(max(runs, p_runs)):
        if i < runs:
            out = root / f"full{i}"
            log(f"N={n}: full build {i + 1}/{runs}")
            bench.quiet()
            full.append(bench.run(["build", "--all", "--force", "--output", str(out)], ws,
                                  sample=args.mem_interval))
            if i + 1 < runs:
                shutil.rmtree(out, ignore_errors=True)
        for key, reference in variants if i < p_runs else ():
            log(f"N={n}: {key} {i + 1}/{p_runs}")
            target = root / f"{key}{i}"
            bench.quiet()
            samples[key].append(pandoc_batch(md, target, ws, os.cpu_count() or 1, reference))
            shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(md, ignore_errors=True)
    for key, got in samples.items():
        if got:
            walls = [x["wall"] for x in got]
            row[key] = {"runs": len(got), "walls": walls, "median": median(walls),
                        "documents": got[0]["documents"],
                        "failed": max(x["failed"] for x in got),
                        "first_error": got[0]["first_error"],
                        "maxrss_kb": max(x["maxrss_kb"] for x in got),
                        "cpu": median([x["cpu"] for x in got]),
                        "cpus": [x["cpu"] for x in got],
                        "foreign_cores": median([x["foreign_cores"] for x in got])}
    row["full"] = _series(full, memory=True)
    row["full"]["summaries"] = [summary(r) for r in full]
    out = root / f"full{runs - 1}"
    if full[-1].rc != 0:
        return row

    # (c) no-op rebuild, then a rebuild after an mtime-only touch of a role file
    bench.quiet()
    noop = [bench.run(["build", "--all", "--output", str(out)], ws) for _ in range(args.runs)]
    row["noop"] = _series(noop)
    row["noop"]["summaries"] = [summary(r) for r in noop]
    os.utime(ws / ROLE)
    touched = bench.run(["build", "--all", "--output", str(out)], ws)
    row["touch_mtime"] = {"wall": touched.wall, "summary": summary(touched)}

    # (d) one role file's content changes: only the projects of that method are rebuilt
    if n in args.role_sizes:
        runs = runs_for(args, n, args.role_budget)
        original = (ws / ROLE).read_bytes()
        role = []
        for i in range(runs):
            log(f"N={n}: rebuild after a role change {i + 1}/{runs}")
            (ws / ROLE).write_bytes(original + f"\n# benchmark edit {i}\n".encode())
            bench.quiet()
            role.append(bench.run(["build", "--all", "--output", str(out)], ws,
                                  sample=args.mem_interval))
        (ws / ROLE).write_bytes(original)
        row["role"] = _series(role, memory=True)
        row["role"]["summaries"] = [summary(r) for r in role]
        row["role"]["expected"] = (row["prince2"], row["pm2"], 0)
    shutil.rmtree(out, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return row


def _series(results: list[procs.Run], memory: bool = False) -> dict:
    walls = [r.wall for r in results]
    series = {"runs": len(results), "walls": walls, "median": median(walls),
              "min": min(walls), "max": max(walls), "ok": all(r.rc == 0 for r in results),
              "cpu": median([r.cpu for r in results]), "cpus": [r.cpu for r in results],
              "foreign_cores": median([r.foreign_cores for r in results]),
              "maxrss_kb": max(r.maxrss_kb for r in results)}
    if memory:
        series.update(peak_pss_kb=max(r.peak_pss_kb for r in results),
                      peak_rss_kb=max(r.peak_rss_kb for r in results),
                      hwm_sum_kb=max(r.hwm_sum_kb for r in results),
                      process_peaks_kb=sorted(max(results, key=lambda r: r.hwm_sum_kb)
                                              .hwm.values(), reverse=True),
                      processes=max(r.processes for r in results))
    return series


def baseline(bench: Bench) -> dict:
    """Return the start-up floor: a bare interpreter and `sggen --help` (medians)."""
    found = {}
    for key, cmd in (("python", [sys.executable, "-c", "pass"]),
                     ("import", [sys.executable, "-c", "import sggen.cli"]),
                     ("help", bench.cmd("--help"))):
        procs.run(cmd, env=bench.env)
        found[key] = median([procs.run(cmd, env=bench.env).wall for _ in range(bench.args.runs)])
    if not bench.args.no_bytecode_cache:
        env = dict(bench.env, PYTHONDONTWRITEBYTECODE="1")
        env.pop("PYTHONPYCACHEPREFIX")
        ws = bench.tmp / "nocache"
        synth.make(ws, 2)
        found["deck_no_pyc"] = median([
            procs.run(bench.cmd("deck", "--project", "example", "--output", str(ws / f"o{i}")),
                      cwd=ws, env=env).wall for i in range(bench.args.runs)])
    return found


# --- reporting ---------------------------------------------------------------------------------


def fmt(value, digits=2, unit=""):
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def mb(kb):
    return None if not kb else kb / MB


def verdict(value, limit, unit="s", digits=2):
    if value is None:
        return "not measured"
    if value <= limit:
        return f"**met** ({fmt(value, digits)} {unit} ≤ {fmt(limit, digits)} {unit})"
    return (f"**missed** by {fmt(value - limit, digits)} {unit} "
            f"({fmt(value / limit, 1)}× the limit)")


def memory_verdict(pss: float, bound: float, limit: float = 200) -> str:
    if bound <= limit:
        return f"**met** (even the upper bound {bound:.0f} MB ≤ {limit:.0f} MB)"
    if pss <= limit:
        return (f"**met** by the tree's real footprint (PSS {pss:.0f} MB); the upper bound "
                f"{bound:.0f} MB, which counts pages shared after fork twice, is "
                f"{bound - limit:.0f} MB over")
    return f"**missed** by {pss - limit:.0f} MB (PSS {pss:.0f} MB)"


def report(meta: dict, rows: list[dict], base: dict, args, bench: Bench) -> str:
    bugs = bench.bugs
    bench_cmd = " ".join(bench.base)
    by_n = {r["n"]: r for r in rows}
    lines = ["# sggen benchmark results", "",
             f"Command: `python bench/run.py {' '.join(meta.get('argv', sys.argv[1:]))}`"
             .rstrip() + "  ",
             f"Date: {meta.get('date') or time.strftime('%Y-%m-%d %H:%M %Z')}  ",
             "Settings: " + ", ".join(f"{k}={v}" for k, v in meta.get("settings", {}).items()
                                      if k != "src") + "  ",
             f"Machine: {meta['cpu']}, {meta['cores']} cores, {meta['ram_gb']} GB RAM, "
             f"{meta['os']}, kernel {meta['kernel']}  ",
             f"Software: Python {meta['python']}, {meta['sggen']}, {meta['pandoc']}  ",
             f"Workspace files (sggen.yaml, roles/, templates/, projects/) from: git {meta['git']}"
             + (f" with {meta['dirty_files']} uncommitted file(s) under src/ templates/ roles/"
                if meta["dirty_files"] else "") + "  ",
             f"Load average at start: {', '.join(f'{x:.2f}' for x in meta['loadavg_start'])}"
             + "  \nMeasured: "
             + (f"the sggen package in `{meta['src']}`" if meta.get("src") else
                "a snapshot of src/sggen taken at the start")
             + f" (digest {meta.get('snapshot')}), run as `{bench_cmd}`"
             + ("" if meta.get("src_end") == meta["src_start"] else
                f"; src/sggen changed while the benchmark ran (now {meta.get('src_end')}), "
                "the snapshot did not"),
             "",
             "Times are wall-clock medians in seconds; `runs` says how many runs each median has. "
             "Per-project figures divide by the projects built. MB = 10^6 bytes. "
             "`other cores` is the CPU other processes on the machine used during the "
             "measurement (noise: 1.0 = one of the cores was busy with something else).",
             ""]

    noise = [v["foreign_cores"] for r in rows for v in r.values()
             if isinstance(v, dict) and "foreign_cores" in v]
    if noise:
        lines += [f"Machine noise: other processes kept {statistics.mean(noise):.2f} cores busy on "
                  f"average (max {max(noise):.2f}) during the measured series, on a "
                  f"{os.cpu_count()}-core machine"
                  + (": wall times are inflated; the CPU-time figures are the steadier ones."
                     if statistics.mean(noise) > 0.25 else "."), ""]

    # headline
    ratio_n = max((n for n, r in by_n.items() if r.get("pandoc") and r.get("full")),
                  default=None)
    lines += ["## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    if ratio_n:
        r = by_n[ratio_n]
        s_pp, p_pp = r["full"]["median"] / r["n"], r["pandoc"]["median"] / r["n"]
        ratio = s_pp / p_pp
        judged = ("**met**" if ratio <= 0.25 else
                  f"**missed**: {ratio / 0.25:.1f}× the limit; sggen would need "
                  f"≤ {p_pp / 4:.3f} s per project")
        cpu_ratio = r["full"]["cpu"] / r["pandoc"]["cpu"]
        lines.append(f"| full build per project ≤ 1/4 of pandoc's (N={ratio_n}) | sggen "
                     f"{fmt(s_pp, 3)} s, pandoc {fmt(p_pp, 3)} s per project: ratio "
                     f"{fmt(ratio)} (CPU time: {fmt(cpu_ratio)}) | {judged} |")
    def largest(key):
        return max((n for n, r in by_n.items() if r.get(key)), default=None)

    n = largest("noop")
    if n is not None:
        r = by_n[n]
        lines.append(f"| no-op rebuild of N={n} ≤ 1.0 s | {fmt(r['noop']['median'])} s "
                     f"(`{_summary_text(r['noop']['summaries'][0])}`) | "
                     f"{verdict(r['noop']['median'], 1.0)} |")
    for n in sorted(by_n):
        r = by_n[n]
        if r.get("role"):
            got, want = r["role"]["summaries"], r["role"]["expected"]
            ok = all(s == want for s in got)
            lines.append(f"| after a PRINCE2 role change only PRINCE2 projects rebuilt (N={n}) | "
                         f"`{_summary_text(got[0])}` ({r['pm2']} PM² projects) | "
                         f"{'**met**' if ok else '**missed**: expected ' + _summary_text(want)} |")
    n = largest("cold_deck")
    if n is not None:
        cold = by_n[n]["cold_deck"]["median"]
        lines.append(f"| cold `sggen deck --project example` ≤ 0.35 s (N={n}) | {fmt(cold)} s "
                     f"(CPU {fmt(by_n[n]['cold_deck']['cpu'])} s) | {verdict(cold, 0.35)} |")
    n = largest("full")
    if n is not None and by_n[n]["full"].get("maxrss_kb"):
        f = by_n[n]["full"]
        lines.append(
            f"| peak memory of `build --all`, N={n}, ≤ 200 MB | largest process "
            f"{fmt(mb(f['maxrss_kb']), 0)} MB; whole tree: {fmt(mb(f['peak_pss_kb']), 0)} MB PSS "
            f"(sampled), ≤ {fmt(mb(f['hwm_sum_kb']), 0)} MB (sum of each process's peak) | "
            f"{memory_verdict(mb(f['peak_pss_kb']), mb(f['hwm_sum_kb']))} |")
    lin = _linearity(rows)
    if lin:
        lines.append(f"| time grows linearly with N | {lin['text']} | {lin['verdict']} |")
    lines.append("")

    # timings
    lines += ["## Time per size", "",
              "`CPU/project` is the user+system CPU of the whole process tree divided by the "
              "projects built: unlike wall time it hardly changes when other work shares the "
              "cores.", "",
              "| N (PRINCE2+PM²) | cold deck | full build (runs) | per project | CPU/project "
              "| no-op | mtime touch | role change (runs) | per rebuilt project | other cores |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "full" not in r:
            lines.append(f"| {r['n']} | validation failed | | | | | | | | |")
            continue
        full, noop, role = r["full"], r.get("noop"), r.get("role")
        built = role["summaries"][0][0] if role and role["summaries"][0] else None
        touch = r.get("touch_mtime")
        touch_text = (f"{fmt(touch['wall'])} ({_summary_text(touch['summary'])})"
                      if touch else "–")
        role_text = f"{fmt(role['median'])} ({role['runs']})" if role else "–"
        lines.append(
            f"| {r['n']} ({r['prince2']}+{r['pm2']}) | {fmt(r['cold_deck']['median'])} "
            f"| {fmt(full['median'])} ({full['runs']}) | {fmt(full['median'] / r['n'], 3)} "
            f"| {fmt(full['cpu'] / r['n'], 3)} "
            f"| {fmt(noop['median']) if noop else '–'} | {touch_text} | {role_text} "
            f"| {fmt(role['median'] / built, 3) if role and built else '–'} "
            f"| {fmt(full['foreign_cores'])} |")
    lines += ["", f"Start-up floor: `python -c pass` {fmt(base.get('python'), 3)} s, "
              f"`python -c 'import sggen.cli'` {fmt(base.get('import'), 3)} s, "
              f"`sggen --help` {fmt(base.get('help'), 3)} s."
              + (f" Cold deck without cached bytecode (PYTHONDONTWRITEBYTECODE=1, as in this "
                 f"sandbox's environment): {fmt(base['deck_no_pyc'])} s."
                 if base.get("deck_no_pyc") else ""), ""]

    # pandoc
    prow = [r for r in rows if r.get("pandoc")]
    if prow:
        lines += ["## sggen vs pandoc on the same Markdown", "",
                  "pandoc: one process per document (`pandoc -f markdown -t pptx|docx "
                  "--reference-doc templates/reference.*`), "
                  f"{os.cpu_count()} at a time; sggen: `build --all --force`, which uses the "
                  "same number of worker processes.", "",
                  "| N | documents | sggen full build | pandoc (runs) | sggen per project | "
                  "pandoc per project | ratio sggen/pandoc | CPU/project sggen : pandoc (ratio) "
                  "| pandoc max RSS | other cores (sggen, pandoc) |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in prow:
            p = r["pandoc"]
            lines.append(
                f"| {r['n']} | {p['documents']} | {fmt(r['full']['median'])} "
                f"| {fmt(p['median'])} ({p['runs']}) | {fmt(r['full']['median'] / r['n'], 3)} "
                f"| {fmt(p['median'] / r['n'], 3)} "
                f"| {fmt(r['full']['median'] / p['median'])} "
                f"| {fmt(r['full']['cpu'] / r['n'], 3)} : {fmt(p['cpu'] / r['n'], 3)} "
                f"({fmt(r['full']['cpu'] / p['cpu'])}) "
                f"| {fmt(mb(p['maxrss_kb']), 0)} MB "
                f"| {fmt(r['full']['foreign_cores'])}, {fmt(p['foreign_cores'])} |")
            if p["failed"]:
                lines.append(f"| | {p['failed']} pandoc failures: {p['first_error'][:200]} |")
        for r in prow:
            if r.get("pandoc_noref"):
                q = r["pandoc_noref"]
                lines += ["", f"Without `--reference-doc` (N={r['n']}, {q['runs']} runs): "
                          f"pandoc {fmt(q['median'])} s, {fmt(q['median'] / r['n'], 3)} s per "
                          f"project ({fmt(q['cpu'] / r['n'], 3)} s CPU); ratio sggen/pandoc "
                          f"{fmt(r['full']['median'] / q['median'])}."]
            if r.get("md_build"):
                lines += ["", f"`sggen build --all --format md` (N={r['n']}, 1 run): "
                          f"{fmt(r['md_build']['median'])} s."]
        lines.append("")

    # memory
    lines += ["## Peak memory of `sggen build --all --force`", "",
              "`largest process` is the exact max RSS of the biggest single process in the tree "
              "(wait4 / `/usr/bin/time -v`); `tree PSS` is the highest sampled sum of PSS over "
              f"the live tree (every {args.mem_interval} s; PSS splits pages shared after fork); "
              "`tree RSS` the same with RSS (shared pages counted in each process); `sum of "
              "peaks` adds each process's own peak RSS, an upper bound.", "",
              "| N | processes | largest process | tree PSS | tree RSS | sum of peaks |",
              "|---|---|---|---|---|---|"]
    for r in rows:
        f = r.get("full")
        if f and f.get("processes") is not None:
            lines.append(f"| {r['n']} | {f['processes']} | {fmt(mb(f['maxrss_kb']), 0)} MB "
                         f"| {fmt(mb(f['peak_pss_kb']), 0)} MB | {fmt(mb(f['peak_rss_kb']), 0)} MB "
                         f"| {fmt(mb(f['hwm_sum_kb']), 0)} MB |")
    lines.append("")
    if lin:
        lines += ["## Scaling", "", lin["detail"], ""]
    if bugs:
        lines += ["## Failures", ""]
        for b in bugs:
            lines += [f"- `{b['command']}` (in {b['cwd']}) exited {b['exit']}:", "", "```",
                      (b["stderr"] or b["stdout"]).strip()[-1500:], "```", ""]
    return "\n".join(lines)


def _summary_text(s) -> str:
    return "–" if not s else f"{s[0]} built, {s[1]} unchanged, {s[2]} failed"


def _fit(pts: list[tuple[int, float]], unit: str) -> dict:
    """Return a straight-line fit of (N, seconds) and whether the growth is linear."""
    slope, intercept = statistics.linear_regression([p[0] for p in pts], [p[1] for p in pts])
    worst = max(abs(intercept + slope * x - y) / y for x, y in pts)
    # the cost of one more project between consecutive sizes: flat if time is linear
    marginal = [((t2 - t1) / (n2 - n1), n1, n2)
                for (n1, t1), (n2, t2) in zip(pts, pts[1:], strict=False)]
    steps = ", ".join(f"N {a}→{b}: {m:.3f} s" for m, a, b in marginal)
    growth = marginal[-1][0] / marginal[0][0] if marginal[0][0] > 0 else float("inf")
    ok = len(pts) >= 3 and growth <= 1.2  # sublinear (fixed costs amortised) is fine too
    return {"ok": ok, "text": f"{unit}: t ≈ {intercept:.2f} s + {slope:.3f} s × N, fit within "
                              f"{worst:.0%}; marginal cost per project {steps}",
            "per": ", ".join(f"N={x}: {y / x:.3f} s" for x, y in pts)}


def _linearity(rows) -> dict | None:
    done = [r for r in rows if r.get("full", {}).get("ok")]
    if len(done) < 2:
        return None
    wall = _fit([(r["n"], r["full"]["median"]) for r in done], "wall")
    cpu = _fit([(r["n"], r["full"]["cpu"]) for r in done], "CPU")
    if len(done) < 3:
        judged = "needs 3 sizes"
    else:
        judged = ("**met**" if wall["ok"] and cpu["ok"] else
                  "**missed**" if not cpu["ok"] else
                  "**met** on CPU time, **missed** on wall time (see `other cores`)")
    return {"text": f"{wall['text']}; {cpu['text']}", "verdict": judged,
            "detail": f"Full build, {wall['text']}. {cpu['text']}. Wall time per project: "
                      f"{wall['per']}; CPU per project: {cpu['per']}. Judged linear (or "
                      "better) when one more project costs at the largest sizes at most 1.2× "
                      "what it costs at the smallest; a fixed start-up cost makes the fit "
                      "itself miss small N."}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ints = lambda s: sorted({int(x) for x in s.split(",") if x.strip()})  # noqa: E731
    parser.add_argument("--sizes", type=ints, default=[10, 100, 500],
                        help="workspace sizes (projects), comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per median (at most)")
    parser.add_argument("--full-budget", type=int, default=1000,
                        help="full builds: runs at size N = min(runs, budget // N)")
    parser.add_argument("--role-sizes", type=ints, default=[10, 100],
                        help="sizes at which the role-change rebuild is measured")
    parser.add_argument("--role-budget", type=int, default=100)
    parser.add_argument("--pandoc-sizes", type=ints, default=[10, 100],
                        help="sizes at which pandoc is measured")
    parser.add_argument("--pandoc-budget", type=int, default=500)
    parser.add_argument("--mem-interval", type=float, default=0.1,
                        help="seconds between samples of the process tree's memory")
    parser.add_argument("--quiet-wait", type=float, default=10.0,
                        help="before each series and each heavy run, wait up to this many "
                        "seconds for other processes to leave the CPU idle")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep the environment's PYTHONDONTWRITEBYTECODE as it is")
    parser.add_argument("--keep", action="store_true", help="keep the temp workspaces")
    parser.add_argument("--src", type=Path, help="measure the sggen package in SRC/sggen "
                        "(default: a snapshot of this repository's src/ taken at the start)")
    parser.add_argument("--out", type=Path, default=HERE / "results.md",
                        help="report; the samples go beside it as .json")
    parser.add_argument("--from-json", type=Path,
                        help="only rewrite the report from a results.json of an earlier run")
    args = parser.parse_args()
    if args.from_json:
        rerender(args)
        return
    if not shutil.which("pandoc"):
        log("pandoc is not installed (bench/setup.sh); the pandoc comparison is skipped")
    meta = machine()
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="sggen-bench-"))
    bench = Bench(args, tmp)
    try:
        base = baseline(bench)
        rows = [measure_size(bench, n) for n in args.sizes]
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    meta["seconds"] = time.perf_counter() - started
    meta["src_end"] = src_digest()
    meta["snapshot"] = bench.digest
    meta["command"] = " ".join(bench.base)
    meta["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
    meta["argv"] = sys.argv[1:]
    meta["src"] = str(args.src) if args.src else None
    meta["settings"] = {k: v for k, v in vars(args).items() if k not in ("out", "from_json")}
    text = report(meta, rows, base, args, bench)
    text += f"\nThe benchmark took {meta['seconds'] / 60:.1f} min.\n"
    args.out.write_text(text, "utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(
        {"meta": meta, "baseline": base, "rows": rows, "bugs": bench.bugs}, indent=1,
        default=str), "utf-8")
    print(text)
    log(f"wrote {args.out} and {args.out.with_suffix('.json')}")


def rerender(args) -> None:
    """Write the report again from the samples of an earlier run (after a report change)."""
    saved = json.loads(args.from_json.read_text("utf-8"))

    def tuples(value):
        if isinstance(value, dict):
            return {k: tuples(v) for k, v in value.items()}
        if isinstance(value, list) and value and all(isinstance(x, int) for x in value):
            return tuple(value)
        if isinstance(value, list):
            return [tuples(v) for v in value]
        return value

    rows = [tuples(r) for r in saved["rows"]]
    meta = saved["meta"]
    meta["loadavg_start"] = tuple(meta["loadavg_start"])
    meta.setdefault("argv", [])  # (runs before these were saved: the default command)
    if "--src" in meta["argv"]:
        meta.setdefault("src", meta["argv"][meta["argv"].index("--src") + 1])
    meta.setdefault("date", time.strftime("%Y-%m-%d %H:%M %Z",
                                          time.localtime(args.from_json.stat().st_mtime)))

    class Saved:
        bugs = saved["bugs"]
        base = [meta.get("command", "the console script next to the interpreter")]

    text = report(meta, rows, saved["baseline"], args, Saved)
    text += f"\nThe benchmark took {meta['seconds'] / 60:.1f} min.\n"
    args.out.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
