"""The master timeline: drawn to scale on a month axis, labels that never meet, the kickoff
and the deadline marked, short labels per decision, and the same component in the deck, the
guide, the cards and the pages."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import zipfile
from dataclasses import replace

import pytest
from conftest import REPO, all_shapes
from test_accessibility import _theme, _tinted, contrast

from sggen import context, formats, read
from sggen.document import Mark, Span, Timeline
from sggen.formats.ooxml import units
from sggen.layout.boxes import Calendar, Region, Sizes
from sggen.layout.timeline import lanes, lay_out_timeline
from sggen.layout.timeline.legend import WORDS, drawn_words
from sggen.outline import parse_deck

DECK = Region(43.2, 108.0, 873.6, 381.6)  # the reference deck's content area
D = dt.date
MONTHS = ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka",
          "marras", "joulu"]


def _example() -> Timeline:
    spans = [Span("Käynnistys", D(2027, 1, 18), D(2027, 3, 19)),
             Span("Määrittely ja integraatiosuunnittelu", D(2027, 3, 24), D(2027, 6, 18),
                  short="Määrittely"),
             Span("Toteutus ja testaus", D(2027, 6, 21), D(2027, 9, 29), short="Toteutus"),
             Span("Käyttöönotto", D(2027, 10, 1), D(2027, 12, 10))]
    days = [D(2027, 1, 14), D(2027, 3, 23), D(2027, 6, 17), D(2027, 8, 19), D(2027, 9, 30),
            D(2027, 12, 14)]
    shorts = ["Käynnistysvaihe alkaa", "Projekti hyväksytään", "Määrittely päättyy",
              "Tilannekatsaus", "Toteutus päättyy", "Projekti päättyy"]
    marks = [Mark(day, [short, f"{day.day}.{day.month}.{day.year}"], n, "long", today=n == 1)
             for n, (day, short) in enumerate(zip(days, shorts, strict=True), 1)]
    marks.append(Mark(D(2028, 1, 10), ["Kevään hakukausi alkaa", "Määräaika 10.1.2028"],
                      flag=True))
    return Timeline(spans, marks, MONTHS)


def _monthly(years: int = 4, faint: bool = False) -> Timeline:
    """Return a timeline of a board meeting every month for `years` years and a stage a
    year."""
    spans = [Span(f"Vaihe {k + 1}", D(2027 + k, 1, 4), D(2027 + k, 12, 17)) for k in range(years)]
    days = [D(2027 + k // 12, k % 12 + 1, 10) for k in range(12 * years)]
    marks = [Mark(day, ["Tilannekatsaus", f"{day.day}.{day.month}."], n, faint=faint and n % 2)
             for n, day in enumerate(days, 1)]
    return Timeline(spans, marks, MONTHS)


# --- geometry ------------------------------------------------------------------------------


def _boxes(calendar: Calendar) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Return every box that holds ink: (what, (left, top, right, bottom))."""
    out = []
    for bar in calendar.bars:
        out.append((f"bar {bar.name}", (bar.x, bar.y, bar.x + bar.w, bar.y + bar.h)))
    for m in calendar.markers:
        if m.r:
            out.append((f"circle {m.number}", (m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r)))
        if m.label is not None:
            b = m.label
            out.append((f"label {m.number or m.style}", (b.x, b.y, b.x + b.w, b.y + b.h)))
    for kind, texts in (("month", calendar.months), ("year", calendar.years),
                        ("legend", calendar.legend)):
        out += [(kind, (b.x, b.y, b.x + b.w, b.y + b.h)) for b in texts]
    return out


def _meet(a, b, slack: float = 0.01) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack \
        and b[1] < a[3] - slack


def _collisions(calendar: Calendar) -> list[str]:
    """Return every pair of boxes that overlap, and every mark's line that crosses a box
    other than its own circle and label."""
    found = []
    boxes = _boxes(calendar)
    for i, (what, box) in enumerate(boxes):
        found += [f"{what} meets {other}" for other, box2 in boxes[i + 1:]
                  if _meet(box, box2) and not (what.startswith("bar") and other.startswith("bar"))
                  and not {what.split()[0], other.split()[0]} <= {"month", "year"}]
    for m in calendar.markers:
        low, high = sorted(m.line)
        own = {f"circle {m.number}", f"label {m.number or m.style}"} if m.number else \
            {f"label {m.style}"}
        line = (m.x - 0.5, low + 0.5, m.x + 0.5, high - 0.5)
        # a line may pass behind a circle centred on it (meetings days apart stack up)
        beads = {f"circle {c.number}" for c in calendar.markers
                 if c.r and abs(c.x - m.x) <= lanes.BEAD}
        found += [f"the line of {m.number or m.style} crosses {what}" for what, box in boxes
                  if what not in own | beads and not what.startswith("bar")
                  and _meet(line, box)]
    return found


def _inside(calendar: Calendar, region: Region) -> list[str]:
    right, bottom = region.x + region.w, region.y + region.h
    return [what for what, (x0, y0, x1, y1) in _boxes(calendar)
            if x0 < region.x - 0.01 or y0 < region.y - 0.01 or x1 > right + 0.01
            or y1 > bottom + 0.01]


def test_a_day_falls_on_the_axis_in_proportion_to_the_days() -> None:
    calendar = lay_out_timeline(_example(), DECK, Sizes())
    marks = sorted(_example().marks, key=lambda m: m.day)
    xs = {m.number or m.style: m.x for m in calendar.markers}
    first, last = marks[0], marks[-1]
    per_day = (xs["flag"] - xs["1"]) / (last.day - first.day).days
    for mark in marks:
        expected = xs["1"] + per_day * (mark.day - first.day).days
        assert xs[str(mark.number or "flag")] == pytest.approx(expected, abs=1e-6)
    ticks = [t.x for t in calendar.ticks]
    assert ticks == sorted(ticks)
    # a month's tick is where its first day falls: 28, 30 and 31 days apart
    gaps = [round((b - a) / per_day) for a, b in zip(ticks, ticks[1:], strict=False)]
    assert gaps == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31]


def test_every_month_has_a_tick_and_its_name_and_each_year_a_mark() -> None:
    calendar = lay_out_timeline(_example(), DECK, Sizes())
    assert len(calendar.ticks) == 14  # January 2027 to January 2028, and the end
    names = [b.lines[0].runs[0].text for b in calendar.months]
    assert names == [*MONTHS, "tammi"]
    assert [b.lines[0].runs[0].text for b in calendar.years] == ["2027", "2028"]
    assert [t.year for t in calendar.ticks].count(True) == 2


def test_months_too_narrow_for_their_names_are_named_every_few_months() -> None:
    calendar = lay_out_timeline(_monthly(4), Region(0, 0, 453.0, 360.0),
                                Sizes(chart_base=10.0, chart_min=8.0))
    assert len(calendar.ticks) == 49
    assert 0 < len(calendar.months) < 48
    assert [b.lines[0].runs[0].text for b in calendar.years] == ["2027", "2028", "2029", "2030"]
    assert not _collisions(calendar)
    # named months never touch: a reader sees "tammi huhti", not "tammihuhti"
    for one, other in itertools.pairwise(sorted(calendar.months, key=lambda b: b.x)):
        assert other.x - (one.x + one.w) >= one.size / 3, (one.lines, other.lines)
    assert not _ticks_through_names(calendar)


def _ticks_through_names(calendar: Calendar) -> list[str]:
    """Return each month's name a tick runs into: past the top of its letters (a fifth of
    its type size below the box's top)."""
    return [f"a tick at {t.x:.1f} crosses {b.lines[0].runs[0].text}" for b in calendar.months
            for t in calendar.ticks if b.x < t.x < b.x + b.w and t.y + t.h > b.y + b.size / 5]


@pytest.mark.parametrize("years", [1, 2, 3, 4, 6])
def test_no_tick_runs_through_a_months_name_on_a_slide_or_a_page(years) -> None:
    for region, sizes in ((DECK, Sizes()), (Region(0, 0, 453.0, 360.0),
                                            Sizes(chart_base=10.0, chart_min=8.0))):
        calendar = lay_out_timeline(_monthly(years), region, sizes)
        assert calendar.months and not _ticks_through_names(calendar)


def test_no_label_meets_another_a_circle_a_line_or_a_bar_and_all_stay_inside() -> None:
    calendar = lay_out_timeline(_example(), DECK, Sizes())
    assert not _collisions(calendar) and not _inside(calendar, DECK)
    labelled = [m for m in calendar.markers if m.label is not None]
    assert len(labelled) == 7 and not calendar.left_out and not calendar.legend


def test_the_collision_check_finds_an_overlap() -> None:
    calendar = lay_out_timeline(_example(), DECK, Sizes())
    moved = next(m for m in calendar.markers if m.number == "2")
    other = next(m for m in calendar.markers if m.number == "3")
    moved.label.x, moved.label.y = other.label.x, other.label.y
    assert any("label 2 meets label 3" in c for c in _collisions(calendar))


@pytest.mark.parametrize("seed", range(12))
def test_random_calendars_keep_every_label_clear_and_inside(seed) -> None:
    rng = random.Random(seed)
    start = D(2027, 1, 4)
    edges = sorted(rng.sample(range(20, 700), rng.randint(1, 6)))
    spans = [Span(f"Vaihe {k} {'ja pitkä nimi ' * rng.randint(0, 2)}".strip(),
                  start + dt.timedelta(days=a), start + dt.timedelta(days=b - 3))
             for k, (a, b) in enumerate(zip([0, *edges], [*edges, 730], strict=True))]
    # boards meet a fortnight apart at the most often (days apart: test_circles_stay_…)
    days = sorted(rng.sample(range(0, 760, 14), rng.randint(2, 24)))
    marks = [Mark(start + dt.timedelta(days=d), ["Kokous " + "x" * rng.randint(2, 20),
                                                 "1.1.2027"], n, faint=rng.random() < 0.2,
                  today=n == 1) for n, d in enumerate(days, 1)]
    marks.append(Mark(start + dt.timedelta(days=rng.randint(0, 760)), ["Määräaika"],
                      flag=True))
    region = rng.choice([DECK, Region(0, 0, 453.0, 362.0), Region(0, 0, 493.0, 240.0)])
    sizes = Sizes() if region is DECK else Sizes(chart_base=10.0, chart_min=8.0)
    calendar = lay_out_timeline(Timeline(spans, marks, MONTHS), region, sizes)
    assert not _collisions(calendar)
    assert not _inside(calendar, region) or calendar.overflow
    shown = {m.number for m in calendar.markers if m.r}
    assert shown == {str(n) for n in range(1, len(days) + 1)}  # every meeting has its circle


def test_meetings_days_apart_keep_every_circle_even_on_a_narrow_page() -> None:
    days = [D(2027, 3, 1) + dt.timedelta(days=d) for d in (0, 1, 2, 5, 9, 10, 30)]
    block = Timeline([Span("Vaihe", D(2027, 1, 4), D(2027, 12, 17))],
                     [Mark(day, ["Kokous"], n) for n, day in enumerate(days, 1)], MONTHS)
    calendar = lay_out_timeline(block, Region(0, 0, 453.0, 360.0),
                                Sizes(chart_base=10.0, chart_min=8.0))
    assert sorted(int(m.number) for m in calendar.markers if m.r) == list(range(1, 8))
    assert not [c for c in _collisions(calendar) if c.startswith("label")]


def test_four_years_of_monthly_meetings_fit_a_slide_numbered_with_a_legend() -> None:
    calendar = lay_out_timeline(_monthly(4), DECK, Sizes())
    assert not _collisions(calendar) and not _inside(calendar, DECK)
    assert calendar.h <= DECK.h and not calendar.overflow
    assert {m.number for m in calendar.markers if m.r} == {str(n) for n in range(1, 49)}
    left = calendar.left_out
    assert left and all(re.match(r"^\d+ Tilannekatsaus · ", entry) for entry in left)
    legend = " ".join(r.text for b in calendar.legend for ln in b.lines for r in ln.runs)
    assert all(entry in legend for entry in left)
    labelled = {m.number for m in calendar.markers if m.label is not None}
    assert labelled.isdisjoint({e.split()[0] for e in left})
    assert len(labelled) + len(left) == 48


def _sixty_stages() -> Timeline:
    """Return four years of monthly meetings over sixty stages of three weeks each."""
    block = _monthly(4)
    spans = [Span(f"Osavaihe {k + 1}", D(2027, 1, 4) + dt.timedelta(days=24 * k),
                  D(2027, 1, 25) + dt.timedelta(days=24 * k), note=f"({k + 1}/60)")
             for k in range(60)]
    deadline = Mark(D(2031, 1, 10), ["Kevään 2031 hakukausi alkaa", "Määräaika 10.1.2031"],
                    flag=True)
    return replace(block, spans=spans, marks=[*block.marks, deadline])


def _said(calendar: Calendar) -> str:
    """Return every text a laid-out timeline shows: bars, labels, legend."""
    texts = [b.name for b in calendar.bars]
    texts += [r.text for m in calendar.markers if m.label for ln in m.label.lines
              for r in ln.runs]
    texts += [r.text for b in calendar.legend for ln in b.lines for r in ln.runs]
    return "\n".join(texts)


def test_sixty_stages_and_four_years_of_meetings_continue_on_a_balanced_slide() -> None:
    from sggen.layout.timeline import on_slides

    block = _sixty_stages()
    pages = on_slides(block, DECK, Sizes())
    first, *rest = pages
    assert rest, "sixty stages' names cannot all stand on one slide"
    for page in pages:
        assert isinstance(page, Calendar) and not _inside(page, DECK) and not _collisions(page)
    continued = [r.text for page in rest for b in page.legend for ln in b.lines for r in ln.runs]
    assert continued == first.overflow and not any(page.overflow for page in rest)
    assert {m.number for m in first.markers if m.r} == {str(n) for n in range(1, 49)}
    flag, = [m for m in first.markers if m.style == "flag"]  # its pole, whatever its words
    assert abs(flag.line[1] - flag.line[0]) >= first.bars[0].h
    said = "\n".join(_said(page) for page in pages)
    for span in block.spans:  # each stage named: in its bar, beside it or in the legend
        assert re.search(rf"(^|\n){span.name}( |\n|$)", said), span.name
    for mark in block.marks:  # each meeting labelled, or its number in the legend
        assert f"{mark.number or ''} {mark.label[0]}".strip() in said or any(
            m.number == str(mark.number) and m.label for m in first.markers)
    # the legend's own slides split it evenly, and name what they hold in their description
    counts = [sum(len(b.lines) for b in page.legend) for page in rest]
    assert max(counts) - min(counts) <= len(rest)
    assert all(page.description and not page.ticks and not page.bars for page in rest)
    # no slide over the deck's reading budget: the timeline's slide keeps to it with its
    # legend (or has none where the drawing alone is over it), each legend slide too
    assert all(drawn_words(page) <= WORDS for page in rest)
    assert drawn_words(first) <= WORDS or not first.legend
    assert sum(len(b.lines) for b in first.legend) <= max(counts)


def test_a_legend_over_the_reading_budget_is_shared_evenly_with_the_next_slide() -> None:
    from sggen.layout.timeline import on_slides

    # two years of monthly meetings: the axis holds all but a few labels, and the legend of
    # those would take the slide over 90 words
    pages = on_slides(_monthly(2), DECK, Sizes())
    assert len(pages) > 1 and all(drawn_words(page) <= WORDS for page in pages)
    counts = [sum(len(b.lines) for b in page.legend) for page in pages]
    assert all(counts) and max(counts) - min(counts) <= 1, counts


def test_the_guide_gives_a_long_legend_a_page_and_warns_of_what_has_none() -> None:
    from sggen.formats.guide import timeline as timelines

    roomy = timelines.on_page(_example(), 453.0)
    assert roomy.h <= 453.0 * timelines.TALLEST and not roomy.overflow
    long = timelines.on_page(_sixty_stages(), 453.0)
    assert long.h > 453.0 * timelines.TALLEST  # the legend takes the page it needs
    assert long.h <= 453.0 * timelines.PAGE and not _collisions(long)


def test_a_calendar_with_room_uses_no_legend_and_a_larger_size_than_a_dense_one() -> None:
    roomy = lay_out_timeline(_example(), DECK, Sizes())
    dense = lay_out_timeline(_monthly(2), DECK, Sizes())
    size = next(m.label.size for m in roomy.markers if m.label)
    assert size > next(m.label.size for m in dense.markers if m.label) >= Sizes().chart_min


def test_faint_meetings_lose_their_labels_first_and_are_not_in_the_legend() -> None:
    calendar = lay_out_timeline(_monthly(2, faint=True), Region(0, 0, 493.0, 240.0),
                                Sizes(chart_base=10.0, chart_min=8.0))
    faint = [m for m in calendar.markers if m.style == "faint"]
    own = [m for m in calendar.markers if m.style == "meeting"]
    assert len(faint) == len(own) == 12
    assert sum(m.label is not None for m in own) > sum(m.label is not None for m in faint)
    assert not any(entry.split()[0] in {m.number for m in faint} for entry in
                   calendar.left_out)


def test_the_deadline_hangs_its_flag_from_a_pole_down_to_the_axis() -> None:
    calendar = lay_out_timeline(_example(), DECK, Sizes())
    flag = next(m for m in calendar.markers if m.style == "flag")
    assert flag.r == 0 and flag.label is not None
    assert flag.line[0] == calendar.axis_y  # no bar on that day: the pole reaches the axis
    assert min(flag.label.x, flag.label.x + flag.label.w) <= flag.x \
        <= flag.label.x + flag.label.w + 0.01
    assert flag.x in (pytest.approx(flag.label.x), pytest.approx(flag.label.x + flag.label.w))


def test_a_stage_too_narrow_for_its_name_shows_its_short_name_or_names_it_beside() -> None:
    block = _example()
    block.spans[3] = Span("Käyttöönotto ja siirto ylläpitoon", D(2027, 12, 1),
                          D(2027, 12, 10), short="Käyttöönotto")
    calendar = lay_out_timeline(block, DECK, Sizes())
    assert calendar.bars[1].name == "Määrittely ja integraatiosuunnittelu"
    narrow = calendar.bars[3]
    beside = [m for m in calendar.markers if m.style == "stage"]
    legend = " ".join(r.text for b in calendar.legend for ln in b.lines for r in ln.runs)
    assert narrow.name == "" and ([m.label.lines[0].runs[0].text for m in beside]
                                  == ["Käyttöönotto"] or "Käyttöönotto ja siirto ylläpitoon"
                                  in legend)
    assert not _collisions(calendar) and not calendar.left_out  # a stage's name is no mark's


def test_the_timeline_in_words_gives_each_stage_and_each_meetings_date_and_decision() -> None:
    said = lay_out_timeline(_example(), DECK, Sizes()).description
    assert said.startswith("Käynnistys; Määrittely ja integraatiosuunnittelu;")
    assert "3 Määrittely päättyy, 17.6.2027: long" in said
    assert said.endswith("Kevään hakukausi alkaa, Määräaika 10.1.2028")


def test_the_markdown_of_a_timeline_reads_back_with_numbers_flags_and_months() -> None:
    markdown = """## Kalenteri

::: timeline
- months: tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu
- 2027-01-18 2027-03-19 Käynnistys\\
  18.1. – 19.3.2027
  - short: Käynn.
- 2027-01-14 Käynnistysvaihe alkaa\\
  Tänään · 14.1.2027
  - number: 1
  - long: Käynnistysvaiheen hyväksyminen
  - today
- 2027-03-23 Projekti hyväksytään
  - number: 2
  - faint
- 2028-01-10 Hakukausi alkaa
  - flag
  - something else
:::
"""
    slide = parse_deck(markdown).slides[0]
    block = slide.blocks[0]
    assert isinstance(block, Timeline) and block.months == MONTHS
    assert block.spans == [Span("Käynnistys", D(2027, 1, 18), D(2027, 3, 19),
                                "18.1. – 19.3.2027", "Käynn.")]
    first, second, flag = block.marks
    assert (first.number, first.today, first.long, first.label) == (
        1, True, "Käynnistysvaiheen hyväksyminen", ["Käynnistysvaihe alkaa",
                                                     "Tänään · 14.1.2027"])
    assert second.faint and not second.today and flag.flag and flag.number == 0
    assert [b.text for b in slide.blocks[1:]] == ["something else"]  # nothing is dropped


# --- contrast ------------------------------------------------------------------------------


@pytest.mark.parametrize("reference", ["reference.pptx", "reference.docx"])
def test_every_text_of_the_timeline_meets_wcag_aa_in_both_themes(reference) -> None:
    with zipfile.ZipFile(REPO / "templates" / reference) as package:
        name = next(n for n in package.namelist() if re.search(r"theme/theme1\.xml$", n))
        theme_xml = package.read(name).decode()
    theme = _theme_of(theme_xml)
    for text, shade, fill, tint in units.TIMELINE_PAIRS:
        ratio = contrast(_tinted(theme[text], shade), _tinted(theme[fill], tint))
        assert ratio >= 4.5, (reference, text, shade, fill, tint, round(ratio, 2))


def _theme_of(xml: str) -> dict[str, str]:
    colours = {}
    for slot in ("dk1", "lt1", "dk2", "lt2", *(f"accent{k}" for k in range(1, 7))):
        block = re.search(f"<a:{slot}>(.*?)</a:{slot}>", xml, re.S).group(1)
        colours[slot] = re.search(r'(?:val|lastClr)="([0-9A-F]{6})"', block).group(1)
    return {**colours, "tx1": colours["dk1"], "bg1": colours["lt1"], "tx2": colours["dk2"],
            "bg2": colours["lt2"]}


def test_the_theme_reader_here_reads_the_deck_as_the_accessibility_test_does() -> None:
    with zipfile.ZipFile(REPO / "templates" / "reference.pptx") as package:
        xml = package.read("ppt/theme/theme1.xml").decode()
    assert _theme_of(xml) == _theme(REPO / "templates" / "reference.pptx")


# --- the data: short labels and the deadline -------------------------------------------------


@pytest.fixture(scope="module")
def views() -> dict:
    from sggen import pipeline

    ws = read.workspace(REPO)
    inputs = pipeline.shared(ws, {"prince2", "pm2"})
    out = {}
    for project_id in ("example", "asukasportaali", "pm2-example"):
        problems: list = []
        project = read.project(ws, inputs, project_id, problems)
        assert not [p for p in problems if "warning" not in str(p)], problems
        library = inputs.libraries[project.method or ws.settings.method]
        for lang in ("fi", "sv", "en"):
            out[project_id, lang] = context.context(project_id, project, library, ws.settings,
                                                    inputs.strings, lang)
    return out


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("project", ["example", "asukasportaali", "pm2-example"])
def test_no_two_meetings_share_a_label_and_a_boundary_names_its_stage(views, project,
                                                                       lang) -> None:
    view = views[project, lang]
    calendar = view.meetings.calendar
    # a boundary whose decision's short label names the stage it closes does
    staged = [(m.short, m.stage) for m in calendar if m.kind == "boundary"
              and any("{stage}" in d.short for d in m.decisions)]
    assert staged and all(m.short for m in calendar)
    labels = [m.short for m in calendar if m.kind != "review"]
    assert len(labels) == len(set(labels)), labels
    shorts = {s.name: s.short for s in view.stages}
    for short, stage in staged:
        assert shorts[stage] in short, (short, stage)
    assert all(len(m.short) < len(m.title) or m.kind == "review" for m in calendar)


def test_the_examples_boundaries_read_as_their_stages_end(views) -> None:
    assert [m.short for m in views["example", "fi"].meetings.calendar] == [
        "Käynnistysvaihe alkaa", "Projekti hyväksytään", "Määrittely päättyy",
        "Tilannekatsaus", "Toteutus päättyy", "Projekti päättyy"]
    assert views["example", "en"].meetings.calendar[2].short == "Specification ends"


@pytest.mark.parametrize("project", ["example", "asukasportaali", "pm2-example"])
def test_each_example_has_a_deadline_in_every_language(views, project) -> None:
    for lang in ("fi", "sv", "en"):
        deadline = views[project, lang].deadline
        assert deadline is not None and deadline.text and deadline.day
    assert views["example", "fi"].deadline.day == "10.1.2028"


def _validate(workspace) -> str:
    from typer.testing import CliRunner

    from sggen.cli import app

    result = CliRunner().invoke(app, ["validate", "--workspace", str(workspace)])
    return f"{result.exit_code}\n{result.output}"


def test_a_deadline_before_the_kickoff_is_warned_of_at_its_line(workspace) -> None:
    path = workspace / "projects" / "example.yaml"
    path.write_text(path.read_text().replace("date: 2028-01-10", "date: 2026-12-01"))
    said = _validate(workspace)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if "date: 2026-12-01" in text)
    assert said.startswith("0\n")
    assert f"projects/example.yaml:{line}:" in said and "before the first meeting" in said


def test_a_deadline_without_words_fails(workspace) -> None:
    path = workspace / "projects" / "example.yaml"
    text = path.read_text()
    path.write_text(re.sub(r"(deadline:\n  date: 2028-01-10\n  text: ).*", r'\1" "', text))
    said = _validate(workspace)
    assert said.startswith("2\n") and "deadline" in said, said


def test_a_short_label_naming_another_field_fails(workspace) -> None:
    board = workspace / "roles" / "prince2" / "board.yaml"
    board.write_text(board.read_text().replace('en: "{stage} ends"', 'en: "{phase} ends"'))
    said = _validate(workspace)
    assert said.startswith("2\n") and "may name only {stage}" in said, said
    assert "roles/prince2/board.yaml:" in said


def test_a_deadline_is_optional(workspace) -> None:
    path = workspace / "projects" / "example.yaml"
    path.write_text(re.sub(r"\n# the date the new service.*\ndeadline:\n(  .*\n)+", "\n",
                           path.read_text()))
    assert "deadline" not in path.read_text()
    assert _validate(workspace).startswith("0\n")


# --- where it appears ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build the example's deck, guide, cards and pages in fi and en."""
    from sggen import pipeline

    out = tmp_path_factory.mktemp("timeline")
    ws = read.workspace(REPO)
    pipeline.run(ws, pipeline.Request(["example"], ("deck", "guide", "cards", "html",
                                                    "slides"), ["fi", "en"], output=out))
    pipeline.run(ws, pipeline.Request(["pm2-example"], ("cards",), ["fi"], output=out))
    return out / "example"


def _calendar_slide(path):
    """Yield each slide that holds a timeline: a group of shapes with circles in it."""
    from pptx import Presentation

    for slide in Presentation(str(path)).slides:
        if any(s.name.startswith("Oval") for s in all_shapes(slide.shapes)):
            yield slide


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_the_deck_has_one_timeline_on_its_calendar_slide_with_every_meeting(
        built, views) -> None:
    slides = list(_calendar_slide(built / "deck.pptx"))
    assert [s.shapes.title.text for s in slides] == ["Ohjausryhmän kalenteri"]
    texts = [s.text_frame.text for s in all_shapes(slides[0].shapes) if s.has_text_frame]
    ovals = [s for s in all_shapes(slides[0].shapes) if s.name.startswith("Oval")]
    view = views["example", "fi"]
    assert sorted(o.text_frame.text for o in ovals) == sorted(
        str(m.number) for m in view.meetings.calendar)
    joined = "\n".join(texts)
    for meeting in view.meetings.calendar:
        assert f"{meeting.short}\n{meeting.day}" in joined.replace("Tänään · ", "")
    assert "Tänään · 14.1.2027" in joined and "Määräaika 10.1.2028" in joined
    group = next(s for s in slides[0].shapes if s.shape_type == 6)
    described = group._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
    for meeting in view.meetings.calendar:
        assert f"{meeting.number} {meeting.short}, " in described and meeting.title in described


def test_the_english_deck_says_its_labels_in_english(built) -> None:
    slide, = _calendar_slide(built / "deck.en.pptx")
    joined = _plain(" ".join(s.text_frame.text for s in all_shapes(slide.shapes)
                             if s.has_text_frame))
    assert "Specification ends" in joined and "Today · 14 January 2027" in joined
    assert "Jan" in joined.split() and "Deadline 10 January 2028" in joined


def _slides(path):
    from pptx import Presentation

    return list(Presentation(str(path)).slides)


def test_the_project_in_brief_has_no_timeline_of_its_own(built) -> None:
    brief = next(s for s in _slides(built / "deck.pptx")
                 if s.shapes.title.text == "Projekti lyhyesti")
    # its one drawing is the project's figures: no stage and no meeting of the calendar's
    drawn = " ".join(d for s in brief.shapes if s.shape_type == 6
                     for d in s._element.xpath("./p:nvGrpSpPr/p:cNvPr/@descr"))
    assert "480 000 €" in drawn
    assert not any(word in drawn for word in ("Käynnistys", "23.3.2027", "Tänään"))


def _drawing_texts(path) -> tuple[list[str], list[str]]:
    """Return the descriptions of a Word document's drawings and the lines they hold."""
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode()
    descr = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    lines = [re.sub(r"<[^>]+>", "", p) for box in re.findall(
        r"<w:txbxContent>(.*?)</w:txbxContent>", xml) for p in re.findall(
        r"<w:p>(.*?)</w:p>", box)]
    return descr, lines


def test_the_guide_draws_the_timeline_described_in_words(built, views) -> None:
    descr, lines = _drawing_texts(built / "guide.docx")
    timeline = [d for d in descr if "Määrittely päättyy" in d]
    assert len(timeline) == 1
    view = views["example", "fi"]
    for meeting in view.meetings.calendar:
        assert str(meeting.number) in lines and meeting.short in lines
        assert f"{meeting.number} {meeting.short}, {meeting.day}" in timeline[0]
    assert "Tänään" not in " ".join(lines)  # the guide is no kickoff: no meeting is today's
    assert "Kevään 2028 hakukausi alkaa" in _plain(" ".join(lines))


def test_a_card_shows_its_holders_meetings_and_the_others_faint(built, views) -> None:
    view = views["pm2-example", "fi"]
    found = False
    for member in view.cards:
        path = built.parent / "pm2-example" / "cards" / f"{member.slug}.docx"
        with zipfile.ZipFile(path) as package:
            xml = package.read("word/document.xml").decode()
        circles = re.findall(r'name="ellipse \d+" descr="(\d+)".*?</wps:wsp>', xml)
        if not circles:
            continue  # a card with no room for its strip: its list says every meeting
        assert sorted(circles, key=int) == [str(m.number) for m in view.meetings.calendar]
        for meeting, mine in zip(view.meetings.calendar, member.card.meetings, strict=True):
            shape = re.search(rf'name="ellipse \d+" descr="{meeting.number}".*?</wps:wsp>',
                              xml).group(0)
            assert ('w:themeTint="A6"' in shape) == (not mine.own), (member.slug, meeting)
            found |= not mine.own
    assert found, "no card holder of pm2-example has a meeting that is not their own"


def test_a_card_short_of_room_makes_its_strip_lighter_before_it_shortens_a_list() -> None:
    from sggen.document import BulletList, Heading, ListItem, Run
    from sggen.formats.cards import plan

    strip = _example()
    items = BulletList([ListItem([Run(f"Kokous {n}: tehtävä " * 3)]) for n in range(8)])
    blocks = [Heading(2, "Kokoukset"), strip, items]
    width = 493.0
    full = plan.height(blocks, 1.0, width)
    fitted, scale = plan.fit(blocks, width, full + 1)
    assert fitted == blocks and scale >= 1.0
    # a little short of room at the smallest scale: the strip loses its dates, not the list
    small = plan.height(blocks, plan.SCALES[-1], width)
    fitted, scale = plan.fit(blocks, width, small - 1)
    lighter = next(b for b in fitted if isinstance(b, Timeline))
    assert scale == plan.SCALES[-1] and fitted[2] == items
    assert all(len(m.label) <= 1 for m in lighter.marks if not m.flag)
    # no room for a strip at all: it goes, and the list keeps every meeting
    bare = plan.height([blocks[0], items], plan.SCALES[-1], width)
    fitted, _ = plan.fit(blocks, width, bare + 1)
    assert fitted == [blocks[0], items]
    # a list shortened anyway no longer says every meeting: the strip stays, numbers only
    long = replace(items, items=items.items * 3)
    bare = plan.height([blocks[0], long], plan.SCALES[-1], width)
    fitted, _ = plan.fit([blocks[0], strip, long], width, bare - 1)
    kept = next(b for b in fitted if isinstance(b, Timeline))
    assert [m.number for m in kept.marks] == [m.number for m in strip.marks]
    assert not any(m.label for m in kept.marks if not m.flag)
    assert len(fitted[2].items) < len(long.items)


def test_the_pages_draw_the_timeline_as_described_svg(built) -> None:
    page = (built / "guide.html").read_text()
    figure = re.search(r'<figure class="timeline".*?</figure>', page, re.S).group(0)
    assert "<svg" in figure and 'role="img"' in figure and "Määrittely päättyy" in figure
    assert re.search(r"<desc id=\"[^\"]+\">[^<]*3 Määrittely päättyy, 17\.6\.2027", figure)
    assert "<details>" in figure and "<time datetime=\"2027-06-17\">" in figure
    slides = (built / "deck.html").read_text()
    assert slides.count("<svg") >= 2 and "Tänään · 14.1.2027" in slides


def test_every_format_that_shows_a_timeline_has_it_in_its_table() -> None:
    assert Timeline in formats.CARD_SHOWS and Timeline in formats.SLIDE_SHOWS


# --- the warning of a crowded calendar -----------------------------------------------------


def _monthly_project(workspace, years: int = 4, stages: int = 0) -> None:
    path = workspace / "projects" / "example.yaml"
    text = path.read_text()
    dates = ", ".join(str(D(2027 + k // 12, k % 12 + 1, 1) + dt.timedelta(days=14))
                      for k in range(12 * years))
    text = re.sub(r"  dates: \[.*\]", f"  dates: [{dates}]", text)
    listed = _stages(years) if not stages else "".join(
        f"  - name: Osavaihe {k + 1}, rakentaminen ja testaus\n"
        f"    start: {D(2027, 1, 4) + dt.timedelta(days=k * 14)}\n"
        f"    end: {D(2027, 1, 15) + dt.timedelta(days=k * 14)}\n" for k in range(stages))
    # the stages end where the next key or its comment begins (the deadline follows them)
    text = re.sub(r"(?s)\nstages:\n.*?\n(?=[#\n]|\w)", f"\nstages:\n{listed}", text)
    path.write_text(text)


def _stages(years: int) -> str:
    return "".join(f"  - name: Vaihe {k + 1}\n    start: {2027 + k}-01-04\n"
                   f"    end: {2027 + k}-12-17\n" for k in range(years))


def test_a_crowded_calendar_slide_is_warned_of_at_the_timelines_line(workspace) -> None:
    _monthly_project(workspace)
    said = _validate(workspace)
    assert said.startswith("0\n")
    warned = [line for line in said.splitlines() if "timeline's labels" in line]
    assert warned and all("templates/timeline.md.j2:" in w for w in warned), said
    assert any("Ohjausryhmän kalenteri" in w and "has no room for" in w for w in warned)


def test_a_guide_timeline_with_more_than_a_page_holds_is_warned_of_at_its_line(
        workspace) -> None:
    said = _validate(workspace)
    assert "timeline has no room" not in said  # the shipped example says all it has
    _monthly_project(workspace, stages=100)
    said = _validate(workspace)
    warned = [line for line in said.splitlines() if "the guide's timeline has no room" in line]
    assert warned and all("templates/timeline.md.j2:" in w for w in warned), said


def _calendar_numbers(path) -> list[int]:
    """Return the numbers of the slides that hold a timeline."""
    from pptx import Presentation

    return [n for n, slide in enumerate(Presentation(str(path)).slides, 1)
            if any(s.name.startswith("Oval") for s in all_shapes(slide.shapes))]


def _overflow_on_calendar(path, work) -> list[str]:
    """Return what the LibreOffice rendering of the deck's timeline slides runs out of its
    boxes (the whole deck is rendered, its other slides are others' to check)."""
    from conformance import overflow, require_tools

    require_tools()
    numbers = _calendar_numbers(path)
    assert numbers
    return [m for m in overflow(path, work) if int(m.split(",")[0].split()[1]) in numbers]


@pytest.mark.slow
def test_a_crowded_calendar_slide_renders_with_no_text_outside_its_box(workspace,
                                                                        tmp_path) -> None:
    from typer.testing import CliRunner

    from sggen.cli import app

    _monthly_project(workspace)
    result = CliRunner().invoke(app, ["deck", "-p", "example", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "timeline's labels" in result.output
    assert _overflow_on_calendar(workspace / "output" / "example" / "deck.pptx",
                                 tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("project", ["example", "asukasportaali", "pm2-example"])
def test_the_calendar_slides_of_the_examples_render_inside_their_boxes(project,
                                                                        tmp_path) -> None:
    from sggen import pipeline

    ws = read.workspace(REPO)
    pipeline.run(ws, pipeline.Request([project], ("deck",), ["fi", "en"], output=tmp_path))
    for name in ("deck.pptx", "deck.en.pptx"):
        path = tmp_path / project / name
        assert len(_calendar_numbers(path)) == 1, name
        assert _overflow_on_calendar(path, tmp_path / name) == [], name


def test_a_numbers_only_strip_names_no_stage_beside_its_bar_nor_in_a_legend() -> None:
    from sggen.formats.guide import timeline as timelines

    block = _sixty_stages()
    full = timelines.on_page(timelines.lighter(block, 1), 493.0)
    bare = timelines.on_page(timelines.lighter(block, 2), 493.0)
    assert any("Osavaihe" in e for b in full.legend for ln in b.lines for r in ln.runs
               for e in [r.text])  # lighter by dates only: the legend still names the stages
    assert not bare.legend and not bare.overflow and bare.h < full.h / 2
    assert {m.number for m in bare.markers if m.r} == {str(n) for n in range(1, 49)}
    assert "Osavaihe 60" in bare.description  # its text still says every stage


def test_a_deadline_whose_words_go_to_the_legend_keeps_its_pole() -> None:
    low = Region(DECK.x, DECK.y, DECK.w, 140.0)  # no room for a row of labels
    calendar = lay_out_timeline(_sixty_stages(), low, Sizes())
    flag, = [m for m in calendar.markers if m.style == "flag"]
    assert flag.label is None and any("Määräaika 10.1.2031" in e for e in calendar.left_out)
    low_end, high_end = sorted(flag.line)
    assert high_end - low_end >= calendar.bars[0].h and high_end == calendar.axis_y
    assert not _collisions(calendar)
