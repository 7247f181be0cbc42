"""The live preview: pages, rebuilds on save, errors shown in the page, end to end in Chromium."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import browser
import pytest
from typer.testing import CliRunner

try:
    import uvicorn  # noqa: F401
except ImportError:  # the [serve] extras, which the [test] extras include
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("uvicorn missing on CI (pip install -e '.[test]')", pytrace=False)
    pytest.skip("the serve extras are missing: pip install -e '.[test]'", allow_module_level=True)

from sggen.cli import app  # noqa: E402
from sggen.serve import Preview  # noqa: E402

pytestmark = pytest.mark.slow  # a server and a browser

SRC = Path(__file__).resolve().parent.parent / "src"
START_S = 60  # the server's first build; a bound, not an expectation
# How long a test waits for a saved change to reach the open page: generous, because this is a
# wait, not a measure of speed (a busy machine is slow; the rebuild time is measured in bench/)
RELOAD_MS = 30_000
ROLE = Path("roles") / "prince2" / "executive.yaml"
OLD = "liiketoimintaperusteen"  # a word of the Executive's texts, in the guide
NEW = "tarkistetun-liiketoimintaperusteen"


# --- without a browser -----------------------------------------------------------------------


def test_a_broken_save_keeps_the_last_good_pages_and_records_the_error(workspace):
    preview = Preview(workspace, ["example"])
    preview.rebuild()
    assert preview.error == "" and preview.version == 1
    good = preview.pages["example", "guide"]
    assert "<html lang=\"fi-FI\">" in good and OLD in good
    assert "slide-1" in preview.pages["example", "deck"]
    role = workspace / ROLE
    role.write_text(role.read_text() + "broken: [unclosed\n")
    preview.rebuild()
    assert preview.version == 2
    assert re.match(r"\S*roles/prince2/executive\.yaml:\d+:\d+: ", preview.error), preview.error
    assert preview.pages["example", "guide"] == good
    page = preview.page(good)
    assert page.index('id="sggen-status"') < page.index("</body>")
    assert "executive.yaml" in page and "const version = 2;" in page


def test_a_save_rebuilds_only_the_projects_whose_pages_depend_on_it(workspace):
    preview = Preview(workspace)
    preview.rebuild()
    everything = sorted(preview.projects)
    assert sorted(preview.rebuilt) == everything and {"example", "pm2-example"} <= set(everything)
    preview.rebuild()
    assert preview.rebuilt == [] and preview.error == ""  # nothing saved, nothing rebuilt

    other = preview.pages["pm2-example", "guide"]
    project = workspace / "projects" / "example.yaml"
    project.write_text(project.read_text().replace("Varhaiskasvatuksen", "Uudistetun", 1))
    preview.rebuild()
    assert preview.rebuilt == ["example"]
    assert "Uudistetun" in preview.pages["example", "guide"]
    assert preview.pages["pm2-example", "guide"] is other
    state = json.loads(preview.state())
    assert state["pages"]["example"] == state["version"] == 3
    assert state["pages"]["pm2-example"] == 1  # its open page does not reload
    assert "const version = 1;" in preview.page(other, "pm2-example")

    role = workspace / ROLE  # a role of PRINCE2: not the PM² project's
    role.write_text(role.read_text().replace(OLD, NEW))
    preview.rebuild()
    assert "example" in preview.rebuilt and "pm2-example" not in preview.rebuilt

    for shared in ("templates/strings.yaml", "sggen.yaml"):
        path = workspace / shared
        path.write_text(path.read_text() + "\n# saved again\n")
        preview.rebuild()
        assert sorted(preview.rebuilt) == everything, shared


def test_a_broken_project_leaves_the_others_alone_and_its_fix_rebuilds_it_alone(workspace):
    preview = Preview(workspace)
    preview.rebuild()
    project = workspace / "projects" / "example.yaml"
    good = project.read_text()
    project.write_text(good + "broken: [unclosed\n")
    preview.rebuild()
    assert re.match(r"\S*projects/example\.yaml:\d+:\d+: ", preview.error), preview.error
    assert preview.rebuilt == [] and ("example", "guide") in preview.pages
    project.write_text(good)  # the pages are of this very text already
    preview.rebuild()
    assert preview.error == "" and preview.rebuilt == []
    project.write_text(good.replace("Varhaiskasvatuksen", "Uudistetun", 1))
    preview.rebuild()
    assert preview.error == "" and preview.rebuilt == ["example"]


def test_a_saved_partial_rebuilds_the_pages_and_an_editor_file_does_not(workspace):
    from sggen.serve import saved_input

    partial = workspace / "templates" / "partials" / "extra.md.j2"
    partial.parent.mkdir()
    partial.write_text("\nEnsimmäinen lisäys\n")
    guide = workspace / "templates" / "guide.md.j2"
    guide.write_text(guide.read_text() + '\n{% include "partials/extra.md.j2" %}\n')
    preview = Preview(workspace, ["example"])
    preview.rebuild()
    assert preview.error == "" and "Ensimmäinen lisäys" in preview.pages["example", "guide"]
    for name in (".extra.md.j2.swp", "extra.md.j2~", "#extra.md.j2#", ".#extra.md.j2"):
        saved = partial.parent / name
        saved.write_text("{{ broken")
        assert not saved_input(workspace, str(saved)), name  # not even a look at the hashes
        preview.rebuild()
        assert preview.rebuilt == [] and preview.error == "", name
    assert saved_input(workspace, str(partial))
    assert not saved_input(workspace, str(workspace / "output" / "example" / "deck.pptx"))
    partial.write_text("\nToinen lisäys\n")
    preview.rebuild()
    assert preview.rebuilt == ["example"] and "Toinen lisäys" in preview.pages["example", "guide"]


def test_serve_listens_on_loopback_only_and_refuses_a_port_in_use(workspace):
    runner = CliRunner()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port), "-w", str(workspace)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "--port 0" in result.output


def test_serve_refuses_an_unknown_project(workspace):
    result = CliRunner().invoke(app, ["serve", "-p", "nosuch", "-w", str(workspace)])
    assert result.exit_code == 2 and "no project 'nosuch'" in result.output


# --- end to end ------------------------------------------------------------------------------


@pytest.fixture
def server(workspace):
    """Yield the preview's base URL, serving a private workspace; stopped afterwards."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])}
    process = subprocess.Popen(
        [sys.executable, "-m", "sggen", "serve", "--port", "0", "-w", str(workspace)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(ln) for ln in process.stdout],
                              daemon=True)
    reader.start()
    try:
        url = ""
        while not url:
            try:
                line = lines.get(timeout=START_S)
            except queue.Empty:
                pytest.fail("sggen serve did not start")
            found = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else ""
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        reader.join(timeout=15)
        process.stdout.close()


@pytest.fixture
def chromium():
    browser.require_browser()
    with browser.chromium() as instance:
        yield instance


def test_the_pages_show_every_project(server, chromium):
    page = chromium.new_page()
    page.goto(server, timeout=START_S * 1000)
    links = page.locator("a").evaluate_all("links => links.map(a => a.pathname)")
    assert {"/example/guide", "/example/deck", "/pm2-example/guide"} <= set(links)
    page.goto(server + "example/guide")
    assert page.locator("html").get_attribute("lang") == "fi-FI"
    assert page.locator("h1").first.inner_text().startswith("Varhaiskasvatuksen")
    assert page.locator("#sggen-status").is_hidden()
    page.goto(server + "example/deck")
    assert page.locator("section.slide").count() > 5
    assert page.goto(server + "example/nothing").status == 404


def test_a_save_reloads_the_page_a_broken_save_shows_its_error_and_a_fix_recovers(
        server, chromium, workspace):
    from playwright.sync_api import expect

    page = chromium.new_page()
    page.goto(server + "example/guide", timeout=START_S * 1000)
    body, status = page.locator("main"), page.locator("#sggen-status")
    expect(body).to_contain_text(OLD)
    # a save before the event stream connects is still seen: the stream's first message
    # carries the newer version
    role = workspace / ROLE
    good = role.read_text()

    role.write_text(good.replace(OLD, NEW))
    expect(body).to_contain_text(NEW, timeout=RELOAD_MS)

    role.write_text(good.replace(OLD, NEW) + "broken: [unclosed\n")
    expect(status).to_be_visible(timeout=RELOAD_MS)
    expect(status).to_contain_text(re.compile(r"roles/prince2/executive\.yaml:\d+:\d+: "))
    expect(body).to_contain_text(NEW)  # the last good version stays

    fixed = good.replace(OLD, NEW).replace(NEW, "korjatun-liiketoimintaperusteen")
    role.write_text(fixed)
    expect(body).to_contain_text("korjatun-liiketoimintaperusteen", timeout=RELOAD_MS)
    expect(status).to_be_hidden()
