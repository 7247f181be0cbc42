"""Make a synthetic sggen workspace of N projects from the repository's own example projects."""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PRINCE2_SEEDS = ("example", "asukasportaali")
PM2_SEED = "pm2-example"

FIRST = ("Aino", "Eero", "Helmi", "Ilkka", "Johanna", "Kalle", "Leena", "Matti", "Noora", "Olli",
         "Paula", "Risto", "Satu", "Tapio", "Ulla", "Veikko", "Anna", "Erik", "Ingrid", "Lars",
         "Maria", "Nils", "Sofia", "Oskar")
LAST = ("Aaltonen", "Berg", "Eskola", "Grönroos", "Hakala", "Ikonen", "Jokinen", "Kettunen",
        "Lindqvist", "Manninen", "Nurmi", "Ojala", "Peltonen", "Rautio", "Sjöberg", "Tuominen",
        "Uusitalo", "Vesterinen", "Wikström", "Ylönen")


def pm2_count(n: int) -> int:
    """Return how many of n projects are PM² projects: a few, never all."""
    return min(max(2, n // 25), n - 1)


def make(root: Path, n: int, seed: int = 5) -> dict:
    """Create a workspace of n projects under root; return {'prince2': [...], 'pm2': [...]}.

    The repository's example project keeps its id 'example' (for `sggen deck --project
    example`); the others are copies of the seed projects with their own name, code and people.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "sggen.yaml", root / "sggen.yaml")
    for folder in ("roles", "templates"):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)
    projects = root / "projects"
    projects.mkdir(exist_ok=True)
    seeds = {name: yaml.safe_load((REPO / "projects" / f"{name}.yaml").read_text("utf-8"))
             for name in (*PRINCE2_SEEDS, PM2_SEED)}
    rng = random.Random(seed)
    n_pm2 = pm2_count(n)
    ids: dict[str, list[str]] = {"prince2": [], "pm2": []}
    shutil.copy2(REPO / "projects" / "example.yaml", projects / "example.yaml")
    ids["prince2"].append("example")
    for k in range(1, n - n_pm2):
        base = PRINCE2_SEEDS[k % len(PRINCE2_SEEDS)]
        pid = f"p{k:04d}-{base}"
        _write(projects / f"{pid}.yaml", _vary(seeds[base], k, rng))
        ids["prince2"].append(pid)
    for k in range(n_pm2):
        pid = f"pm2-{k:03d}"
        _write(projects / f"{pid}.yaml", _vary(seeds[PM2_SEED], 1000 + k, rng))
        ids["pm2"].append(pid)
    return ids


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    "utf-8")


def _vary(seed: dict, k: int, rng: random.Random) -> dict:
    """Return a copy of a seed project with its own name, code and people."""
    data = copy.deepcopy(seed)
    name = data.get("name")
    if isinstance(name, dict):
        data["name"] = {lang: f"{text} {k}" for lang, text in name.items()}
    elif isinstance(name, str):
        data["name"] = f"{name} {k}"
    data["code"] = f"IT-2027-{k:04d}"
    renamed: dict[str, tuple[str, str]] = {}  # one person in two roles stays one person
    # distinct people get distinct names: two roles that may not be combined must not meet
    names = iter(rng.sample([(f, last) for f in FIRST for last in LAST], 60))

    def person(entry):
        if not isinstance(entry, dict) or "email" not in entry or "name" not in entry:
            return
        old = entry["name"]
        if old not in renamed:
            first, last = next(names)
            email = f"{first}.{last}.{k}@example.fi".lower()
            email = email.translate(str.maketrans("äöå", "aoa"))
            renamed[old] = (f"{first} {last}", email)
        entry["name"], entry["email"] = renamed[old]

    for value in (data.get("people") or {}).values():
        for entry in value if isinstance(value, list) else [value]:
            person(entry)
    return data
