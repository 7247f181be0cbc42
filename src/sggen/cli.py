"""The `sggen` command line: typer commands that call build; errors are printed here, once."""

from __future__ import annotations

import contextlib
import os
import sys
import time
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
    seen = set()
    for warning in sorted(warnings, key=lambda w: (str(w.where or ""), str(w))):
        if str(warning) not in seen:
            seen.add(str(warning))
            _echo(str(warning), err=True)


def _langs(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _show(path: Path) -> str:
    """Return `path` as error messages show it: relative when below the current folder."""
    return str(Location(Path(path)))


def _build(kinds: tuple[str, ...], project: str | None, everything: bool, lang, output,
           force, pdf, fmt, workspace, strict: bool = False) -> None:
    from sggen import build

    with _errors():
        ws = _workspace(workspace)
        if strict:
            _strict(build.check_all(ws)[2])
        extra, markdown = _extra_formats(kinds, fmt)
        if everything == bool(project):
            raise SggenError("give either --project ID or --all",
                             hint="projects: " + ", ".join(ws.project_ids()))
        ids = ws.project_ids() if everything else [project]
        request = build.Request(ids, (*kinds, *extra), _langs(lang), output, force, markdown,
                                pdf, jobs=(os.cpu_count() or 1) if everything else 1)
        start = time.perf_counter()
        with _progress(len(ids)) as advance:
            outcomes = build.run(ws, request, advance)
        _report(outcomes, time.perf_counter() - start)


def _strict(warnings) -> None:
    """With --strict, warnings are errors: print them and exit 2 before anything is built."""
    if warnings:
        from sggen.errors import Problems

        raise Problems(list(warnings))


def _report(outcomes, seconds: float) -> None:
    """Print the warnings, what was written and what failed; exit 2 if anything failed."""
    _warn(w for o in outcomes for w in o.warnings)
    for outcome in outcomes:
        for path in outcome.written:
            _echo(f"wrote {_show(path)}")
        if outcome.error:
            _echo(f"{outcome.project}: failed:\n{outcome.error}", err=True)
    if len(outcomes) > 1 or not any(o.written for o in outcomes):
        _echo(_summary(outcomes, seconds))
    for outcome in outcomes:
        if outcome.changes:
            # what was made, by kind: deck, guide, or the folder of a format's files (cards)
            made = ", ".join(sorted({Path(p).name.split(".")[0] if Path(p).parent.name ==
                                     outcome.project else Path(p).parent.name
                                     for p in outcome.written}))
            _echo(f"{outcome.project}: {'; '.join(outcome.changes)}; {made} rebuilt")
    if any(o.error for o in outcomes):
        raise typer.Exit(2)


def _extra_formats(kinds: tuple[str, ...], value: str | None) -> tuple[list[str], bool]:
    """Return the formats `--format` adds to `kinds` and whether it asks for the Markdown.

    Each word is 'md' or a file suffix: 'html' adds every registered format writing .html
    from the same template as one of `kinds` (the guide's page for `guide`).
    """
    from sggen.formats import REGISTRY

    templates = {REGISTRY[k].template for k in kinds}
    extra: list[str] = []
    markdown = False
    for word in _langs(value) or []:
        if word == "md":
            markdown = True
            continue
        found = [f.name for f in REGISTRY.values() if f.suffix == f".{word}"
                 and f.template in templates and f.name not in kinds]
        if not found:
            known = sorted({"md", *(f.suffix[1:] for f in REGISTRY.values()
                                    if f.template in templates and f.name not in kinds)})
            raise SggenError(f"--format {word!r} is not known here",
                             hint="use " + ", ".join(known))
        extra.extend(n for n in found if n not in extra)
    return extra, markdown


def _summary(outcomes, seconds: float) -> str:
    failed = [o.project for o in outcomes if o.error]
    built = sum(1 for o in outcomes if o.written and not o.error)
    same = sum(1 for o in outcomes if not o.written and not o.error)
    text = f"{built} built, {same} unchanged, {len(failed)} failed in {seconds:.2f} s"
    return text + (f" (failed: {', '.join(failed)})" if failed else "")


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
    _build(("deck",), project, False, lang, output, force, pdf, fmt, workspace, strict)


@app.command()
def guide(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
          fmt: str | None = FormatOpt, workspace: Path | None = WorkspaceOpt,
         strict: bool = StrictOpt) -> None:
    """Write a project's steering-group guide (.docx).

    Example: sggen guide --project example
    """
    _build(("guide",), project, False, lang, output, force, pdf, fmt, workspace, strict)


@app.command("build")
def build_cmd(project: str | None = ProjectOpt,
              everything: bool = typer.Option(False, "--all", "-a", help="Every project."),
              lang: str | None = LangOpt, output: Path | None = OutputOpt,
              force: bool = ForceOpt, pdf: bool = PdfOpt, fmt: str | None = FormatOpt,
              workspace: Path | None = WorkspaceOpt, strict: bool = StrictOpt) -> None:
    """Write the deck, the guide and the role cards of one project, or of all of them.

    Example: sggen build --all --lang fi,sv,en
    """
    _build(("deck", "guide", "cards"), project, everything, lang, output, force, pdf, fmt,
           workspace, strict)


@app.command()
def cards(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, force: bool = ForceOpt, pdf: bool = PdfOpt,
          workspace: Path | None = WorkspaceOpt) -> None:
    """Write a one-page role card (.docx) for each board member, assurance and the Project
    Manager, in <output>/<project>/cards/.

    Example: sggen cards --project example --pdf
    """
    _build(("cards",), project, False, lang, output, force, pdf, None, workspace)


@app.command()
def invite(project: str | None = ProjectOpt,
           everything: bool = typer.Option(False, "--all", "-a", help="Every project."),
           lang: str | None = LangOpt, output: Path | None = OutputOpt, force: bool = ForceOpt,
           workspace: Path | None = WorkspaceOpt) -> None:
    """Write the meeting invitation: a calendar file (.ics) with every board meeting and an
    unsent e-mail (.eml) to the board with the deck and the guide attached.

    Example: sggen invite --project example
    """
    from sggen import build

    with _errors():
        ws = _workspace(workspace)
        if everything == bool(project):
            raise SggenError("give either --project ID or --all",
                             hint="projects: " + ", ".join(ws.project_ids()))
        ids = ws.project_ids() if everything else [project]
        start = time.perf_counter()
        outcomes = build.invite(ws, build.Request(ids, languages=_langs(lang), output=output,
                                                  force=force))
        _report(outcomes, time.perf_counter() - start)


@app.command()
def check(project: str | None = ProjectOpt,
          everything: bool = typer.Option(False, "--all", "-a", help="Every project."),
          lang: str | None = LangOpt, output: Path | None = OutputOpt,
          workspace: Path | None = WorkspaceOpt) -> None:
    """Check that the built deck, guide and role cards are accessible: language tags,
    alternative texts, reading order, table headers (builds them first if they are stale).

    Example: sggen check --project example --lang fi,sv,en
    """
    from sggen import build

    with _errors():
        ws = _workspace(workspace)
        if everything == bool(project):
            raise SggenError("give either --project ID or --all",
                             hint="projects: " + ", ".join(ws.project_ids()))
        ids = ws.project_ids() if everything else [project]
        request = build.Request(ids, ("deck", "guide", "cards"), _langs(lang), output)
        problems = build.audit(ws, request)
        for line in problems:
            _echo(line, err=True)
        if problems:
            raise typer.Exit(2)
        _echo(f"ok: {len(ids)} project(s) accessible: every text tagged with its language, "
              "every drawing and table described, titles first and footers last")


@app.command()
def watch(project: str | None = ProjectOpt, lang: str | None = LangOpt,
          output: Path | None = OutputOpt, workspace: Path | None = WorkspaceOpt) -> None:
    """Rebuild a project's deck and guide whenever one of its inputs changes (Ctrl-C stops).

    Example: sggen watch --project example
    """
    from sggen import build

    with _errors():
        ws = _workspace(workspace)
        if not project:
            raise SggenError("give --project ID", hint="projects: " + ", ".join(ws.project_ids()))
        ws.project_file(project)
        request = build.Request([project], languages=_langs(lang), output=output)
        _echo(f"watching {project}; Ctrl-C stops")

        def report(result) -> None:
            if isinstance(result, SggenError):
                _echo(str(result), err=True)
                return
            for outcome in result:
                for path in outcome.written:
                    _echo(f"wrote {_show(path)}")

        try:
            build.watch(ws, request, report, stop=lambda: False)
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
    from sggen import build

    with _errors():
        ws = _workspace(workspace)
        if items:
            _list_items(ws, build.shared(ws, set(ws.methods())), items)
            return
        _echo("projects:")
        for project_id in ws.project_ids():
            _echo(f"  {project_id}")
        inputs = build.shared(ws, set(ws.methods()))
        lang = ws.settings.language
        for method, library in sorted(inputs.libraries.items()):
            _echo(f"roles ({method}):")
            for role in library.roles:
                name = role.name if isinstance(role.name, str) else role.name[lang]
                board = "  board" if role.on_board else ""
                _echo(f"  {role.id:<28} {name}{board}")


def _list_items(ws, inputs, role_id: str) -> None:
    """Print the ids and texts of a role's items in every method that has the role: the ids
    a project's `changes` refer to."""
    from sggen.errors import suggest

    lang = ws.settings.language
    found = [(m, r) for m, lib in sorted(inputs.libraries.items()) for r in lib.roles
             if r.id == role_id]
    if not found:
        known = sorted({r.id for lib in inputs.libraries.values() for r in lib.roles})
        raise SggenError(f"no role '{role_id}'", hint=suggest(role_id, known)
                         or "roles: " + ", ".join(known))
    for method, role in found:
        for kind, entries in (("responsibilities", role.responsibilities),
                              ("tasks", role.tasks)):
            typer.echo(f"{role.id} ({method}) {kind}:")
            for item in entries:
                text = item.text if isinstance(item.text, str) else item.text[lang]
                at = f" [at {item.at}]" if kind == "tasks" else ""
                typer.echo(f"  {item.id:<28} {text}{at}")


@app.command()
def validate(workspace: Path | None = WorkspaceOpt, strict: bool = StrictOpt) -> None:
    """Check sggen.yaml, the role libraries, the strings and every project; list every problem.

    Example: sggen validate
    """
    from sggen import build

    with _errors():
        ws = _workspace(workspace)
        projects, methods, warnings = build.check_all(ws)
        if strict:
            _strict(warnings)
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
    from sggen import build
    from sggen.formats import REGISTRY

    with _errors():
        ws = _workspace(workspace)
        problems = [str(p) for p in build.reference_problems(ws, tuple(REGISTRY))]
        for fmt in REGISTRY.values():
            reference = fmt.reference(ws.templates)
            if reference is not None and not any(_show(reference) in p for p in problems):
                problems += [f"{_show(reference)}: lacks {m}"
                             for m in fmt.writer().check(reference)]
        for line in problems:
            _echo(line, err=True)
        if problems:
            raise typer.Exit(2)
        _echo("ok: the reference documents have every layout, placeholder and style")


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
