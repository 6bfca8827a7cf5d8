"""A small XSD checker for the subset of XML Schema that ``schemas/JUnit.xsd`` uses.

lxml (which has a real XSD validator) is not a dependency of yamlkit, so the JUnit golden is
checked with this instead when lxml is missing. It reads the XSD itself and checks:

- the root element is a global ``xs:element``;
- element content against ``xs:sequence``/``xs:choice`` with ``minOccurs``/``maxOccurs``
  (greedy matching, which is exact for JUnit.xsd's unambiguous content models);
- ``xs:complexContent``/``xs:extension`` (inherited content and attributes) and
  ``xs:simpleContent`` (text only, no child elements);
- attributes: required ones present, no undeclared ones, and values of the built-in types
  ``xs:int``, ``xs:decimal``, ``xs:token`` (with ``minLength``) and of ``xs:dateTime`` with a
  ``pattern`` restriction;
- elements with a simple type have no child elements and no attributes.

It is not a general XSD implementation (no namespaces in instances, no substitution groups,
no identity constraints, no ``xs:all``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

XS = "{http://www.w3.org/2001/XMLSchema}"
UNBOUNDED = 10**9


class XsdError(AssertionError):
    pass


@dataclass
class Attr:
    name: str
    required: bool
    check: "SimpleType"


@dataclass
class SimpleType:
    base: str = "xs:string"
    patterns: list[str] = field(default_factory=list)
    min_length: int | None = None

    def validate(self, value: str, where: str) -> None:
        base = self.base
        if base == "xs:int":
            if not re.fullmatch(r"[+-]?\d+", value) or not -(2**31) <= int(value) < 2**31:
                raise XsdError(f"{where}: {value!r} is not an xs:int")
        elif base == "xs:decimal":
            if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
                raise XsdError(f"{where}: {value!r} is not an xs:decimal")
        elif base == "xs:dateTime":
            if not re.fullmatch(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", value):
                raise XsdError(f"{where}: {value!r} is not an xs:dateTime")
        if base == "xs:token":
            value = " ".join(value.split())
        for pattern in self.patterns:
            if not re.fullmatch(pattern, value):
                raise XsdError(f"{where}: {value!r} does not match the pattern {pattern!r}")
        if self.min_length is not None and len(value) < self.min_length:
            raise XsdError(f"{where}: {value!r} is shorter than {self.min_length}")


@dataclass
class Particle:
    kind: str  # "element" | "sequence" | "choice"
    min: int = 1
    max: int = 1
    name: str = ""
    type: "ComplexType | SimpleType | None" = None
    items: list["Particle"] = field(default_factory=list)


@dataclass
class ComplexType:
    content: Particle | None = None
    attrs: dict[str, Attr] = field(default_factory=dict)
    simple_content: bool = False
    any_content: bool = False


class Schema:
    def __init__(self, path: Path) -> None:
        self.root = ET.parse(path).getroot()
        self.named_complex = {e.get("name"): e for e in self.root.findall(f"{XS}complexType")}
        self.named_simple = {e.get("name"): e for e in self.root.findall(f"{XS}simpleType")}
        self.globals = {e.get("name"): e for e in self.root.findall(f"{XS}element")}

    # -- reading the XSD -------------------------------------------------------------------
    def simple(self, node: ET.Element | None, type_name: str | None) -> SimpleType:
        if type_name is not None:
            if type_name.startswith("xs:"):
                return SimpleType(base=type_name)
            return self.simple(self.named_simple[type_name], None)
        if node is None:
            return SimpleType()
        restriction = node.find(f"{XS}restriction")
        if restriction is None:
            return SimpleType()
        out = self.simple(None, restriction.get("base"))
        out = SimpleType(out.base, list(out.patterns), out.min_length)
        for pattern in restriction.findall(f"{XS}pattern"):
            out.patterns.append(pattern.get("value", ""))
        min_length = restriction.find(f"{XS}minLength")
        if min_length is not None:
            out.min_length = int(min_length.get("value", "0"))
        return out

    def complex(self, node: ET.Element) -> ComplexType:
        out = ComplexType()
        for child in node:
            tag = child.tag
            if tag in (f"{XS}sequence", f"{XS}choice"):
                out.content = self.particle(child)
            elif tag == f"{XS}attribute":
                self.attribute(out, child)
            elif tag == f"{XS}complexContent":
                ext = child.find(f"{XS}extension")
                assert ext is not None, "only xs:extension is supported in xs:complexContent"
                base = self.complex(self.named_complex[ext.get("base")])
                extra = self.complex(ext)
                out.content = extra.content or base.content
                out.attrs = {**base.attrs, **extra.attrs}
            elif tag == f"{XS}simpleContent":
                ext = child.find(f"{XS}extension")
                assert ext is not None, "only xs:extension is supported in xs:simpleContent"
                out.simple_content = True
                for attr in ext.findall(f"{XS}attribute"):
                    self.attribute(out, attr)
        return out

    def attribute(self, out: ComplexType, node: ET.Element) -> None:
        name = node.get("name", "")
        out.attrs[name] = Attr(name, node.get("use") == "required",
                               self.simple(node.find(f"{XS}simpleType"), node.get("type")))

    def particle(self, node: ET.Element) -> Particle:
        kind = node.tag[len(XS):]
        lo = int(node.get("minOccurs", "1"))
        hi_text = node.get("maxOccurs", "1")
        hi = UNBOUNDED if hi_text == "unbounded" else int(hi_text)
        if kind == "element":
            return Particle("element", lo, hi, node.get("name", ""), self.element_type(node))
        items = [self.particle(child) for child in node if child.tag in (f"{XS}element", f"{XS}sequence", f"{XS}choice")]
        return Particle(kind, lo, hi, items=items)

    def element_type(self, node: ET.Element) -> ComplexType | SimpleType:
        type_name = node.get("type")
        if type_name is not None:
            if type_name in self.named_complex:
                return self.complex(self.named_complex[type_name])
            return self.simple(None, type_name)
        inline = node.find(f"{XS}complexType")
        if inline is not None:
            return self.complex(inline)
        simple = node.find(f"{XS}simpleType")
        if simple is not None:
            return self.simple(simple, None)
        return ComplexType(any_content=True)  # no type: xs:anyType

    # -- checking an instance ------------------------------------------------------------
    def validate(self, document: ET.Element) -> None:
        if document.tag not in self.globals:
            raise XsdError(f"<{document.tag}> is not a global element of the schema")
        self.check(document, self.element_type(self.globals[document.tag]), document.tag)

    def check(self, element: ET.Element, kind: ComplexType | SimpleType, where: str) -> None:
        if isinstance(kind, SimpleType):
            if len(element) or element.attrib:
                raise XsdError(f"{where}: a simple-typed element has no children or attributes")
            kind.validate(element.text or "", where)
            return
        if kind.any_content:
            return
        for name, value in element.attrib.items():
            if name not in kind.attrs:
                raise XsdError(f"{where}: attribute {name!r} is not declared")
            kind.attrs[name].check.validate(value, f"{where}/@{name}")
        for name, attr in kind.attrs.items():
            if attr.required and name not in element.attrib:
                raise XsdError(f"{where}: required attribute {name!r} is missing")
        children = list(element)
        if kind.simple_content or kind.content is None:
            if children:
                raise XsdError(f"{where}: no child elements allowed, found <{children[0].tag}>")
            return
        if (element.text or "").strip():
            raise XsdError(f"{where}: text is not allowed here")
        end = self.match(kind.content, children, 0, where)
        if end != len(children):
            raise XsdError(f"{where}: unexpected <{children[end].tag}> (child {end + 1})")

    def match(self, p: Particle, children: list[ET.Element], i: int, where: str) -> int:
        count = 0
        while count < p.max:
            j = self.match_once(p, children, i, where)
            if j is None:
                break
            count += 1
            if j == i:  # an empty match (e.g. a sequence of optional items): repeating it gains nothing
                count = max(count, p.min)
                break
            i = j
        if count < p.min:
            wanted = p.name if p.kind == "element" else p.kind
            found = f"<{children[i].tag}>" if i < len(children) else "the end"
            raise XsdError(f"{where}: expected {wanted!r} (at least {p.min}), found {found}")
        return i

    def match_once(self, p: Particle, children: list[ET.Element], i: int, where: str) -> int | None:
        if p.kind == "element":
            if i < len(children) and children[i].tag == p.name:
                assert p.type is not None
                self.check(children[i], p.type, f"{where}/{p.name}[{i + 1}]")
                return i + 1
            return None
        if p.kind == "sequence":
            for item in p.items:  # errors propagate: JUnit.xsd has no optional sequences
                i = self.match(item, children, i, where)
            return i
        for item in p.items:  # choice: the first alternative that consumes something
            if item.kind == "element" and not (i < len(children) and children[i].tag == item.name):
                continue
            j = self.match(item, children, i, where)
            if j > i:
                return j
        return None


def validate_file(schema_path: Path, xml_text: str) -> None:
    """Raise :class:`XsdError` (an AssertionError) if ``xml_text`` does not follow the schema."""
    Schema(schema_path).validate(ET.fromstring(xml_text.encode("utf-8")))
