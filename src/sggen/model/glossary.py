"""A method's glossary (`roles/<method>/glossary.yaml`): the method's own terms, each with the
word the documents use in every language and a plain explanation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sggen.model.fields import Id, Text, about


@dataclass
class Refers:
    """The library object whose name a term is: give one of them. sggen checks that the
    glossary's word and the object's name agree, so that a renamed role renames its entry."""

    role: Id | None = about("A role id.", None, examples=["executive"])
    document: Id | None = about("A document id from board.yaml documents.", None,
                                examples=["pid"])
    decision: Id | None = about("A decision id from board.yaml decisions.", None)
    tolerance: Id | None = about("A tolerance id from board.yaml tolerances.", None)
    board: Literal["name"] | None = about("name: the board itself, by board.yaml board.name.",
                                          None)


@dataclass
class Term:
    """One term of the glossary."""

    id: Id = about("The term's id, unique in the glossary.", examples=["exception-plan"])
    term: str = about("The method's own English term, as the method's manual spells it: the "
                      "documents show it in brackets.", examples=["Exception Plan"])
    name: Text = about("The word the documents use for it, in each language.",
                       examples=[{"fi": "poikkeustilannesuunnitelma", "sv": "avvikelseplan",
                                  "en": "Exception Plan"}])
    explain: Text = about("What it means, in one plain sentence.")
    refers: Refers | None = about("The library object whose name this is (a role, document, "
                                  "decision, tolerance or the board).", None,
                                  examples=[{"document": "exception-plan"}])
    aliases: list[str] = about("Older or other English terms a reader may meet (earlier "
                               "editions).", factory=list, examples=[["corporate management"]])


@dataclass
class Glossary:
    """`roles/<method>/glossary.yaml`."""

    terms: list[Term] = about("The terms, in any order: the guide sorts them by the word of "
                              "its language.", factory=list)
