"""Building projects: library changes reach every project, local changes only their own,
and outputs are rebuilt only when something they depend on changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import deck_text, guide_text
from pptx import Presentation

from sggen import pipeline, read

PROJECTS = ("example", "asukasportaali")  # the PRINCE2 projects


def run(ws: Path, *projects: str, **options) -> list[pipeline.Outcome]:
    request = pipeline.Request(list(projects), **options)
    return pipeline.run(read.workspace(ws), request)


def test_a_library_change_reaches_both_documents_of_every_project(workspace):
    role = workspace / "roles" / "prince2" / "executive.yaml"
    text = role.read_text()
    marker = "Varmistaa kokeellisesti, että muutos näkyy kaikissa projekteissa"
    assert "id: business-case" in text
    # Replace the Finnish text of the first responsibility.
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "id: business-case" in line)
    fi = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("fi:"))
    indent = lines[fi][: len(lines[fi]) - len(lines[fi].lstrip())]
    lines[fi] = f"{indent}fi: {marker}"
    # the deck's tile shows the responsibility's short form, the guide its text
    short = "Perustelu ja vastine rahalle"
    assert short in lines[at + 2]
    lines[at + 2] = lines[at + 2].replace(short, "Kokeellinen lyhyt muoto")
    role.write_text("\n".join(lines) + "\n")
    run(workspace, *PROJECTS)
    for project in PROJECTS:
        out = workspace / "output" / project
        assert "Kokeellinen lyhyt muoto" in deck_text(out / "deck.pptx"), project
        assert marker in guide_text(out / "guide.docx"), project


def test_a_local_addition_appears_only_in_its_own_project(workspace):
    import yaml

    project = yaml.safe_load((workspace / "projects" / "example.yaml").read_text())
    role, change = next((r, c) for r, c in project["changes"].items() if c.get("add"))
    added = " ".join(change["add"][0]["text"]["fi"].split())
    run(workspace, *PROJECTS)
    # the guide says it in the role's section, the deck in the presenter's notes of the members
    for kind, text in (("deck.pptx", deck_notes), ("guide.docx", guide_text)):
        assert added in text(workspace / "output" / "example" / kind), kind
        assert added not in text(workspace / "output" / "asukasportaali" / kind), kind


def deck_notes(path: Path) -> str:
    """Return the speaker notes of a deck, whitespace normalised."""
    prs = Presentation(str(path))
    return " ".join(" ".join(s.notes_slide.notes_text_frame.text for s in prs.slides).split())


def test_incremental_rebuilds_only_what_a_change_touches(workspace):
    everything = ["example", "asukasportaali", "pm2-example"]
    first = run(workspace, *everything)
    assert all(len(o.written) == 2 for o in first)
    again = run(workspace, *everything)
    assert all(not o.written and len(o.unchanged) == 2 for o in again)
    role = workspace / "roles" / "prince2" / "senior-user.yaml"
    role.write_text(role.read_text() + "\n# a comment changes the file's hash\n")
    after = {o.project: o for o in run(workspace, *everything)}
    assert len(after["example"].written) == 2
    assert len(after["asukasportaali"].written) == 2
    assert not after["pm2-example"].written  # the PM² pack did not change
    forced = run(workspace, "pm2-example", force=True)
    assert len(forced[0].written) == 2


def test_each_language_gets_its_own_file(workspace):
    outcomes = run(workspace, "example", languages=["fi", "sv", "en"])
    names = sorted(p.name for p in outcomes[0].written)
    assert names == ["deck.en.pptx", "deck.pptx", "deck.sv.pptx", "guide.docx",
                     "guide.en.docx", "guide.sv.docx"]
    out = workspace / "output" / "example"
    # the organisation chart's frame is titled with the board's name in each language
    assert "Styrgrupp" in deck_text(out / "deck.sv.pptx")
    assert "Project Board" in deck_text(out / "deck.en.pptx")
    assert "Ohjausryhmä" in deck_text(out / "deck.pptx")


def test_one_failing_project_does_not_stop_the_others(workspace):
    broken = workspace / "projects" / "broken.yaml"
    broken.write_text("name: x\ncustomer: {name: y, type: city-department}\npeople: {}\n")
    outcomes = {o.project: o for o in run(workspace, "broken", "example")}
    assert "people.executive is required" in outcomes["broken"].error
    assert len(outcomes["example"].written) == 2


def test_parallel_build_writes_every_project(workspace):
    outcomes = run(workspace, "example", "asukasportaali", "pm2-example", jobs=2)
    assert [len(o.written) for o in outcomes] == [2, 2, 2]
    for project in ("example", "asukasportaali", "pm2-example"):
        assert Presentation(str(workspace / "output" / project / "deck.pptx")).slides


def test_an_up_to_date_check_does_not_load_the_document_libraries(workspace):
    run(workspace, "example")
    code = (
        "import sys\nfrom pathlib import Path\nfrom sggen import pipeline\n"
        "from sggen import read\n"
        f"out = pipeline.run(read.workspace(Path({str(workspace)!r})), "
        "pipeline.Request(['example']))\n"
        "print(len(out[0].unchanged), sorted(m for m in ('pptx', 'docx') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "2 []"


def test_watch_rebuilds_when_an_input_changes(workspace):
    ws = read.workspace(workspace)
    reports: list = []
    role = workspace / "roles" / "prince2" / "executive.yaml"

    def stop() -> bool:
        # after the first build, change a role once; stop after the rebuild it causes
        if len(reports) == 1 and not role.read_text().endswith("# edited\n"):
            role.write_text(role.read_text() + "# edited\n")
        return len(reports) >= 2

    pipeline.watch(ws, pipeline.Request(["example"]), reports.append, stop, interval=0.01)
    first, second = reports
    assert len(first[0].written) == 2 and len(second[0].written) == 2


def test_watch_reports_a_broken_edit_and_goes_on(workspace):
    ws = read.workspace(workspace)
    reports: list = []
    project = workspace / "projects" / "example.yaml"
    good = project.read_text()

    def stop() -> bool:
        if len(reports) == 1:
            project.write_text(good + "\nunknown_key: 1\n")
        elif len(reports) == 2:
            project.write_text(good)
        return len(reports) >= 3

    pipeline.watch(ws, pipeline.Request(["example"]), reports.append, stop, interval=0.01)
    assert "unknown key 'unknown_key'" in str(reports[1])
    assert not isinstance(reports[2], Exception)


# --- what makes an output stale ---------------------------------------------------------------


def test_a_file_saved_during_a_build_makes_the_next_build_run(workspace, monkeypatch):
    from sggen.read import rules

    role = workspace / "roles" / "prince2" / "executive.yaml"
    original = rules.library

    def save_midway(*args, **kwargs):
        if not role.read_text().endswith("# saved\n"):
            role.write_text(role.read_text() + "# saved\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(rules, "library", save_midway)
    run(workspace, "example")
    monkeypatch.setattr(rules, "library", original)
    assert len(run(workspace, "example")[0].written) == 2


def test_any_template_file_and_the_build_time_are_inputs(workspace, monkeypatch):
    run(workspace, "example")
    (workspace / "templates" / "part.j2").write_text("{# included by a customised template #}")
    assert len(run(workspace, "example")[0].written) == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert len(run(workspace, "example")[0].written) == 2
    assert not run(workspace, "example")[0].written


def test_a_missing_markdown_file_is_rebuilt(workspace):
    run(workspace, "example", markdown=True)
    (workspace / "output" / "example" / "deck.md").unlink()
    written = {p.name for p in run(workspace, "example", markdown=True)[0].written}
    assert "deck.md" in written


def test_a_new_default_language_rebuilds_in_that_language(workspace):
    import yaml

    project = workspace / "projects" / "example.yaml"
    data = yaml.safe_load(project.read_text())
    data.pop("language", None)
    project.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    run(workspace, "example", formats=("deck",))
    config = workspace / "sggen.yaml"
    config.write_text(config.read_text().replace("language: fi", "language: en"))
    outcome = run(workspace, "example", formats=("deck",))[0]
    assert [p.name for p in outcome.written] == ["deck.pptx"]
    assert "Project Board" in deck_text(workspace / "output" / "example" / "deck.pptx")


def test_watch_reads_changed_settings(workspace):
    ws = read.workspace(workspace)
    reports: list = []
    config = workspace / "sggen.yaml"

    def stop() -> bool:
        if len(reports) == 1 and "Uusi organisaatio" not in config.read_text():
            config.write_text(config.read_text().replace(
                "fi: Kaupungin IT-palvelukeskus", "fi: Uusi organisaatio"))
        return len(reports) >= 2

    pipeline.watch(ws, pipeline.Request(["example"], formats=("deck",)), reports.append, stop,
                interval=0.01)
    assert "Uusi organisaatio" in deck_text(workspace / "output" / "example" / "deck.pptx")


def test_switching_the_markdown_on_and_off_does_not_keep_rebuilding(workspace):
    run(workspace, "example")
    written = {p.name for p in run(workspace, "example", markdown=True)[0].written}
    assert {"deck.md", "guide.md"} <= written  # the side files are made once…
    assert not run(workspace, "example", markdown=True)[0].written  # …then they are fresh
    assert not run(workspace, "example")[0].written  # and a plain build needs nothing


def test_a_parallel_portfolio_build_gives_the_same_bytes_as_a_serial_one(workspace):
    ws = read.workspace(workspace)
    projects = ws.project_ids()
    pipeline.run(ws, pipeline.Request(projects, output=workspace / "serial", jobs=1))
    pipeline.run(ws, pipeline.Request(projects, output=workspace / "parallel", jobs=2))
    serial = sorted(p.relative_to(workspace / "serial")
                    for p in (workspace / "serial").rglob("*") if p.is_file())
    assert len(serial) == 3 * len(projects)  # deck, guide and manifest of each
    for rel in serial:
        one, other = ((workspace / side / rel).read_bytes() for side in ("serial", "parallel"))
        if rel.name == pipeline.MANIFEST:  # the record of a build holds its files' times
            one, other = (_without_times(json.loads(data)) for data in (one, other))
        assert one == other, rel


def _without_times(manifest: dict) -> dict:
    for entry in manifest["outputs"].values():
        assert set(entry.pop("stats")) == set(entry["files"])
    return manifest


def test_validate_renders_the_templates_against_every_project(workspace):
    from typer.testing import CliRunner

    from sggen.cli import app

    template = workspace / "templates" / "guide.md.j2"
    # Compiles, but fails only when a project's data is rendered.
    template.write_text(template.read_text() + "\n{{ project.no_such_field }}\n")
    result = CliRunner().invoke(app, ["validate", "--workspace", str(workspace)])
    assert result.exit_code == 2, result.output
    assert "guide.md.j2:" in result.output and "no_such_field" in result.output


def test_the_libreoffice_profile_is_passed_as_a_file_url(tmp_path, monkeypatch):
    import tempfile

    seen = []
    folders = iter(["profile with space", "out"])

    class Folder:
        def __init__(self):
            self.path = tmp_path / next(folders)
            self.path.mkdir()

        def __enter__(self):
            return str(self.path)

        def __exit__(self, *exc):
            return False

    def fake_run(command, **kwargs):
        seen.append(command)
        outdir = Path(command[command.index("--outdir") + 1])
        (outdir / "guide.pdf").write_bytes(b"%PDF-1.7")

    from sggen.pipeline import pdf

    monkeypatch.setattr(pdf, "office", lambda: "soffice")
    monkeypatch.setattr(tempfile, "TemporaryDirectory", Folder)
    monkeypatch.setattr(pdf.subprocess, "run", fake_run)
    source = tmp_path / "guide.docx"
    source.write_bytes(b"x")
    assert pipeline.to_pdf([source]) == [tmp_path / "guide.pdf"]
    profile = (tmp_path / "profile with space").as_uri()
    assert f"-env:UserInstallation={profile}" in seen[0]
    assert "%20" in profile


def test_the_decks_pointers_into_the_guide_work_out_none_of_the_guides_warnings(monkeypatch):
    from conftest import REPO

    from sggen.formats import REGISTRY
    from sggen.formats.guide import writer
    from sggen.pipeline import assemble

    said = []
    monkeypatch.setattr(writer, "cautions", lambda *args: said.append(args) or [])
    ws = read.workspace(REPO)
    ((_, deck, _),) = assemble.documents(ws, "example", REGISTRY["deck"])
    assert deck.slides and not said  # the deck knows the guide's pages, not its warnings
    assemble.documents(ws, "example", REGISTRY["guide"])
    assert said  # the guide's own build still works them out
