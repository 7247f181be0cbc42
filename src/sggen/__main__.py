"""Entry point for `python -m sggen`."""

from sggen.cli import main

main()
