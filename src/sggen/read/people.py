"""Who holds which role in a project: how many people each role takes, the areas they cover,
which roles one person may combine, and when two names are one person."""

from __future__ import annotations

import re
import unicodedata

from sggen import model
from sggen.model import Library, Project
from sggen.read.typed import Checker, dotted

# Unicode's Default_Ignorable_Code_Point: characters that show as nothing (zero-width space,
# soft hyphen, joiners, variation selectors, bidirectional marks, tags). Two names that differ
# only by them, or by compatibility forms (NFKC: full-width letters, ligatures), or by spaces,
# are the same person to the reader.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def identity(name: str) -> str:
    """Return the form of a person's name that two mentions of one person share."""
    text = _IGNORABLE.sub("", unicodedata.normalize("NFKC", name))
    text = unicodedata.normalize("NFKC", " ".join(text.split()).casefold())
    return _IGNORABLE.sub("", text)


def _identity(person: model.Person) -> str:
    return identity(person.name)


def check_people(project: Project, check: Checker, library: Library) -> None:
    """Record roles given too few or too many people, missing or unknown areas, and one
    person in two roles the library forbids (or advises against) combining."""
    ids = [r.id for r in library.roles]
    held: dict[str, list[tuple[str, tuple, model.Person]]] = {}
    for role_id in project.people:
        if not check.known(role_id, ids, ("people", role_id), "role", key=True):
            continue
        role = library.role(role_id)
        people = project.people_in(role_id)
        single = not isinstance(project.people[role_id], list)
        count = role.people
        if len(people) < count.min or (count.max is not None and len(people) > count.max):
            want = _count_text(count)
            check.problem(("people", role_id),
                          f"{role_id} needs {want}, {len(people)} given")
        areas = [a.id for a in role.areas]
        for i, person in enumerate(people):
            keys = ("people", role_id) if single else ("people", role_id, i)
            _check_name_length(person, keys, check)
            if person.area is not None:
                if areas:
                    check.known(person.area, areas, (*keys, "area"), f"area of {role_id}")
                else:
                    check.problem((*keys, "area"), f"{role_id} has no areas", "remove area",
                                  key=True)
            elif areas:
                check.problem(keys, f"{dotted((*keys, 'area'))} is required",
                              "one of: " + ", ".join(areas))
            held.setdefault(_identity(person), []).append((role_id, keys, person))
    for role in library.roles:
        if role.id not in project.people and role.people.min > 0:
            check.problem(("people",), f"people.{role.id} is required",
                          f"the library asks for {_count_text(role.people)}", key=True)
    for roles in held.values():
        for a, (role_a, _, _) in enumerate(roles):
            for role_b, keys_b, person in roles[a + 1:]:
                first, second = library.role(role_a), library.role(role_b)
                if role_b in first.combinations.forbidden or \
                        role_a in second.combinations.forbidden:
                    check.problem((*keys_b, "name"),
                                  f"{' '.join(person.name.split())} cannot be both "
                                  f"{role_a} and {role_b}",
                                  "the library forbids combining these roles")
                elif role_b in first.combinations.discouraged or \
                        role_a in second.combinations.discouraged:
                    check.warn((*keys_b, "name"),
                               f"{' '.join(person.name.split())} is both {role_a} and {role_b}",
                               "the library advises against combining these roles")


MAX_NAME = 100  # characters: the longest real names have about 60


def _check_name_length(person: model.Person, keys: tuple, check: Checker) -> None:
    """Record a name (the person's, their deputy's) longer than any document can show in its
    heading, on a card or in a box of the organisation chart."""
    named = [((*keys, "name"), person.name)]
    if person.deputy is not None:
        named.append(((*keys, "deputy", "name"), person.deputy.name))
    for at, name in named:
        if len(name) > MAX_NAME:
            check.problem(at, f"{dotted(at)} is {len(name)} characters long, more than the "
                          f"{MAX_NAME} that a card's heading or a box of the chart can show",
                          "shorten it, e.g. to the first and last name")


def _count_text(count: model.Count) -> str:
    if count.max is None:
        return f"at least {_people(count.min)}"
    if count.min == count.max:
        return f"exactly {_people(count.min)}"
    return f"{count.min} to {_people(count.max)}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"



def _names(text: object) -> set[str]:
    """Return every form an organisation's name takes (a text per language, or one)."""
    values = text.values() if isinstance(text, dict) else [text] if text else []
    return {identity(str(v)) for v in values}


def check_procurement(project: Project, settings: model.Settings, library: Library,
                      check: Checker) -> None:
    """Warn of a board member from an organisation that may bid while a stage marked as
    procurement prepares a tender: the organisations of the supplier side's people, other
    than the organisation itself and the customer."""
    tenders = [s for s in project.stages if s.procurement]
    if not tenders:
        return
    buyers = _names(settings.organisation) | _names(project.customer.name)
    bidders: set[str] = set()
    for role_id in library.board.procurement.supplier_roles:
        for person in project.people_in(role_id):
            bidders |= _names(person.organisation) - buyers
    stage = tenders[0]
    during = f"stage {project.stages.index(stage) + 1} ({stage.start} to {stage.end})"
    for role in library.roles:
        if not role.on_board or role.id not in project.people:
            continue
        single = not isinstance(project.people[role.id], list)
        for i, person in enumerate(project.people_in(role.id)):
            if not _names(person.organisation) & bidders:
                continue
            keys = ("people", role.id) if single else ("people", role.id, i)
            shown = next(iter(_local(person.organisation)))
            check.warn((*keys, "organisation"), f"{person.name} ({role.id}) is from {shown}, "
                       f"which may bid in the tender prepared in {during}",
                       "a board member from a possible bidder is disqualified from preparing "
                       "it, by section 28 of the Administrative Procedure Act: have the "
                       "supplier side represented by the organisation's own unit until the "
                       "contract is awarded")


def _local(text: object) -> list[str]:
    return list(text.values()) if isinstance(text, dict) else [str(text)]
