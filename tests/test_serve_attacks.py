"""Attacks on the preview server: another site's pages (DNS rebinding), paths that try to leave
the pages, a port out of range, the first connection, many slow clients and Ctrl-C with pages
open."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_workspace
from typer.testing import CliRunner

from sggen.cli import app

SRC = Path(__file__).resolve().parent.parent / "src"
pytest.importorskip("uvicorn")


class Served:
    """A running `sggen serve` and the port it listens on."""

    def __init__(self, root: Path):
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sggen", "serve", "--port", "0", "-w", str(root)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        line = self.process.stdout.readline().decode()
        found = re.search(r"serving http://127\.0\.0\.1:(\d+)/", line)
        assert found, line + self.process.stderr.read().decode()
        self.port = int(found.group(1))

    def ask(self, target: str, host: str | None = "127.0.0.1") -> tuple[int, bytes]:
        """Return the status and body of one GET of `target` with the Host header `host`."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as conn:
            head = f"GET {target} HTTP/1.1\r\n"
            if host is not None:
                head += f"Host: {host}\r\n"
            conn.sendall(head.encode("latin-1") + b"Connection: close\r\n\r\n")
            reply = b""
            while chunk := conn.recv(65536):
                reply += chunk
        status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
        return status, reply.partition(b"\r\n\r\n")[2]

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str]:
        """Stop the server with `sig`; return its exit status and what it wrote to stderr."""
        self.process.send_signal(sig)
        try:  # the timeout only stops a hang
            _, err = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return self.process.returncode, err.decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = Served(copy_workspace(tmp_path_factory.mktemp("serve") / "ws"))
    yield server
    server.stop()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_the_loopback_names_get_the_pages(served, host):
    status, body = served.ask("/example/guide", f"{host}:{served.port}")
    assert status == 200 and b"<html" in body


@pytest.mark.parametrize("host", ["rebind.example", "rebind.example:{port}",
                                  "127.0.0.1.rebind.example", "localhost.rebind.example",
                                  "127.0.0.2", "0.0.0.0", "[::1]x", "", None])
def test_any_other_host_is_refused(served, host):
    host = host.format(port=served.port) if host else host
    for target in ("/", "/example/guide", "/example/deck", "/events"):
        status, body = served.ask(target, host)
        assert status == 400, (target, host, status)
        assert b"example" not in body.lower() and b"<html" not in body


@pytest.mark.parametrize("target", [
    "/../sggen.yaml", "/..%2fsggen.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc/passwd",
    "/example/..%2f..%2fsggen.yaml", "/example/%2e%2e%2f%2e%2e%2fsggen.yaml",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/..%5c..%5csggen.yaml", "/..\\..\\sggen.yaml",
    "//etc/passwd", "/example/guide%00.html", "/projects/example.yaml", "/sggen.yaml",
    "/output/example/deck.pptx", "/example/guide/../../sggen.yaml", "/%2fetc%2fpasswd",
    "/example/%252e%252e%252fsggen.yaml", "/example/guide?../../sggen.yaml#x"])
def test_no_path_reaches_a_file(served, target):
    status, body = served.ask(target)
    assert status in (200, 400, 404), status  # the index or a page, never an error of ours
    assert b"root:" not in body and b"organisation:" not in body and b"PK\x03\x04" not in body
    if status == 200:
        assert b"<html" in body


def test_the_address_is_printed_once_it_listens(tmp_path):
    server = Served(copy_workspace(tmp_path / "ws"))
    try:  # the very first connection, made the moment the address is read, is answered
        assert server.ask("/")[0] == 200
    finally:
        server.stop()


@pytest.mark.parametrize("port", ["70000", "65536", "-1", "99999999999999999999"])
def test_a_port_out_of_range_is_a_user_error_naming_the_option(workspace, port):
    result = CliRunner().invoke(app, ["serve", "--port", port, "-w", str(workspace)])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "port" in result.output


def _stream(port: int) -> socket.socket:
    """Return a connection holding a page's event stream open."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=60)
    conn.sendall(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert conn.recv(4096).startswith(b"HTTP/1.1 200")
    return conn


def test_many_slow_clients_do_not_stop_it(served):
    slow = []
    try:
        for _ in range(60):  # each sends half a request and never the rest
            conn = socket.create_connection(("127.0.0.1", served.port), timeout=60)
            conn.sendall(b"GET /example/guide HTTP/1.1\r\nHo")
            slow.append(conn)
        slow += [_stream(served.port) for _ in range(30)]
        status, body = served.ask("/example/deck")
        assert status == 200 and b"<html" in body
    finally:
        for conn in slow:
            conn.close()


def test_ctrl_c_with_pages_open_is_one_quiet_line(tmp_path):
    server = Served(copy_workspace(tmp_path / "ws"))
    streams = [_stream(server.port) for _ in range(20)]
    try:
        status, err = server.stop(signal.SIGINT)
    finally:
        for conn in streams:
            conn.close()
    assert status == 130, err
    assert "Traceback" not in err and "CancelledError" not in err
    assert len(err.splitlines()) == 1 and err.startswith("interrupted"), err
