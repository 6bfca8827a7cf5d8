"""Before/after goldens: ``golden/<name>.before.yaml`` fixed is ``<name>.after.yaml``, byte for byte.

Every golden also proves the guarantees: a second run changes nothing, every comment is still
there, and the JSON is unchanged (or, for scalar traps, changed exactly at the fixed values).
``<name>.settings.json`` holds the settings (default: only the Y0 syntax rules), so the goldens do
not move when other rules gain fixes. ``YAMLKIT_UPDATE_GOLDEN=1`` rewrites the after files.
"""

from __future__ import annotations

import json
import os

import pytest

from yamlkit.fixes import fix_text

from .helpers import GOLDEN, comment_count, json_or_none, leaves, read, settings_for

NAMES = sorted(p.name[: -len(".before.yaml")] for p in GOLDEN.glob("*.before.yaml"))

#: Goldens where yamlkit must refuse, or cannot decide, and leave the file as it is.
UNCHANGED = {"tabs-ambiguous", "misaligned-ambiguous", "final-newline-block-scalar"}
#: Goldens whose fix sorts keys (the JSON differs only in key order).
REORDERED = {"key-ordering"}
#: Goldens that do not parse before fixing.
BROKEN = {"tabs-tutorial-pod", "tabs-and-misaligned", "tabs-in-space-indented-file", "tabs-ambiguous", "misaligned-tutorial-deployment",
          "misaligned-one-space-deeper", "misaligned-ambiguous", "misaligned-two-lines", "preserve-everything"}


@pytest.mark.parametrize("name", NAMES)
def test_golden(name: str) -> None:
    before = read(GOLDEN / f"{name}.before.yaml")
    settings = settings_for(name)
    outcome = fix_text(before, settings, name=name)
    after_path = GOLDEN / f"{name}.after.yaml"
    if os.environ.get("YAMLKIT_UPDATE_GOLDEN"):
        with open(after_path, "w", encoding="utf-8", newline="") as handle:
            handle.write(outcome.text)
    assert outcome.text == read(after_path)
    assert (outcome.text == before) == (name in UNCHANGED)
    # idempotent
    again = fix_text(outcome.text, settings, name=name)
    assert again.text == outcome.text and not again.applied
    # comments: the same number (scanned by ruamel.yaml) once the file parses
    if json_or_none(outcome.text) is not None:
        assert comment_count(outcome.text) == before.count("#")  # goldens use `#` only for comments
    # meaning
    old, new = json_or_none(before), json_or_none(outcome.text)
    if name in BROKEN and name not in UNCHANGED:
        assert old is None and new is not None
    elif old is not None:
        changed = {a.value[0]: a.value for a in outcome.applied if a.value}
        if name in REORDERED:  # only the order of keys changed
            assert new != old and json.loads(new) == json.loads(old)
        elif not changed:
            assert new == old
        else:
            a, b = leaves(json.loads(old)), leaves(json.loads(new))
            assert a.keys() == b.keys()
            differing = {k for k in a if a[k] != b[k] or type(a[k]) is not type(b[k])}
            assert differing == set(changed)
            for path in differing:
                assert changed[path][1:] == (a[path], b[path])


def test_every_golden_has_an_after_file() -> None:
    assert NAMES
    for name in NAMES:
        assert (GOLDEN / f"{name}.after.yaml").exists(), name


def test_scalar_trap_values_are_exactly_the_intended_ones() -> None:
    outcome = fix_text(read(GOLDEN / "scalar-traps.before.yaml"), settings_for("scalar-traps"))
    values = sorted(a.value for a in outcome.applied if a.value)
    assert values == [
        ("data.FEATURE_X", True, "on"),
        ("data.MODE", 511, "0777"),
        ("data.VERSION", 1.1, "1.10"),
        ("metadata.labels.enabled", True, "yes"),
    ]
