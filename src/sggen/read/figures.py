"""The numbers a project gives as numbers, checked against one another: the delegated change
limits against the change budget and the cost tolerance, the risk escalation threshold against
the time and cost tolerances, and each limit giving a number or a text."""

from __future__ import annotations

from sggen.model import Budget, Limit, Project
from sggen.read.typed import Checker

# The tolerances the numbers are compared between, by their ids in the shipped methods' board
# files (PRINCE2 and PM² name them alike); a library without them gets no such comparison.
COST, TIME, RISK = "cost", "time", "risk"


def check_figures(project: Project, check: Checker) -> None:
    """Record limits that give nothing, and warn where the numbers contradict each other."""
    for name, value in project.tolerances.items():
        _given(value, check, ("tolerances", name))
    delegation = project.change_authority
    if delegation is not None:
        for name in ("limit_per_change", "limit_per_stage", "budget"):
            _given(getattr(delegation, name), check, ("change_authority", name))
    _check_change_limits(project, check)
    _check_risk(project, check)


def _given(value: object, check: Checker, keys: tuple) -> None:
    if isinstance(value, Limit) and all(getattr(value, f) is None
                                        for f in ("euros", "percent", "weeks", "text")):
        check.problem(keys, "a limit needs a number or a text",
                      "give euros, percent or weeks, or text")


def euros(amount: float) -> str:
    """Return an amount of euros as a message writes it: 48 000 €."""
    whole = round(amount)
    shown = f"{whole:,}" if abs(amount - whole) < 0.005 else f"{amount:,.2f}"
    return shown.replace(",", " ") + " €"


def cost_tolerance(project: Project) -> tuple[float, str] | None:
    """Return the cost tolerance in euros and how it was reached, where the numbers give it."""
    tolerance = project.tolerances.get(COST)
    if not isinstance(tolerance, Limit):
        return None
    if tolerance.euros is not None:
        return tolerance.euros, euros(tolerance.euros)
    budget = project.budget
    if tolerance.percent is not None and isinstance(budget, Budget) and budget.investment:
        amount = budget.investment * tolerance.percent / 100
        return amount, f"{tolerance.percent:g} % of {euros(budget.investment)} = {euros(amount)}"
    return None


def _check_change_limits(project: Project, check: Checker) -> None:
    delegation = project.change_authority
    stage = delegation.limit_per_stage if delegation else None
    if not isinstance(stage, Limit) or stage.euros is None or not project.stages:
        return
    count = len(project.stages)
    total = stage.euros * count
    keys = ("change_authority", "limit_per_stage", "euros")
    spent = f"the delegated limit per stage ({euros(stage.euros)}) × {count} stages is " \
            f"{euros(total)}"
    budget = delegation.budget
    if budget is not None and budget.euros is not None and total > budget.euros:
        check.warn(keys, f"{spent}, more than the change budget ({euros(budget.euros)})",
                   "changes approved within the limits could spend more than is set aside for "
                   "them: lower the limit per stage or raise the change budget")
    tolerance = cost_tolerance(project)
    if tolerance is not None and total > tolerance[0]:
        check.warn(keys, f"{spent}, more than the cost tolerance ({tolerance[1]})",
                   "delegated limits must fit inside the cost tolerance: lower the limit per "
                   "stage")


def _check_risk(project: Project, check: Checker) -> None:
    risk = project.tolerances.get(RISK)
    if not isinstance(risk, Limit):
        return
    time = project.tolerances.get(TIME)
    if isinstance(time, Limit) and None not in (risk.weeks, time.weeks) and \
            risk.weeks >= time.weeks:
        check.warn(("tolerances", RISK, "weeks"), f"the risk escalation threshold "
                   f"({risk.weeks:g} weeks) is at or above the time tolerance "
                   f"({time.weeks:g} weeks)", "a risk goes up before its impact could use the "
                   "whole tolerance: set the threshold below it")
    tolerance = cost_tolerance(project)
    if risk.euros is not None and tolerance is not None and risk.euros >= tolerance[0]:
        check.warn(("tolerances", RISK, "euros"), f"the risk escalation threshold "
                   f"({euros(risk.euros)}) is at or above the cost tolerance ({tolerance[1]})",
                   "a risk goes up before its impact could use the whole tolerance: set the "
                   "threshold below it")
