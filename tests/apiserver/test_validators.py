"""The format validators behind the A-rules."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from yamlkit.rules.apiserver import validators as v
from yamlkit.rules.apiserver._common import kube_version


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", 1), ("500m", Decimal("0.5")), ("1Ki", 1024), ("1.5Gi", Decimal("1.5") * 2**30), ("2G", 2 * 10**9),
     ("1e3", 1000), ("1E", 10**18), (".5", Decimal("0.5")), ("+1", 1), ("-1Gi", -(2**30)), (0.25, Decimal("0.25")),
     (3, 3), ("100n", Decimal("1E-7"))],
)
def test_quantities_parse(text: object, value: object) -> None:
    assert v.parse_quantity(text) == value


@pytest.mark.parametrize("text", ["512MB", "1gb", "2 cores", "1K", "1e", "1.2.3", "", "Mi", "1Mi ", "0x10"])
def test_bad_quantities(text: str) -> None:
    with pytest.raises(v.QuantityError):
        v.parse_quantity(text)


@pytest.mark.parametrize("value", [None, True, [], {}])
def test_wrong_types_are_not_quantities(value: object) -> None:
    assert v.parse_quantity(value) is None


def test_names() -> None:
    assert not v.dns1123_label("web-1") and v.dns1123_label("Web") and v.dns1123_label("a.b") and v.dns1123_label("a" * 64)
    assert not v.dns1123_subdomain("a.b-c.d") and v.dns1123_subdomain("-a") and v.dns1123_subdomain("a_b")
    assert not v.dns1035_label("web") and v.dns1035_label("1web")
    assert not v.qualified_name("example.com/My_Name.1") and v.qualified_name("a b") and v.qualified_name("/a")
    assert v.qualified_name("Example.com/a") and v.qualified_name("a/b/c") and v.qualified_name("x" * 64)
    assert not v.label_value("") and v.label_value("a/b") and v.label_value("-a")
    assert not v.iana_svc_name("http-alt") and v.iana_svc_name("8080") and v.iana_svc_name("a--b")
    assert v.iana_svc_name("-http") and v.iana_svc_name("abcdefghijklmnop") and v.iana_svc_name("HTTP")
    assert v.port_num_or_name(True) is None and v.port_num_or_name(0) and not v.port_num_or_name("http")
    assert v.percent("25%") and not v.percent("25") and not v.percent("1.5%")
    assert not v.env_var_name("1FOO", relaxed=True) and v.env_var_name("1FOO", relaxed=False)
    assert v.env_var_name("A=B", relaxed=True) and v.env_var_name("Ä", relaxed=True)


@pytest.mark.parametrize(("text", "parsed"), [("", (1, 37)), ("1.30", (1, 30)), ("1.30.2", (1, 30)), ("v1.28", (1, 28)), ("junk", (1, 37))])
def test_kubernetes_version(text: str, parsed: tuple[int, int]) -> None:
    class Ctx:
        kubernetes_version = text

    assert kube_version(Ctx()) == parsed


def test_every_case_names_a_row_of_the_rules_doc(shared_dir: Path) -> None:
    doc = (shared_dir / "docs" / "apiserver-rules.md").read_text()
    rows = set(re.findall(r"^\| ([A-Z0-9]+(?:-[A-Z0-9]+)+) \|", doc, re.M))
    cases = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    used = {re.search(r"^# rule: (\S+)", c.read_text(), re.M).group(1) for c in cases}
    assert used - rows == set()
    # every row is exercised, except the cluster-only allocator check
    assert rows - used <= {"SVC-NODEPORT-ALLOCATED", "SVC-NAME", "DEP-NAME", "SCHEMA-UNKNOWN-FIELD", "SCHEMA-REQUIRED"}, rows - used


def test_all_accepted_only_vouches_for_names_the_validator_accepted() -> None:
    assert not v.qualified_name("app.kubernetes.io/name") and v.qualified_name("bad key")
    assert v.all_accepted(v.qualified_name, {"app.kubernetes.io/name": "x"})
    assert not v.all_accepted(v.qualified_name, {"app.kubernetes.io/name": "x", "bad key": "y"})
    assert not v.all_accepted(v.label_value, [["unhashable"]])


@pytest.mark.parametrize(("raw", "value"), [("500m", Decimal("0.5")), ("512MB", None), (2, 2), (True, None), (None, None)])
def test_quantity_value_is_the_parsed_value_or_none(raw: object, value: object) -> None:
    assert v.quantity_value(raw) == value
    assert v.quantity_value(raw) == value  # remembered the second time


@pytest.mark.parametrize("name", ["", "A=B", "FOO", "a b", "\x7f", "é", "~", " ", "x\n", "1FOO", "!#$%&'()*+,-./:;<>?@[]^_`{|}"])
def test_relaxed_env_names_are_printable_ascii_without_equals(name: str) -> None:
    expected = bool(name) and all(32 <= ord(c) <= 126 and c != "=" for c in name)
    assert (not v.env_var_name(name, relaxed=True)) == expected
