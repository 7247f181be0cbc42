"""The `sggen` command line: typer commands that parse, call the pipeline, print and exit; errors
are printed in one place (cli.shell). Each module registers its commands on the one app."""

from __future__ import annotations

import contextlib
import signal
import sys

from sggen.cli import documents, library, meeting, member  # noqa: F401  (registers the commands)
from sggen.cli.shell import app, echo, quiet_stdout

__all__ = ["app", "main"]


def main() -> None:
    """Run the command line."""
    try:
        app(prog_name="sggen")
    except BrokenPipeError:  # the reader of our output went away (`sggen --help | head -1`)
        quiet_stdout()
        sys.exit(0)
    except KeyboardInterrupt:  # outside a command: while the command line is parsed
        echo("interrupted", err=True)
        sys.exit(130)
    finally:
        # The command is done and has said so: a Ctrl-C while the interpreter winds down
        # (joining threads, closing files) would only end it by the signal, unexplained.
        with contextlib.suppress(ValueError):  # not the main thread: nothing to settle
            signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
