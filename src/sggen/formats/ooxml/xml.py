"""XML for the Office writers: the one route every text and attribute value takes into a part,
and the only module that imports lxml.

Markup is built with `el` (a string of XML, an `Xml`): its attribute values and its text
children are escaped here, whatever they hold; only what `el` made is taken as markup. Trees
read from a reference document are changed through `set_attr` and `set_text`, which apply the
same character policy before lxml writes them out. So no value, however hostile (a quote, `<`,
`]]>`, a control character, a lone surrogate), can change the structure of a part.

The policy for characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage
return; lone surrogates; U+FFFE and U+FFFF): each becomes U+FFFD, the replacement character.
The reader sees that something could not be shown; nothing vanishes silently. Validation
refuses such characters in the YAML already, so this is the last line, for a plug-in template
or a Document made in code.
"""

from __future__ import annotations

import re

from lxml import etree

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
# Element text: a carriage return would be read back as a line feed unless it is a reference.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_TEXT_SPECIAL = re.compile("[&<>\r]")
# Attribute values: tab and line ends are references, or a reader normalises them to spaces.
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
                       "\n": "&#10;", "\r": "&#13;"})
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r]')
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


def clean(value: str) -> str:
    """Return `value` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _INVALID.sub(REPLACEMENT, value) if _INVALID.search(value) else value


def text(value: str) -> str:
    """Return `value` as element text: cleaned, markup characters escaped."""
    value = clean(value)
    return value.translate(_TEXT) if _TEXT_SPECIAL.search(value) else value


def attr(value: object) -> str:
    """Return `value` (text or a number) as an attribute value in double quotes."""
    if not isinstance(value, str):
        return str(value)
    value = clean(value)
    return value.translate(_ATTR) if _ATTR_SPECIAL.search(value) else value


def el(tag: str, attrs: dict[str, object] | None = None, *children: str) -> Xml:
    """Return the element `tag` with `attrs` (None values left out) holding `children`: each
    an `Xml` written as it is, or text (a plain str) escaped."""
    head = tag
    if attrs:
        head += "".join(f' {name}="{attr(value)}"' for name, value in attrs.items()
                        if value is not None)
    if not children:
        return Xml(f"<{head}/>")
    inner = "".join(c if isinstance(c, Xml) else text(c) for c in children)
    return Xml(f"<{head}>{inner}</{tag}>")


def join(parts) -> Xml:
    """Return pieces of markup as one."""
    return Xml("".join(parts))


def part(root: Xml) -> bytes:
    """Return a part's bytes: the declaration Office writes, then `root`."""
    return DECLARATION.encode() + root.encode("utf-8")


# --- trees read from a reference document ----------------------------------------------------

Element = etree._Element


def parse(data: bytes) -> Element:
    """Return the root of an XML part (blank text between elements dropped)."""
    return etree.fromstring(data, PARSER)


def serialise(root: Element) -> bytes:
    """Return a part's bytes as Office writes them: UTF-8, declared standalone."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def markup(element: Element) -> Xml:
    """Return an element of a tree as markup to put into a part being built."""
    return Xml(etree.tostring(element, encoding="unicode"))


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
