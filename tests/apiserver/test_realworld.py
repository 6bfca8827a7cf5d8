"""The API-server rules over the team's 902 real manifests (../shared/corpus/realworld).

Every finding is listed in ``realworld_expected.tsv`` (file, code, path) with the row of
docs/apiserver-rules.md that justifies it; a new finding fails the test until it is reviewed
(false positives are fixed, true ones added with their row). Nearly all of them are in
kube-linter's test fixtures, which are deliberately incomplete (no selector, no image).
"""

from __future__ import annotations

from pathlib import Path

import yamlkit

EXPECTED = Path(__file__).parent / "realworld_expected.tsv"


def _findings(shared: Path) -> set[tuple[str, str, str]]:
    root = shared / "corpus" / "realworld"
    files = sorted(str(p) for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))
    report = yamlkit.check(files, config={"select": ["A"], "respect_gitignore": False})
    assert not [f for f in report.findings if f.code == "X001"]
    return {(str(Path(f.file).relative_to(root)), f.code, f.path or "") for f in report.findings}


def _expected() -> set[tuple[str, str, str]]:
    out = set()
    for line in EXPECTED.read_text().splitlines():
        if line and not line.startswith("#"):
            file, code, path, _row = line.split("\t")
            out.add((file, code, path))
    return out


def test_realworld_findings_are_all_justified(shared_dir: Path) -> None:
    got = _findings(shared_dir)
    expected = _expected()
    assert got - expected == set(), "new findings: review them (false positive?) and justify in realworld_expected.tsv"
    assert expected - got == set(), "findings disappeared: update realworld_expected.tsv"
