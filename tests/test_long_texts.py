"""Text layout takes time linear in the text's length: a paragraph, a title or a footer of one
word of 900,000 letters is measured, wrapped, split and shortened in seconds, and the linear
wrapping breaks lines exactly where the plain greedy rule does."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sggen.document import Run
from sggen.layout import metrics
from sggen.layout.metrics import SAFETY, UNKNOWN_EM


def greedy(runs: list[Run], width: float, size: float) -> list[tuple[int, int]]:
    """Return the lines of `runs` by the plain rule, character by character: break at spaces,
    at hard line breaks and after hyphens; a word wider than the line between letters; spaces
    hang at a line's end."""
    table = metrics._metrics()
    text = "".join(r.text for r in runs)
    widths = [table[r.bold].get(ord(ch), UNKNOWN_EM) * size for r in runs for ch in r.text]
    limit = width * SAFETY
    lines, start = [], 0
    while start <= len(text):
        pos, used, last_break = start, 0.0, -1
        while pos < len(text) and text[pos] != "\n":
            if used + widths[pos] > limit + 1e-9 and text[pos] != " ":
                break
            used += widths[pos]
            if text[pos] == " " or (text[pos] == "-" and pos > start):
                last_break = pos + 1
            pos += 1
        if pos >= len(text) or text[pos] == "\n":
            lines.append((start, pos))
            start = pos + 1
            if pos >= len(text):
                break
            continue
        end = last_break if last_break > start else max(pos, start + 1)
        lines.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return lines


words = st.lists(st.sampled_from(["a", "ab", "Ohjausryhmä", "-", " ", "  ", "\n", "WW", "iii",
                                  "työterveyshuoltopalvelujärjestelmä", "\u4e2d", "x-y"]),
                 max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=words, bold=st.booleans(), width=st.sampled_from([20.0, 61.5, 150.0, 400.0]),
       size=st.sampled_from([12.0, 14.0, 17.5, 20.0]))
def test_wrapping_breaks_where_the_greedy_rule_does(text, bold, width, size):
    runs = [Run(text, bold=bold)]
    assert list(metrics.wrap(runs, width, size)) == (greedy(runs, width, size) or [(0, 0)])


def test_wrapping_keeps_every_letter_of_a_long_word():
    word = "a" * 10_000
    lines = metrics.wrap([Run(word)], 100.0, 12.0)
    assert lines[0][0] == 0 and lines[-1][1] == len(word)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(lines))  # no letter lost between


def test_shortening_keeps_the_code_and_fits():
    footer = "Aa " * 300_000 + "· IT-2027-021"
    short = metrics.shorten(footer, 300.0, 12.0)
    assert short.endswith("… · IT-2027-021")
    assert metrics.text_width(short, 12.0) <= 300.0 * SAFETY


# Each script lays out one word of 900,000 letters; before layout was linear, each took many
# minutes. The timeout only stops a hang: it is no measure of speed.
LONG = {
    "paragraph": """
        from sggen.document import Run
        from sggen.layout import boxes, text
        lines = [boxes.Line([Run("a" * 900_000)], 0, "")]
        pages = text.text_pages(lines, boxes.Region(43.2, 108.0, 873.6, 375.6), boxes.Sizes())
        assert sum(len(r.text) for p in pages for ln in p.lines for r in ln.runs) == 900_000
    """,
    "title": """
        from sggen.layout import text
        title, size = text.fit_title("a" * 900_000 + " (1/2)", 873.6, 80.0, 40.0)
        assert title.endswith("… (1/2)") and size == 16.0
    """,
    "title of words": """
        from sggen.layout import text
        title, size = text.fit_title("ab " * 300_000, 873.6, 80.0, 40.0)
        assert title.endswith("…")
    """,
    "footer": """
        from sggen.layout import metrics
        assert metrics.shorten("a" * 900_000 + " · IT-1", 300.0, 12.0).endswith("… · IT-1")
    """,
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(LONG))
def test_one_word_of_900_000_letters_is_laid_out(case):
    subprocess.run([sys.executable, "-c", textwrap.dedent(LONG[case])], check=True,
                   timeout=300)
