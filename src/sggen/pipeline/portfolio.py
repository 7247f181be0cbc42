"""A run over many projects: what is up to date is decided first (file hashes only, no
document library), then the stale projects are built, in worker processes when there are
several; the workers end with the run, however it ends (Ctrl-C, SIGTERM, SIGKILL)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from sggen import names, output, package
from sggen.errors import Location, Problems, SggenError
from sggen.pipeline import manifest
from sggen.pipeline.inputs import Dependencies, shared
from sggen.pipeline.job import Outcome, Request, folder
from sggen.read import Inputs
from sggen.workspace import Workspace

Progress = Callable[[Outcome], None] | None


def run(ws: Workspace, request: Request, progress: Progress = None) -> list[Outcome]:
    """Build the requested projects; return one outcome per project.

    With one project, any problem raises. With several, a project's problems are recorded in
    its outcome and the others are still built (shared problems still raise at once).
    """
    if request.pdf:
        from sggen.pipeline import pdf

        pdf.office()  # fail before writing anything rather than after the first document
    package.build_time()  # a bad SOURCE_DATE_EPOCH fails before anything is read or written
    if request.single:
        ws.project_file(request.projects[0])  # raises what is wrong with its id
    outcomes = {p: Outcome(p, error=e) for p, e in refusals(ws, request).items()}
    named = [p for p in request.projects if not outcomes[p].error]
    deps = Dependencies(ws, named)
    stale = []
    for project_id in named:
        unchanged = manifest.fresh(deps, request, project_id, folder(ws, request, project_id))
        outcomes[project_id].unchanged = unchanged or []
        if unchanged is None:
            stale.append(project_id)
        elif progress:
            progress(outcomes[project_id])
    if stale:
        from sggen.pipeline.validate import reference_problems  # not needed when nothing is

        inputs = shared(ws, deps.methods, deps)
        broken = reference_problems(ws, request.formats)
        if broken:
            raise Problems(broken)
        _build(inputs, deps, request, stale,
               lambda result: _merge(outcomes[result.project], result, progress))
    return [outcomes[p] for p in request.projects]


def refusals(ws: Workspace, request: Request) -> dict[str, str]:
    """Return why each project of `request` is not built in this run ('' when it is): an id
    that no project file can have, or an output folder that a disk ignoring case or accents
    would take for an earlier project's."""
    out, folders = {}, {}
    for project_id in request.projects:
        try:
            ws.project_file(project_id)
        except SggenError as exc:
            out[project_id] = str(exc)
            continue
        key = names.fold(folder(ws, request, project_id).name)
        other = folders.setdefault(key, project_id)
        out[project_id] = "" if other == project_id else str(SggenError(
            f"its output folder would be the one of project '{other}' on a disk that ignores "
            "case or accents", Location(ws.project_file(project_id)),
            "rename one of the two files"))
    return out


def _build(inputs: Inputs, deps: Dependencies, request: Request, stale: list[str],
           done: Callable[[Outcome], None]) -> None:
    """Build each stale project, in this process or in as many worker processes as the
    request allows, handing `done` each outcome as it comes."""
    from sggen.pipeline import project  # with what writes: not needed when nothing is stale

    jobs = min(request.jobs, len(stale))
    if jobs <= 1:
        for project_id in stale:
            done(project.build(inputs, deps, request, project_id))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker,
                             initargs=(os.getpid(),)) as pool:
        try:
            futures = [pool.submit(project.build, inputs, deps, request, p) for p in stale]
            for future in as_completed(futures):
                done(future.result())
        except BaseException:
            _stop(pool)  # Ctrl-C or a failure: the workers' files are written atomically,
            for project_id in stale:  # so stopping them midway leaves nothing broken, and
                output.sweep(folder(inputs.workspace, request, project_id))  # no temporary
            raise


def _merge(outcome: Outcome, result: Outcome, progress: Progress) -> None:
    outcome.written, outcome.error = result.written, result.error
    outcome.warnings, outcome.changes = result.warnings, result.changes
    if progress:
        progress(outcome)


def _worker(parent: int) -> None:
    """Prepare a worker process: Ctrl-C is the parent's to handle, and the worker ends when
    the parent does, however it ends (SIGTERM, SIGKILL), instead of building on unseen."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _parent_death_signal():
        if os.getppid() != parent:  # the parent died before the signal was asked for
            os._exit(1)
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _parent_death_signal() -> bool:
    """Ask Linux to kill this process when its parent ends; return whether it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _stop(pool) -> None:
    """Cancel what has not started and end the workers at once."""
    import multiprocessing

    pool.shutdown(wait=False, cancel_futures=True)
    # Every child, not only those in the pool's table: Ctrl-C may come while the pool is
    # still starting a worker, which it has not listed yet and would wait for at exit.
    processes = getattr(pool, "_processes", None) or {}
    stopped = {*processes.values(), *multiprocessing.active_children()}
    for process in stopped:
        process.terminate()
    for process in stopped:  # ended, so that what they were writing can be swept away
        process.join(timeout=10)
    # The queue's feeder thread may be blocked writing tasks to workers that are gone; the
    # interpreter would wait for it at exit, for ever. Let it be dropped instead.
    queue = getattr(pool, "_call_queue", None)
    if queue is not None:
        queue.cancel_join_thread()
