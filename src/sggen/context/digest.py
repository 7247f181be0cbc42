"""The content's fingerprint: what changed in the documents between two builds, by name."""

from __future__ import annotations

from sggen.context.views import Context


def digest(view: Context) -> dict[str, str]:
    """Return a short fingerprint of each piece of content, by a name a PMO recognises
    (executive.business-case, decision.authorize-project, tolerance.cost, people.executive):
    comparing two builds' fingerprints says what changed in the documents, not in the files."""
    import hashlib

    def mark(*parts: object) -> str:
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]

    out = {}
    for role in view.roles:
        for item in (*role.responsibilities, *role.tasks):
            out[f"{role.id}.{item.id}"] = mark(item.text, item.local)
        if role.people:
            out[f"people.{role.id}"] = mark(*(vars(p).values() for p in role.people))
    for decision in view.decisions:
        out[f"decision.{decision.id}"] = mark(decision.name, decision.when, decision.decides)
    for tolerance in view.tolerances:
        out[f"tolerance.{tolerance.id}"] = mark(tolerance.meaning, tolerance.value)
    for meeting in view.meetings.calendar:
        out[f"meeting.{meeting.date}"] = mark(meeting.time, meeting.place,
                                              *(d.id for d in meeting.decisions))
    out.update(_guidance(view, mark))
    return out


def _guidance(view: Context, mark) -> dict[str, str]:
    """Return the fingerprints of the ladder, the governance block, the glossary and what each
    card says of its holder's own part."""
    out = {f"level.{v.id}": mark(v.sets, v.decided_by, v.approves, v.text)
           for v in view.board.levels}
    for topic in view.governance.topics if view.governance else []:
        out[f"governance.{topic.id}"] = mark(topic.title, topic.card, topic.guide,
                                             *(f"{s.matter}={s.by}" for s in topic.separate))
    for term in view.glossary.terms if view.glossary else []:
        out[f"glossary.{term.id}"] = mark(term.name, term.term, *term.also, term.explain)
    for member in view.cards:
        card = member.card
        if card is not None:
            out[f"card.{member.slug}"] = mark(
                *(m.action for m in (*card.meetings, *card.unplanned)), card.governance,
                card.deputy, card.time,
                *(q for m in card.meetings if m.before for q in m.before.questions))
    return out


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Return what differs between two fingerprints, e.g. 'executive.business-case reworded'."""
    out = [f"{k} added" for k in after if k not in before]
    out += [f"{k} removed" for k in before if k not in after]
    out += [f"{k} reworded" for k in after if k in before and before[k] != after[k]]
    return sorted(out)
