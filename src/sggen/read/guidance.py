"""What a member is told beyond their duties, checked as it is read: each role's meetings
(action, reading, questions), its deputy and time, the glossary, and the governance block of
each customer type with a method's own wording of it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sggen import model
from sggen.errors import SggenError
from sggen.read.typed import BAD, Checker

if TYPE_CHECKING:
    from sggen.read.load import Source

QUESTIONS = 3  # what a card has room for before a meeting


def check_practice(role: model.Role, check: Checker, decisions: list[str],
                   documents: list[str]) -> None:
    """Record meeting entries for unknown decision points or documents, more than three
    questions, and one action said at two decision points (a card would repeat it)."""
    _check_meetings(role.meetings, check, ("meetings",), decisions, documents)
    for i, area in enumerate(role.areas):
        _check_meetings(area.meetings, check, ("areas", i, "meetings"), decisions, documents)
    if role.time is not None:
        for name in ("per_meeting", "per_month"):
            if getattr(role.time, name) < 0:
                check.problem(("time", name), f"time.{name} must be 0 or more")


def _check_meetings(meetings: dict[str, model.MeetingAction], check: Checker, keys: tuple,
                    decisions: list[str], documents: list[str]) -> None:
    said: dict[str, str] = {}
    for decision, entry in meetings.items():
        at = (*keys, decision)
        check.known(decision, decisions, at, "decision point", key=True)
        for j, doc in enumerate(entry.read.documents if entry.read else []):
            check.known(doc, documents, (*at, "read", "documents", j), "document")
        if len(entry.questions) > QUESTIONS:
            check.problem((*at, "questions"), f"{len(entry.questions)} questions at {decision}",
                          f"give at most {QUESTIONS}: a card has room for them")
        for lang, text in _texts(entry.action):
            first = said.setdefault(f"{lang}\x1f{_plain(text)}", decision)
            if first != decision:
                check.problem((*at, "action", lang), f"the same action as at {first}",
                              "a card would print it twice: say what is different here")


def _texts(value: object) -> list[tuple[str, str]]:
    return list(value.items()) if isinstance(value, dict) else [("", str(value))]


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- the glossary ----------------------------------------------------------------------------


def glossary(source: Source, library: model.Library, languages: list[str],
             problems: list[SggenError]) -> model.Glossary | None:
    """Return the method's glossary with each term's reference checked, or None after
    recording why: an unknown object, or a word that no longer agrees with its object's
    name (a renamed role leaves no stale entry behind)."""
    check = Checker(source, languages, problems)
    result = check.read(model.Glossary)
    if result is BAD:
        return None
    check.unique(result.terms, ("terms",), "term")
    for i, term in enumerate(result.terms):
        if term.refers is not None:
            _check_refers(term, check, ("terms", i), library)
    return result


def _names(library: model.Library) -> dict[str, dict[str, object]]:
    """Return the names a glossary term may refer to: kind -> id -> name."""
    board = library.board
    return {"role": {r.id: (r.name, r.term) for r in library.roles},
            "document": {d.id: (d.name, None) for d in board.documents},
            "decision": {d.id: (d.name, None) for d in board.decisions},
            "tolerance": {t.id: (t.name, None) for t in board.tolerances},
            "board": {"name": (board.board.name, None)}}


def _check_refers(term: model.Term, check: Checker, keys: tuple,
                  library: model.Library) -> None:
    given = [(k, v) for k, v in vars(term.refers).items() if v is not None]
    if len(given) != 1:
        check.problem((*keys, "refers"), "refers must name exactly one object",
                      "e.g. {role: executive} or {document: pid}")
        return
    kind, ident = given[0]
    known = _names(library)[kind]
    if not check.known(ident, known, (*keys, "refers", kind), kind):
        return
    name, own_term = known[ident]
    for lang, word in _texts(term.name):
        named = name[lang] if isinstance(name, dict) else str(name)
        if not _words(word, brackets=False) <= _words(named):
            check.problem((*keys, "name", lang), f"the glossary calls it '{word}', but the "
                          f"{kind} '{ident}' is named '{named}'",
                          "write the word the documents use, or refer to another object")
    if own_term is not None and own_term.casefold() != term.term.casefold():
        check.problem((*keys, "term"), f"the glossary's term '{term.term}' differs from the "
                      f"role's own term '{own_term}'", "write the same English term in both")


def _words(text: str, brackets: bool = True) -> set[str]:
    """Return the words of `text` in lower case, without what it adds in brackets unless
    `brackets`: a glossary word agrees with a name that holds all its words (valmis
    suunnitteluun (RfP) with Valmis suunnitteluun (Ready for Planning, RfP))."""
    plain = text if brackets else re.sub(r"\(.*?\)", "", text)
    return set(re.findall(r"\w+", plain.casefold()))


# --- governance ------------------------------------------------------------------------------


def check_governance(settings: model.Settings, check: Checker) -> None:
    """Record topic ids given twice, and customer types that do not give the same topics in
    the same order (the documents lay them out alike)."""
    first: list[str] | None = None
    for i, kind in enumerate(settings.customer_types):
        keys = ("customer_types", i, "governance", "topics")
        check.unique(kind.governance.topics, keys, "topic")
        ids = [t.id for t in kind.governance.topics]
        if first is None:
            first = ids
        elif ids != first:
            check.problem(keys, f"customer type '{kind.id}' has the topics {', '.join(ids)}, "
                          f"the first type {', '.join(first)}", "give every type the same "
                          "topics in the same order, so the documents compare them")


def check_method_governance(library: model.Library, board: Source, roles: list[Source],
                            settings: model.Settings, problems: list[SggenError]) -> None:
    """Record a method's wording of an unknown customer type or topic, and a role whose card
    is to show an unknown topic."""
    topics = {c.id: [t.id for t in c.governance.topics] for c in settings.customer_types}
    check = Checker(board, settings.languages, problems)
    for kind, wording in library.board.governance.items():
        if check.known(kind, topics, ("governance", kind), "customer type", key=True):
            for topic in wording:
                check.known(topic, topics[kind], ("governance", kind, topic), "topic", key=True)
    every = {t for ids in topics.values() for t in ids}
    files = {source.path.stem: source for source in roles}
    for role in library.roles:
        if role.governance is not None and role.id in files:
            Checker(files[role.id], settings.languages, problems).known(
                role.governance, sorted(every), ("governance",), "governance topic")
