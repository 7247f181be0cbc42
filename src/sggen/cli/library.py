"""The commands about the workspace itself: list, validate, init, schema, template check."""

from __future__ import annotations

from pathlib import Path

import typer

from sggen.cli.shell import (
    StrictOpt,
    WorkspaceOpt,
    app,
    echo,
    errors,
    open_workspace,
    problems_or_ok,
    show,
    template_app,
    warn,
)


@app.command("list")
def list_cmd(items: str | None = typer.Option(None, "--items", help="A role id: list the ids "
                                              "and texts of its responsibilities and tasks."),
             workspace: Path | None = WorkspaceOpt) -> None:
    """List the projects and the roles of each method, or one role's items (--items ROLE).

    Example: sggen list --items executive
    """
    from sggen.pipeline import catalogue

    with errors():
        ws = open_workspace(workspace)
        if items:
            for heading, entries in catalogue.items(ws, items).items():
                _entries(heading, entries, " [{}]")
            return
        echo("projects:")
        for project_id in ws.project_ids():
            echo(f"  {project_id}")
        for method, entries in catalogue.roles(ws).items():
            _entries(f"roles ({method})", entries, "  {}")


def _entries(heading: str, entries, note: str) -> None:
    """Print a heading and under it one line per entry: its id, its text and its note."""
    echo(f"{heading}:")
    for entry in entries:
        echo(f"  {entry.id:<28} {entry.text}{note.format(entry.note) if entry.note else ''}")


@app.command()
def validate(workspace: Path | None = WorkspaceOpt, strict: bool = StrictOpt) -> None:
    """Check sggen.yaml, the role libraries, the strings and every project; list every problem.

    Example: sggen validate
    """
    from sggen import pipeline

    with errors():
        ws = open_workspace(workspace)
        projects, methods, warnings = pipeline.check_all(ws, strict)
        warn(warnings)
        found = f"{len(warnings)} warning(s)" if warnings else "no problems"
        echo(f"ok: {projects} project(s), {methods} method(s), {found}")


@app.command()
def init(directory: Path = typer.Argument(..., help="Folder for the new workspace.")) -> None:
    """Create a new workspace with the default library, templates and an example project.

    Example: sggen init my-pmo
    """
    from sggen import scaffold

    with errors():
        for path in scaffold.init(directory):
            echo(f"wrote {show(path)}")
        echo(f"next: cd {show(directory)} && sggen build --project example")


@app.command()
def schema(workspace: Path | None = WorkspaceOpt) -> None:
    """Write JSON Schemas for the YAML files into schemas/ (for editor completion).

    Example: sggen schema
    """
    from sggen import scaffold

    with errors():
        ws = open_workspace(workspace)
        for path in scaffold.schemas(ws.root, ws.settings.languages):
            echo(f"wrote {show(path)}")


@template_app.command("check")
def template_check(workspace: Path | None = WorkspaceOpt) -> None:
    """Check that the reference documents have every layout and style sggen uses.

    Example: sggen template check
    """
    from sggen import pipeline

    with errors():
        problems_or_ok(pipeline.template_problems(open_workspace(workspace)),
               "ok: the reference documents have every layout, placeholder and style")
