"""Library + project + language -> the plain context that templates render."""

from __future__ import annotations

import datetime as dt

from sggen.model import Item, Library, Person, Project, Role, Settings


def text(value: object, lang: str) -> str:
    """Return a text in `lang`: a plain string as is, a mapping by its language key."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return value[lang]
    return str(value)


def format_date(day: dt.date, lang: str, strings: dict) -> str:
    """Return `day` written the way `lang` writes dates (patterns live in strings.yaml)."""
    months = text(strings["months"], lang).split(",")
    pattern = text(strings["date_format"], lang)
    return pattern.format(d=day.day, m=day.month, y=day.year, month=months[day.month - 1].strip())



def context(project_id: str, project: Project, library: Library, settings: Settings,
            strings: dict, lang: str) -> dict:
    """Return everything the templates may use, with every text in `lang`."""

    def t(value: object) -> str:
        return text(value, lang)

    strings = {**strings, **library.strings}

    def date(day: dt.date) -> str:
        return format_date(day, lang, strings)

    board = library.board
    roles = [_role(role, project, library, lang) for role in library.roles]
    by_id = {r["id"]: r for r in roles}
    documents = {d.id: {"id": d.id, "name": t(d.name), "purpose": t(d.purpose)}
                 for d in board.documents}
    decisions = []
    for decision in board.decisions:
        decisions.append({
            "id": decision.id,
            "name": t(decision.name),
            "when": t(decision.when),
            "decides": t(decision.decides),
            "receives": [documents[d] for d in decision.receives],
            "tasks": [{"role": r["name"], "text": task["text"], "local": task["local"]}
                      for r in roles for task in r["tasks"] if task["at"] == decision.id],
        })
    names = {**{d["id"]: d["name"] for d in decisions}, **{k: v["name"]
                                                          for k, v in documents.items()}}
    customer_type = next(c for c in settings.customer_types if c.id == project.customer.type)
    delegation = project.change_authority
    return {
        "lang": lang,
        "t": {key: t(value) for key, value in strings.items()},
        "organisation": t(settings.organisation),
        "method": t(board.name),
        "board": {"name": t(board.board.name), "purpose": t(board.board.purpose),
                  "principles": [t(i.text) for i in board.board.principles]},
        "project": {
            "id": project_id,
            "name": t(project.name),
            "code": project.code or "",
            "summary": t(project.summary),
            "customer": {"name": t(project.customer.name), "type": t(customer_type.name),
                         "note": t(customer_type.note)},
            "highlight_reports": t(project.highlight_reports),
        },
        "roles": roles,
        "role": by_id,
        "decisions": decisions,
        "documents": list(documents.values()),
        "tolerances": [{"id": k.id, "name": t(k.name), "meaning": t(k.meaning),
                        "value": t(project.tolerances.get(k.id))} for k in board.tolerances],
        "exceptions": [t(i.text) for i in board.exceptions],
        "meetings": {
            "practice": [t(i.text) for i in board.meetings.practice],
            "agenda": [t(i.text) for i in board.meetings.agenda],
            "cadence": t(project.meetings.cadence),
            "place": t(project.meetings.place),
            "dates": [date(d) for d in project.meetings.dates],
        },
        "stages": [{"name": t(s.name), "start": date(s.start), "end": date(s.end)}
                   for s in project.stages],
        "change_authority": None if delegation is None else {
            "delegated_to": (t(board.board.name) if delegation.delegated_to == "board"
                             else by_id[delegation.delegated_to]["name"]),
            "limit_per_change": t(delegation.limit_per_change),
            "limit_per_stage": t(delegation.limit_per_stage),
        },
        "matrix": _matrix(library, names, by_id, strings, lang),
        "chart": _chart(library, by_id, lang),
        "contacts": _contacts(roles),
    }


def _role(role: Role, project: Project, library: Library, lang: str) -> dict:
    change = project.changes.get(role.id)
    replaced = change.replace if change else {}
    dropped = set(change.drop) if change else set()
    decisions = {d.id: text(d.name, lang) for d in library.board.decisions}

    def item(entry: Item, local: bool = False) -> dict:
        changed = entry.id in replaced
        return {"id": entry.id, "text": text(replaced.get(entry.id, entry.text), lang),
                "local": local or changed}

    responsibilities = [item(i) for i in role.responsibilities if i.id not in dropped]
    tasks = [{**item(i), "at": i.at, "at_name": decisions[i.at]}
             for i in role.tasks if i.id not in dropped]
    for added in change.add if change else []:
        if added.at is None:
            responsibilities.append(item(added, local=True))
        else:
            tasks.append({**item(added, local=True), "at": added.at,
                          "at_name": decisions[added.at]})
    order = {d.id: i for i, d in enumerate(library.board.decisions)}
    tasks.sort(key=lambda task: order[task["at"]])  # stable: library order within a decision
    areas = {a.id: text(a.name, lang) for a in role.areas}
    names = {r.id: text(r.name, lang) for r in library.roles}
    name = text(role.name, lang)
    return {
        "id": role.id,
        "term": role.term,
        "name": name,
        # the method's own term beside the local name, where they differ (e.g. Finnish terms)
        "label": name if role.term.casefold() == name.casefold() else f"{name} ({role.term})",
        "purpose": text(role.purpose, lang),
        "on_board": role.on_board,
        "in_deck": role.in_deck,
        "appointed_by": names.get(role.appointed_by or "", ""),
        "allowed": [names[r] for r in role.combinations.allowed],
        "forbidden": [names[r] for r in role.combinations.forbidden],
        "chart": role.chart,
        "people": [_person(p, lang, areas) for p in project.people_in(role.id)],
        "responsibilities": responsibilities,
        "tasks": tasks,
    }


def _person(person: Person, lang: str, areas: dict) -> dict:
    return {
        "name": person.name,
        "title": text(person.title, lang),
        "organisation": text(person.organisation, lang),
        "email": person.email or "",
        "phone": person.phone or "",
        "area": areas.get(person.area or "", ""),
    }


def _matrix(library: Library, names: dict, roles: dict, strings: dict, lang: str) -> dict:
    used = {role for row in library.board.matrix for role in row.roles}
    columns = [r.id for r in library.roles if r.id in used]
    return {
        "columns": [roles[c]["name"] for c in columns],
        "rows": [{"name": names[row.item],
                  "cells": [text(strings[f"code_{row.roles[c]}"], lang) if c in row.roles else ""
                            for c in columns]}
                 for row in library.board.matrix],
        "legend": [{"code": text(strings[f"code_{a}"], lang),
                    "name": text(strings[f"action_{a}"], lang)}
                   for a in ("approves", "reviews", "produces", "informed")],
    }


def _chart(library: Library, roles: dict, lang: str) -> list[dict]:
    rows = []
    for row in library.board.chart:
        members, side = [], []
        for role in library.roles:
            if role.chart is None or role.chart.row != row.id:
                continue
            people = roles[role.id]["people"]
            if role.chart.side and people:
                # one box per side role (assurance, support), listing its people
                side.append({"role": roles[role.id]["name"],
                             "lines": [_who(p, p["area"]) for p in people]})
            elif not role.chart.side:
                members.extend({"role": roles[role.id]["name"],
                                "lines": [p["name"], p["title"] or p["organisation"]]}
                               for p in people)
        if members or side:
            title = text(library.board.board.name, lang) if row.frame else ""
            rows.append({"id": row.id, "title": title, "members": members, "side": side})
    return rows


def _who(person: dict, detail: str) -> str:
    return f"{person['name']} ({detail})" if detail else person["name"]


def _contacts(roles: list[dict]) -> list[dict]:
    people: dict[str, dict] = {}
    for role in roles:
        for person in role["people"]:
            key = " ".join(person["name"].split()).casefold()
            entry = people.setdefault(key, {**person, "roles": []})
            entry["roles"].append(role["name"])
            for field in ("title", "organisation", "email", "phone"):
                entry[field] = entry[field] or person[field]
    return list(people.values())
