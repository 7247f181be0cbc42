"""The escalation ladder's rules: who sets each level's tolerances, who decides within them,
who approves an exception plan, and that the responsibility matrix says the same."""

from __future__ import annotations

from sggen import model
from sggen.read.typed import Checker

BOARD = "board"  # the board as a body, whose decisions its chair takes


def check_ladder(board: model.Board, check: Checker, role_ids: list[str]) -> None:
    """Record levels that name unknown roles, documents or levels, and exception plans whose
    approval the responsibility matrix gives to someone else."""
    bodies = [BOARD, *role_ids]
    documents = [d.id for d in board.documents]
    levels = [v.id for v in board.levels]
    check.unique(board.levels, ("levels",), "level")
    if board.board.chair is not None:
        check.known(board.board.chair, role_ids, ("board", "chair"), "role")
    for i, level in enumerate(board.levels):
        keys = ("levels", i)
        for name in ("sets", "decided_by"):
            check.known(getattr(level, name), bodies, (*keys, name), "role")
        plan = level.exception_plan
        if plan is not None:
            check.known(plan.approved_by, bodies, (*keys, "exception_plan", "approved_by"), "role")
            if plan.document is not None and check.known(
                    plan.document, documents, (*keys, "exception_plan", "document"), "document"):
                _check_approval(board, check, keys, plan)
        if level.reported_by is not None:
            check.known(level.reported_by.role, role_ids, (*keys, "reported_by", "role"), "role")
            if level.reported_by.document is not None:
                check.known(level.reported_by.document, documents,
                            (*keys, "reported_by", "document"), "document")
        if level.escalates_to is not None and check.known(
                level.escalates_to, levels, (*keys, "escalates_to"), "level") and \
                levels.index(level.escalates_to) <= i:
            check.problem((*keys, "escalates_to"), f"level '{level.id}' escalates to "
                          f"'{level.escalates_to}', which is not above it",
                          "the ladder runs from the lowest level up")


def approver(board: model.Board, body: str) -> str | None:
    """Return the role that takes a decision given to `body`: the chair for the board."""
    return board.board.chair if body == BOARD else body


def _check_approval(board: model.Board, check: Checker, keys: tuple,
                    plan: model.ExceptionPlan) -> None:
    """Record a matrix row for the plan's document that gives its approval to another role
    than the level says: the slides, the guide and the cards read the level, the matrix its
    row, and both must say the same."""
    who = approver(board, plan.approved_by)
    if who is None:
        check.problem((*keys, "exception_plan", "approved_by"), "the board approves this "
                      "exception plan, but board.chair does not say who takes its decisions",
                      "name the chair's role under board: chair:")
        return
    row = next((r for r in board.matrix if r.item == plan.document), None)
    given = sorted(r for r, action in (row.roles.items() if row else ()) if action == "approves")
    if given != [who]:
        said = ", ".join(given) if given else "nobody"
        check.problem((*keys, "exception_plan", "approved_by"),
                      f"the matrix gives the approval of {plan.document} to {said}, but this "
                      f"level says {plan.approved_by} approves it",
                      f"make the matrix row {plan.document} say {who}: approves, and no other "
                      "role approves")
