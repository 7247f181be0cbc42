"""Web test helpers: the Nu HTML checker, axe-core in headless Chromium, and a page's tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TOOLS_DIR = REPO_ROOT / ".tools"
INSTALL_HINT = "run `bash scripts/install-test-tools.sh`"
VNU_JAR = TOOLS_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# Never the network: no updates, no sync, no first-run fetches, no GPU in a container.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_S = 120


def _require(missing: list[str]) -> None:
    """Skip the test when a tool is missing, or fail it on CI, naming the install command."""
    import pytest

    if not missing:
        return
    what = ", ".join(missing)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"web test tools missing on CI: {what} ({INSTALL_HINT})", pytrace=False)
    pytest.skip(f"web test tools missing: {what}; {INSTALL_HINT}")


def require_validator() -> None:
    """Return when java and the Nu HTML checker are present; else skip (fail on CI)."""
    _require([name for name, ok in (("java", shutil.which("java")),
                                    (f"vnu-jar in {TOOLS_DIR}", VNU_JAR.is_file())) if not ok])


def require_browser() -> None:
    """Return when Chromium, Playwright and axe-core are present; else skip (fail on CI)."""
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append("chromium (apt)")
    if not AXE_JS.is_file():
        missing.append(f"axe-core in {TOOLS_DIR}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Python package playwright")
    _require(missing)


def validate_html(path: Path) -> list[dict]:
    """Return the Nu HTML checker's errors and warnings about the page at `path`."""
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"vnu failed: {result.stderr[-2000:]}")
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@contextmanager
def chromium():
    """Yield a Playwright browser: the system's Chromium, headless, never a downloaded one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                         timeout=TIMEOUT_S * 1000)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page) -> list[dict]:
    """Return axe-core's WCAG 2.x A/AA and best-practice violations on an open page."""
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations'],
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                'best-practice']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""")


class Tree(HTMLParser):
    """A page's elements in document order, each with its attributes, its text and the tags it
    lies within; closing tags that do not match what is open are recorded as problems."""

    VOID = {"meta", "br", "link", "img", "hr", "input", "col", "source", "wbr", "area"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.problems: list[str] = []
        self.doctype = ""
        self.feed(text)
        self.close()
        if self.stack:
            self.problems.append(f"unclosed: {[e.tag for e in self.stack]}")

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), [e.tag for e in self.stack])
        self.elements.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs), [e.tag for e in self.stack]))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1].tag != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1].tag if self.stack else None}")
            return
        self.stack.pop()

    def handle_data(self, data):
        for element in self.stack:
            element.parts.append(data)

    def find(self, tag: str) -> list[Element]:
        """Return every `tag` element, in document order."""
        return [e for e in self.elements if e.tag == tag]


@dataclass
class Element:
    tag: str
    attrs: dict
    parents: list[str]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the element's text with runs of white space as one space."""
        return " ".join("".join(self.parts).split())
