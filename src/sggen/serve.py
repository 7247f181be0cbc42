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
from urllib.parse import quote

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
                '<p><a href="/portfolio">portfolio</a></p>'
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

    routes = [Route("/", index), Route("/events", events), *portfolio_routes(preview),
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


# --- the PMO's portfolio, a page per board member, a meeting's pack --------------------------
# Paths of three parts and more, and /portfolio itself, which no project's pages take.

_STYLE = ("body{font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}"
          "main{max-width:72rem;margin:0 auto;padding:1.5rem}a{color:#0a4f8a}"
          "table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
          "padding:.5rem;border-bottom:1px solid #8a8a8a}thead th{border-bottom:2px solid "
          "#1a1a1a}ul{margin:0;padding-left:1.1rem}.muted{color:#4d4d4d}")


def portfolio_routes(preview: Preview) -> list[Route]:
    """Return the routes of the portfolio, each member's page and each meeting's pack."""

    async def portfolio(request: Request) -> Response:
        body = await asyncio.to_thread(_guarded, portfolio_html, preview.root)
        return HTMLResponse(preview.page(body))

    async def person(request: Request) -> Response:
        body = await asyncio.to_thread(_guarded, _person_html, preview.root,
                                       request.path_params["slug"])
        if body is None:
            return HTMLResponse(preview.page(preview.index()), status_code=404)
        return HTMLResponse(preview.page(body))

    async def pack(request: Request) -> Response:
        return await asyncio.to_thread(pack_response, preview.root,
                                       request.path_params["project"],
                                       request.path_params["day"],
                                       request.path_params.get("name"))

    return [Route("/portfolio", portfolio), Route("/portfolio/members/{slug}", person),
            Route("/portfolio/packs/{project}/{day}/", pack),
            Route("/portfolio/packs/{project}/{day}/{name}", pack)]


def _guarded(make: Callable, *args):
    """Return what `make` returns, or a page saying the workspace's problem."""
    try:
        return make(*args)
    except SggenError as exc:
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>sggen'
                f"</title></head><body><main><h1>sggen</h1><p>{escape(str(exc))}</p></main>"
                "</body></html>")


def _person_html(root: Path, slug: str) -> str | None:
    from sggen.pipeline import overview

    page = overview.person_page(read.workspace(root), slug)
    return page.decode("utf-8") if page is not None else None


def portfolio_html(root: Path) -> str:
    """Return the portfolio page: a table of every project, its board, its next meeting and
    its warnings, with links to each project's pages, each member's and the meeting's pack."""
    from sggen.pipeline import overview

    view = overview.overview(read.workspace(root))
    t = view.t
    rows = "".join(_portfolio_row(row, view) for row in view.rows)
    head = "".join(f'<th scope="col">{escape(t[k])}</th>' for k in
                   ("portfolio_project", "portfolio_board", "member_next_one",
                    "portfolio_warnings"))
    return (f'<!DOCTYPE html>\n<html lang="{escape(view.locale)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(t['portfolio_title'])}</title><style>{_STYLE}</style></head>"
            f"<body><main><h1>{escape(t['portfolio_title'])}</h1>"
            f"<p>{escape(t['portfolio_lead'])}</p><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></main></body></html>")


def _portfolio_row(row, view) -> str:
    t = view.t
    lang = f' lang="{escape(row.locale)}"' if row.locale and row.locale != view.locale else ""
    own = quote(row.id, safe="")
    project = (f'<th scope="row"{lang}>{escape(row.name)}'
               + (f' <span class="muted">{escape(row.code)}</span>' if row.code else "")
               + f'<br><a href="/{own}/guide">{escape(t["portfolio_guide"])}</a> · '
               f'<a href="/{own}/deck">{escape(t["portfolio_deck"])}</a></th>')
    people: dict[tuple[str, str], list[str]] = {}  # one line a person, with every role
    for seat in row.board:
        people.setdefault((seat.name, seat.slug), []).append(seat.role)
    board = "".join(f'<li><a href="/portfolio/members/{quote(slug, safe="")}">{escape(name)}'
                    f"</a>, {escape(', '.join(roles))}</li>" if slug else
                    f"<li>{escape(name)}, {escape(', '.join(roles))}</li>"
                    for (name, slug), roles in people.items())
    meeting = escape(f"{row.next_day}: {row.next_title}") if row.next_day else "–"
    if row.pack and row.next_date:
        meeting += (f' · <a href="/portfolio/packs/{own}/{row.next_date.isoformat()}/">'
                    f"{escape(t['portfolio_pack'])}</a>")
    warnings = ("<ul>" + "".join(f"<li>{escape(w)}</li>" for w in row.warnings) + "</ul>"
                if row.warnings else f'<span class="muted">{escape(t["portfolio_no_warnings"])}'
                "</span>")
    return (f"<tr>{project}<td{lang}><ul>{board}</ul></td><td{lang}>{meeting}</td>"
            f"<td>{warnings}</td></tr>")


def pack_response(root: Path, project: str, day: str, name: str | None) -> Response:
    """Return a meeting pack's list of files, or one of its files as a download: only a
    regular file directly in output/<id>/meetings/<date>/, never through a link."""
    import datetime as dt

    from sggen.pipeline import overview

    try:
        date = dt.date.fromisoformat(day)
        folder = overview.pack_folder(read.workspace(root), project, date)
    except (ValueError, SggenError):
        folder = None
    if folder is None or (name is not None and name not in _pack_files(folder)):
        return HTMLResponse("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                            "<title>not found</title></head><body><main><h1>not found</h1>"
                            "</main></body></html>", status_code=404)
    if name is None:
        items = "".join(f'<li><a href="{quote(n, safe="")}">{escape(n)}</a></li>'
                        for n in _pack_files(folder))
        return HTMLResponse(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                            f"<title>{escape(project)} {date}</title></head><body><main>"
                            f"<h1>{escape(project)} {date}</h1><ul>{items}</ul></main>"
                            "</body></html>")
    data = overview.pack_file(folder, name)
    if data is None:
        return Response(status_code=404)
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
        "X-Content-Type-Options": "nosniff"})


def _pack_files(folder: Path) -> list[str]:
    """Return the names of the regular files (not links, not hidden) in a pack's folder."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")
                  and not p.is_symlink() and p.is_file())
