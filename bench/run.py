"""Measure sggen against its performance targets, side by side with pandoc.

    python bench/run.py [--quick] [--src DIR] [--skip-largest] [--pairs K] [--portfolio N] ...

sggen runs from a snapshot of src/sggen (or of DIR/sggen with --src) as an installed sggen: its
bytecode and its own cache live in a temporary folder and are filled by a first, unmeasured
run. Four measurements, in this order:

1. Cold deck: after one warm-up of each, --pairs (15) alternating pairs of a new
   `sggen deck --project example --force` process and `pandoc --reference-doc
   templates/reference.pptx` on the deck.md sggen renders for that project, in a copy of the
   repository's workspace. Targets: sggen's median ≤ 0.30 s and ≤ 2× pandoc's.
2. Portfolio: in a workspace of --portfolio (50) projects (bench/synth.py), --portfolio-pairs
   (3) alternating pairs of `sggen build --all --force` into a fresh folder and pandoc
   converting all the Markdown `build --all --format md` writes for the same documents
   (deck.md to .pptx, guide.md and cards/*.md to .docx, with sggen's reference documents), one
   process per document, as many at once as there are cores. Target: per project ≤ 0.15× pandoc.
3. No-op: at each of --noop-sizes (100,1000), after one full build, --noop-runs (5) runs of
   `sggen build --all` that must print "0 built, N unchanged". Target: ≤ 0.2 s per 1,000 projects.
4. Memory: each full build of step 3, and one at each of --memory-sizes (100,2000), records the
   max RSS of its largest process (wait4) and the peak PSS of its process tree (sampled every
   --mem-interval s). Target: flat, the largest N's max RSS within 10 % of the smallest N's.

After each step the script writes bench/results.json (every sample) and bench/results.md (the
tables), so an interrupted run keeps what it measured. --quick (tiny sizes, 2 pairs) checks that
the script works, in 2-5 minutes, and writes bench/results-quick.{md,json} instead.

Duration of the default run on the idle 2-core machine of docs/performance.md: about 1 min,
plus about 3,300 project builds (50 × 4 in step 2, 100 + 1,000 + 2,000 in steps 3 and 4), plus
150 projects' worth of pandoc (2.0 s each). The sources of commit 1d0233e take about 1.3 s per
project in `build --all`, so the run takes about 78 min (34 with --skip-largest). At the
portfolio target (0.15× pandoc, 0.3 s per project) it takes about 23 min.
"""

from __future__ import annotations

import argparse
import importlib.metadata
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
SUMMARY = re.compile(r"(\d+) built, (\d+) unchanged, (\d+) failed")
DECK_S, DECK_RATIO, PORTFOLIO_RATIO, NOOP_PER_1000, MEMORY_GROWTH = 0.30, 1.5, 0.15, 0.2, 0.10


class Failed(Exception):
    """A measured command failed, or did other work than the measurement needs."""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cpu_busy() -> float:
    """Return the machine's busy CPU seconds since boot (all cores), from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait


def spread(values: list[float]) -> dict:
    """Return the minimum, quartiles and maximum of values."""
    q = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else values * 3
    return {"min": min(values), "q1": q[0], "median": q[1], "q3": q[2], "max": max(values)}


def median(samples: list[dict], key: str = "wall") -> float:
    return statistics.median(s[key] for s in samples)


class Bench:
    """Runs the sggen snapshot and pandoc; each run becomes a sample (a dict of numbers)."""

    def __init__(self, tmp: Path, src: Path | None):
        self.tmp = tmp
        self.cmd, self.env, self.digest = procs.snapshot(REPO, tmp, src)

    def sggen(self, *words: str, cwd: Path, sample: float | None = None) -> dict:
        return self.run([*self.cmd, *words], cwd, sample)

    def run(self, cmd: list[str], cwd: Path, sample: float | None = None) -> dict:
        busy = cpu_busy()
        result = procs.run(cmd, cwd=cwd, env=self.env, sample=sample)
        if result.rc:
            raise Failed(f"`{' '.join(cmd)}` exited {result.rc}:\n"
                         f"{(result.err or result.out)[-1500:]}")
        found = SUMMARY.search(result.out)
        got = {"wall": result.wall, "cpu": result.cpu, "maxrss_kb": result.maxrss_kb,
               "other_cores": other_cores(busy, result.cpu, result.wall),
               "summary": [int(x) for x in found.groups()] if found else None}
        if sample:
            got.update(peak_pss_kb=result.peak_pss_kb, processes=result.processes)
        return got

    def pandoc_all(self, tasks: list[tuple[Path, Path, Path]], cwd: Path) -> dict:
        """Run one pandoc per (markdown, reference, target), as many at once as there are
        cores; return the batch's wall time and its processes' summed CPU time."""
        for _, _, target in tasks:
            target.parent.mkdir(parents=True, exist_ok=True)
        cmds = [["pandoc", "--reference-doc", str(ref), "-o", str(target), str(md)]
                for md, ref, target in tasks]
        busy, start = cpu_busy(), time.perf_counter()
        with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
            runs = list(pool.map(lambda cmd: procs.run(cmd, cwd=cwd, env=self.env), cmds))
        wall = time.perf_counter() - start
        for run in runs:
            if run.rc:
                raise Failed(f"`{' '.join(run.cmd)}` exited {run.rc}:\n{run.err[-1500:]}")
        cpu = sum(run.cpu for run in runs)
        return {"wall": wall, "cpu": cpu, "maxrss_kb": max(run.maxrss_kb for run in runs),
                "other_cores": other_cores(busy, cpu, wall), "documents": len(runs)}


def other_cores(busy_before: float, cpu: float, wall: float) -> float:
    """Return how many cores other processes kept busy meanwhile: the machine's noise."""
    return max(0.0, (cpu_busy() - busy_before - cpu) / wall) if wall else 0.0


def documents(folder: Path) -> list[str]:
    """Return the .pptx and .docx files under folder, relative to it."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.suffix in (".pptx", ".docx"))


# --- the measurements -------------------------------------------------------------------------


def cold_deck(bench: Bench, pairs: int) -> dict:
    ws = bench.tmp / "deck-ws"
    for name in ("roles", "templates", "projects"):
        shutil.copytree(REPO / name, ws / name)
    shutil.copy2(REPO / "sggen.yaml", ws)
    md = bench.tmp / "deck-md"
    bench.sggen("deck", "--project", "example", "--format", "md", "--output", str(md), cwd=ws)
    out = bench.tmp / "deck-out"
    sggen = [*bench.cmd, "deck", "--project", "example", "--force", "--output", str(out)]
    pandoc = ["pandoc", "--reference-doc", "templates/reference.pptx",
              "-o", str(out / "pandoc-deck.pptx"), str(md / "example" / "deck.md")]
    bench.run(sggen, ws)  # warm-up: page cache, and pandoc's first start
    bench.run(pandoc, ws)
    found: dict = {"pairs": pairs, "sggen": [], "pandoc": []}
    for i in range(pairs):
        log(f"cold deck: pair {i + 1}/{pairs}")
        found["sggen"].append(bench.run(sggen, ws))
        found["pandoc"].append(bench.run(pandoc, ws))
    return found


def portfolio(bench: Bench, n: int, pairs: int) -> dict:
    ws = bench.tmp / "portfolio-ws"
    synth.make(ws, n)
    md = bench.tmp / "portfolio-md"
    log(f"portfolio: N={n}, the Markdown for pandoc (build --all --format md)")
    bench.sggen("build", "--all", "--force", "--format", "md", "--output", str(md), cwd=ws)
    out, converted = bench.tmp / "portfolio-out", bench.tmp / "portfolio-pandoc"
    tasks = []
    for path in sorted(md.rglob("*.md")):
        suffix = ".pptx" if path.name == "deck.md" else ".docx"
        tasks.append((path, ws / "templates" / f"reference{suffix}",
                      converted / path.relative_to(md).with_suffix(suffix)))
    found: dict = {"n": n, "pairs": pairs, "sggen": [], "pandoc": [], "same_documents": True}
    for i in range(pairs):
        log(f"portfolio: pair {i + 1}/{pairs}")
        run = bench.sggen("build", "--all", "--force", "--output", str(out), cwd=ws)
        if run["summary"] != [n, 0, 0]:
            raise Failed(f"build --all --force of {n} projects printed {run['summary']}")
        made = documents(out)
        run["documents"] = len(made)
        found["sggen"].append(run)
        shutil.rmtree(out)
        found["pandoc"].append(bench.pandoc_all(tasks, ws))
        found["same_documents"] &= made == documents(converted)
        shutil.rmtree(converted)
    return found


def scale(bench: Bench, n: int, noop_runs: int, interval: float) -> dict:
    """Return the memory of a full build of n projects and, with noop_runs, the no-op runs."""
    ws, out = bench.tmp / f"scale-{n}-ws", bench.tmp / f"scale-{n}-out"
    synth.make(ws, n)
    log(f"N={n}: build --all --force")
    found = {"n": n, "full": bench.sggen("build", "--all", "--force", "--output", str(out),
                                         cwd=ws, sample=interval), "noop": []}
    for i in range(noop_runs):
        log(f"N={n}: no-op build {i + 1}/{noop_runs}")
        run = bench.sggen("build", "--all", "--output", str(out), cwd=ws)
        if run["summary"] != [0, n, 0]:
            raise Failed(f"the no-op build of {n} projects printed {run['summary']}")
        found["noop"].append(run)
    shutil.rmtree(ws)
    shutil.rmtree(out)
    return found


# --- the report -------------------------------------------------------------------------------


def machine(bench: Bench) -> dict:
    with open("/proc/cpuinfo") as fh:
        cpu = next((line.split(":", 1)[1].strip() for line in fh
                    if line.startswith("model name")), "")
    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True, cwd=REPO).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "pandoc": pandoc.split("\n", 1)[0],
            "python-pptx": importlib.metadata.version("python-pptx"),
            "python-docx": importlib.metadata.version("python-docx"),
            "src_digest": bench.digest, "git": git, "sggen": " ".join(bench.cmd),
            "date": time.strftime("%Y-%m-%d %H:%M %Z"), "loadavg": os.getloadavg()}


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def mb(kb: float) -> str:
    return f"{kb * 1024 / 1e6:.0f} MB"


def spread_row(name: str, samples: list[dict]) -> str:
    s = spread([x["wall"] for x in samples])
    return (f"| {name} | {' | '.join(f'{s[k]:.3f}' for k in ('min', 'q1', 'median', 'q3', 'max'))}"
            f" | {median(samples, 'cpu'):.3f} | {median(samples, 'other_cores'):.2f} |")


def report(results: dict) -> str:
    m, settings = results["machine"], results["settings"]
    lines = ["# sggen against its performance targets", "",
             f"Command: `python bench/run.py {' '.join(settings['argv'])}`".rstrip() + "  ",
             f"Date: {m['date']}; the run took {results.get('minutes', 0):.1f} min  ",
             f"Machine: {m['cpu']}, {m['cores']} cores; load average at the start "
             f"{', '.join(f'{x:.2f}' for x in m['loadavg'])}  ",
             f"Software: Python {m['python']}, {m['pandoc']}, python-pptx {m['python-pptx']}, "
             f"python-docx {m['python-docx']}  ",
             f"Measured: sggen {'from ' + settings['src'] if settings['src'] else 'src/sggen'} "
             f"(digest {m['src_digest']}, workspace files from git {m['git']}), run as "
             f"`{m['sggen']}` with its bytecode and cache filled", "",
             "Times are wall-clock seconds; CPU is user+system of the whole process tree. "
             "`other cores`: the cores other processes kept busy meanwhile (noise; 1.0 = one "
             "core). MB = 10^6 bytes.", ""]
    rows, sections = [], []
    deck, folio, sized = results.get("cold_deck"), results.get("portfolio"), results["scale"]
    if deck:
        s, p = median(deck["sggen"]), median(deck["pandoc"])
        pair = statistics.median(a["wall"] / b["wall"]
                                 for a, b in zip(deck["sggen"], deck["pandoc"], strict=True))
        rows += [f"| cold `sggen deck --project example` ≤ {DECK_S:.2f} s | median {s:.3f} s | "
                 f"{verdict(s <= DECK_S)} |",
                 f"| cold deck ≤ {DECK_RATIO:g}× pandoc | ratio of medians {s / p:.2f} (pandoc "
                 f"{p:.3f} s); median of per-pair ratios {pair:.2f} | "
                 f"{verdict(s / p <= DECK_RATIO)} |"]
        sections += [f"## Cold deck: {deck['pairs']} alternating pairs", "",
                     "| command | min | q1 | median | q3 | max | CPU median | other cores |",
                     "|---|---|---|---|---|---|---|---|",
                     spread_row("`sggen deck --project example --force`", deck["sggen"]),
                     spread_row("`pandoc --reference-doc templates/reference.pptx` deck.md",
                                deck["pandoc"]), "",
                     f"sggen/pandoc: ratio of the medians {s / p:.2f}, median of the per-pair "
                     f"ratios {pair:.2f}.", ""]
    if folio:
        n, sg, pd = folio["n"], folio["sggen"], folio["pandoc"]
        wall, cpu = median(sg) / median(pd), median(sg, "cpu") / median(pd, "cpu")
        pairs = [a["wall"] / b["wall"] for a, b in zip(sg, pd, strict=True)]
        docs = f"{sg[0]['documents']} : {pd[0]['documents']}"
        rows.append(f"| portfolio build ≤ {PORTFOLIO_RATIO:g}× pandoc per project (N={n}) | "
                    f"{median(sg) / n:.3f} s vs {median(pd) / n:.3f} s per project: ratio "
                    f"{wall:.2f} (CPU {cpu:.2f}); documents {docs} | "
                    f"{verdict(wall <= PORTFOLIO_RATIO and folio['same_documents'])} |")
        sections += [f"## Portfolio: N={n}, {folio['pairs']} alternating pairs", "",
                     "| side | documents | wall median (min–max) | wall per project "
                     "| CPU per project | other cores |", "|---|---|---|---|---|---|"]
        for name, side in (("`sggen build --all --force`", sg),
                           (f"pandoc, one process per document, {m['cores']} at a time", pd)):
            s = spread([x["wall"] for x in side])
            sections.append(f"| {name} | {side[0]['documents']} | {s['median']:.2f} "
                            f"({s['min']:.2f}–{s['max']:.2f}) | {s['median'] / n:.3f} "
                            f"| {median(side, 'cpu') / n:.3f} | "
                            f"{median(side, 'other_cores'):.2f} |")
        sections += ["", f"sggen/pandoc per project: wall {wall:.2f}, CPU {cpu:.2f}; per-pair "
                     f"wall ratios {', '.join(f'{r:.2f}' for r in pairs)} (median "
                     f"{statistics.median(pairs):.2f}). The same documents on both sides: "
                     f"{'yes' if folio['same_documents'] else '**no**'}.", ""]
    noop = [r for r in sized if r["noop"]]
    if noop:
        sections += [f"## No-op rebuild: median of {len(noop[0]['noop'])} runs after a full "
                     "build", "", "| N | summary | median (min–max) | s per 1,000 projects |",
                     "|---|---|---|---|"]
        for r in noop:
            n, s = r["n"], spread([x["wall"] for x in r["noop"]])
            per = s["median"] * 1000 / n
            built, same, failed = r["noop"][0]["summary"]
            rows.append(f"| no-op rebuild ≤ {NOOP_PER_1000:g} s per 1,000 projects (N={n}) | "
                        f"{s['median']:.3f} s: {per:.2f} s per 1,000 | "
                        f"{verdict(per <= NOOP_PER_1000)} |")
            sections.append(f"| {n} | {built} built, {same} unchanged, {failed} failed | "
                            f"{s['median']:.3f} ({s['min']:.3f}–{s['max']:.3f}) | {per:.2f} |")
        if len(noop) > 1:
            a, b = noop[0], noop[-1]
            extra = (median(b["noop"]) - median(a["noop"])) / (b["n"] - a["n"]) * 1000
            sections += ["", f"From N={a['n']} to N={b['n']} the no-op grows by {extra:.3f} s "
                         "per 1,000 projects more; the rest is the fixed cost of a run."]
        sections.append("")
    if len(sized) > 1:
        small, large = sized[0], sized[-1]
        growth = large["full"]["maxrss_kb"] / small["full"]["maxrss_kb"] - 1
        rows.append(f"| largest process's memory flat from N={small['n']} to N={large['n']} "
                    f"(within {MEMORY_GROWTH:.0%}) | max RSS {mb(small['full']['maxrss_kb'])} "
                    f"→ {mb(large['full']['maxrss_kb'])} ({growth:+.1%}) | "
                    f"{verdict(growth <= MEMORY_GROWTH)} |")
    if sized:
        sections += ["## Memory of `sggen build --all --force`", "",
                     "`largest process`: the max RSS of the biggest single process (wait4, "
                     "exact). `tree PSS`: the highest sum of PSS over the live process tree, "
                     f"sampled every {settings['mem_interval']} s (pages shared after fork "
                     "counted once).", "",
                     "| N | wall | wall per project | CPU per project | processes "
                     "| largest process | tree PSS |", "|---|---|---|---|---|---|---|"]
        for r in sized:
            f = r["full"]
            sections.append(f"| {r['n']} | {f['wall']:.1f} | {f['wall'] / r['n']:.3f} "
                            f"| {f['cpu'] / r['n']:.3f} | {f['processes']} | "
                            f"{mb(f['maxrss_kb'])} | {mb(f['peak_pss_kb'])} |")
        sections.append("")
    lines += ["## Targets", "", "| target | measured | verdict |", "|---|---|---|", *rows, "",
              *sections]
    if results["failures"]:
        lines += ["## Failures", ""]
        for failure in results["failures"]:
            lines += ["```", failure.strip(), "```", ""]
    return "\n".join(lines)


def save(results: dict, out: Path) -> None:
    out.with_suffix(".json").write_text(json.dumps(results, indent=1), "utf-8")
    out.write_text(report(results), "utf-8")


# --- the command line -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes = lambda s: sorted({int(x) for x in s.split(",") if x.strip()})  # noqa: E731
    parser.add_argument("--pairs", type=int, default=15, help="cold deck: alternating pairs")
    parser.add_argument("--portfolio", type=int, default=50, help="portfolio: projects")
    parser.add_argument("--portfolio-pairs", type=int, default=3,
                        help="portfolio: alternating pairs")
    parser.add_argument("--noop-sizes", type=sizes, default=[100, 1000],
                        help="no-op: workspace sizes, comma-separated")
    parser.add_argument("--noop-runs", type=int, default=5, help="no-op: runs per median")
    parser.add_argument("--memory-sizes", type=sizes, default=[100, 2000],
                        help="memory: sizes measured besides the no-op sizes")
    parser.add_argument("--skip-largest", action="store_true",
                        help="leave out the largest memory size (the longest build)")
    parser.add_argument("--mem-interval", type=float, default=0.1,
                        help="seconds between samples of the process tree's PSS")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and 2 pairs, to check that the script works")
    parser.add_argument("--src", type=Path, help="measure the sggen package in SRC/sggen "
                        "(default: a snapshot of src/sggen taken at the start)")
    parser.add_argument("--out", type=Path, help="the report (default bench/results.md); the "
                        "samples go beside it as .json")
    parser.add_argument("--from-json", type=Path,
                        help="only write the report again from the .json of an earlier run")
    args = parser.parse_args()
    if args.from_json:
        out = args.out or args.from_json.with_suffix(".md")
        out.write_text(report(json.loads(args.from_json.read_text("utf-8"))), "utf-8")
        return
    if args.quick:
        args.pairs = args.portfolio_pairs = 2
        args.portfolio, args.noop_sizes, args.memory_sizes = 4, [4, 8], [4, 8]
    if args.skip_largest:
        args.memory_sizes = args.memory_sizes[:-1]
    out = args.out or HERE / ("results-quick.md" if args.quick else "results.md")
    if not shutil.which("pandoc"):
        raise SystemExit("pandoc is not installed: run bench/setup.sh")

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="sggen-bench-"))
    try:
        bench = Bench(tmp, args.src)
        results: dict = {
            "machine": machine(bench), "failures": [], "scale": [],
            "settings": {**{k: v for k, v in vars(args).items() if k not in ("out", "from_json")},
                         "src": str(args.src) if args.src else None, "argv": sys.argv[1:]}}

        def attempt(measure, *params):
            """Return what measure(*params) measured, or None after noting its failure."""
            try:
                return measure(*params)
            except Failed as exc:
                log(f"FAILED: {exc}")
                results["failures"].append(str(exc))
                return None
            finally:
                results["minutes"] = (time.perf_counter() - started) / 60

        results["cold_deck"] = attempt(cold_deck, bench, args.pairs)
        save(results, out)
        results["portfolio"] = attempt(portfolio, bench, args.portfolio, args.portfolio_pairs)
        save(results, out)
        for n in sorted({*args.noop_sizes, *args.memory_sizes}):
            runs = args.noop_runs if n in args.noop_sizes else 0
            row = attempt(scale, bench, n, runs, args.mem_interval)
            if row:
                results["scale"].append(row)
            save(results, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(out.read_text("utf-8"))
    log(f"wrote {out} and {out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
