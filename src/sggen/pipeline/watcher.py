"""`sggen watch`: build now, and again whenever one of the projects' inputs is saved (the
inputs as `inputs.py` defines them: a template in a subfolder too, an editor's swap file not)."""

from __future__ import annotations

import time
from collections.abc import Callable

from sggen import read
from sggen.errors import SggenError
from sggen.pipeline.inputs import snapshot
from sggen.pipeline.job import Outcome, Request
from sggen.pipeline.portfolio import run
from sggen.workspace import Workspace


def watch(ws: Workspace, request: Request, report: Callable[[list[Outcome] | SggenError], None],
          stop: Callable[[], bool], interval: float = 0.5) -> None:
    """Build now and again whenever an input changes, until `stop()` is true.

    `report` receives each run's outcomes, or the error that stopped the run: a broken edit is
    reported and watching goes on, so the next save can fix it.
    """
    last = None
    while not stop():
        state = snapshot(ws, request.projects)
        if state != last:
            last = state
            try:
                # sggen.yaml may have changed too: read the settings anew each time
                report(run(read.workspace(ws.root), request))
            except SggenError as exc:
                report(exc)
        time.sleep(interval)
