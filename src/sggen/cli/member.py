"""The command that writes one person's view across every project of the workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from sggen.cli.shell import (
    ForceOpt,
    OutputOpt,
    WorkspaceOpt,
    app,
    echo,
    errors,
    open_workspace,
    show,
    warn,
)
from sggen.errors import SggenError


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SggenError(f"--on {value!r} is not a date", hint="write it as YYYY-MM-DD") from None


@app.command()
def member(who: str = typer.Argument(..., metavar="NAME-OR-EMAIL",
                                     help="The person's name or e-mail address."),
           lang: str | None = typer.Option(None, "--lang", "-l", help="Language, e.g. sv; "
                                           "default: the workspace's own."),
           on: str | None = typer.Option(None, "--on", help="The day the view is as of "
                                         "(YYYY-MM-DD); default: today."),
           output: Path | None = OutputOpt, force: bool = ForceOpt,
           workspace: Path | None = WorkspaceOpt) -> None:
    """Write one person's view across every project: their roles, what each asks of them,
    their next meetings with the decision and their action, and what to read (a one-page
    .docx and a web page), and a calendar file (.ics) of all their board meetings, in
    <output>/members/<name>/. A person is the same in two projects by their e-mail address,
    else by their name (a warning says so).

    Example: sggen member 'Outi Saarinen' --lang en
    """
    from sggen.pipeline.member import member as write_member

    with errors():
        ws = open_workspace(workspace)
        done = write_member(ws, who, lang, output, force, _day(on))
        warn(done.warnings)
        projects = ", ".join(done.found.projects)
        for path in done.written:
            echo(f"wrote {show(path)}")
        if done.unchanged:
            echo(f"{show(done.folder)} is up to date")
        echo(f"{done.found.name}: {len(done.found.projects)} project(s): {projects}")
