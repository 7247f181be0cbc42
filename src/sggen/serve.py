"""`sggen serve`: every project's guide and deck as web pages, rebuilt and reloaded on save;
a save rebuilds only the projects whose pages depend on the file saved."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

import uvicorn
import watchfiles
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from sggen import pipeline, read
from sggen.errors import SggenError
from sggen.pipeline.inputs import is_input

HOST = "127.0.0.1"  # loopback only: the preview shows unpublished names and is not hardened
# the names a page of this server is asked for by: any other Host is a page of another site
# whose name was pointed at 127.0.0.1 (DNS rebinding), which must not read these pages
LOOPBACK_NAMES = ["127.0.0.1", "localhost"]
PAGES = {"guide": "html", "deck": "slides"}  # the page's word in the URL -> its format
BACKLOG = 128  # connections the system queues before the server takes them
KEEPALIVE_S = 15.0  # a comment this often lets a closed tab's stream end

# The banner shows a broken save's error above the last good version; the script reloads
# the page when a newer good version of it exists, and hides the banner once the error is
# fixed (by a save that did not touch this page). White on dark red: 8.3:1.
CLIENT = """
<div id="sggen-status" role="alert" style="position:fixed;top:0;left:0;right:0;z-index:9;
margin:0;padding:.6rem 1rem;background:#8b0000;color:#fff;font:1rem/1.4 monospace;
white-space:pre-wrap"{hidden}>{error}</div>
<script>
(() => {{
  const version = {version};
  const project = {project};
  const status = document.getElementById("sggen-status");
  const events = new EventSource("/events");
  events.onmessage = (event) => {{
    const state = JSON.parse(event.data);
    if (state.error) {{
      status.textContent = state.error;
      status.hidden = false;
    }} else if ((state.pages[project] ?? state.version) !== version) {{
      location.reload();
    }} else {{
      status.hidden = true;
    }}
  }};
}})();
</script>
"""


class Preview:
    """The pages of the last good build of each project, the error of the last build if it
    failed, and versions for the pages to know when to reload: one that grows with each
    build, and for each project the version its pages were last made in."""

    def __init__(self, root: Path, projects: list[str] | None = None):
        self.root = root
        self.only = projects
        self.pages: dict[tuple[str, str], str] = {}
        self.projects: list[str] = []
        self.made_from: dict[str, tuple[str, dict[str, str]]] = {}  # see pipeline.Pages
        self.made_in: dict[str, int] = {}  # project -> the version its pages were made in
        self.rebuilt: list[str] = []  # the projects the last build made again
        self.error = ""
        self.version = 0
        self.changed: asyncio.Condition | None = None  # made in the server's event loop
        self.loop: asyncio.AbstractEventLoop | None = None
        self.closing = False  # the server stops: every event stream ends

    def close(self) -> None:
        """End every open page's event stream (callable from a signal handler)."""
        self.closing = True
        if self.loop is not None and self.changed is not None:
            self.loop.call_soon_threadsafe(lambda: self.loop.create_task(self._tell()))

    async def _tell(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def rebuild(self) -> None:
        """Build again the pages of every project whose inputs changed since its pages were
        made; on a problem keep the last good pages and record it."""
        version = self.version + 1
        try:
            ws = read.workspace(self.root)  # sggen.yaml may have changed too
            ids = self.only or ws.project_ids()
            built = pipeline.preview(ws, tuple(PAGES.values()), ids, self.made_from)
        except SggenError as exc:
            self.error, self.rebuilt = str(exc), []
        else:
            # new mappings, each complete before it replaces the old: the server's event
            # stream reads them while this runs in a thread
            pages = {key: page for key, page in self.pages.items() if key[0] in ids}
            pages.update({(project, word): built.pages[project, fmt].decode("utf-8")
                          for project, _ in built.pages for word, fmt in PAGES.items()})
            self.pages = pages
            self.made_from = {**{p: m for p, m in self.made_from.items() if p in ids},
                              **built.made_from}
            self.made_in = {**{p: v for p, v in self.made_in.items() if p in ids},
                            **dict.fromkeys(built.made_from, version)}
            self.rebuilt = list(built.made_from)
            self.projects = list(ids)
            self.error = ""
        self.version = version  # last: a page told of this version finds its pages made

    def state(self) -> str:
        """Return what the pages' script is told: the versions and the error, as JSON."""
        return json.dumps({"version": self.version, "pages": self.made_in, "error": self.error})

    def page(self, body: str, project: str | None = None) -> str:
        """Return a page (of `project`, or the index) with the status banner and the reloading
        script added."""
        version = self.made_in.get(project, self.version) if project else self.version
        # json.dumps, then < escaped: a string safe inside a <script> element
        name = json.dumps(project).replace("<", "\\u003c")
        client = CLIENT.format(version=version, project=name, error=escape(self.error),
                               hidden="" if self.error else " hidden")
        at = body.rfind("</body>")
        return body[:at] + client + body[at:] if at >= 0 else body + client

    def index(self) -> str:
        """Return the list of projects with links to their pages."""
        items = "".join(f'<li>{escape(p)}: <a href="/{escape(p)}/guide">guide</a> · '
                        f'<a href="/{escape(p)}/deck">deck</a></li>' for p in self.projects)
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<title>sggen preview</title></head><body><main><h1>sggen preview</h1>"
                f"<ul>{items}</ul></main></body></html>")


def app(preview: Preview, watch: list[Path],
        echo: Callable[[str], None] = lambda _: None) -> Starlette:
    """Return the web application: the index, each project's pages, and the event stream."""

    async def index(request: Request) -> Response:
        return HTMLResponse(preview.page(preview.index()))

    async def page(request: Request) -> Response:
        key = (request.path_params["project"], request.path_params["page"])
        if key[1] not in PAGES or (preview.pages and key not in preview.pages):
            return HTMLResponse(preview.page(preview.index()), status_code=404)
        if key not in preview.pages:  # before the first good build only the error shows
            return HTMLResponse(preview.page(preview.index()))
        return HTMLResponse(preview.page(preview.pages[key], key[0]))

    async def events(request: Request) -> Response:
        async def stream():
            seen = -1
            yield "retry: 500\n\n"  # reconnect quickly when the server restarts
            while not preview.closing:
                if seen != preview.version:
                    seen = preview.version
                    yield f"data: {preview.state()}\n\n"
                async with preview.changed:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(
                            preview.changed.wait_for(
                                lambda last=seen: last != preview.version or preview.closing),
                            KEEPALIVE_S)
                if seen == preview.version and not preview.closing:
                    yield ": keepalive\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        preview.changed = asyncio.Condition()
        preview.loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        task = asyncio.create_task(_watch(preview, watch, stop, echo))
        try:
            yield
        finally:
            stop.set()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    routes = [Route("/", index), Route("/events", events),
              Route("/{project}/{page}", page)]
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_NAMES)])


async def _watch(preview: Preview, paths: list[Path], stop: asyncio.Event,
                 echo: Callable[[str], None]) -> None:
    """Rebuild after each batch of saved changes, tell the open pages, and say what was
    rebuilt in how long."""
    root = preview.root

    def wanted(_change, path: str) -> bool:
        return saved_input(root, path)

    # A short debounce: an editor's save is one batch, and the page reloads well within 1 s.
    async for _ in watchfiles.awatch(*paths, watch_filter=wanted, stop_event=stop,
                                     debounce=300, step=30):
        start = time.perf_counter()
        await asyncio.to_thread(preview.rebuild)
        echo(preview.error or f"rebuilt {', '.join(preview.rebuilt) or 'nothing'} "
             f"in {time.perf_counter() - start:.2f} s")
        async with preview.changed:
            preview.changed.notify_all()


def saved_input(root: Path, path: str) -> bool:
    """Return whether a file saved at `path` is an input of the pages: one below the
    workspace `root` that a build reads (pipeline.inputs.is_input), an editor's swap or
    backup file not; the pages decide by the inputs' hashes which projects to make again."""
    try:
        rel = Path(path).relative_to(root).as_posix()
    except ValueError:
        return True  # a templates folder outside the workspace
    return is_input(rel)


class Server(uvicorn.Server):
    """Uvicorn's server, which ends the open pages' event streams as soon as it is asked to
    stop: otherwise each open page holds the server until its shutdown times out and is
    cancelled with a traceback."""

    def __init__(self, config: uvicorn.Config, preview: Preview):
        super().__init__(config)
        self.preview = preview

    def handle_exit(self, sig, frame) -> None:
        self.preview.close()
        super().handle_exit(sig, frame)


def listening(port: int) -> socket.socket:
    """Return a socket listening on 127.0.0.1:`port` (0: a free port); a port out of range
    or one that cannot be had is a user error naming the option."""
    if not 0 <= port <= 65535:
        raise SggenError(f"--port {port}: not a port number",
                         hint="give one from 1024 to 65535, or 0 for a free one")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise SggenError(f"cannot listen on {HOST}:{port}: {exc.strerror}",
                         hint="pick another --port, or --port 0 for a free one") from None
    return sock


def serve(root: Path, templates: Path, projects: list[str] | None, port: int,
          echo: Callable[[str], None]) -> None:
    """Build, then serve the pages on 127.0.0.1:`port` (0: a free port) until interrupted."""
    sock = listening(port)  # first: a port that cannot be had is said before any build
    try:
        preview = Preview(root, projects)
        preview.rebuild()
        if preview.error:
            echo(preview.error)
        watch = [root] if templates.is_relative_to(root) else [root, templates]
        # said once it listens: a browser opened at once is queued, not refused
        echo(f"serving http://{HOST}:{sock.getsockname()[1]}/ ; Ctrl-C stops")
        config = uvicorn.Config(app(preview, watch, echo), log_level="warning",
                                lifespan="on", timeout_graceful_shutdown=1)
        Server(config, preview).run(sockets=[sock])
    finally:
        sock.close()
