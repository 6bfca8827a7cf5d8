"""Wrong JSON types anywhere are the schema validator's business: the A-rules never crash on them."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yamlkit

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
ODD_VALUES: list[Any] = [None, True, 0, -1, 1.5, "", "x", [], [1, "a"], {}, {"a": [None]}]


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, prefix + (index,))
    return out


def _replace(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    data[path[0]] = _replace(data[path[0]], path[1:], value)
    return data


def test_mutated_manifests_never_crash() -> None:
    rng = random.Random(4)
    docs = [yamlkit.load(case.read_text())[0] for case in CASES]
    texts = []
    for doc in docs:
        paths = _paths(doc)[1:]
        for _ in range(3):
            mutated = json.loads(json.dumps(doc))
            path = rng.choice(paths)
            mutated = _replace(mutated, path, json.loads(json.dumps(rng.choice(ODD_VALUES))))
            texts.append(json.dumps(mutated))
    report = yamlkit.check("\n---\n".join(texts) + "\n", config={"select": ["A", "X"]})
    crashes = [f for f in report.findings if f.code == "X001"]
    assert not crashes, [f.message for f in crashes[:5]]
