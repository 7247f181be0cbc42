"""The workspace's model: `sggen.yaml` settings and the templates' strings."""

from __future__ import annotations

from dataclasses import dataclass

from sggen.model.fields import Id, Language, LanguageTag, Text, about


@dataclass
class CustomerType:
    """A legal form of customer, and what it means for the board."""

    id: Id = about("The customer type's id, which a project gives as customer.type.",
                   examples=["city-department"])
    name: Text = about("The customer type as the documents name it.",
                       examples=[{"fi": "Kaupungin toimiala", "sv": "Stadens sektor",
                                  "en": "City department"}])
    note: Text | None = about("What this form of customer means for the board (optional).", None)


@dataclass
class Layout:
    """How the slides are laid out."""

    min_font_pt: int = about("The smallest type size on a slide, in points: text that would "
                             "need smaller type continues on a new slide.", 14, examples=[14])


@dataclass
class MeetingDefaults:
    """When board meetings start and how long they last, unless a project says otherwise."""

    time: str = about("The time of day board meetings start, HH:MM in local time (quote it).",
                      "13:00", examples=["13:00"])
    minutes: int = about("How long a board meeting lasts, in minutes.", 120, examples=[120])
    timezone: str = about("The time zone of the meeting times, as in the tz database.",
                          "Europe/Helsinki", examples=["Europe/Helsinki"])


@dataclass
class Settings:
    """`sggen.yaml`."""

    organisation: Text = about(
        "The organisation whose PMO keeps the library: named on every document.",
        examples=[{"fi": "Kaupungin IT-palvelukeskus", "sv": "Stadens IT-servicecentral",
                   "en": "City IT Service Centre"}])
    languages: list[Language] = about("Every language the documents are written in, by its "
                                      "code: each text of the library gives each of them.",
                                      examples=[["fi", "sv", "en"]])
    language: Id = about("The language a project's documents are written in unless it says "
                         "otherwise.", examples=["fi"])
    method: Id = about("The method a project follows unless it says otherwise: its library "
                       "is roles/<method>/.")
    layout: Layout = about("How the slides are laid out.", factory=Layout)
    meetings: MeetingDefaults = about("When board meetings start and how long they last, "
                                      "unless a project says otherwise.", factory=MeetingDefaults)
    country: str = about("The organisation's country, by its ISO 3166 code: its public "
                         "holidays are no working days, and no board meeting falls on one.",
                         "FI", examples=["FI", "SE"])
    # what a screen reader and a spelling checker read
    locales: dict[Id, LanguageTag] = about(
        "The language tag (BCP 47: the language, then the region) written on every text, by "
        "language; a language not listed is tagged with its own code.",
        factory=lambda: {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"},
        examples=[{"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}])
    customer_types: list[CustomerType] = about("The legal forms of the projects' customers.",
                                               factory=list)


Strings = dict[str, Text]
"""`templates/strings.yaml`: the fixed words of the templates."""

NUMBER_FORMAT = r"1(\D*)000(\D+)5"
"""How strings.yaml `number_format` writes one thousand and a half: its thousands separator
(the first group) and its decimal mark (the second)."""

STRING = ("One fixed word, heading, label or speaker note of the templates, by the key the "
          "templates use.")
