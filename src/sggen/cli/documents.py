"""The commands that write a project's documents: deck, guide, build, cards, invite, and
check, watch and serve over what they wrote."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from sggen.cli.shell import (
    Asked,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    PdfOpt,
    ProjectOpt,
    StrictOpt,
    WorkspaceOpt,
    app,
    build,
    echo,
    errors,
    langs,
    open_workspace,
    problems_or_ok,
    report_outcomes,
    show,
)
from sggen.errors import SggenError


@app.command()
def deck(project: str | None = ProjectOpt, lang: str | None = LangOpt,
         output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
         fmt: str | None = FormatOpt, workspace: Path | None = WorkspaceOpt,
         strict: bool = StrictOpt) -> None:
    """Write a project's kickoff deck (.pptx).

    Example: sggen deck --project example --lang en
    """
    build(("deck",), Asked(project, False, lang, output, force, pdf, fmt, workspace, strict))


@app.command()
def guide(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
          fmt: str | None = FormatOpt, workspace: Path | None = WorkspaceOpt,
         strict: bool = StrictOpt) -> None:
    """Write a project's steering-group guide (.docx).

    Example: sggen guide --project example
    """
    build(("guide",), Asked(project, False, lang, output, force, pdf, fmt, workspace, strict))


@app.command("build")
def build_cmd(project: str | None = ProjectOpt,
              everything: bool = typer.Option(False, "--all", "-a", help="Every project."),
              lang: str | None = LangOpt, output: Path | None = OutputOpt,
              force: bool = ForceOpt, pdf: bool = PdfOpt, fmt: str | None = FormatOpt,
              workspace: Path | None = WorkspaceOpt, strict: bool = StrictOpt) -> None:
    """Write the deck, the guide and the role cards of one project, or of all of them.

    Example: sggen build --all --lang fi,sv,en
    """
    build(("deck", "guide", "cards"),
           Asked(project, everything, lang, output, force, pdf, fmt, workspace, strict))


@app.command()
def cards(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
          workspace: Path | None = WorkspaceOpt) -> None:
    """Write a one-page role card (.docx) for each board member, assurance and the Project
    Manager, in <output>/<project>/cards/.

    Example: sggen cards --project example --pdf
    """
    build(("cards",), Asked(project, False, lang, output, force, pdf, None, workspace))


@app.command()
def invite(project: str | None = ProjectOpt,
           everything: bool = typer.Option(False, "--all", "-a", help="Every project."),
           lang: str | None = LangOpt, output: Path | None = OutputOpt, force: bool = ForceOpt,
           workspace: Path | None = WorkspaceOpt) -> None:
    """Write the meeting invitation: a calendar file (.ics) with every board meeting and an
    unsent e-mail (.eml) to the board with the deck, the guide and the role cards attached.

    Example: sggen invite --project example
    """
    from sggen import pipeline

    with errors():
        ws = open_workspace(workspace)
        ids = pipeline.projects(ws, project, everything)
        start = time.perf_counter()
        outcomes = pipeline.invite(ws, pipeline.Request(ids, languages=langs(lang),
                                                        output=output, force=force))
        report_outcomes(outcomes, time.perf_counter() - start)


@app.command()
def check(project: str | None = ProjectOpt,
          everything: bool = typer.Option(False, "--all", "-a", help="Every project."),
          lang: str | None = LangOpt, output: Path | None = OutputOpt,
          workspace: Path | None = WorkspaceOpt) -> None:
    """Check that the built deck, guide and role cards are accessible: language tags,
    alternative texts, reading order, table headers. The files are checked as they are (a
    deck edited by hand too); none is built or rewritten.

    Example: sggen check --project example --lang fi,sv,en
    """
    from sggen import pipeline

    with errors():
        ws = open_workspace(workspace)
        ids = pipeline.projects(ws, project, everything)
        request = pipeline.Request(ids, ("deck", "guide", "cards"), langs(lang), output)
        problems_or_ok(pipeline.audit(ws, request),
               f"ok: {len(ids)} project(s) accessible: every text tagged with its language, "
               "every drawing and table described, titles first and footers last")


@app.command()
def watch(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, workspace: Path | None = WorkspaceOpt) -> None:
    """Rebuild a project's deck and guide whenever one of its inputs changes (Ctrl-C stops).

    Example: sggen watch --project example
    """
    from sggen import pipeline

    with errors():
        ws = open_workspace(workspace)
        if not project:
            raise SggenError("give --project ID", hint="projects: " + ", ".join(ws.project_ids()))
        ws.project_file(project)
        request = pipeline.Request([project], languages=langs(lang), output=output)
        echo(f"watching {project}; Ctrl-C stops")

        def report(result) -> None:
            if isinstance(result, SggenError):
                echo(str(result), err=True)
                return
            for outcome in result:
                for path in outcome.written:
                    echo(f"wrote {show(path)}")

        try:
            pipeline.watch(ws, request, report, stop=lambda: False)
        except KeyboardInterrupt:
            echo("stopped")


@app.command()
def serve(project: str | None = ProjectOpt,
          port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1; 0 picks a free one."),
          workspace: Path | None = WorkspaceOpt) -> None:
    """Show the portfolio (every project, its board, its next meeting, its warnings), a page
    per board member, and every project's guide and deck in the browser, rebuilt and reloaded
    on each save (Ctrl-C stops).

    Example: sggen serve --project example
    """
    with errors():
        try:
            from sggen import serve as server
        except ImportError as exc:
            raise SggenError(f"sggen serve needs {exc.name}, which is not installed",
                             hint="install sggen again: pip install .") from None
        ws = open_workspace(workspace)
        if project:
            ws.project_file(project)  # refuses an id that names no project
        server.serve(ws.root, ws.templates, [project] if project else None, port, typer.echo)
        typer.echo("stopped")
