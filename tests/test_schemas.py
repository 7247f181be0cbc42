"""The editor schemas: every shipped YAML file passes check-jsonschema (no false errors), and a
broken one gets a message that names what is allowed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ROLES = sorted(p for p in REPO.glob("roles/*/*.yaml")
               if p.name not in ("board.yaml", "strings.yaml"))
FILES = {
    "sggen": [REPO / "sggen.yaml"],
    "board": sorted(REPO.glob("roles/*/board.yaml")),
    "role": ROLES,
    "project": [*sorted(REPO.glob("projects/*.yaml")), REPO / "docs" / "minimal-project.yaml"],
    "strings": [REPO / "templates" / "strings.yaml", *sorted(REPO.glob("roles/*/strings.yaml"))],
}


def _check(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(REPO / "schemas" / f"{schema}.schema.json"), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("schema", sorted(FILES))
def test_every_shipped_file_passes_its_schema(schema) -> None:
    result = _check(schema, *FILES[schema])
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_misspelt_role_id_is_named_with_the_ids_allowed(tmp_path) -> None:
    text = (REPO / "projects" / "example.yaml").read_text()
    broken = tmp_path / "x.yaml"
    broken.write_text(text.replace("  senior-supplier:\n", "  seniour-supplier:\n", 1))
    result = _check("project", broken)
    assert result.returncode == 1
    assert "seniour-supplier" in result.stdout and "senior-supplier" in result.stdout
