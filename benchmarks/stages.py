#!/usr/bin/env python3
"""Where does `yamlkit check` spend its time? Stage and per-rule timings, in one process.

    python benchmarks/stages.py benchmarks/corpus/10k          # stages + the 15 slowest rules
    python benchmarks/stages.py PATH --top 40 --cprofile out.prof

Stages: discover (walk + .gitignore), read (read + decode), compose (libyaml node tree, with
marks), build (node tree -> plain data), rules by scope (TEXT, DOCUMENT, RESOURCE, RUN; each rule
timed while its generator runs, so the engine's stamping of its findings is included), engine
(the rest of check_source/check_sources: stamping, sorting, suppressions) and render. Runs
in-process with one job, so the numbers add up to the single-core wall time.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

clock = time.perf_counter
TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(key: str, fn):
    def wrapper(*args, **kwargs):
        start = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[key] += clock() - start
            CALLS[key] += 1
    return wrapper


def timed_gen(key: str, fn):
    """Time a generator function while it runs (not while its consumer does)."""
    def wrapper(*args, **kwargs):
        start = clock()
        gen = fn(*args, **kwargs)
        TIMES[key] += clock() - start
        while True:
            start = clock()
            try:
                item = next(gen)
            except StopIteration:
                TIMES[key] += clock() - start
                return
            TIMES[key] += clock() - start
            yield item
    return wrapper


def timed_rule(meta):
    key = f"rule {meta.code} {meta.name} ({meta.scope.value})"
    check = meta.check

    def wrapper(ctx, target):
        start = clock()
        try:
            return list(check(ctx, target) or ())
        finally:
            TIMES[key] += clock() - start
            CALLS[key] += 1
    return dataclasses.replace(meta, check=wrapper)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--top", type=int, default=15, help="how many rules to list")
    parser.add_argument("--format", default="json")
    parser.add_argument("--cprofile", help="also write a cProfile dump here")
    parser.add_argument("--respect-gitignore", action="store_true", help="default: off (the corpus is gitignored)")
    parser.add_argument("--default-gc", action="store_true", help="keep Python's default GC thresholds (the CLI raises them)")
    parser.add_argument("--cpu", action="store_true",
                        help="time with this process's CPU clock instead of the wall clock (for a busy machine)")
    args = parser.parse_args(argv)
    if args.cpu:
        global clock
        clock = time.process_time
    if not args.default_gc:
        import gc

        gc.set_threshold(200_000, 30, 30)  # as yamlkit.cli.main does

    t0 = clock()
    import yamlkit.discovery as discovery
    import yamlkit.engine as engine_mod
    import yamlkit.parse as parse_mod
    from yamlkit.config import resolve_settings
    from yamlkit.report import RenderOptions, render
    TIMES["import"] = clock() - t0

    settings = resolve_settings({}, start_dir=args.paths[0])
    settings.respect_gitignore = args.respect_gitignore

    # build time is inside compose: timed separately and subtracted below
    parse_mod._build = timed("build", parse_mod._build)
    if hasattr(parse_mod, "iter_parse"):  # parse() delegates to it: timing both would count twice
        parse_mod.iter_parse = timed_gen("compose", parse_mod.iter_parse)
    else:
        parse_mod.parse = timed("compose", parse_mod.parse)
    discovery.read_source = timed("read", discovery.read_source)

    t0 = clock()
    engine = engine_mod.Engine(settings)
    TIMES["engine setup (load rules)"] = clock() - t0
    for scope, metas in engine._by_scope.items():
        engine._by_scope[scope] = [timed_rule(m) for m in metas]
    engine._steps = {scope: [engine._step(m) for m in metas] for scope, metas in engine._by_scope.items()}
    engine._kind_rules.clear()

    t0 = clock()
    files = list(discovery.expand_paths(args.paths, settings))
    TIMES["discover"] = clock() - t0
    sources = {}

    def items():
        for path in files:
            src = discovery.read_source(path, settings)
            if getattr(src, "text", None) is not None:
                sources[src.name] = src
            yield src

    original_engine = engine_mod.Engine
    engine_mod.Engine = lambda _settings=None: engine  # check_sources builds its own Engine
    profiler = cProfile.Profile() if args.cprofile else None
    t0 = clock()
    if profiler:
        profiler.enable()
    report = engine_mod.check_sources(items(), settings)
    TIMES["check (total)"] = clock() - t0
    t0 = clock()
    text = render(report, sources, args.format, RenderOptions(statistics=False, quiet=True, show_summary=False))
    TIMES["render"] = clock() - t0
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.cprofile)
    engine_mod.Engine = original_engine

    rule_total = {s: sum(v for k, v in TIMES.items() if k.startswith("rule ") and k.endswith(f"({s})"))
                  for s in ("text", "document", "resource", "run")}
    compose = TIMES["compose"] - TIMES["build"]
    accounted = TIMES["read"] + TIMES["compose"] + sum(rule_total.values())
    engine_rest = TIMES["check (total)"] - accounted
    docs = report.summary.documents
    total = TIMES["import"] + TIMES["engine setup (load rules)"] + TIMES["discover"] + TIMES["check (total)"] + TIMES["render"]
    rows = [
        ("import yamlkit modules", TIMES["import"]),
        ("engine setup (load rules)", TIMES["engine setup (load rules)"]),
        ("discover (walk, .gitignore)", TIMES["discover"]),
        ("read + decode", TIMES["read"]),
        ("compose (libyaml nodes + marks)", compose),
        ("build data (nodes -> values)", TIMES["build"]),
        ("TEXT rules", rule_total["text"]),
        ("DOCUMENT rules", rule_total["document"]),
        ("RESOURCE rules", rule_total["resource"]),
        ("RUN rules (cross-resource)", rule_total["run"]),
        ("engine (stamp, sort, suppressions, rest)", engine_rest),
        (f"render ({args.format}, {len(text) / 1e6:.1f} MB)", TIMES["render"]),
    ]
    print(f"{len(files)} files, {docs} documents, {len(report.findings)} findings; "
          f"{total:.2f} s in one process ({docs / TIMES['check (total)']:.0f} docs/s for the check itself)")
    print()
    print("| stage | seconds | share | µs/doc |")
    print("|---|---:|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {100 * seconds / total:.0f}% | {1e6 * seconds / max(docs, 1):.0f} |")
    print()
    rules = sorted(((k, v) for k, v in TIMES.items() if k.startswith("rule ")), key=lambda kv: -kv[1])
    print(f"Slowest rules (of {len(rules)}):")
    print()
    print("| rule | seconds | calls | µs/call |")
    print("|---|---:|---:|---:|")
    for key, seconds in rules[: args.top]:
        print(f"| {key[5:]} | {seconds:.3f} | {CALLS[key]} | {1e6 * seconds / max(CALLS[key], 1):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
