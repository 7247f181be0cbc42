"""The library is data: a new role and a new language need YAML only, never Python."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import deck_text, guide_text
from typer.testing import CliRunner

from sggen.cli import app
from sggen.workspace import NOT_ROLES

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "sggen"


def _add_language(value: object, lang: str) -> object:
    """Return `value` with every {fi, sv, en} text also given in `lang`."""
    if isinstance(value, dict):
        if {"fi", "sv", "en"} <= set(value) and all(isinstance(v, str) for v in value.values()):
            return {**value, lang: f"{value['en']} ·{lang}·"}
        return {k: _add_language(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [_add_language(v, lang) for v in value]
    return value


def test_a_custom_role_and_a_fourth_language_reach_both_documents(workspace):
    for path in [workspace / "sggen.yaml", *workspace.glob("roles/*/*.yaml"),
                 *workspace.glob("projects/*.yaml"), workspace / "templates" / "strings.yaml"]:
        data = _add_language(yaml.safe_load(path.read_text()), "de")
        if "languages" in data:  # the workspace's, and each project's own list
            data["languages"].append("de")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    role = {
        "id": "data-protection-officer", "order": 35, "term": "Data Protection Officer",
        "name": {"fi": "Tietosuojavastaava", "sv": "Dataskyddsombud", "en": "Data Protection "
                 "Officer", "de": "Datenschutzbeauftragter"},
        "purpose": {lang: f"Purpose {lang}" for lang in ("fi", "sv", "en", "de")},
        "on_board": True, "people": {"min": 0, "max": 1},
        "chart": {"row": "board", "side": True},
        "responsibilities": [{"id": "dpia", "text": {
            lang: f"Prüft die Folgenabschätzung {lang}" for lang in ("fi", "sv", "en", "de")}}],
        "tasks": [{"id": "approve-dpia", "at": "authorize-project", "text": {
            lang: f"Gibt die Datenschutzprüfung frei {lang}" for lang in ("fi", "sv", "en",
                                                                          "de")}}],
    }
    (workspace / "roles" / "prince2" / "data-protection-officer.yaml").write_text(
        yaml.safe_dump(role, allow_unicode=True))
    project = workspace / "projects" / "example.yaml"
    data = yaml.safe_load(project.read_text())
    data["people"]["data-protection-officer"] = {"name": "Dora Datenschutz"}
    project.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    runner = CliRunner()
    assert runner.invoke(app, ["validate", "-w", str(workspace)]).exit_code == 0
    result = runner.invoke(app, ["build", "-p", "example", "--lang", "de", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "example"
    deck, guide = deck_text(out / "deck.de.pptx"), guide_text(out / "guide.de.docx")
    for text in (deck, guide):
        assert "Datenschutzbeauftragter" in text
        assert "Dora Datenschutz" in text.replace("\u00a0", " ")
        assert "·de·" in text  # the library's and the templates' texts in the new language
    # the deck names each role once with its purpose; the guide gives its items in full
    assert "Purpose de" in deck
    assert "Prüft die Folgenabschätzung de" in guide
    assert "Gibt die Datenschutzprüfung frei de" in guide


def test_no_method_or_role_name_appears_in_python_code():
    names = set()
    for path in REPO.glob("roles/*/*.yaml"):
        data = yaml.safe_load(path.read_text())
        names.add(path.parent.name)
        if path.name not in NOT_ROLES:
            names.update({data["id"], data["term"]})
    code = "\n".join(p.read_text() for p in SRC.glob("*.py"))
    found = sorted(n for n in names if re.search(rf"[\"']{re.escape(n)}[\"']", code))
    assert not found, f"Python code names {found}; they belong in the library"
