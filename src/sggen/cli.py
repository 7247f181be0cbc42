"""The `sggen` command line: typer commands that parse, call the pipeline, print and exit; errors
are printed here, once."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import typer

from sggen import __version__
from sggen.errors import Location, SggenError, printable

app = typer.Typer(
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Steering-group guides (.docx) and kickoff decks (.pptx) from a YAML role library.\n\n"
    "Example: sggen build --project example",
)
template_app = typer.Typer(no_args_is_help=True, help="Check the reference documents.")
app.add_typer(template_app, name="template")

_state = {"debug": False}

WorkspaceOpt = typer.Option(None, "--workspace", "-w", help="Workspace folder (holds sggen.yaml); "
                            "default: this folder or the nearest one above it.")
ProjectOpt = typer.Option(None, "--project", "-p", help="Project id: projects/<id>.yaml.")
LangOpt = typer.Option(None, "--lang", "-l", help="Language(s), e.g. fi or fi,sv,en; "
                       "default: the project's own language.")
OutputOpt = typer.Option(None, "--output", "-o", help="Output folder; default: output/ in the "
                         "workspace. Files go to <output>/<project>/.")
ForceOpt = typer.Option(False, "--force", "-f", help="Rebuild even if the output is up to date.")
PdfOpt = typer.Option(False, "--pdf", help="Also write PDFs (needs LibreOffice).")
StrictOpt = typer.Option(False, "--strict", help="Treat warnings as errors (exit 2).")
FormatOpt = typer.Option(None, "--format", help="Also write other formats, e.g. md,html: 'md' "
                         "the rendered Markdown, 'html' the guide as a web page.")


def _echo(text: str, err: bool = False) -> None:
    """Print one message; what came from input cannot drive the terminal (see printable)."""
    typer.echo(printable(text), err=err)


@contextlib.contextmanager
def _errors():
    """Turn SggenError and OSError into one line on stderr and exit 2, Ctrl-C into one line and
    exit 130, a closed pipe (`sggen list | head`) into a quiet exit; anything else is a bug:
    exit 1."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        if _state["debug"]:
            raise
        _echo("interrupted; files already written are complete, none is half-written", err=True)
        raise typer.Exit(130) from None
    except SggenError as exc:
        if _state["debug"]:
            raise
        _echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        if _state["debug"]:
            raise
        where = f"{_show(Path(exc.filename))}: " if exc.filename else ""
        _echo(f"{where}{exc.strerror or exc} (check the file and its folder)", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        if _state["debug"]:
            raise
        _echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the "
              "traceback, and please report it)", err=True)
        raise typer.Exit(1) from None


def _quiet_stdout() -> None:
    """Point stdout at nothing, so that Python's final flush into a closed pipe stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's captured output)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sggen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    _state["debug"] = debug


def _workspace(path: Path | None):
    from sggen import read

    return read.workspace(path)


def _warn(warnings) -> None:
    """Print each warning once, in the order of the files and lines they name."""
    from sggen.pipeline import report

    for line in report.warnings(warnings):
        _echo(line, err=True)


def _lines(problems: list[str], ok: str) -> None:
    """Print each problem on stderr and exit 2, or print `ok` when there is none."""
    for line in problems:
        _echo(line, err=True)
    if problems:
        raise typer.Exit(2)
    _echo(ok)


def _langs(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _show(path: Path) -> str:
    """Return `path` as error messages show it: relative when below the current folder."""
    return str(Location(Path(path)))


@dataclass(frozen=True)
class _Asked:
    """What a command that builds was asked for on the command line."""

    project: str | None
    everything: bool = False
    lang: str | None = None
    output: Path | None = None
    force: bool = False
    pdf: bool = False
    fmt: str | None = None
    workspace: Path | None = None
    strict: bool = False


def _build(kinds: tuple[str, ...], asked: _Asked) -> None:
    from sggen import pipeline

    with _errors():
        ws = _workspace(asked.workspace)
        if asked.strict:
            pipeline.check_all(ws, strict=True)
        extra, markdown = pipeline.requested_formats(kinds, _langs(asked.fmt) or [])
        ids = pipeline.projects(ws, asked.project, asked.everything)
        request = pipeline.Request(ids, (*kinds, *extra), _langs(asked.lang), asked.output,
                                   asked.force, markdown, asked.pdf,
                                   jobs=(os.cpu_count() or 1) if asked.everything else 1)
        start = time.perf_counter()
        with _progress(len(ids)) as advance:
            outcomes = pipeline.run(ws, request, advance)
        _report(outcomes, time.perf_counter() - start)


def _report(outcomes, seconds: float) -> None:
    """Print the warnings, what was written and what failed; exit 2 if anything failed."""
    from sggen.pipeline import report

    for text, err in report.lines(outcomes, seconds):
        _echo(text, err=err)
    if any(o.error for o in outcomes):
        raise typer.Exit(2)


@contextlib.contextmanager
def _progress(total: int):
    """Yield a callback that advances a progress bar on stderr (shown only on a terminal)."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("building", total=total)
        yield lambda outcome: bar.update(task, advance=1, description=outcome.project)


@app.command()
def deck(project: str | None = ProjectOpt, lang: str | None = LangOpt,
         output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
         fmt: str | None = FormatOpt, workspace: Path | None = WorkspaceOpt,
         strict: bool = StrictOpt) -> None:
    """Write a project's kickoff deck (.pptx).

    Example: sggen deck --project example --lang en
    """
    _build(("deck",), _Asked(project, False, lang, output, force, pdf, fmt, workspace, strict))


@app.command()
def guide(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
          fmt: str | None = FormatOpt, workspace: Path | None = WorkspaceOpt,
         strict: bool = StrictOpt) -> None:
    """Write a project's steering-group guide (.docx).

    Example: sggen guide --project example
    """
    _build(("guide",), _Asked(project, False, lang, output, force, pdf, fmt, workspace, strict))


@app.command("build")
def build_cmd(project: str | None = ProjectOpt,
              everything: bool = typer.Option(False, "--all", "-a", help="Every project."),
              lang: str | None = LangOpt, output: Path | None = OutputOpt,
              force: bool = ForceOpt, pdf: bool = PdfOpt, fmt: str | None = FormatOpt,
              workspace: Path | None = WorkspaceOpt, strict: bool = StrictOpt) -> None:
    """Write the deck, the guide and the role cards of one project, or of all of them.

    Example: sggen build --all --lang fi,sv,en
    """
    _build(("deck", "guide", "cards"),
           _Asked(project, everything, lang, output, force, pdf, fmt, workspace, strict))


@app.command()
def cards(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
          workspace: Path | None = WorkspaceOpt) -> None:
    """Write a one-page role card (.docx) for each board member, assurance and the Project
    Manager, in <output>/<project>/cards/.

    Example: sggen cards --project example --pdf
    """
    _build(("cards",), _Asked(project, False, lang, output, force, pdf, None, workspace))


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

    with _errors():
        ws = _workspace(workspace)
        ids = pipeline.projects(ws, project, everything)
        start = time.perf_counter()
        outcomes = pipeline.invite(ws, pipeline.Request(ids, languages=_langs(lang),
                                                        output=output, force=force))
        _report(outcomes, time.perf_counter() - start)


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

    with _errors():
        ws = _workspace(workspace)
        ids = pipeline.projects(ws, project, everything)
        request = pipeline.Request(ids, ("deck", "guide", "cards"), _langs(lang), output)
        _lines(pipeline.audit(ws, request),
               f"ok: {len(ids)} project(s) accessible: every text tagged with its language, "
               "every drawing and table described, titles first and footers last")


@app.command()
def watch(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, workspace: Path | None = WorkspaceOpt) -> None:
    """Rebuild a project's deck and guide whenever one of its inputs changes (Ctrl-C stops).

    Example: sggen watch --project example
    """
    from sggen import pipeline

    with _errors():
        ws = _workspace(workspace)
        if not project:
            raise SggenError("give --project ID", hint="projects: " + ", ".join(ws.project_ids()))
        ws.project_file(project)
        request = pipeline.Request([project], languages=_langs(lang), output=output)
        _echo(f"watching {project}; Ctrl-C stops")

        def report(result) -> None:
            if isinstance(result, SggenError):
                _echo(str(result), err=True)
                return
            for outcome in result:
                for path in outcome.written:
                    _echo(f"wrote {_show(path)}")

        try:
            pipeline.watch(ws, request, report, stop=lambda: False)
        except KeyboardInterrupt:
            _echo("stopped")


@app.command()
def serve(project: str | None = ProjectOpt,
          port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1; 0 picks a free one."),
          workspace: Path | None = WorkspaceOpt) -> None:
    """Show every project's guide and deck in the browser, rebuilt and reloaded on each save
    (Ctrl-C stops). Needs: pip install 'sggen[serve]'.

    Example: sggen serve --project example
    """
    with _errors():
        try:
            from sggen import serve as server
        except ImportError as exc:
            raise SggenError(f"sggen serve needs {exc.name}, which is not installed",
                             hint="pip install 'sggen[serve]'") from None
        ws = _workspace(workspace)
        if project:
            ws.project_file(project)  # refuses an id that names no project
        server.serve(ws.root, ws.templates, [project] if project else None, port, typer.echo)
        typer.echo("stopped")


@app.command("list")
def list_cmd(items: str | None = typer.Option(None, "--items", help="A role id: list the ids "
                                              "and texts of its responsibilities and tasks."),
             workspace: Path | None = WorkspaceOpt) -> None:
    """List the projects and the roles of each method, or one role's items (--items ROLE).

    Example: sggen list --items executive
    """
    from sggen.pipeline import catalogue

    with _errors():
        ws = _workspace(workspace)
        if items:
            for heading, entries in catalogue.items(ws, items).items():
                _entries(heading, entries, " [{}]")
            return
        _echo("projects:")
        for project_id in ws.project_ids():
            _echo(f"  {project_id}")
        for method, entries in catalogue.roles(ws).items():
            _entries(f"roles ({method})", entries, "  {}")


def _entries(heading: str, entries, note: str) -> None:
    """Print a heading and under it one line per entry: its id, its text and its note."""
    _echo(f"{heading}:")
    for entry in entries:
        _echo(f"  {entry.id:<28} {entry.text}{note.format(entry.note) if entry.note else ''}")


@app.command()
def validate(workspace: Path | None = WorkspaceOpt, strict: bool = StrictOpt) -> None:
    """Check sggen.yaml, the role libraries, the strings and every project; list every problem.

    Example: sggen validate
    """
    from sggen import pipeline

    with _errors():
        ws = _workspace(workspace)
        projects, methods, warnings = pipeline.check_all(ws, strict)
        _warn(warnings)
        found = f"{len(warnings)} warning(s)" if warnings else "no problems"
        _echo(f"ok: {projects} project(s), {methods} method(s), {found}")


@app.command()
def init(directory: Path = typer.Argument(..., help="Folder for the new workspace.")) -> None:
    """Create a new workspace with the default library, templates and an example project.

    Example: sggen init my-pmo
    """
    from sggen import scaffold

    with _errors():
        for path in scaffold.init(directory):
            _echo(f"wrote {_show(path)}")
        _echo(f"next: cd {_show(directory)} && sggen build --project example")


@app.command()
def schema(workspace: Path | None = WorkspaceOpt) -> None:
    """Write JSON Schemas for the YAML files into schemas/ (for editor completion).

    Example: sggen schema
    """
    from sggen import scaffold

    with _errors():
        ws = _workspace(workspace)
        for path in scaffold.schemas(ws.root, ws.settings.languages):
            _echo(f"wrote {_show(path)}")


@template_app.command("check")
def template_check(workspace: Path | None = WorkspaceOpt) -> None:
    """Check that the reference documents have every layout and style sggen uses.

    Example: sggen template check
    """
    from sggen import pipeline

    with _errors():
        _lines(pipeline.template_problems(_workspace(workspace)),
               "ok: the reference documents have every layout, placeholder and style")


def main() -> None:
    """Run the command line."""
    try:
        app(prog_name="sggen")
    except BrokenPipeError:  # the reader of our output went away (`sggen --help | head -1`)
        _quiet_stdout()
        sys.exit(0)
    except KeyboardInterrupt:  # outside a command: while the command line is parsed
        _echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
