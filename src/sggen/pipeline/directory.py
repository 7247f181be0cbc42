"""Who sits where across the workspace: each project's board members and invitees (role, name,
e-mail), read once per version of the project's file and kept in the cache, and the one person
that a name or an e-mail address given on the command line names.

Two mentions are one person by their e-mail address; where one of them has none, by their
name (read.people.identity: the same to the reader), which a warning then says."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sggen import cache, names
from sggen.errors import Caution, Problems, SggenError, suggest
from sggen.pipeline.inputs import Dependencies, shared
from sggen.pipeline.job import Job, Request
from sggen.read.people import identity
from sggen.workspace import Workspace


@dataclass(frozen=True)
class Seat:
    """One role one person holds in one project."""

    project: str
    role: str
    name: str  # as the project writes it
    email: str  # '' where the project gives none
    slug: str = ""  # the name as a file stem (names.slug), taken once when the project is read

    @property
    def who(self) -> str:
        """Return the form of the name two mentions of one person share."""
        return identity(self.name)


@dataclass
class Found:
    """The person a name or an e-mail address named: every seat of theirs, how they were
    told apart, and the slug their files are named by."""

    name: str
    email: str
    seats: list[Seat]
    slug: str
    by_name: list[str] = field(default_factory=list)  # projects joined only by the name

    @property
    def projects(self) -> list[str]:
        """Return the projects the person sits in, in the workspace's order."""
        return list(dict.fromkeys(s.project for s in self.seats))

    @property
    def matched(self) -> str:
        """Return how the projects were found to be one person's: 'email' or 'name'."""
        return "name" if self.by_name or not self.email else "email"


def seats(ws: Workspace, deps: Dependencies) -> tuple[list[Seat], list[Caution]]:
    """Return every seat of every project, and a warning for each project that cannot be read
    (its people are not searched)."""
    common = shared_key(deps)
    ids = ws.project_ids()
    # the whole index in one entry while no file changed, else each project's own entry
    whole = cache.key("seat-index", cache.code_hash(), common, [(p, deps.project(p)) for p in ids])
    found = cache.load(whole)
    if not (isinstance(found, tuple) and len(found) == 2):
        found = _index(ws, deps, ids, common)
        cache.store(whole, found)
    held, problems = found
    return held, [Caution(f"{problem}; its people are not searched", hint="fix it: sggen "
                          "validate") for problem in problems]


def _index(ws: Workspace, deps: Dependencies, ids: list[str], common: str
           ) -> tuple[list[Seat], list[str]]:
    """Return the seats of the projects `ids` and the problem of each that cannot be read,
    each project from its cache entry while its file is the same."""
    out: list[Seat] = []
    problems: list[str] = []
    inputs = None
    for project_id in ids:
        key = cache.key("seats", cache.code_hash(), common, deps.project(project_id))
        found = cache.load(key)
        if not isinstance(found, tuple) or len(found) != 2:
            if inputs is None:
                inputs = shared(ws, deps.methods, deps)
            found = _read(inputs, project_id, deps)
            cache.store(key, found)
        held, problem = found
        out.extend(held)
        if problem:
            problems.append(problem)
    return out, problems


def shared_key(deps: Dependencies) -> str:
    """Return a hash of every input but the projects: whether a project is sound depends on
    its library and the settings."""
    text = repr(sorted((rel, h) for rel, h in deps.hashes.items()
                       if not rel.startswith("projects/")))
    return hashlib.sha256(text.encode()).hexdigest()


def _read(inputs, project_id: str, deps: Dependencies) -> tuple[list[Seat], str]:
    """Return the seats of one project, or none and its first problem."""
    try:
        job, _ = Job.read(inputs, Request([project_id]), project_id, deps)
    except Problems as exc:
        return [], str(exc.problems[0]) if exc.problems else str(exc)
    except SggenError as exc:
        return [], str(exc)
    held = [Seat(project_id, role.id, person.name, (person.email or "").strip(),
                 names.slug(person.name))
            for role in job.library.roles if role.on_board or role.invited
            for person in job.project.people_in(role.id)]
    return held, ""


def find(every: list[Seat], query: str) -> tuple[Found, list[Caution]]:
    """Return the one person `query` (a name or an e-mail address) names, and a warning for
    each project where they are known only by their name; raise when nobody, or more than one
    person, answers to it."""
    asked = " ".join(query.split())
    if not asked:
        raise SggenError("give a name or an e-mail address", hint="e.g. sggen member "
                         "'Outi Saarinen' or sggen member outi.saarinen@example.fi")
    if "@" in asked:
        mine = [s for s in every if s.email.casefold() == asked.casefold()]
        if not mine:
            raise SggenError(f"nobody in the workspace has the e-mail address {asked}",
                             hint=suggest(asked, {s.email for s in every if s.email})
                             or "see the people in projects/*.yaml")
        who = {s.who for s in mine}
        chosen = mine + [s for s in every if not s.email and s.who in who]
    else:
        chosen = [s for s in every if s.who == identity(asked)]
        if not chosen:
            raise SggenError(f"nobody in the workspace is called {asked}",
                             hint=suggest(asked, {s.name for s in every})
                             or "give the name as a project file writes it, or the e-mail")
        emails = sorted({s.email.casefold() for s in chosen if s.email})
        if len(emails) > 1:
            raise SggenError(f"{len(emails)} people are called {asked}: "
                             + ", ".join(emails), hint="give the e-mail address of the one meant")
    return _found(chosen, every)


def _found(chosen: list[Seat], every: list[Seat]) -> tuple[Found, list[Caution]]:
    email = next((s.email for s in chosen if s.email), "")
    projects = list(dict.fromkeys(s.project for s in chosen))
    unaddressed = [p for p in projects if not any(s.email for s in chosen if s.project == p)]
    warnings = []
    by_name = unaddressed if len(projects) > 1 else []
    for project in by_name:
        others = ", ".join(p for p in projects if p != project)
        warnings.append(Caution(
            f"{chosen[0].name} has no e-mail address in project {project}: taken to be the "
            f"{chosen[0].name} of {others} by the name alone",
            hint=f"give their e-mail address{f' ({email})' if email else ''} in projects/"
            f"{project}.yaml"))
    return Found(chosen[0].name, email, chosen, _slug(chosen, every), by_name), warnings


def _slug(chosen: list[Seat], every: list[Seat]) -> str:
    """Return the person's file stem: their name as a slug, with a hash of who they are when
    someone else's name makes the same slug."""
    stem = names.slug(chosen[0].name, fallback=names.digest(chosen[0].name))
    mine = set(chosen)
    emails = {s.email.casefold() for s in chosen if s.email}
    others = [s for s in every if s.slug == stem and s not in mine
              and (s.email.casefold() not in emails or not s.email)]
    if not others:
        return stem
    return f"{stem}-{names.digest(sorted(emails)[0] if emails else chosen[0].who)}"


def people(every: list[Seat]) -> list[Found]:
    """Return every person of the workspace once, each with all their seats: one by their
    e-mail address, or by their name where no project gives one (joined to the one person of
    that name who has an address, when exactly one has)."""
    by_email: dict[str, list[Seat]] = {}
    for seat in every:
        if seat.email:
            by_email.setdefault(seat.email.casefold(), []).append(seat)
    named: dict[str, list[Seat]] = {}
    for seat in every:
        if seat.email:
            continue
        owners = [k for k, seats in by_email.items() if seats[0].who == seat.who]
        if len(owners) == 1:
            by_email[owners[0]].append(seat)
        else:
            named.setdefault(seat.who, []).append(seat)
    groups = [*by_email.values(), *named.values()]
    return [_found(group, every)[0] for group in groups]
