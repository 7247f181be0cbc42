"""Library + project + language -> the Context: each part of the view built from the model."""

from __future__ import annotations

from collections.abc import Callable

from sggen.context import decisions as decided
from sggen.context import facts, guidance
from sggen.context.cards import attach_cards
from sggen.context.language import Wording
from sggen.context.meetings import meetings_view
from sggen.context.roles import cards, chart, contacts, matrix, role_view
from sggen.context.views import (
    BoardView,
    Context,
    CustomerView,
    DeadlineView,
    DecisionTask,
    DecisionView,
    DelegationView,
    DocumentView,
    ItemView,
    MemberView,
    ProjectView,
    RoleView,
    StageView,
    StampView,
)
from sggen.model import Board, Library, Project, Settings

Say = Callable[[object], str]  # a text of the model in the view's language


def context(project_id: str, project: Project, library: Library, settings: Settings,
            strings: dict, lang: str) -> Context:
    """Return everything the templates may use, with every text in `lang`."""
    strings = {**strings, **library.strings}
    words = Wording(lang, strings)
    t = words.text
    board = library.board
    roles = [role_view(role, project, library, lang, words) for role in library.roles]
    by_id = {r.id: r for r in roles}
    documents = {d.id: DocumentView(d.id, t(d.name), t(d.purpose)) for d in board.documents}
    decisions = _decisions(board, roles, documents, t)
    names = {**{d.id: d.name for d in decisions}, **{k: v.name for k, v in documents.items()}}
    view = Context(
        lang=lang,
        t={key: t(value) for key, value in strings.items()},
        organisation=t(settings.organisation),
        locale=settings.locales.get(lang, lang),
        method=t(board.name),
        board=_board(board, by_id, t),
        project=_project(project_id, project, settings, words),
        roles=roles,
        role=by_id,
        decisions=decisions,
        documents=list(documents.values()),
        tolerances=[facts.tolerance(kind, project, words) for kind in board.tolerances],
        exceptions=[t(i.text) for i in board.exceptions],
        meetings=meetings_view(project, library, settings, roles, decisions, words),
        stages=[StageView(t(s.name), words.date(s.start), words.date(s.end), s.start, s.end,
                          t(s.short) or t(s.name)) for s in project.stages],
        change_authority=_delegation(project, board, by_id, words),
        matrix=matrix(library, names, by_id, strings, lang, {d.id for d in board.decisions}),
        chart=chart(library, by_id, lang),
        contacts=contacts(roles),
        members=[MemberView(r, p) for r in roles if r.on_board for p in r.people],
        stamp=_stamp(project, board, settings, words),
        cards=cards(roles),
        governance=guidance.governance(project, settings, library, t),
        glossary=guidance.glossary(library, lang, t),
        practice=guidance.practice(library, by_id, strings, t),
        deadline=DeadlineView(project.deadline.date, words.date(project.deadline.date),
                              t(project.deadline.text)) if project.deadline else None,
    )
    attach_cards(view, library, project, words)
    decided.attach(view, project, library, settings, words)
    return view


def _decisions(board: Board, roles: list[RoleView], documents: dict[str, DocumentView],
               t: Say) -> list[DecisionView]:
    return [
        DecisionView(
            id=decision.id, name=t(decision.name), when=t(decision.when),
            decides=t(decision.decides), notes=t(decision.notes),
            receives=[documents[d] for d in decision.receives],
            tasks=[DecisionTask(r.name, task.text, task.local)
                   for r in roles for task in r.tasks if task.at == decision.id],
            short=t(decision.short) or t(decision.name))
        for decision in board.decisions]


def _board(board: Board, roles: dict[str, RoleView], t: Say) -> BoardView:
    return BoardView(t(board.board.name), t(board.board.purpose),
                     [t(i.text) for i in board.board.principles],
                     [ItemView(i.id, t(i.text), key=True, short=t(i.short) or t(i.text))
                      for i in board.board.principles if i.key],
                     guidance.levels(board, roles, t))


def _project(project_id: str, project: Project, settings: Settings,
             words: Wording) -> ProjectView:
    t = words.text
    customer_type = next(c for c in settings.customer_types if c.id == project.customer.type)
    budget, costs = facts.costs(project, words)
    problem, benefits = facts.benefits(project, words)
    return ProjectView(
        id=project_id, name=t(project.name), code=project.code or "",
        summary=t(project.summary),
        customer=CustomerView(t(project.customer.name), t(customer_type.name)),
        highlight_reports=t(project.highlight_reports), budget=budget,
        purpose=t(project.purpose) or t(project.summary),
        costs=costs, problem=problem, benefits=benefits, risks=facts.risks(project, words),
        papers=facts.papers(project, words))


def _delegation(project: Project, board: Board, roles: dict[str, RoleView],
                words: Wording) -> DelegationView | None:
    delegation = project.change_authority
    if delegation is None:
        return None
    return DelegationView(
        delegated_to=(words.text(board.board.name) if delegation.delegated_to == "board"
                      else roles[delegation.delegated_to].name),
        limit_per_change=facts.figure(delegation.limit_per_change, words),
        limit_per_stage=facts.figure(delegation.limit_per_stage, words),
        budget=facts.figure(delegation.budget, words))


def _stamp(project: Project, board: Board, settings: Settings, words: Wording) -> StampView:
    t = words.text
    return StampView(
        version=project.document.version,
        status=t(words.strings[f"status_{project.document.status}"]),
        date=words.date(project.document.date) if project.document.date else "",
        owner=t(project.document.owner) or t(settings.organisation),
        library=board.version or "", edition=t(board.edition),
        draft=project.document.status == "draft")
