"""Governance rails: what a project may not weaken, what it is warned about, and the library's
life cycle seen from a build (change reports, no stale side files)."""

from __future__ import annotations

from pathlib import Path

from conftest import all_shapes
from typer.testing import CliRunner

from sggen.cli import app

runner = CliRunner()


def _run(workspace: Path, *args: str):
    return runner.invoke(app, [*args, "--workspace", str(workspace)])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_workspace_validates_strictly(workspace) -> None:
    result = _run(workspace, "validate", "--strict")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_an_unset_tolerance_warns_and_strict_fails(workspace) -> None:
    project = workspace / "projects" / "example.yaml"
    lines = project.read_text().splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("  sustainability:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    project.write_text("".join(lines[:start] + lines[end:]))
    relaxed = _run(workspace, "validate")
    assert relaxed.exit_code == 0, relaxed.output
    line = next(ln for ln in relaxed.output.splitlines() if "sustainability" in ln)
    assert "example.yaml:" in line and "warning: tolerance 'sustainability' is not set" in line
    strict = _run(workspace, "validate", "--strict")
    assert strict.exit_code == 2 and "sustainability" in strict.output
    build = _run(workspace, "deck", "--project", "example", "--strict")
    assert build.exit_code == 2 and not (workspace / "output" / "example").exists()


def test_a_discouraged_combination_is_a_located_warning(workspace) -> None:
    project = workspace / "projects" / "example.yaml"
    _edit(project, "    name: Jari Nieminen", "    name: Helena Korhonen")
    result = _run(workspace, "validate")
    assert result.exit_code == 0, result.output
    assert "warning: Helena Korhonen is both executive and senior-supplier" in result.output


def test_a_meeting_outside_the_stages_and_a_stage_without_one_warn(workspace) -> None:
    project = workspace / "projects" / "example.yaml"
    _edit(project, "2027-09-30, 2027-12-14]", "2027-12-14, 2029-06-01]")
    result = _run(workspace, "validate")
    assert "meeting date 2029-06-01 is outside the project's span" in result.output
    assert "no board meeting at the end of the stage that ends 2027-09-29" in result.output


def test_a_library_edit_is_reported_as_a_content_change_per_project(workspace) -> None:
    assert _run(workspace, "build", "--all").exit_code == 0
    role = workspace / "roles" / "prince2" / "executive.yaml"
    text = role.read_text()
    at = text.index("  - id: business-case")
    fi = text.index("      fi: ", at) + len("      fi: ")
    role.write_text(text[:fi] + "Yhä " + text[fi:])
    result = _run(workspace, "build", "--all")
    assert result.exit_code == 0, result.output
    report = [ln for ln in result.output.splitlines() if "reworded" in ln]
    assert report == [
        "asukasportaali: executive.business-case reworded; cards, deck, guide rebuilt",
        "example: executive.business-case reworded; cards, deck, guide rebuilt"]
    assert "pm2-example" not in result.output.split("unchanged")[-1]


def test_a_rebuild_leaves_no_side_file_from_an_earlier_run(workspace) -> None:
    folder = workspace / "output" / "example"
    assert _run(workspace, "deck", "--project", "example", "--format", "md").exit_code == 0
    assert (folder / "deck.md").is_file()
    assert _run(workspace, "invite", "--project", "example").exit_code == 0
    assert (folder / "invite.ics").is_file()
    assert _run(workspace, "build", "--project", "example", "--force").exit_code == 0
    assert (folder / "invite.ics").is_file()  # the same deck again: what it attached holds
    # the code is on every slide's footer: the deck changes, so the invitation that carried it goes
    _edit(workspace / "projects" / "example.yaml", "code: IT-2027-021", "code: IT-2027-022")
    assert _run(workspace, "deck", "--project", "example").exit_code == 0
    assert not (folder / "deck.md").exists()  # not asked for again: the old text goes
    assert not (folder / "invite.ics").exists()  # it carried the old deck
    again = _run(workspace, "invite", "--project", "example")
    assert again.exit_code == 0 and (folder / "invite.ics").is_file()


def test_a_free_item_can_be_dropped_and_a_required_one_cannot(workspace) -> None:
    import yaml
    from pptx import Presentation

    role = yaml.safe_load((workspace / "roles" / "prince2" / "senior-supplier.yaml").read_text())
    free = next(i for i in role["responsibilities"] if not i.get("required"))
    locked = next(i for i in role["responsibilities"] if i.get("required"))
    project = workspace / "projects" / "example.yaml"
    original = project.read_text()
    project.write_text(original.replace("changes:\n", "changes:\n  senior-supplier:\n"
                                        f"    drop: [{free['id']}]\n", 1))
    assert _run(workspace, "deck", "--project", "example").exit_code == 0
    deck = Presentation(str(workspace / "output" / "example" / "deck.pptx"))
    shown = " ".join(sh.text_frame.text for s in deck.slides for sh in all_shapes(s.shapes)
                     if sh.has_text_frame)
    assert " ".join(free["text"]["fi"].split())[:50] not in " ".join(shown.split())
    project.write_text(original.replace("changes:\n", "changes:\n  senior-supplier:\n"
                                        f"    drop: [{locked['id']}]\n", 1))
    result = _run(workspace, "validate")
    assert result.exit_code == 2
    assert f"senior-supplier.{locked['id']} is required and cannot be dropped" in result.output
    assert "senior-supplier.yaml marks it required" in result.output


def test_an_item_a_project_drops_is_listed_in_the_guide_as_removed(workspace) -> None:
    import yaml
    from docx import Document as open_docx

    role = yaml.safe_load((workspace / "roles" / "prince2" / "senior-supplier.yaml").read_text())
    free = next(i for i in role["responsibilities"] if not i.get("required"))
    project = workspace / "projects" / "example.yaml"
    project.write_text(project.read_text().replace(
        "changes:\n", f"changes:\n  senior-supplier:\n    drop: [{free['id']}]\n", 1))
    assert _run(workspace, "guide", "--project", "example").exit_code == 0
    doc = open_docx(str(workspace / "output" / "example" / "guide.docx"))
    # the appendix of this project's changes: role, change, duty
    changes = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Vastuu tai tehtävä")
    rows = [[" ".join(c.text.split()) for c in row.cells] for row in changes.rows[1:]]
    assert ["Toimittajan edustaja", "poistettu", " ".join(free["text"]["fi"].split())] in rows
