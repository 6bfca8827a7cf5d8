"""Count K-rule findings on the realworld corpus, one run per directory.

Usage: ``python tests/practices/corpus_counts.py [CORPUS_DIR] [--sample N --seed S]``.
Files of one directory are checked together (as ``yamlkit check dir/`` would), so the
cross-resource rules see a Service next to its Deployment but not unrelated examples of other
repositories. Every K rule is selected, also those that are off by default.
"""

from __future__ import annotations

import collections
import random
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "realworld"


def findings(corpus: Path) -> list:
    import yamlkit

    by_dir: dict[Path, list[str]] = collections.defaultdict(list)
    for path in sorted(corpus.rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and path.is_file():
            by_dir[path.parent].append(str(path))
    out = []
    for files in by_dir.values():
        report = yamlkit.check(files, config={"select": ["K"]})
        out.extend(f for f in report.findings if f.code.startswith("K"))
    return out


def counts(found: list) -> dict[str, int]:
    return dict(sorted(collections.Counter(f"{f.code} {f.rule}" for f in found).items()))


def main(argv: list[str]) -> None:
    corpus = Path(argv[1]) if len(argv) > 1 and not argv[1].startswith("-") else DEFAULT
    found = findings(corpus)
    for key, n in counts(found).items():
        print(f"{n:6d}  {key}")
    print(f"{len(found):6d}  total")
    if "--sample" in argv:
        n = int(argv[argv.index("--sample") + 1])
        seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
        for f in random.Random(seed).sample(found, min(n, len(found))):
            print(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}")


if __name__ == "__main__":
    main(sys.argv)
