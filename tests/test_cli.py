"""The command line through typer's CliRunner: help, writing, errors, init and schemas."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import all_shapes
from docx import Document as open_docx
from pptx import Presentation
from typer.testing import CliRunner

from sggen.cli import app

runner = CliRunner()
COMMANDS = [["deck"], ["guide"], ["build"], ["watch"], ["serve"], ["list"], ["validate"], ["init"],
            ["schema"], ["template", "check"]]


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Example: sggen" in result.output


def test_build_writes_both_documents_and_prints_their_paths(workspace):
    result = invoke("build", "--project", "example", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    deck = workspace / "output" / "example" / "deck.pptx"
    guide = workspace / "output" / "example" / "guide.docx"
    assert f"wrote {deck}" in result.output or "deck.pptx" in result.output
    assert Presentation(str(deck)).slides
    assert open_docx(str(guide)).paragraphs


def test_lang_selects_the_language_and_keeps_the_own_language_file(workspace):
    out = workspace / "output" / "example"
    assert invoke("deck", "-p", "example", "-w", str(workspace)).exit_code == 0
    result = invoke("deck", "-p", "example", "--lang", "en", "-w", str(workspace))
    assert result.exit_code == 0, result.output
    finnish = Presentation(str(out / "deck.pptx")).slides[0].shapes.title.text
    english = Presentation(str(out / "deck.en.pptx")).slides[0].shapes.title.text
    assert finnish != english
    titles = " ".join(s.shapes.title.text for s in Presentation(str(out / "deck.en.pptx")).slides)
    assert "Today we decide" in titles and "Decision point" in titles


def test_a_second_build_reports_the_output_unchanged(workspace):
    assert invoke("build", "-p", "example", "-w", str(workspace)).exit_code == 0
    again = invoke("build", "-p", "example", "-w", str(workspace))
    assert again.exit_code == 0
    assert "0 built, 1 unchanged" in again.output
    forced = invoke("build", "-p", "example", "--force", "-w", str(workspace))
    assert "wrote" in forced.output


def test_an_output_touched_is_kept_and_one_changed_is_built_again(workspace):
    import os

    assert invoke("build", "-p", "example", "-w", str(workspace)).exit_code == 0
    out = workspace / "output" / "example"
    deck, guide = out / "deck.pptx", out / "guide.docx"
    os.utime(deck, ns=(1, 1))  # the same bytes, copied back with another time
    assert "0 built, 1 unchanged" in invoke("build", "-p", "example", "-w",
                                            str(workspace)).output
    stamp = guide.stat().st_mtime_ns
    guide.write_bytes(guide.read_bytes()[:-10])  # cut short, its time set back as it was
    os.utime(guide, ns=(stamp, stamp))
    again = invoke("build", "-p", "example", "-w", str(workspace))
    assert "wrote" in again.output and "guide.docx" in again.output, again.output
    assert zipfile.is_zipfile(guide)


def test_unknown_project_is_one_line_with_a_hint_and_exit_2(workspace):
    result = invoke("deck", "--project", "exampel", "-w", str(workspace))
    assert result.exit_code == 2
    assert "no project 'exampel'" in result.output
    assert "did you mean 'example'?" in result.output
    assert "Traceback" not in result.output
    assert not (workspace / "output").exists()


def test_project_and_all_together_are_refused(workspace):
    result = invoke("build", "--project", "example", "--all", "-w", str(workspace))
    assert result.exit_code == 2
    assert "either --project ID or --all" in result.output


def test_a_language_the_project_lacks_is_refused(workspace):
    result = invoke("deck", "-p", "example", "--lang", "de", "-w", str(workspace))
    assert result.exit_code == 2
    assert "'de'" in result.output


def test_missing_workspace_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 2
    assert "no sggen.yaml" in result.output and "sggen init" in result.output


def test_list_shows_projects_and_roles(workspace):
    result = invoke("list", "-w", str(workspace))
    assert result.exit_code == 0
    assert "example" in result.output and "executive" in result.output
    assert "project-owner" in result.output  # the PM² pack


def test_validate_is_clean_on_the_shipped_workspace():
    result = invoke("validate", "-w", str(Path(__file__).resolve().parent.parent))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_init_scaffolds_a_workspace_that_builds(tmp_path):
    target = tmp_path / "pmo"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "sggen.yaml").is_file() and (target / "schemas").is_dir()
    assert invoke("validate", "-w", str(target)).exit_code == 0
    built = invoke("build", "-p", "example", "-w", str(target))
    assert built.exit_code == 0, built.output
    assert (target / "output" / "example" / "deck.pptx").is_file()
    again = invoke("init", str(target))
    assert again.exit_code == 2 and "already holds a workspace" in again.output


def test_schema_writes_json_schemas_that_accept_the_shipped_files(workspace):
    import jsonschema
    import yaml

    result = invoke("schema", "-w", str(workspace))
    assert result.exit_code == 0
    schemas = {p.name: json.loads(p.read_text()) for p in (workspace / "schemas").glob("*.json")}
    assert set(schemas) == {"sggen.schema.json", "board.schema.json", "role.schema.json",
                            "project.schema.json", "strings.schema.json", "glossary.schema.json"}
    pairs = [("sggen.schema.json", workspace / "sggen.yaml"),
             ("project.schema.json", workspace / "projects" / "example.yaml"),
             ("role.schema.json", workspace / "roles" / "prince2" / "executive.yaml"),
             ("board.schema.json", workspace / "roles" / "pm2" / "board.yaml"),
             ("glossary.schema.json", workspace / "roles" / "prince2" / "glossary.yaml")]
    shipped = Path(__file__).resolve().parent.parent / "schemas"
    # the shipped schemas are what `sggen schema` writes from the shipped library: a field
    # added to the model is in the schemas editors read
    assert {p.name: json.loads(p.read_text()) for p in shipped.glob("*.json")} == schemas
    for name, path in pairs:
        # the YAML date type is a string in JSON; compare as JSON would see the file
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, schemas[name])
    broken = {"name": "x", "customer": {"name": "y", "type": "city-department"},
              "people": {}, "peple": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schemas["project.schema.json"])


def test_shipped_yaml_files_point_editors_at_the_schemas():
    repo = Path(__file__).resolve().parent.parent
    files = [repo / "sggen.yaml", *repo.glob("roles/*/*.yaml"), *repo.glob("projects/*.yaml")]
    for path in files:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path


def test_template_check_passes_on_the_shipped_references(workspace):
    result = invoke("template", "check", "-w", str(workspace))
    assert result.exit_code == 0, result.output


def test_format_md_writes_the_markdown_too(workspace):
    result = invoke("build", "-p", "example", "--format", "md", "-w", str(workspace))
    assert result.exit_code == 0, result.output
    markdown = (workspace / "output" / "example" / "deck.md").read_text()
    assert markdown.startswith("# ") and "\n---\n" in markdown and "::: notes" in markdown
    assert (workspace / "output" / "example" / "guide.md").is_file()


def test_committed_schemas_are_current(workspace):
    from sggen import scaffold

    repo = Path(__file__).resolve().parent.parent
    # a copy of the workspace: the schemas name its library's role and tolerance ids
    written = scaffold.schemas(workspace, ["fi", "sv", "en"])
    assert len(written) == 6
    for path in written:
        assert (repo / "schemas" / path.name).read_text() == path.read_text(), \
            f"schemas/{path.name} is stale: run sggen schema"


@pytest.mark.slow  # LibreOffice
def test_pdf_option_writes_pdfs(workspace):
    import conformance

    conformance.require_tools()
    result = invoke("build", "-p", "example", "--pdf", "-w", str(workspace))
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "example"
    assert conformance.pdf_page_count(out / "deck.pdf") == len(
        Presentation(str(out / "deck.pptx")).slides)
    assert conformance.pdf_page_count(out / "guide.pdf") > 5


def test_pdf_option_without_libreoffice_says_how_to_install(workspace, monkeypatch):
    monkeypatch.setenv("PATH", str(workspace))  # no soffice on this PATH
    result = invoke("deck", "-p", "example", "--pdf", "-w", str(workspace))
    assert result.exit_code == 2
    assert "needs LibreOffice" in result.output and "apt-get install" in result.output
    assert not (workspace / "output").exists()


def test_shell_completion_completes_commands_and_options():
    import os
    import subprocess
    import sys

    src = str(Path(__file__).resolve().parent.parent / "src")

    def complete(words: str) -> list[str]:
        env = {**os.environ, "_SGGEN_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split()) - 1),
               "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
        result = subprocess.run([sys.executable, "-m", "sggen"], env=env, capture_output=True,
                                text=True, timeout=60, check=True)
        return result.stdout.split()

    assert complete("sggen bui") == ["build"]
    assert "--project" in complete("sggen build --pro")
    script = invoke("--show-completion", "bash")
    assert script.exit_code == 0 and "complete" in script.output


def test_list_items_shows_a_roles_item_ids_and_texts(workspace):
    result = invoke("list", "--items", "executive", "-w", str(workspace))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "executive (prince2) responsibilities:"
    library = yaml.safe_load((workspace / "roles" / "prince2" / "executive.yaml").read_text())
    text = next(i for i in library["responsibilities"] if i["id"] == "business-case")["text"]
    assert any(line.split()[0] == "business-case" and " ".join(text["fi"].split())[:40] in line
               for line in lines)
    assert "executive (prince2) tasks:" in lines
    assert any("[at " in line for line in lines)


def test_list_items_of_an_unknown_role_suggests_one(workspace):
    result = invoke("list", "--items", "executiv", "-w", str(workspace))
    assert result.exit_code == 2 and "did you mean 'executive'?" in result.output


def test_the_minimal_project_in_docs_validates_and_builds_when_copied(workspace):
    import shutil

    repo = Path(__file__).resolve().parent.parent
    shutil.copyfile(repo / "docs" / "minimal-project.yaml", workspace / "projects" / "uusi.yaml")
    checked = invoke("validate", "-w", str(workspace))
    # a minimal project leaves its tolerances to be agreed: warnings, not errors
    assert checked.exit_code == 0 and "ok:" in checked.output, checked.output
    assert "tolerance 'time' is not set" in checked.output
    built = invoke("build", "-p", "uusi", "-w", str(workspace))
    assert built.exit_code == 0, built.output
    deck = Presentation(str(workspace / "output" / "uusi" / "deck.pptx"))
    # a name is kept on one line by no-break spaces; the tiles are shapes inside groups
    text = " ".join(shape.text_frame.text for slide in deck.slides
                    for shape in all_shapes(slide.shapes) if shape.has_text_frame)
    assert "Matti\u00a0Meikäläinen" in text and "Uusi projekti" in text
    # Finnish only: another language is refused, not filled in
    other = invoke("build", "-p", "uusi", "--lang", "en", "-w", str(workspace))
    assert other.exit_code == 2 and "is not written in 'en'" in other.output
