"""What `sggen list` shows: the roles of each method's library, and one role's items (the ids
a project's `changes` refer to), each text in the workspace's default language."""

from __future__ import annotations

from dataclasses import dataclass

from sggen.context import text
from sggen.errors import SggenError, suggest
from sggen.pipeline.inputs import shared
from sggen.workspace import Workspace


@dataclass(frozen=True)
class Entry:
    """One line of a listing: an id, its text, and a note (a board role, a task's moment)."""

    id: str
    text: str
    note: str = ""


def roles(ws: Workspace) -> dict[str, list[Entry]]:
    """Return the roles of each method, by method: id, name, and 'board' for a board role."""
    inputs, lang = shared(ws, set(ws.methods())), ws.settings.language
    return {method: [Entry(r.id, text(r.name, lang), "board" if r.on_board else "")
                     for r in library.roles]
            for method, library in sorted(inputs.libraries.items())}


def items(ws: Workspace, role_id: str) -> dict[str, list[Entry]]:
    """Return the responsibilities and tasks of a role in every method that has it, under
    headings like 'executive (prince2) tasks'; raise for a role no method has."""
    inputs, lang = shared(ws, set(ws.methods())), ws.settings.language
    found = [(m, r) for m, lib in sorted(inputs.libraries.items()) for r in lib.roles
             if r.id == role_id]
    if not found:
        known = sorted({r.id for lib in inputs.libraries.values() for r in lib.roles})
        raise SggenError(f"no role '{role_id}'", hint=suggest(role_id, known)
                         or "roles: " + ", ".join(known))
    out = {}
    for method, role in found:
        out[f"{role.id} ({method}) responsibilities"] = [
            Entry(i.id, text(i.text, lang)) for i in role.responsibilities]
        out[f"{role.id} ({method}) tasks"] = [
            Entry(i.id, text(i.text, lang), f"at {i.at}") for i in role.tasks]
    return out
