"""How much the style rules add to a check: ``python -m tests.style.bench_style [DIR]``.

Runs the engine over every YAML file of DIR (default ../shared/corpus/realworld) three ways —
syntax only (Y0), plus the style rules on by default, plus every style rule — and prints process
CPU time per 1,000 documents (best of ``--repeat`` runs, so other load on the machine matters less).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from yamlkit.engine import Engine
from yamlkit.rules import load_rules
from yamlkit.settings import Settings
from yamlkit.source import from_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[3] / "shared/corpus/realworld"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(p for p in Path(args.root).rglob("*") if p.suffix in (".yaml", ".yml"))
    sources = [from_text(p.read_text(errors="replace"), name=str(p)) for p in paths]
    rules = load_rules()
    default = [c for c, m in rules.items() if c[:2] in ("Y1", "Y2") and m.default_enabled]
    every = [c for c in rules if c[:2] in ("Y1", "Y2")]

    def run(select: list[str]) -> tuple[float, int]:
        best, docs = float("inf"), 0
        for _ in range(args.repeat):
            engine = Engine(Settings(select=select))
            start, docs = time.process_time(), 0
            for source in sources:
                docs += engine.check_source(source).documents
            best = min(best, time.process_time() - start)
        return best, docs

    base, docs = run(["Y0"])
    with_default, _ = run(["Y0", *default])
    with_all, _ = run(["Y0", *every])
    per = 1000 / max(docs, 1)
    print(f"{len(sources)} files, {docs} documents")
    print(f"syntax only (Y0):         {base * 1000 * per:7.0f} ms per 1,000 documents")
    print(f"+ default style rules:    +{(with_default - base) * 1000 * per:6.0f} ms per 1,000 documents")
    print(f"+ every style rule:       +{(with_all - base) * 1000 * per:6.0f} ms per 1,000 documents")


if __name__ == "__main__":
    main()
