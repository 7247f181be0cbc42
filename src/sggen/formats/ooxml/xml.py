"""XML for the Office writers: the one route every text and attribute value takes into a part,
and the only module that imports lxml.

Markup is built with `el` (a string of XML, an `Xml`) or filled into a `Template`: attribute
values and text are escaped here, whatever they hold; only what these made is taken as markup.
Trees read from a reference document are changed through `set_attr` and `set_text`, which
apply the same character policy before lxml writes them out. So no value, however hostile (a
quote, `<`, `]]>`, a control character, a lone surrogate), can change the structure of a part.

The policy for characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage
return; lone surrogates; U+FFFE and U+FFFF): each becomes U+FFFD, the replacement character.
The reader sees that something could not be shown; nothing vanishes silently. Validation
refuses such characters in the YAML already, so this is the last line, for a plug-in template
or a Document made in code.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

REPLACEMENT = "\ufffd"
# Element text: a carriage return would be read back as a line feed unless it is a reference.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# Attribute values: tab and line ends are references, or a reader normalises them to spaces.
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
                       "\n": "&#10;", "\r": "&#13;"})
# Whether a value needs any work is decided by two small patterns (most values need none);
# one pattern over all the ranges would take a millisecond to compile, on every deck's path.
_MARKUP_OR_CONTROL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f]').search
_UNPAIRED = re.compile("[\ud800-\udfff\ufffe\uffff]").search
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]").search
DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# A reference's parts are read without resolving entities; blank text between elements goes
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class Xml(str):
    """A piece of markup that `el` made (or a constant of it): written as it is. Markup
    joins markup only: adding text to it is an error, never a way around the escaping."""

    __slots__ = ()

    def __add__(self, other: str) -> Xml:
        if not isinstance(other, Xml):
            raise TypeError("markup joins markup only: give text to el()")
        return Xml(str.__add__(self, other))

    def __radd__(self, other: str) -> Xml:
        if not isinstance(other, Xml):
            raise TypeError("markup joins markup only: give text to el()")
        return Xml(str.__add__(other, self))


@functools.cache
def _invalid() -> re.Pattern:
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _plain(value: str) -> bool:
    """Return whether `value` goes into XML as it is (no markup, nothing XML cannot hold)."""
    return _MARKUP_OR_CONTROL(value) is None and (value.isascii() or _UNPAIRED(value) is None)


def clean(value: str) -> str:
    """Return `value` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    if _CONTROL(value) is None and (value.isascii() or _UNPAIRED(value) is None):
        return value
    return _invalid().sub(REPLACEMENT, value)


def text(value: str) -> str:
    """Return `value` as element text: cleaned, markup characters escaped."""
    return value if _plain(value) else clean(value).translate(_TEXT)


def attr(value: object) -> str:
    """Return `value` (text or a number) as an attribute value in double quotes."""
    if value.__class__ is not str:
        return str(value)
    return value if _plain(value) else clean(value).translate(_ATTR)


def el(tag: str, attrs: dict[str, object] | None = None, *children: str) -> Xml:
    """Return the element `tag` with `attrs` (None values left out) holding `children`: each
    an `Xml` written as it is, or text (a plain str) escaped."""
    head = tag
    if attrs:
        for name, value in attrs.items():
            if value is not None:
                head = f'{head} {name}="{attr(value)}"'
    if not children:
        return Xml(f"<{head}/>")
    inner = "".join([c if c.__class__ is Xml else text(c) for c in children])
    return Xml(f"<{head}>{inner}</{tag}>")


_MARKUP = {Xml}


def attributes(attrs: dict[str, object]) -> str:
    """Return attributes as they stand in a start tag (for a `Template`'s own markup)."""
    return el("x", attrs)[2:-2]


def join(parts) -> Xml:
    """Return pieces of markup as one (a piece that is not markup is an error)."""
    parts = list(parts)
    if not set(map(type, parts)) <= _MARKUP:
        raise TypeError("markup joins markup only: give text to el()")
    return Xml("".join(parts))


class Template:
    """Markup written once with slots (`{}`) that values fill: a slot inside a quoted
    attribute value takes the value as `attr` escapes it, a slot between tags takes markup
    (an `Xml`) as it is or text as `text` escapes it. For the markup a writer makes most
    often, where building it element by element would cost more than the rest of a deck.
    The markup is the writer's own (pieces of text and constants), never a value."""

    __slots__ = ("fill", "slots")

    def __init__(self, *pieces: str) -> None:
        markup = "".join(pieces)  # its own text, and constant markup (Xml) in between
        parts = markup.split("{}")
        fills = [repr(parts[0])]
        tag = quoted = False  # where the text read so far ends: in a tag, in a quoted value
        for k, before in enumerate(parts[:-1]):
            for char in before:
                if quoted:
                    quoted = char != '"'
                elif tag:
                    tag, quoted = char != ">", char == '"'
                else:
                    tag = char == "<"
            if tag and not quoted:
                raise ValueError(f"a slot in a tag must be a quoted value: {markup!r}")
            fills += [f"_attr(v{k})" if tag else f"(v{k} if v{k}.__class__ is _Xml "
                      f"else _text(v{k}))", repr(parts[k + 1])]
        self.slots = len(parts) - 1
        # One expression joins the pieces and the escaped values: as fast as a string
        # written by hand, and no value reaches the markup without its escaping.
        names = ", ".join(f"v{k}" for k in range(self.slots))
        code = f"lambda {names}: _Xml(''.join(({', '.join(fills)},)))"
        self.fill = eval(code, {"_Xml": Xml, "_attr": attr, "_text": text})  # noqa: S307

    def __call__(self, *values: object) -> Xml:
        """Return the markup with each slot filled by the next of `values`."""
        return self.fill(*values)


def part(root: Xml) -> bytes:
    """Return a part's bytes: the declaration Office writes, then `root`."""
    if root.__class__ is not Xml:
        raise TypeError("a part is markup: build it with el()")
    return DECLARATION.encode() + root.encode("utf-8")


# --- trees read from a reference document ----------------------------------------------------

Element = etree._Element


def parse(data: bytes) -> Element:
    """Return the root of an XML part (blank text between elements dropped)."""
    return etree.fromstring(data, PARSER)


def serialise(root: Element) -> bytes:
    """Return a part's bytes as Office writes them: UTF-8, declared standalone."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def fragment(markup_: Xml, namespaces: dict[str, str]) -> list[Element]:
    """Return the elements of `markup_` (made by `el`, prefixes of `namespaces`)."""
    declared = " ".join(f'xmlns:{k}="{v}"' for k, v in namespaces.items())
    return list(etree.fromstring(f"<root {declared}>{markup_}</root>"))


def new(tag: str, nsmap: dict[str, str] | None = None) -> Element:
    """Return a new element (`tag` in Clark notation)."""
    return etree.Element(tag, nsmap=nsmap)


def sub(parent: Element, tag: str) -> Element:
    """Return a new child of `parent`."""
    return etree.SubElement(parent, tag)


def comment(value: str) -> Element:
    """Return a comment node (its text is sggen's own, never a document's)."""
    return etree.Comment(value)


def set_attr(element: Element, name: str, value: str) -> None:
    """Set an attribute of a tree to `value`, cleaned as every value is."""
    element.set(name, clean(value))


def set_text(element: Element, value: str) -> None:
    """Set the text of an element of a tree to `value`, cleaned as every value is."""
    element.text = clean(value)


def local(element: Element) -> str:
    """Return an element's tag without its namespace."""
    return etree.QName(element).localname
