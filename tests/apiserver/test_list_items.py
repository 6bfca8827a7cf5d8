"""A rule finds the same in an object and in that object as an item of a ``kind: List``, with
every path (the API server's included) starting at the item."""

from __future__ import annotations

import json
import re

import pytest
import yaml

import yamlkit
from yamlkit.rules import load_rules

RULES = sorted(code for code, meta in load_rules().items() if meta.category == "apiserver")


def _examples(code: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", load_rules()[code].doc, re.S)


def _found(text: str, code: str) -> list[tuple[str, str, str]]:
    report = yamlkit.check(text, config={"select": [code]})
    return [(f.code, f.message.replace(" (this field is not in the file; the position shown is its nearest parent)", ""),
             f.path or "") for f in report.findings]


@pytest.mark.parametrize("code", RULES)
def test_a_list_item_finds_what_the_object_finds_at_the_item(code: str) -> None:
    checked = 0
    for example in _examples(code):
        data = yaml.safe_load(example)
        alone = _found(json.dumps(data), code)
        listed = _found(json.dumps({"apiVersion": "v1", "kind": "List", "items": [{}, data]}), code)
        assert listed == [(c, message, "items[1]." + path) for c, message, path in alone]
        checked += len(alone)
    assert checked, f"{code}'s bad example finds nothing"
