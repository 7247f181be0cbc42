"""What a run says, in lines for the command line to print: each warning once, in the order
of the files and lines they name; what was written and what failed; the summary of a run of
several projects; and the change report (what changed in the content, and what was rebuilt)."""

from __future__ import annotations

from collections.abc import Iterable

from sggen.errors import Caution, Location
from sggen.names import shown
from sggen.pipeline.job import Outcome

Line = tuple[str, bool]  # the text, and whether it goes to stderr


def warnings(found: Iterable[Caution]) -> list[str]:
    """Return each warning once, sorted by the file and line it names."""
    seen: dict[str, None] = {}
    for warning in sorted(found, key=lambda w: (str(w.where or ""), str(w))):
        seen.setdefault(str(warning))
    return list(seen)


def lines(outcomes: list[Outcome], seconds: float) -> list[Line]:
    """Return the report of a run that took `seconds`."""
    out: list[Line] = [(w, True) for w in warnings(w for o in outcomes for w in o.warnings)]
    said: set[str] = set()  # a problem shared by several projects (a reference) is said once
    for outcome in outcomes:
        out += [(f"wrote {Location(path)}", False) for path in outcome.written]
        if outcome.error:
            new = [line for line in outcome.error.splitlines() if line not in said]
            said.update(new)
            text = "\n".join(new) if new else "(the same problem as above)"
            out.append((f"{shown(outcome.project)}: failed:\n{text}", True))
    if len(outcomes) > 1 or not any(o.written for o in outcomes):
        out.append((summary(outcomes, seconds), False))
    out += [(f"{shown(o.project)}: {'; '.join(o.changes)}; {', '.join(o.kinds())} rebuilt", False)
            for o in outcomes if o.changes]
    return out


def summary(outcomes: list[Outcome], seconds: float) -> str:
    """Return how many projects were built, unchanged and failed, in how long."""
    failed = [shown(o.project) for o in outcomes if o.error]
    built = sum(1 for o in outcomes if o.written and not o.error)
    same = sum(1 for o in outcomes if not o.written and not o.error)
    text = f"{built} built, {same} unchanged, {len(failed)} failed in {seconds:.2f} s"
    return text + (f" (failed: {', '.join(failed)})" if failed else "")
