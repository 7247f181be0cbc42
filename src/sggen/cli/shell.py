"""What every command of the command line shares: the typer app, the options, the one place
errors are printed, and the build that most commands run."""

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


def echo(text: str, err: bool = False) -> None:
    """Print one message; what came from input cannot drive the terminal (see printable)."""
    typer.echo(printable(text), err=err)


@contextlib.contextmanager
def errors():
    """Turn SggenError and OSError into one line on stderr and exit 2, Ctrl-C into one line and
    exit 130, a closed pipe (`sggen list | head`) into a quiet exit; anything else is a bug:
    exit 1."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:
        quiet_stdout()
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        if _state["debug"]:
            raise
        echo("interrupted; files already written are complete, none is half-written", err=True)
        raise typer.Exit(130) from None
    except SggenError as exc:
        if _state["debug"]:
            raise
        echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        if _state["debug"]:
            raise
        where = f"{show(Path(exc.filename))}: " if exc.filename else ""
        echo(f"{where}{exc.strerror or exc} (check the file and its folder)", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        if _state["debug"]:
            raise
        echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the "
              "traceback, and please report it)", err=True)
        raise typer.Exit(1) from None


def quiet_stdout() -> None:
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


def open_workspace(path: Path | None):
    from sggen import read

    return read.workspace(path)


def warn(warnings) -> None:
    """Print each warning once, in the order of the files and lines they name."""
    from sggen.pipeline import report

    for line in report.warnings(warnings):
        echo(line, err=True)


def problems_or_ok(problems: list[str], ok: str) -> None:
    """Print each problem on stderr and exit 2, or print `ok` when there is none."""
    for line in problems:
        echo(line, err=True)
    if problems:
        raise typer.Exit(2)
    echo(ok)


def langs(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def show(path: Path) -> str:
    """Return `path` as error messages show it: relative when below the current folder."""
    return str(Location(Path(path)))


@dataclass(frozen=True)
class Asked:
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


def build(kinds: tuple[str, ...], asked: Asked) -> None:
    from sggen import pipeline

    with errors():
        ws = open_workspace(asked.workspace)
        if asked.strict:
            pipeline.check_all(ws, strict=True)
        extra, markdown = pipeline.requested_formats(kinds, langs(asked.fmt) or [])
        ids = pipeline.projects(ws, asked.project, asked.everything)
        request = pipeline.Request(ids, (*kinds, *extra), langs(asked.lang), asked.output,
                                   asked.force, markdown, asked.pdf,
                                   jobs=(os.cpu_count() or 1) if asked.everything else 1)
        start = time.perf_counter()
        with progress(len(ids)) as advance:
            outcomes = pipeline.run(ws, request, advance)
        report_outcomes(outcomes, time.perf_counter() - start)


def report_outcomes(outcomes, seconds: float) -> None:
    """Print the warnings, what was written and what failed; exit 2 if anything failed."""
    from sggen.pipeline import report

    for text, err in report.lines(outcomes, seconds):
        echo(text, err=err)
    if any(o.error for o in outcomes):
        raise typer.Exit(2)


@contextlib.contextmanager
def progress(total: int):
    """Yield a callback that advances a progress bar on stderr (shown only on a terminal)."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("building", total=total)
        yield lambda outcome: bar.update(task, advance=1, description=outcome.project)
