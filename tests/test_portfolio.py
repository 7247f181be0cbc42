"""`sggen serve` for the PMO: the portfolio page, a page per board member, a meeting's pack."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import yaml
from test_serve import START_S, chromium, server  # noqa: F401  (the fixtures)

from sggen import serve


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.links += [v for k, v in attrs if k == "href"]


def _parsed(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    return parser


def _name(workspace, project: str) -> str:
    return yaml.safe_load((workspace / "projects" / f"{project}.yaml").read_text("utf-8"))[
        "name"]["fi"]


def test_the_portfolio_lists_every_project_its_board_and_next_meeting(workspace):
    page = serve.portfolio_html(workspace)
    parsed = _parsed(page)
    for project in ("example", "asukasportaali", "pm2-example"):
        assert _name(workspace, project) in page
        assert f"/{project}/guide" in parsed.links and f"/{project}/deck" in parsed.links
    assert "/portfolio/members/jari-nieminen" in parsed.links
    assert "script" not in parsed.tags
    meetings = yaml.safe_load((workspace / "projects" / "example.yaml").read_text("utf-8"))[
        "meetings"]
    first = min(m["date"] if isinstance(m, dict) else m for m in meetings["dates"])
    assert f"{first.day}.{first.month}.{first.year} klo" in " ".join(page.split())


def test_a_projects_warnings_and_a_broken_project_show_on_its_row(workspace):
    (workspace / "projects" / "broken.yaml").write_text("name: [unclosed\n", "utf-8")
    page = serve.portfolio_html(workspace)
    assert "projects/broken.yaml:" in page and _name(workspace, "example") in page


def test_a_written_pack_is_linked_and_only_its_own_files_are_served(workspace):
    folder = workspace / "output" / "example" / "meetings" / "2027-01-14"
    folder.mkdir(parents=True)
    (folder / "agenda.docx").write_bytes(b"agenda")
    (workspace / "output" / "secret.txt").write_text("no")
    (folder / "link.txt").symlink_to(workspace / "output" / "secret.txt")
    assert "/portfolio/packs/example/2027-01-14/" in _parsed(
        serve.portfolio_html(workspace)).links
    listing = serve.pack_response(workspace, "example", "2027-01-14", None)
    assert b"agenda.docx" in listing.body and b"link.txt" not in listing.body
    assert serve.pack_response(workspace, "example", "2027-01-14", "agenda.docx").body == \
        b"agenda"
    for project, day, name in [("example", "2027-01-14", "link.txt"),
                               ("example", "2027-01-14", "../../secret.txt"),
                               ("example", "..", "secret.txt"), ("nothing", "2027-01-14", None),
                               ("example", "2027-02-30", None)]:
        assert serve.pack_response(workspace, project, day, name).status_code == 404


@pytest.mark.slow  # Chromium
def test_serve_shows_the_portfolio_and_a_members_page(server, chromium):  # noqa: F811
    page = chromium.new_page()
    page.goto(server + "portfolio", timeout=START_S * 1000)
    assert page.locator("html").get_attribute("lang") == "fi-FI"
    assert page.locator("tbody tr").count() == 3
    page.locator('a[href="/portfolio/members/jari-nieminen"]').first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().strip() == "Jari Nieminen"
    assert page.locator("html").get_attribute("lang") == "fi-FI"
    assert page.locator("h2").count() >= 2  # the next meetings, and the project
    assert page.goto(server + "portfolio/members/nobody").status == 404
