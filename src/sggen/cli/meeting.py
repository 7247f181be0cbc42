"""The command that writes one board meeting's pack: `sggen meeting`."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import typer

from sggen.cli.shell import (
    ForceOpt,
    LangOpt,
    OutputOpt,
    ProjectOpt,
    WorkspaceOpt,
    app,
    errors,
    langs,
    open_workspace,
    report_outcomes,
)
from sggen.errors import SggenError


@app.command()
def meeting(project: str | None = ProjectOpt,
            date: str | None = typer.Option(None, "--date", "-d", help="The meeting's date, "
                                            "YYYY-MM-DD: one of the project's meeting dates."),
            upcoming: bool = typer.Option(False, "--next", help="The first meeting after "
                                          "today."),
            lang: str | None = LangOpt, output: Path | None = OutputOpt,
            force: bool = ForceOpt, workspace: Path | None = WorkspaceOpt) -> None:
    """Write one board meeting's pack to <output>/<project>/meetings/<date>/: the agenda, a
    one-page pre-read per member, a short deck, the minutes' template and the meeting's
    invitation (.ics) with all of them attached (the kickoff's with the kickoff deck).

    Example: sggen meeting --project example --date 2027-03-23
    """
    from sggen import pipeline
    from sggen.pipeline import meeting as packs

    with errors():
        ws = open_workspace(workspace)
        if not project:
            raise SggenError("give --project ID", hint="projects: " + ", ".join(ws.project_ids()))
        if upcoming == bool(date):
            raise SggenError("give either --date YYYY-MM-DD or --next",
                             hint="--next is the first meeting after today")
        request = pipeline.Request([project], (), langs(lang), output, force)
        start = time.perf_counter()
        outcome = packs.meeting(ws, request, date, dt.date.today())
        report_outcomes([outcome], time.perf_counter() - start)
