"""The project's own facts in one language: its budget, the Business Case in brief, the top
risks, the papers for the first meeting, and limits given as numbers, in words."""

from __future__ import annotations

from sggen.context.language import Wording
from sggen.context.views import BenefitView, CostsView, PaperView, RiskView, ToleranceView
from sggen.model import Budget, Limit, Project, Tolerance


def figure(value: object, words: Wording) -> str:
    """Return a limit in words: its own text, or its numbers as the language writes them
    ('5 000 €', '10 %', '3 viikkoa'); '' when there is none."""
    if not isinstance(value, Limit):
        return words.text(value)
    if value.text is not None:
        return words.text(value.text)
    parts = [words.money(value.euros) if value.euros is not None else "",
             words.percent(value.percent) if value.percent is not None else "",
             words.weeks(value.weeks) if value.weeks is not None else ""]
    return " / ".join(p for p in parts if p)


def tolerance(kind: Tolerance, project: Project, words: Wording) -> ToleranceView:
    """Return one kind of tolerance with this project's limit, in words and as numbers."""
    t = words.text
    value = project.tolerances.get(kind.id)
    numbers = value if isinstance(value, Limit) else Limit()
    return ToleranceView(kind.id, t(kind.name), t(kind.meaning), figure(value, words),
                         numbers.euros, numbers.percent, numbers.weeks)


def costs(project: Project, words: Wording) -> tuple[str, CostsView | None]:
    """Return the budget in words for the documents' one line, and its numbers (None when the
    budget is a text)."""
    budget = project.budget
    if not isinstance(budget, Budget):
        return words.text(budget), None
    vat = "" if budget.vat_included is None else \
        words.say("vat_included" if budget.vat_included else "vat_excluded")
    investment = words.money(budget.investment) if budget.investment is not None else ""
    running = words.say("per_year", amount=words.money(budget.running_per_year)) \
        if budget.running_per_year is not None else ""
    line = words.text(budget.text) or investment
    if line and vat and not budget.text:
        line = f"{line} ({vat})"
    return line, CostsView(investment, running, vat, budget.investment, budget.running_per_year)


def benefits(project: Project, words: Wording) -> tuple[str, list[BenefitView]]:
    """Return the problem and the benefits of the Business Case in brief."""
    case = project.business_case
    if case is None:
        return "", []
    t = words.text
    return t(case.problem), [BenefitView(t(b.text), t(b.baseline), t(b.target), b.owner or "",
                                         t(b.measured)) for b in case.benefits]


def risks(project: Project, words: Wording) -> list[RiskView]:
    """Return the top risks with their owners and responses."""
    return [RiskView(words.text(r.text), r.owner, words.text(r.response)) for r in project.risks]


def papers(project: Project, words: Wording) -> list[PaperView]:
    """Return the papers for the first meeting."""
    return [PaperView(words.text(p.title), p.version or "", words.text(p.where))
            for p in project.papers]
