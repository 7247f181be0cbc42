"""What the board may decide for one legal form of customer, and what needs a separate formal
decision: the governance block of `sggen.yaml` customer types, and a method's own wording."""

from __future__ import annotations

from dataclasses import dataclass

from sggen.model.fields import Id, Text, about


@dataclass
class SeparateDecision:
    """A matter the board cannot commit the customer to, and who decides it."""

    matter: Text = about("The matter, in a few words.",
                         examples=[{"fi": "Hankinta ja hankintasopimus",
                                    "sv": "Upphandling och upphandlingsavtal",
                                    "en": "Procurement and the contract"}])
    by: Text = about("Who takes the binding decision, in a phrase.",
                     examples=[{"fi": "hankintavaltuuden haltija", "sv": "den som har "
                                "upphandlingsbefogenhet", "en": "the holder of procurement "
                                "authority"}])
    id: Id | None = about("The matter's id, the same in every customer type: a resolution that "
                          "needs this decision names it (board.yaml decisions, formal:).", None,
                          examples=["money"])


@dataclass
class Topic:
    """One topic of the governance block: what the board decides, separate decisions,
    openness, conflicts of interest, records, data protection."""

    id: Id = about("The topic's id: the same for every customer type, so that the documents lay "
                   "the topics out alike.", examples=["openness"])
    title: Text = about("The topic's heading in the guide.",
                        examples=[{"fi": "Julkisuus", "sv": "Offentlighet", "en": "Openness"}])
    card: Text = about("The topic in one line (up to 20 words) to the member: a role card shows "
                       "it.")
    guide: Text = about("The topic in a paragraph, for the guide's governance chapter.")
    separate: list[SeparateDecision] = about(
        "The matters that need a formal decision of their own, and who takes each: the deck's "
        "governance slide shows them as a table.", factory=list)
    law: list[str] = about("The statutes and rules the topic rests on, as citations (the same "
                           "in every language).", factory=list,
                           examples=[["julkisuuslaki 621/1999"]])


@dataclass
class Governance:
    """What the board may decide for this customer type and what needs a separate decision."""

    topics: list[Topic] = about("The topics, in the order the documents show them.",
                                factory=list)


@dataclass
class TopicWording:
    """A method's own wording of a governance topic, where its board has another name (the PM²
    committee): each text given replaces the customer type's."""

    title: Text | None = about("The topic's heading in the guide.", None)
    card: Text | None = about("The topic in one line to the member.", None)
    guide: Text | None = about("The topic in a paragraph.", None)
