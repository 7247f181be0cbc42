"""The governance block of the project's customer type in the method's words, the glossary in
one language, the board's practice, and the escalation ladder by who does what."""

from __future__ import annotations

from collections.abc import Callable

from sggen.context.guidance_views import (
    DeputyView,
    GlossaryView,
    GovernanceView,
    PracticeView,
    SeparateView,
    TermView,
    TimeView,
    TopicView,
)
from sggen.context.language import collate, nobreak
from sggen.context.views import LevelView, RoleView
from sggen.model import Board, Library, Project, Settings

Say = Callable[[object], str]  # a text of the model in the view's language
BOARD = "board"  # the board as a body (board.yaml levels)


def governance(project: Project, settings: Settings, library: Library,
               t: Say) -> GovernanceView:
    """Return the governance topics of the project's customer type, each text in the
    method's own wording where it has one (the PM² committee for the board)."""
    kind = next(c for c in settings.customer_types if c.id == project.customer.type)
    own = library.board.governance.get(kind.id, {})
    topics = []
    for topic in kind.governance.topics:
        wording = own.get(topic.id)

        def say(name: str, topic=topic, wording=wording) -> str:
            given = getattr(wording, name) if wording is not None else None
            return t(given if given is not None else getattr(topic, name))

        topics.append(TopicView(topic.id, say("title"), say("card"), say("guide"),
                                [SeparateView(t(s.matter), t(s.by)) for s in topic.separate],
                                [nobreak(law) for law in topic.law]))
    return GovernanceView(t(kind.name), topics)


def glossary(library: Library, lang: str, t: Say) -> GlossaryView:
    """Return the method's terms sorted as `lang` sorts words; the method's English term
    is left out where it is the word itself."""
    terms = []
    for term in library.glossary.terms:
        name = t(term.name)
        english = "" if term.term.casefold() == name.casefold() else term.term
        terms.append(TermView(term.id, name, english, list(term.aliases), t(term.explain)))
    return GlossaryView(sorted(terms, key=lambda v: collate(v.name, lang)))


def practice(library: Library, roles: dict[str, RoleView], strings: dict, t: Say
             ) -> PracticeView:
    """Return who stands in for each role and whether they may decide, what each role takes
    of its person's time, and how the board decides by e-mail."""
    held = [r for r in library.roles if roles[r.id].people or r.people.max == 0]
    email = library.board.meetings.email
    may = {r.id: strings["may_decide_" + r.deputy.may_decide.replace("-", "_")]
           for r in held if r.deputy is not None}  # if-authorised -> may_decide_if_authorised
    return PracticeView(
        deputies=[DeputyView(roles[r.id].name, t(r.deputy.who), t(may[r.id]), t(r.deputy.text))
                  for r in held if r.deputy is not None],
        time=[TimeView(roles[r.id].name, r.time.per_meeting, r.time.per_month, t(r.time.note))
              for r in held if r.time is not None],
        email=[t(step) for step in email.steps] if email else [],
        not_by_email=t(email.not_for) if email else "")


def body(board: Board, who: str, roles: dict[str, RoleView], t: Say) -> str:
    """Return the name of a role, or the board's name for the board as a body."""
    return t(board.board.name) if who == BOARD else roles[who].name


def levels(board: Board, roles: dict[str, RoleView], t: Say) -> list[LevelView]:
    """Return the escalation ladder, lowest level first, each who by name and by id."""
    documents = {d.id: t(d.name) for d in board.documents}
    out = []
    for level in board.levels:
        plan, report = level.exception_plan, level.reported_by
        ids = {"sets": level.sets, "decided_by": level.decided_by,
               "approves": plan.approved_by if plan else "",
               "reported_by": report.role if report else ""}
        out.append(LevelView(
            id=level.id, name=t(level.name), sets=body(board, level.sets, roles, t),
            decided_by=body(board, level.decided_by, roles, t), text=t(level.text),
            approves=body(board, plan.approved_by, roles, t) if plan else "",
            plan=documents.get(plan.document or "", "") if plan else "",
            reported_by=roles[report.role].name if report else "",
            report=documents.get(report.document or "", "") if report else "", ids=ids))
    return out
