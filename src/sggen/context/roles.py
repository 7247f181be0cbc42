"""The roles as this project fills them, and what is drawn from them: the people, the contact
list, the cards, the responsibility matrix and the organisation chart."""

from __future__ import annotations

from sggen.context.language import Wording, nobreak, text
from sggen.context.views import (
    ChartBoxView,
    ChartRowView,
    ContactView,
    ItemView,
    LegendEntry,
    MatrixRowView,
    MatrixView,
    MemberView,
    PersonView,
    RoleView,
    TaskView,
)
from sggen.model import ACTIONS, Item, Library, Person, Project, Role


def role_view(role: Role, project: Project, library: Library, lang: str,
              words: Wording | None = None) -> RoleView:
    """Return a role as this project has it: its items after the project's changes, its
    people (their time in `words`, where given), and the roles it names by their names in
    `lang`."""
    change = project.changes.get(role.id)
    replaced = change.replace if change else {}
    dropped = set(change.drop) if change else set()
    decisions = {d.id: text(d.name, lang) for d in library.board.decisions}

    def item(entry: Item, local: bool = False) -> ItemView:
        shown = text(replaced.get(entry.id, entry.text), lang)
        # a reworded item's short form would no longer say what its text says
        short = "" if entry.id in replaced else text(getattr(entry, "short", None), lang)
        return ItemView(entry.id, shown, local or entry.id in replaced,
                        getattr(entry, "key", False), short or shown)

    def task(entry, local: bool = False) -> TaskView:
        view = item(entry, local)
        return TaskView(view.id, view.text, view.local, view.key, view.short, entry.at,
                        decisions[entry.at])

    responsibilities = [item(i) for i in role.responsibilities if i.id not in dropped]
    tasks = [task(i) for i in role.tasks if i.id not in dropped]
    for added in change.add if change else []:
        if added.at is None:
            responsibilities.append(item(added, local=True))
        else:
            tasks.append(task(added, local=True))
    order = {d.id: i for i, d in enumerate(library.board.decisions)}
    tasks.sort(key=lambda view: order[view.at])  # stable: library order within a decision
    areas = {a.id: text(a.name, lang) for a in role.areas}
    names = {r.id: text(r.name, lang) for r in library.roles}
    name = text(role.name, lang)
    return RoleView(
        id=role.id, term=role.term, name=name,
        label=name if role.term.casefold() == name.casefold() else f"{name} ({role.term})",
        purpose=text(role.purpose, lang), summary=text(role.summary, lang),
        notes=text(role.notes, lang), on_board=role.on_board, in_deck=role.in_deck,
        invited=role.invited,
        appointed_by=names.get(role.appointed_by or "", ""),
        allowed=[names[r] for r in role.combinations.allowed],
        discouraged=[names[r] for r in role.combinations.discouraged],
        forbidden=[names[r] for r in role.combinations.forbidden],
        people=[_person(p, lang, areas, words) for p in project.people_in(role.id)],
        responsibilities=responsibilities, tasks=tasks,
        dropped=[text(i.text, lang) for i in (*role.responsibilities, *role.tasks)
                 if i.id in dropped])


def _person(person: Person, lang: str, areas: dict, words: Wording | None) -> PersonView:
    deputy = person.deputy
    hours = person.hours_per_month
    return PersonView(
        person.name, text(person.title, lang), text(person.organisation, lang),
        person.email or "", nobreak(person.phone or ""), areas.get(person.area or "", ""),
        deputy=PersonView(deputy.name, text(deputy.title, lang), text(deputy.organisation, lang),
                          deputy.email or "", nobreak(deputy.phone or "")) if deputy else None,
        hours=words.say("unit_hours_month", n=words.number(hours, 1))
        if words is not None and hours is not None else "")


def matrix(library: Library, names: dict, roles: dict[str, RoleView], strings: dict,
            lang: str, decisions: set[str]) -> MatrixView:
    """Return the responsibility matrix: a row per decision or document, a column per role
    somebody holds or that is held by delegation."""
    # Only the roles somebody holds in this project: an empty column would be read as a duty
    # nobody carries.
    used = {role for row in library.board.matrix for role in row.roles}
    # A role that takes no people (the Change Authority) is held by delegation: its column
    # stays, as its duties are carried whoever holds it.
    columns = [r.id for r in library.roles if r.id in used
               and (roles[r.id].people or r.people.max == 0)]
    shown = {row.roles[c] for row in library.board.matrix for c in columns if c in row.roles}
    return MatrixView(
        columns=[roles[c].name for c in columns],
        rows=[MatrixRowView(names[row.item],
                            [text(strings[f"code_{row.roles[c]}"], lang) if c in row.roles
                             else "" for c in columns], row.item in decisions)
              for row in library.board.matrix],
        legend=[LegendEntry(text(strings[f"code_{a}"], lang), text(strings[f"action_{a}"], lang))
                for a in ACTIONS if a in shown])


def chart(library: Library, roles: dict[str, RoleView], lang: str) -> list[ChartRowView]:
    """Return the organisation chart's rows that hold somebody, top to bottom."""
    rows = []
    for row in library.board.chart:
        members, side = [], []
        for role in library.roles:
            if role.chart is None or role.chart.row != row.id:
                continue
            people = roles[role.id].people
            if role.chart.side and people:
                # one box per side role (assurance, support), listing its people
                side.append(ChartBoxView(roles[role.id].name,
                                         [_who(p.name, p.area) for p in people]))
            elif not role.chart.side:
                members.extend(ChartBoxView(roles[role.id].name,
                                            [p.name, p.title or p.organisation])
                               for p in people)
        if members or side:
            title = (text(row.title, lang) or text(library.board.board.name, lang)) \
                if row.frame else ""
            rows.append(ChartRowView(row.id, title, members, side))
    return rows


def _who(name: str, detail: str) -> str:
    return f"{name} ({detail})" if detail else name


def contacts(roles: list[RoleView]) -> list[ContactView]:
    """Return each person of `roles` once, with every role they hold."""
    people: dict[str, ContactView] = {}
    for role in roles:
        for person in role.people:
            key = " ".join(person.name.split()).casefold()
            entry = people.setdefault(key, ContactView(**vars(person)))
            entry.roles.append(role.name)
            for name in ("title", "organisation", "email", "phone"):
                setattr(entry, name, getattr(entry, name) or getattr(person, name))
    return list(people.values())



def cards(roles: list[RoleView]) -> list[MemberView]:
    """Return whoever gets a role card: each board member and invitee once per role they
    hold, two people of one name each their own (their files are named apart when written)."""
    return [MemberView(role, person) for role in roles if role.on_board or role.invited
            for person in role.people]

