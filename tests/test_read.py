"""Validation: raw data becomes the model, and every problem is found, placed and explained."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sggen import model
from sggen.errors import Caution, SggenError, split, suggest
from sggen.model import Library, Settings
from sggen.read import load, rules, typed
from sggen.workspace import NOT_ROLES

REPO = Path(__file__).resolve().parent.parent
LANGS = ["fi", "sv", "en"]
PROJECT = """\
name: Test project
customer: {name: Test customer, type: city-department}
people:
  executive: {name: Ann Able}
  senior-user: {name: Bob Baker}
  senior-supplier: {name: Cid Cole}
  project-manager: {name: Dan Dale}
"""


def source(tmp_path: Path, text: str, name: str = "x.yaml") -> load.Source:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load.load(path)


def lines(problems: list[SggenError]) -> list[str]:
    """Return each problem as `line:col: message (hint)`, without the file name."""
    return [str(p).split(":", 1)[1] for p in problems]


@pytest.fixture(scope="module")
def settings() -> Settings:
    problems: list[SggenError] = []
    result = rules.settings(load.load(REPO / "sggen.yaml"), problems)
    assert problems == []
    return result


def read_library(folder: Path, problems: list[SggenError]) -> Library | None:
    roles = [load.load(p) for p in sorted(folder.glob("*.yaml"))
             if p.name not in NOT_ROLES]
    return rules.library(folder.name, load.load(folder / "board.yaml"), roles, LANGS,
                            problems)


@pytest.fixture(scope="module")
def library() -> Library:
    problems: list[SggenError] = []
    result = read_library(REPO / "roles" / "prince2", problems)
    assert problems == []
    return result


def check_project(tmp_path: Path, text: str, settings: Settings, library: Library):
    """Return the project read from `text` and its errors (warnings: see check_warnings)."""
    result, problems = check_warnings(tmp_path, text, settings, library)
    return result, split(problems)[0]


def check_warnings(tmp_path: Path, text: str, settings: Settings, library: Library):
    problems: list[SggenError] = []
    result = rules.project(source(tmp_path, text), settings, library, problems)
    return result, problems


# --- helpers ---------------------------------------------------------------------------------


def test_suggest():
    assert suggest("executiv", ["executive", "senior-user"]) == \
        "did you mean 'executive'?"
    assert suggest("zzz", ["executive"]) == ""


def test_dotted():
    assert typed.dotted(("people", "senior-user", 1, "name")) == "people.senior-user[1].name"
    assert typed.dotted(()) == ""


# --- settings --------------------------------------------------------------------------------


def test_shipped_settings(settings: Settings):
    assert settings.languages == LANGS and settings.language == "fi"
    assert settings.layout.min_font_pt >= 8


def test_settings_problems_are_all_reported(tmp_path: Path):
    problems: list[SggenError] = []
    text = ("organisation: Org\nlanguages: [fi, en]\nlanguage: de\nmethod: prince2\n"
            "layout: {min_font_pt: 4}\ntheme: blue\n")
    assert rules.settings(source(tmp_path, text), problems) is None
    assert lines(problems) == [
        "6:1: unknown key 'theme' (allowed: organisation, languages, language, method, "
        "layout, meetings, country, locales, customer_types)",
    ]
    problems.clear()
    rules.settings(source(tmp_path, text.replace("theme: blue\n", "")), problems)
    assert lines(problems) == [
        "3:11: unknown language 'de' (known: fi, en)",
        "5:23: min_font_pt must be between 8 and 40, not 4 (14 is usual; slides cannot hold "
        "text at a larger floor)",
    ]


def test_settings_need_a_language(tmp_path: Path):
    problems: list[SggenError] = []
    text = "organisation: Org\nlanguages: []\nlanguage: fi\nmethod: prince2\n"
    assert rules.settings(source(tmp_path, text), problems) is None
    assert "at least one language" in str(problems[0])


# --- texts -----------------------------------------------------------------------------------


def read_text(tmp_path: Path, yaml_value: str) -> tuple[object, list[str]]:
    problems: list[SggenError] = []
    checker = typed.Checker(source(tmp_path, f"name: {yaml_value}\n"), LANGS, problems)
    value = checker.read(model.Text, checker.source.data["name"], ("name",))
    return value, lines(problems)


@pytest.mark.parametrize(("value", "expected"), [
    ("Plain", "Plain"),
    ("2027", "2027"),
    ("{fi: A, sv: B, en: C}", {"fi": "A", "sv": "B", "en": "C"}),
    ('"Emoji 🚀 and שלום"', "Emoji 🚀 and שלום"),
    # the characters as written, whatever YAML would make of them
    ("0401234567", "0401234567"), ("12:30", "12:30"), ("+358 40 123 4567", "+358 40 123 4567"),
    ("1e3", "1e3"), ("yes", "yes"), ("0x1F", "0x1F"), ("true", "true"), ("on", "on"),
    ("2027-01-14", "2027-01-14"), ("007", "007"), ("1_000", "1_000"), (".inf", ".inf"),
    ("{fi: 0401234567, sv: 12:30, en: 1e3}", {"fi": "0401234567", "sv": "12:30", "en": "1e3"}),
])
def test_good_texts(tmp_path: Path, value: str, expected: object):
    assert read_text(tmp_path, value) == (expected, [])


@pytest.mark.parametrize(("value", "problem"), [
    ("{fi: A, en: C}", "1:7: name has no text in sv (add the translation)"),
    ("{fi: A, sv: B, en: C, de: D}", "1:29: unknown language 'de' in name (the workspace "
                                     "languages are fi, sv, en)"),
    ("{fi: A, sv: '', en: C}", "1:19: name.sv must be a non-empty text, not the text ''"),
    ("''", "1:7: name is empty (write the text, or leave the key out if it is optional)"),
    ('"   "', "1:7: name is empty (write the text, or leave the key out if it is optional)"),
    ("[a, b]", "1:7: name must be a text or a mapping of languages to texts, not a list"),
    ("~", "1:7: name must be a text or a mapping of languages to texts, not nothing"),
])
def test_bad_texts(tmp_path: Path, value: str, problem: str):
    result, problems = read_text(tmp_path, value)
    assert result is typed.BAD
    assert problems == [problem]


@pytest.mark.parametrize("escape", ["\\a", "\\x00", "\\e", "\\x7f", "\\x85", "\\x9b",
                                    "\\uFFFE", "\\uFFFF", "\\x0b"])
def test_control_characters_in_a_text(tmp_path: Path, escape: str):
    _, problems = read_text(tmp_path, f'"ab{escape}cd"')
    assert len(problems) == 1
    assert "name contains control character U+" in problems[0]
    assert "at position 3" in problems[0]


def test_tabs_and_newlines_in_a_text_are_fine(tmp_path: Path):
    assert read_text(tmp_path, '"a\\tb\\nc"') == ("a\tb\nc", [])


# --- the library -----------------------------------------------------------------------------


def test_shipped_libraries_are_valid(library: Library):
    assert library.roles[0].order <= library.roles[-1].order
    assert library.role("executive").people.max == 1
    problems: list[SggenError] = []
    assert read_library(REPO / "roles" / "pm2", problems) is not None
    assert problems == []


def copy_library(tmp_path: Path) -> Path:
    folder = tmp_path / "prince2"
    folder.mkdir()
    for path in (REPO / "roles" / "prince2").glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_broken_role_is_reported_once_not_by_every_reference(tmp_path: Path):
    folder = copy_library(tmp_path)
    edit(folder / "executive.yaml", "term: Executive\n", "")
    problems: list[SggenError] = []
    assert read_library(folder, problems) is None
    assert [p.message for p in problems] == ["term is required"]


def test_a_role_named_unlike_its_file_is_reported_once(tmp_path: Path):
    folder = copy_library(tmp_path)
    edit(folder / "executive.yaml", "id: executive", "id: chief")
    problems: list[SggenError] = []
    assert read_library(folder, problems) is None
    assert [p.message for p in problems] == ["role id 'chief' differs from the file name"]


def test_a_role_file_that_does_not_load_is_not_echoed(tmp_path: Path):
    folder = copy_library(tmp_path)
    edit(folder / "executive.yaml", "on_board: true", "\ton_board: true")
    problems: list[SggenError] = []
    roles = []
    for path in sorted(folder.glob("*.yaml")):  # as pipeline.shared does it
        if path.name not in NOT_ROLES:
            try:
                roles.append(load.load(path))
            except SggenError as exc:
                problems.append(exc)
    assert rules.library("prince2", load.load(folder / "board.yaml"), roles, LANGS,
                            problems) is None
    assert len(problems) == 1 and "tab character" in problems[0].message


def test_every_library_problem_is_collected(tmp_path: Path):
    folder = copy_library(tmp_path)
    edit(folder / "executive.yaml", "appointed_by: corporate-management",
         "appointed_by: corporate-managment")
    edit(folder / "executive.yaml", "chart: {row: board}", "chart: {row: bord}")
    edit(folder / "board.yaml", "receives: [project-brief", "receives: [project-breif")
    edit(folder / "project-assurance.yaml", "reports_to: executive", "reports_to: exec")
    problems: list[SggenError] = []
    assert read_library(folder, problems) is None
    messages = sorted(p.message for p in problems)
    assert messages == ["unknown chart row 'bord'", "unknown document 'project-breif'",
                        "unknown role 'corporate-managment'", "unknown role 'exec'"]


# --- projects --------------------------------------------------------------------------------


def test_minimal_project(tmp_path: Path, settings: Settings, library: Library):
    result, problems = check_project(tmp_path, PROJECT, settings, library)
    assert problems == []
    assert result.people_in("executive")[0].name == "Ann Able"
    assert result.people_in("project-assurance") == []


def test_shipped_example_project(settings: Settings, library: Library):
    problems: list[SggenError] = []
    result = rules.project(load.load(REPO / "projects" / "example.yaml"), settings, library,
                              problems)
    assert problems == []
    assert result.stages[0].start < result.stages[-1].end


@pytest.mark.parametrize(("extra", "expected"), [
    ("  executive: {name: Eve}\n", "duplicate"),  # caught by load, see test_load
    ("stages:\n  - {name: A, start: 2027-03-01, end: 2027-01-31}\n",
     "9:39: stage ends (2027-01-31) before it starts (2027-03-01)"),
    ("meetings: {dates: [2027-03-11, 2027-03-11]}\n",
     "8:32: meeting date 2027-03-11 is not after 2027-03-11 (list meeting dates in order, "
     "each once)"),
    ("tolerances: {budget: 10 %}\n", "8:14: unknown tolerance 'budget' (known: time, cost, "
                                     "scope, quality, risk, benefit, sustainability)"),
    ("change_authority: {delegated_to: bord}\n", "8:34: unknown role 'bord' (did you mean "
                                                 "'board'?)"),
    ("language: sv\nlanguages: [fi, en]\n", "8:11: unknown language 'sv' (known: fi, en)"),
    ("changes:\n  executive: {drop: [chair]}\n", "9:22: unknown item of executive 'chair' "
                                                 "(did you mean 'chair-board'?)"),
    ("changes:\n  executive:\n    add: [{id: x, text: y, at: nowhere}]\n",
     "10:32: unknown decision point 'nowhere'"),
])
def test_project_cross_checks(tmp_path: Path, settings: Settings, library: Library, extra: str,
                              expected: str):
    if expected == "duplicate":
        with pytest.raises(SggenError, match="duplicate key"):
            check_project(tmp_path, PROJECT + extra, settings, library)
        return
    result, problems = check_project(tmp_path, PROJECT + extra, settings, library)
    assert result is None
    assert len(problems) == 1
    assert lines(problems)[0].startswith(expected)


def test_every_project_problem_is_collected(tmp_path: Path, settings: Settings, library: Library):
    text = PROJECT.replace("{name: Dan Dale}", "{name: ' ann  able '}") + (
        "customer_type: x\n"
    )
    _, problems = check_project(tmp_path, text, settings, library)
    assert lines(problems) == ["8:1: unknown key 'customer_type' (did you mean 'customer'?)"]
    _, problems = check_project(tmp_path, text.replace("customer_type: x\n", "") + (
        "tolerances: {budget: x}\nstages:\n  - {name: A, start: 2027-03-01, end: 2027-01-31}\n"),
        settings, library)
    assert [p.message for p in problems] == [
        "ann able cannot be both executive and project-manager",
        "unknown tolerance 'budget'",
        "stage ends (2027-01-31) before it starts (2027-03-01)",
    ]


def test_people_counts(tmp_path: Path, settings: Settings, library: Library):
    text = PROJECT.replace("{name: Ann Able}", "[{name: Ann Able}, {name: Eve Evans}]")
    text = text.replace("  senior-supplier: {name: Cid Cole}\n", "")
    _, problems = check_project(tmp_path, text, settings, library)
    assert sorted(lines(problems)) == [
        "3:1: people.senior-supplier is required (the library asks for at least 1 person)",
        "4:14: executive needs exactly 1 person, 2 given",
    ]


def test_people_with_areas(tmp_path: Path, settings: Settings, library: Library):
    text = PROJECT + ("  project-assurance:\n    - {name: Eve, area: business}\n"
                      "    - {name: Fay}\n    - {name: Gus, area: busines}\n"
                      "  executive-assistant: {name: Hal}\n")
    _, problems = check_project(tmp_path, text, settings, library)
    assert lines(problems) == [
        "10:7: people.project-assurance[1].area is required (one of: business, user, supplier)",
        "11:25: unknown area of project-assurance 'busines' (did you mean 'business'?)",
        "12:3: unknown role 'executive-assistant' (did you mean 'executive'?)",
    ]


def test_forbidden_combination_ignores_case_and_spacing(tmp_path: Path, settings: Settings,
                                                        library: Library):
    text = PROJECT + "  project-assurance: [{name: dan   DALE, area: user}]\n"
    _, problems = check_project(tmp_path, text, settings, library)
    assert [p.message for p in problems] == [
        "dan DALE cannot be both project-manager and project-assurance"]


def test_allowed_combination_is_fine(tmp_path: Path, settings: Settings, library: Library):
    text = PROJECT.replace("{name: Bob Baker}", "{name: Ann Able}")  # executive + senior-user
    assert check_project(tmp_path, text, settings, library)[1] == []


def test_dates_are_dates(tmp_path: Path, settings: Settings, library: Library):
    text = PROJECT + "stages:\n  - {name: A, start: 2027-01-01, end: 2027-03-31}\n"
    result, problems = check_project(tmp_path, text, settings, library)
    assert problems == [] and result.stages[0].end == dt.date(2027, 3, 31)
    _, problems = check_project(tmp_path, text.replace("2027-03-31", "end of March"), settings,
                                library)
    assert lines(problems) == ["9:39: stages[0].end must be a date (YYYY-MM-DD), not the text "
                               "'end of March'"]


def test_a_board_member_without_e_mail_is_a_warning_not_an_error(tmp_path, settings, library):
    result, problems = check_warnings(tmp_path, PROJECT, settings, library)
    assert result is not None
    assert problems and all(isinstance(p, Caution) for p in problems)
    said = [line for line in lines(problems) if "Ann Able" in line]
    assert said and "warning: Ann Able (executive) has no e-mail" in said[0]
    assert all(str(p).startswith(str(tmp_path / "x.yaml") + ":") for p in problems)


# --- values that documents write into attributes and links -----------------------------------

SETTINGS = "organisation: Org\nlanguages: [fi, en]\nlanguage: fi\nmethod: prince2\n"
TAG_HINT = ("(a BCP 47 tag: the language's ISO 639 code, then its region, e.g. fi-FI, sv-FI or "
            "en-GB)")


def read_settings(tmp_path: Path, text: str) -> tuple[Settings | None, list[str]]:
    problems: list[SggenError] = []
    result = rules.settings(source(tmp_path, text), problems)
    return result, lines(problems)


@pytest.mark.parametrize("tag", ["fi-FI", "sv-FI", "en-GB", "fi", "fin", "SV-fi", "sr-Latn-RS",
                                 "de-CH-1996", "sl-rozaj-biske", "zh-yue-HK", "es-419",
                                 "en-US-x-twain", "de-DE-u-co-phonebk"])
def test_a_locale_may_be_any_well_formed_language_tag(tmp_path: Path, tag: str):
    result, problems = read_settings(tmp_path, SETTINGS + f"locales: {{fi: {tag}}}\n")
    assert problems == [] and result.locales == {"fi": tag}


@pytest.mark.parametrize("tag", [
    'fi-FI" b="1',  # would end the XML attribute it is written into and start another
    "fi-FI' b='1", "fi-FI<", "fi&amp;FI", "fi_FI", "finnish", "fi-", "-FI", "fi--FI", "fi-FI ",
    " fi-FI", "fi-FI\n", "fi-12", "en-a", "x-private", "i-klingon", "fi-FI-toolongvariant",
    "f\u0131-FI", "fi-\u212a", "",
])
def test_a_locale_that_is_not_a_language_tag_is_refused_where_it_stands(tmp_path: Path,
                                                                         tag: str):
    # a JSON string is a YAML double-quoted scalar: any character can be written
    result, problems = read_settings(tmp_path, SETTINGS + f"locales: {{fi: {json.dumps(tag)}}}\n")
    assert result is None
    assert problems == [f"5:15: locales.fi must be a language tag such as fi-FI, not {tag!r} "
                        f"{TAG_HINT}"]


@pytest.mark.parametrize("code", ["e1", "finnish", "f", "fi-x", "FI", "fi_fi", "fi-FI"])
def test_a_language_must_be_a_language_code(tmp_path: Path, code: str):
    # documents are tagged with the language's own code where sggen.yaml gives no locale
    text = SETTINGS.replace("[fi, en]", f"[fi, en, {json.dumps(code)}]")
    result, problems = read_settings(tmp_path, text)
    assert result is None
    assert problems == [f"2:21: languages[2] must be a language code such as fi, not {code!r} "
                        "(use the language's ISO 639 code in lower case, e.g. fi, sv or en; "
                        "locales gives its region)"]


def test_a_language_without_a_locale_is_tagged_with_its_code(tmp_path: Path):
    result, problems = read_settings(tmp_path, SETTINGS.replace("[fi, en]", "[fi, en, se]"))
    assert problems == [] and "se" not in result.locales  # the documents say lang="se"


EMAIL_HINT = "(write it as name@example.fi: ASCII letters, digits and dots, one @, no spaces)"


@pytest.mark.parametrize("address", ["ann@example.fi", "ann.able+board@sub.example.fi",
                                     "o'brien@example.ie", "ANN@EXAMPLE.FI", "a_b-c@x-y.fi"])
def test_e_mail_addresses(tmp_path: Path, settings: Settings, library: Library, address: str):
    text = PROJECT.replace("{name: Ann Able}", f"{{name: Ann Able, email: {json.dumps(address)}}}")
    result, problems = check_project(tmp_path, text, settings, library)
    assert problems == [] and result.people_in("executive")[0].email == address


@pytest.mark.parametrize("address", [
    'ann@example.fi" x="1', "ann@example.fi>", "<ann@example.fi>", "ann", "ann@example",
    "ann able@example.fi", "mailto:ann@example.fi", "ann@-example.fi", "\u00e4nn@example.fi",
    "ann@example.fi ", "ann@exa_mple.fi", "ann@@example.fi", "ann@example..fi", "",
])
def test_an_e_mail_address_that_is_not_one_is_refused(tmp_path: Path, settings: Settings,
                                                      library: Library, address: str):
    text = PROJECT.replace("{name: Ann Able}", f"{{name: Ann Able, email: {json.dumps(address)}}}")
    result, problems = check_project(tmp_path, text, settings, library)
    assert result is None
    assert lines(problems) == [f"4:38: people.executive.email must be an e-mail address, not "
                               f"{address!r} {EMAIL_HINT}"]


def test_an_e_mail_address_in_a_list_of_people_is_placed(tmp_path: Path, settings: Settings,
                                                         library: Library):
    text = PROJECT.replace("{name: Bob Baker}", "[{name: Bob Baker, email: bob@x.fi}, "
                           "{name: Eve, email: eve(at)x.fi}]")
    _, problems = check_project(tmp_path, text, settings, library)
    assert lines(problems) == [f"5:72: people.senior-user[1].email must be an e-mail address, "
                               f"not 'eve(at)x.fi' {EMAIL_HINT}"]


LINK_HINT = ("(a document links only to https:// addresses; percent-encode spaces and other "
             "characters)")


@pytest.mark.parametrize("url", [
    "https://meet.example.fi/ohjausryhma", "https://x.fi", "https://x.fi:8443/a?b=c#d",
    "https://teams.example.fi/l/meetup-join/19%3ameeting?context=%7b%22Tid%22%7d",
    "https://zoom.example.com/j/123?pwd=a.b-c_d~e&x=(1)", "https://x.fi/a;b,c*d!e$f'g@h[1]",
])
def test_meeting_links(tmp_path: Path, settings: Settings, library: Library, url: str):
    text = PROJECT + f"meetings: {{url: {json.dumps(url)}}}\n"
    result, problems = check_project(tmp_path, text, settings, library)
    assert split(problems)[0] == [] and result.meetings.url == url


@pytest.mark.parametrize("url", [
    "http://meet.example.fi/board", "javascript:alert(1)", "ftp://x.fi/a", "meet.example.fi/a",
    "//meet.example.fi/a", "https://", "https://x.fi/a b", 'https://x.fi/"onclick="x',
    "https://x.fi/<b>", "https://x.fi/%zz", "https://x.fi/\u00e4", "https://-x.fi",
    "HTTPS://x.fi", "https://x.fi\\a", "https://x.fi/{a}", "https://x.fi/a\n",
])
def test_a_meeting_link_that_is_no_https_address_is_refused(tmp_path: Path, settings: Settings,
                                                            library: Library, url: str):
    text = PROJECT + f"meetings: {{url: {json.dumps(url)}}}\n"
    result, problems = check_project(tmp_path, text, settings, library)
    assert result is None
    assert lines(problems) == [f"8:17: meetings.url must be an https:// link, not {url!r} "
                               f"{LINK_HINT}"]


def test_an_id_a_time_and_a_project_id_match_whole(tmp_path: Path, settings: Settings,
                                                   library: Library):
    text = PROJECT.replace("type: city-department", 'type: "city-department\\n"')
    _, problems = check_project(tmp_path, text, settings, library)
    assert lines(problems) == ["2:39: customer.type must be an id, not 'city-department\\n' "
                               "(use lower-case letters, digits and '-')"]
    _, problems = check_project(tmp_path, PROJECT + 'meetings: {time: "13:00\\n"}\n', settings,
                                library)
    assert lines(problems) == ["8:18: meetings.time '13:00\\n' is not a time (write the time of "
                               "day as \"HH:MM\" in quotes, e.g. \"13:00\")"]
    _, problems = check_project(tmp_path, PROJECT + 'meetings: {time: "\u0661\u0663:00"}\n',
                                settings, library)
    assert [p.message for p in problems] == ["meetings.time '\u0661\u0663:00' is not a time"]
    from sggen.workspace import Workspace

    with pytest.raises(SggenError, match="is not a project id"):
        Workspace(tmp_path, settings).project_file("example\n")


def test_a_meeting_lasts_some_time(tmp_path: Path, settings: Settings, library: Library):
    text = PROJECT + "meetings:\n  dates:\n    - {date: 2027-01-14, minutes: -5}\n"
    _, problems = check_project(tmp_path, text, settings, library)
    assert lines(problems) == ["10:35: meetings.dates[0].minutes must be more than 0 and at most "
                               "1440 (a day)"]
    _, problems = read_settings(tmp_path, SETTINGS + "meetings: {minutes: 0}\n")
    assert problems == ["5:21: meetings.minutes must be more than 0 and at most 1440 (a day) "
                        "(120 is usual)"]
