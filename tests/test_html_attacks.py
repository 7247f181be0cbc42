"""No executable content in a page from any text or link: the guide's page and the slides page
are written with hostile strings in every text, link and field, parsed as a browser would, and
searched for anything that runs (scripts, event handlers, script links, frames, objects, a base,
a refresh)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from test_hostile_documents import HOSTILE, document, meta, texts

from sggen import formats

REPO = Path(__file__).resolve().parent.parent
SCRIPTED = ["<script>alert(1)</script>", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
            " javascript:alert(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
            '" onmouseover="alert(1)', "' onerror='alert(1)", "<img src=x onerror=alert(1)>",
            "</style><script>alert(1)</script>", "</title><script>alert(1)</script>",
            "<svg onload=alert(1)>", "<iframe src=//x.fi>", "<base href=//x.fi/>",
            '<meta http-equiv="refresh" content="0;url=//x.fi">', "&#106;avascript:alert(1)",
            "https://x.fi/\" onclick=\"alert(1)", "#\" onfocus=\"alert(1)", "<!--", "]]>",
            "<![CDATA[<script>alert(1)</script>]]>", "{{ 7*7 }}", "`${alert(1)}`",
            "<a href=javascript:alert(1)>x</a>", "<form action=javascript:alert(1)>"]
RUNS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
        "portal", "noscript", "template"}
LINKING = {"href", "src", "xlink:href", "action", "formaction", "data", "srcdoc", "poster",
           "background", "ping", "srcset"}
SAFE = re.compile(r"(https?:|mailto:|tel:|#)", re.IGNORECASE)
# what a browser ignores in a link before its scheme: leading spaces and controls, and tabs
# and line ends anywhere
IGNORED = re.compile(r"^[\x00-\x20]+|[\t\n\r]")


class Runnable(HTMLParser):
    """Collects whatever in a page could run: elements, event handlers, links with a scheme
    that runs, styles that call out, a refresh."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.style = False

    def handle_starttag(self, tag, attrs):
        if tag in RUNS:
            self.found.append(f"<{tag}>")
        self.style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in LINKING and not SAFE.match(IGNORED.sub("", value)):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"url\(|expression\(|@import", value, re.I):
                self.found.append(f"<{tag} style={value!r}>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.found.append("<meta refresh>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.style = False

    def handle_data(self, data):
        if self.style and re.search(r"url\(|expression\(|@import|javascript:", data, re.I):
            self.found.append(f"<style>{data[:60]!r}")


def runnable(page: bytes) -> list[str]:
    """Return what could run in `page` (empty: nothing)."""
    parser = Runnable()
    parser.feed(page.decode("utf-8"))
    parser.close()
    return parser.found


def pages(t: list[str], m: list[str]) -> dict[str, bytes]:
    """Return the guide's page and the slides page of the hostile documents."""
    deck, guide, _ = document(t)
    out = {}
    for name, doc in (("html", guide), ("slides", deck)):
        fmt = formats.get(name)
        out[name] = fmt.writer().write(doc, fmt.reference(REPO / "templates"), meta(m))
    return out


def test_the_check_finds_what_runs():
    """The counterpart: a page with each kind of runnable content is caught."""
    for bad in (b"<script>x</script>", b'<a href=" javascript:x">', b"<img onerror=x>",
                b'<a href="java\tscript:x">', b"<iframe>", b'<p style="background:url(x)">',
                b"<style>@import 'x'</style>", b'<meta http-equiv="Refresh" content="0">',
                b'<a href="data:text/html,x">'):
        assert runnable(b"<!DOCTYPE html><html><body>" + bad + b"</body></html>"), bad
    assert not runnable(b'<a href="https://x.fi/">x</a><a href="#a">a</a>'
                        b'<a href="mailto:a@x.fi">m</a><style>a{color:red}</style>')


@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(t=st.lists(st.one_of(st.sampled_from(SCRIPTED), texts), min_size=1, max_size=12),
       m=st.lists(st.one_of(st.sampled_from(SCRIPTED), texts), min_size=1, max_size=9))
@example(t=SCRIPTED, m=SCRIPTED)
@example(t=HOSTILE, m=SCRIPTED[::-1])
def test_no_text_or_link_puts_anything_that_runs_in_a_page(t: list[str], m: list[str]):
    for name, page in pages(t, m).items():
        assert runnable(page) == [], name


def test_a_safe_link_stays_a_link():
    page = pages(["https://x.fi/a?b=1&c=2"], ["T"])["html"]
    assert b'href="https://x.fi/a?b=1&amp;c=2"' in page


def test_a_character_no_page_may_hold_is_shown_as_a_replacement():
    for name, page in pages(["A\ud800B\x01C\ufffeD"], ["T\x00"]).items():
        text = page.decode("utf-8")  # lone surrogates would not even encode
        assert "A\ufffdB\ufffdC\ufffdD" in text and "\x01" not in text and "\x00" not in text, name
