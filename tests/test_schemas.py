"""The editor schemas: every shipped YAML file passes check-jsonschema (no false errors), and a
broken one gets a message that names what is allowed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WORKSPACES = (REPO, REPO / "tests" / "stress")  # the shipped one, and the one made hard
FILES = {
    "sggen": [w / "sggen.yaml" for w in WORKSPACES],
    "board": sorted(p for w in WORKSPACES for p in w.glob("roles/*/board.yaml")),
    "role": sorted(p for w in WORKSPACES for p in w.glob("roles/*/*.yaml")
                   if p.name not in ("board.yaml", "strings.yaml")),
    "project": [*sorted(p for w in WORKSPACES for p in w.glob("projects/*.yaml")),
                REPO / "docs" / "minimal-project.yaml"],
    "strings": sorted(p for w in WORKSPACES for p in
                      [*w.glob("templates/strings.yaml"), *w.glob("roles/*/strings.yaml")]),
}


def _check(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(REPO / "schemas" / f"{schema}.schema.json"), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("schema", sorted(FILES))
def test_every_shipped_file_passes_its_schema(schema) -> None:
    result = _check(schema, *FILES[schema])
    assert result.returncode == 0, result.stdout + result.stderr


def _properties(node: object, where: str = "$"):
    """Yield (path, schema) of every property that `node` and the schemas inside it define."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{where}.{key}" if key != "properties" else where)
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{where}[{i}]")


@pytest.mark.parametrize("schema", sorted(FILES))
def test_every_property_is_described(schema) -> None:
    document = json.loads((REPO / "schemas" / f"{schema}.schema.json").read_text())
    properties = list(_properties(document))
    assert not [path for path, sub in properties if not sub.get("description")]
    if schema == "strings":  # any key: each entry is described
        assert document["additionalProperties"]["description"]
    else:
        assert len(properties) > 5 and document["description"]


def test_a_text_shows_its_form_and_a_date_its_example() -> None:
    project = json.loads((REPO / "schemas" / "project.schema.json").read_text())
    name = project["properties"]["name"]
    assert name["description"] and {"fi", "en"} <= set(name["examples"][1])
    start = project["properties"]["stages"]["items"]["properties"]["start"]
    assert start["format"] == "date" and start["examples"] == ["2027-01-01"]
    assert "year-month-day" in start["description"]


def _broken(tmp_path: Path, *edits: tuple[str, str]) -> subprocess.CompletedProcess:
    text = (REPO / "projects" / "example.yaml").read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text)
    return _check("project", broken)


def test_a_misspelt_role_id_is_named_with_the_ids_allowed(tmp_path) -> None:
    result = _broken(tmp_path, ("  senior-supplier:\n", "  seniour-supplier:\n"))
    assert result.returncode == 1
    assert "$.people: 'seniour-supplier' is not one of [" in result.stdout
    assert "'senior-supplier'" in result.stdout and "'project-manager'" in result.stdout


def test_a_broken_project_gets_the_ids_allowed_and_where_a_date_is_not_one(tmp_path) -> None:
    result = _broken(tmp_path, ("start: 2027-01-18", "start: next spring"),
                     ("type: city-department", "type: city-dept"),
                     ("delegated_to: project-manager", "delegated_to: pm"),
                     ("method: prince2", "method: prince3"))
    assert result.returncode == 1
    out = result.stdout
    assert "$.stages[0].start: 'next spring' is not a 'date'" in out
    assert "$.customer.type: 'city-dept' is not one of ['city-department'," in out
    assert "$.change_authority.delegated_to: 'pm' is not one of ['board'," in out
    assert "$.method: 'prince3' is not one of ['pm2', 'prince2']" in out


def test_a_finnish_only_project_may_give_its_texts_in_finnish_alone(tmp_path) -> None:
    text = (REPO / "docs" / "minimal-project.yaml").read_text()
    project = tmp_path / "fi.yaml"
    project.write_text(text.replace("name: Uusi projekti", "name: {fi: Uusi projekti}"))
    assert "{fi: Uusi projekti}" in project.read_text()
    result = _check("project", project)
    assert result.returncode == 0, result.stdout


def test_the_schemas_refuse_the_tags_addresses_and_links_that_sggen_refuses(tmp_path) -> None:
    result = _broken(tmp_path, ("email: outi.saarinen@example.fi",
                                "email: 'outi.saarinen@example.fi\" x=\"1'"),
                     ("meetings:\n", "meetings:\n  url: http://meet.example.fi/board\n"))
    assert result.returncode == 1
    assert "$.people['corporate-management'].email: 'outi.saarinen@example.fi\" x=\"1' does " \
        "not match" in result.stdout
    assert "$.meetings.url: 'http://meet.example.fi/board' does not match" in result.stdout
    settings = tmp_path / "sggen.yaml"
    settings.write_text((REPO / "sggen.yaml").read_text()
                        + "locales: {fi: 'fi-FI\" b=\"1', sv: sv-FI}\n")
    result = _check("sggen", settings)
    assert result.returncode == 1
    assert "$.locales.fi: 'fi-FI\" b=\"1' does not match" in result.stdout
    assert "$.locales.sv" not in result.stdout


def test_the_schemas_know_the_projects_facts_and_numbers(tmp_path) -> None:
    result = _broken(tmp_path, ("running_per_year: 62000", "running_per_yer: 62000"),
                     ("    hours_per_month: 4\n", "    hours_per_month: four\n"),
                     ("limit_per_stage: {euros: 10000}", "limit_per_stage: {euros: -1}"),
                     ("      owner: Mikko Laaksonen\n", ""),
                     ("    end: 2027-06-18\n", "    end: 2027-06-18\n    procurement: yes\n"),
                     ("rhythm: {every: {months: 3}}", "rhythm: {every: {moths: 3}}"))
    assert result.returncode == 1
    out = result.stdout
    assert "$.budget" in out and "running_per_yer" in out
    assert "$.people.executive.hours_per_month: 'four' is not of type 'number'" in out
    assert "$.change_authority.limit_per_stage" in out
    assert "$.stages[1].procurement: 'yes' is not of type 'boolean'" in out
    assert "$.meetings.rhythm.every" in out and "moths" in out
    # a benefit's owner is optional: its absence is no error
    assert "owner" not in out
