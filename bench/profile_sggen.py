"""Profile where sggen's time goes: the cold deck and one project's build.

    python bench/profile_sggen.py [--runs 5]

Writes bench/profile.md (tables) and, when pyinstrument is installed, bench/profile-deck.txt and
bench/profile-build.txt (call trees). It measures:
  1. the cold `sggen deck --project example` split into interpreter start, imports and work:
     `python -X importtime` (import self-time summed per top-level package, median of runs) and
     cProfile of the whole command;
  2. one project's build in a warm process (imports done, as in a `build --all` worker): the
     unprofiled wall time per project, cProfile by sggen function and by package, and a
     pyinstrument call tree.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib.util
import io
import json
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
STDLIB = set(sys.stdlib_module_names)


def wall(cmd, env, cwd) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


# --- 1. the cold deck --------------------------------------------------------------------------


def importtime(ws: Path, env: dict, runs: int) -> dict:
    """Return import self-time per top-level package (median over runs, ms) and totals."""
    per_run = []
    for i in range(runs):
        cmd = [sys.executable, "-X", "importtime", "-m", "sggen", "deck", "--project", "example",
               "--output", str(ws / f"it{i}")]
        done = subprocess.run(cmd, env=env, cwd=ws, capture_output=True, text=True, check=True)
        by_pkg: dict[str, float] = defaultdict(float)
        top: dict[str, float] = {}
        for line in done.stderr.splitlines():
            found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
            if not found:
                continue
            self_us, cum_us, indent, name = found.groups()
            root = name.split(".")[0]
            group = "stdlib" if root in STDLIB or root.startswith("_") else root
            by_pkg[group] += int(self_us) / 1000
            if not indent:  # imported by the program itself, not by another import
                top[name] = top.get(name, 0) + int(cum_us) / 1000
        per_run.append((by_pkg, top))
    groups = {k for by, _ in per_run for k in by}
    tops = {k for _, top in per_run for k in top}
    return {
        "packages": {k: statistics.median(by.get(k, 0) for by, _ in per_run) for k in groups},
        "top": {k: statistics.median(top.get(k, 0) for _, top in per_run) for k in tops},
        "total": statistics.median(sum(by.values()) for by, _ in per_run),
    }


def cold(args: list[str], result: Path) -> None:
    """Profile one whole sggen command, imports included (runs in a child)."""
    prof = cProfile.Profile()
    sys.argv = ["sggen", *args]
    prof.enable()
    try:
        from sggen.cli import main

        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main()
    finally:
        prof.disable()
    prof.dump_stats(str(result))


def cprofile_command(args: list[str], ws: Path, env: dict, out: Path) -> pstats.Stats:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--cold", str(out), "--", *args]
    subprocess.run(cmd, env=env, cwd=ws, check=True, capture_output=True)
    return pstats.Stats(str(out))


# --- 2. one project in a warm process (in a child: profile_sggen.py --steady) ---------------


def steady(ws: Path, ids: list[str], out: Path, result: Path) -> None:
    """Build projects one by one through the CLI entry point in this process; time and profile."""
    from sggen.cli import main

    def build(pid: str) -> None:
        sys.argv = ["sggen", "build", "--project", pid, "--force", "--workspace", str(ws),
                    "--output", str(out)]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main()

    build(ids[0])  # warm-up: the imports, the document libraries included
    third = max(1, (len(ids) - 1) // 3)
    timed, profiled, sampled = ids[1:1 + third], ids[1 + third:1 + 2 * third], ids[1 + 2 * third:]
    walls, cpus = [], []
    for pid in timed:
        start, cpu = time.perf_counter(), time.process_time()
        build(pid)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    prof = cProfile.Profile()
    prof.enable()
    for pid in profiled:
        build(pid)
    prof.disable()
    prof.dump_stats(str(result.with_suffix(".prof")))
    tree = ""
    try:
        from pyinstrument import Profiler
    except ImportError:
        pass
    else:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for pid in sampled:
            build(pid)
        profiler.stop()
        tree = profiler.output_text(unicode=True, color=False, show_all=False)
    result.write_text(json.dumps({"walls": walls, "cpus": cpus, "projects": timed,
                                  "profiled": len(profiled), "sampled": len(sampled),
                                  "tree": tree}))


# --- reading cProfile stats --------------------------------------------------------------------


def package_of(key: tuple) -> str:
    """Return the package a cProfile entry belongs to (for built-ins: the C module's name)."""
    file, _, func = key
    if file == "~":  # a built-in: "<method 'xpath' of 'lxml.etree._Element' objects>"
        found = re.search(r"of '([\w.]+)'", func) or re.search(r"built-in method ([\w.]+)", func)
        name = found.group(1) if found else func
        root = name.split(".")[0]
        if root in (name, "builtins"):
            return "builtins (str, dict, list…)"
        return f"stdlib {root}" if root in STDLIB or root.startswith("_") else root
    if file.endswith(".j2"):
        return "templates (jinja2-compiled)"
    parts = Path(file).parts
    for marker in ("site-packages", "src"):
        if marker in parts:
            return parts[parts.index(marker) + 1].removesuffix(".py")
    if "frozen" in file:
        return "stdlib importlib"
    stem = Path(file).stem if Path(file).stem != "__init__" else Path(file).parent.name
    return f"stdlib {stem}" if "/lib/python" in file else stem


def stats_tables(stats: pstats.Stats, per: int = 1) -> dict:
    """Return totals, sggen functions by cumulative time and packages by self time (seconds)."""
    raw = stats.stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    total = max(ct for (_, _, _, ct, _) in raw.values())
    imports = max((ct for key, (_, _, _, ct, _) in raw.items()
                   if key[2] == "_find_and_load"), default=0.0)
    sggen_funcs = []
    for key, (_, nc, tt, ct, _) in raw.items():
        if "/sggen/" in key[0] and ct >= 0.01 * total:
            sggen_funcs.append((f"{Path(key[0]).stem}.{key[2]}", nc / per, tt / per, ct / per))
    sggen_funcs.sort(key=lambda x: -x[3])
    by_pkg: dict[str, float] = defaultdict(float)
    for key, (_, _, tt, _, _) in raw.items():
        by_pkg[package_of(key)] += tt / per
    top_self = sorted(((tt / per, nc / per, f"{package_of(k)}: {Path(k[0]).name}:{k[1]}"
                        f"({k[2]})" if k[0] != "~" else f"{k[2]}")
                       for k, (_, nc, tt, _, _) in raw.items()), reverse=True)[:15]
    return {"total": total / per, "imports": imports / per, "sggen": sggen_funcs,
            "packages": dict(sorted(by_pkg.items(), key=lambda kv: -kv[1])), "self": top_self}


# --- report ------------------------------------------------------------------------------------


def table_sggen(rows, total) -> list[str]:
    lines = ["| sggen function | calls | self s | cumulative s | share |", "|---|---|---|---|---|"]
    for name, nc, tt, ct in rows[:18]:
        lines.append(f"| `{name}` | {nc:.0f} | {tt:.3f} | {ct:.3f} | {ct / total:.0%} |")
    return lines


def table_packages(packages, total, limit=10) -> list[str]:
    lines = ["| package | self s | share |", "|---|---|---|"]
    for name, tt in list(packages.items())[:limit]:
        lines.append(f"| {name} | {tt:.3f} | {tt / total:.0%} |")
    return lines


def table_self(rows) -> list[str]:
    lines = ["| function | self s | calls |", "|---|---|---|"]
    for tt, nc, name in rows[:12]:
        lines.append(f"| `{name.replace('|', '/')}` | {tt:.3f} | {nc:.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=int, default=19, help="projects in the warm loop")
    parser.add_argument("--steady", nargs=3, metavar=("WS", "OUT", "RESULT"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--cold", metavar="RESULT", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=HERE / "profile.md")
    parser.add_argument("--src", type=Path, help="profile the sggen package in SRC/sggen "
                        "(default: a snapshot of this repository's src/)")
    args = parser.parse_args()
    if args.cold:
        cold(args.rest, Path(args.cold))
        return
    if args.steady:
        ws, out, result = (Path(p) for p in args.steady)
        steady(ws, args.ids.split(","), out, result)
        return

    import procs
    import synth  # here, not at the top: the --cold child must import yaml inside the profile

    tmp = Path(tempfile.mkdtemp(prefix="sggen-profile-"))
    try:
        ws = tmp / "ws"
        ids = synth.make(ws, args.projects + 1)
        base, env, digest = procs.snapshot(HERE.parent, tmp, args.src)
        sggen_cmd = lambda: list(base)  # noqa: E731
        deck = ["deck", "--project", "example"]
        subprocess.run(sggen_cmd() + deck + ["--output", str(tmp / "warm")], env=env, cwd=ws,
                       check=True, capture_output=True)  # fills the bytecode cache
        print("timing the start-up floor and the cold deck", file=sys.stderr)
        floor = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import sggen.cli (typer)": [sys.executable, "-c", "import sggen.cli"],
            "sggen --help": sggen_cmd() + ["--help"],
            # every pipeline module, and every registered format's writer
            "import the whole pipeline": [sys.executable, "-c",
                                          "import sggen.cli, sggen.pipeline.portfolio, "
                                          "sggen.pipeline.project, sggen.formats as f; "
                                          "[f.get(n).writer() for n in f.REGISTRY]"],
        }
        floors = {k: statistics.median(wall(c, env, ws) for _ in range(args.runs))
                  for k, c in floor.items()}
        floors["sggen deck --project example"] = statistics.median(
            wall(sggen_cmd() + deck + ["--output", str(tmp / f"d{i}")], env, ws)
            for i in range(args.runs))
        print("python -X importtime", file=sys.stderr)
        imp = importtime(ws, env, args.runs)
        print("cProfile of the cold deck", file=sys.stderr)
        deck_stats = stats_tables(cprofile_command(deck + ["--output", str(tmp / "cp")], ws, env,
                                                   tmp / "deck.prof"))
        if importlib.util.find_spec("pyinstrument"):
            subprocess.run(
                [sys.executable, "-m", "pyinstrument", "-r", "text", "--no-color", "--unicode",
                 "-i", "0.0005", "-o", str(HERE / "profile-deck.txt"), "-m", "sggen", *deck,
                 "--output", str(tmp / "pi")], env=env, cwd=ws, capture_output=True, check=True)
        print("one project in a warm process", file=sys.stderr)
        order = ids["prince2"][1:] + ids["prince2"][:1]  # 'example' is the warm-up project
        order = [order[-1]] + order[:-1]
        result = tmp / "steady.json"
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--steady", str(ws),
                        str(tmp / "steady-out"), str(result), "--ids", ",".join(order)],
                       env=env, check=True)
        warm = json.loads(result.read_text())
        build_stats = stats_tables(pstats.Stats(str(result.with_suffix(".prof"))),
                                   per=warm["profiled"])
        if warm["tree"]:
            (HERE / "profile-build.txt").write_text(warm["tree"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    per_project = statistics.median(warm["walls"])
    lines = ["# Where sggen's time goes", "",
             f"Command: `python bench/profile_sggen.py {' '.join(sys.argv[1:])}`".rstrip() + "  ",
             f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}; Python {sys.version.split()[0]}; "
             f"bytecode cached; medians of {args.runs} runs unless stated; a snapshot of "
             f"src/sggen (digest {digest}).", "",
             "## 1. Cold `sggen deck --project example`", "",
             "| step (each a new process) | wall s |", "|---|---|"]
    lines += [f"| `{k}` | {v:.3f} |" for k, v in floors.items()]
    lines += ["", f"`python -X importtime`: {imp['total'] / 1000:.3f} s of imports in the cold "
              "deck (importtime's own overhead included), self time summed per package:", "",
              "| package | import ms | share of imports |", "|---|---|---|"]
    for name, ms in sorted(imp["packages"].items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"| {name} | {ms:.0f} | {ms / imp['total']:.0%} |")
    lines += ["", "Imports made by sggen itself (cumulative, ms):", "",
              "| import | ms |", "|---|---|"]
    for name, ms in sorted(imp["top"].items(), key=lambda kv: -kv[1])[:10]:
        lines.append(f"| `{name}` | {ms:.0f} |")
    lines += ["", f"cProfile of the whole command (the profiler's overhead inflates "
              "Python-heavy code): "
              f"{deck_stats['total']:.3f} s, of which imports {deck_stats['imports']:.3f} s "
              f"({deck_stats['imports'] / deck_stats['total']:.0%}). sggen functions by "
              "cumulative time (lazy imports inside a function count in its time):", ""]
    lines += table_sggen(deck_stats["sggen"], deck_stats["total"])
    lines += ["", "Self time by package:", ""]
    lines += table_packages(deck_stats["packages"], deck_stats["total"])
    lines += ["", "## 2. One project's build (deck + guide) in a warm process", "",
              "As in a `build --all` worker: imports done, each project a `sggen build --project "
              "ID --force` through the CLI entry point in the same process.", "",
              f"Unprofiled, per project: wall median {per_project:.3f} s "
              f"(min {min(warm['walls']):.3f}, max {max(warm['walls']):.3f}), CPU median "
              f"{statistics.median(warm['cpus']):.3f} s ({len(warm['walls'])} projects).", "",
              f"cProfile, per project (mean of {warm['profiled']}): "
              f"{build_stats['total']:.3f} s under the profiler.", ""]
    lines += table_sggen(build_stats["sggen"], build_stats["total"])
    lines += ["", "Self time by package, per project:", ""]
    lines += table_packages(build_stats["packages"], build_stats["total"], 14)
    lines += ["", "Top functions by self time, per project:", ""]
    lines += table_self(build_stats["self"])
    if warm["tree"]:
        lines += ["", f"pyinstrument call tree of {warm['sampled']} projects: "
                  "bench/profile-build.txt; of the cold deck: bench/profile-deck.txt."]
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
