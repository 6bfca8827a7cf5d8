#!/usr/bin/env python3
"""Benchmark yamlkit against its peers on the same generated corpus; prints a Markdown table.

    python benchmarks/run.py                      # 1k + 10k, 3 rounds, every peer installed
    python benchmarks/run.py --sizes 1k,10k,100k --rounds 5
    python benchmarks/run.py --peers yamlkit,yamllint --jobs 2
    python benchmarks/run.py --quick              # CI smoke: 1k, one round, yamlkit only

Each measurement is a fresh subprocess: wall time from ``fork`` to exit (median of the rounds,
runs of all tools interleaved round by round) and the peak RSS of the process (``ru_maxrss`` from
``wait4``; with ``--jobs`` it is the largest single process, not the sum over workers). Slow
peers run on the sizes up to ``--peer-max-docs`` and are extrapolated linearly above that
(marked "extrapolated"). kubeconform (Go) is not installed here: its published figure, about
5,000 small documents per second with 2 workers on a 2-core machine, is shown as the bar.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

REPO = HERE.parent
REALWORLD = REPO.parent / "shared" / "corpus" / "realworld"
KUBECONFORM_DOCS_PER_S = 5000.0  # published: ~5,000 small documents/s, 2 workers, 2 cores
ALL_PEERS = ("yamlkit", "kubernetes-validate", "yamllint", "check-jsonschema")
DEFAULT_PEER_MAX = {"kubernetes-validate": 1000, "yamllint": 10_000, "check-jsonschema": 1000}
STARTUP_TARGET_MS = 150.0


def _bin(name: str) -> str | None:
    """A console script next to this interpreter (the venv), else on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


@dataclass
class Sample:
    wall: float
    maxrss_kb: int
    returncode: int
    stdout: bytes = b""


@dataclass
class Result:
    tool: str
    corpus: str
    docs: int
    samples: list[Sample] = field(default_factory=list)
    note: str = ""
    extrapolated_from: "Result | None" = None

    @property
    def wall(self) -> float:
        if self.extrapolated_from is not None:
            src = self.extrapolated_from
            return src.wall * self.docs / src.docs
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss_mb(self) -> float | None:
        if self.extrapolated_from is not None or not self.samples:
            return None
        return max(s.maxrss_kb for s in self.samples) / 1024

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall if self.wall > 0 else float("inf")


def measure(cmd: list[str], cwd: str | None = None, capture: bool = False, env: dict | None = None) -> Sample:
    """Run ``cmd`` in a fresh process: wall time and the child's own peak RSS (wait4)."""
    out = tempfile.TemporaryFile() if capture else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    data = b""
    if capture:
        out.seek(0)
        data = out.read()
        out.close()
    return Sample(wall=wall, maxrss_kb=usage.ru_maxrss, returncode=proc.returncode, stdout=data)


def yaml_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def count_documents(root: Path) -> int:
    """Documents in a corpus: from the generator's index, else by asking yamlkit's parser."""
    index = root / "index.json"
    if index.exists():
        return int(json.loads(index.read_text())["documents"])
    sys.path.insert(0, str(REPO))
    from yamlkit.discovery import iter_sources
    from yamlkit.parse import parse
    from yamlkit.source import SourceFile

    total = 0
    for source in iter_sources([str(root)]):
        if isinstance(source, SourceFile):
            total += sum(1 for d in parse(source).documents if not d.is_empty)
    return total


def self_contained_schema(out: Path, version: str = "v1.37.0-local-strict", name: str = "deployment-apps-v1.json") -> Path | None:
    """kubernetes_validate's bundled schema for one kind, with its $defs inlined (for --schemafile)."""
    if out.exists():
        return out
    try:
        import kubernetes_validate
    except ImportError:
        return None
    base = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema" / version
    if not (base / name).exists():
        return None
    schema = json.loads((base / name).read_text())
    definitions = json.loads((base / "_definitions.json").read_text())
    text = json.dumps({**schema, "$defs": definitions.get("$defs", definitions.get("definitions", {}))})
    text = text.replace('"/api/_definitions.json#/$defs/', '"#/$defs/').replace('"_definitions.json#/$defs/', '"#/$defs/')
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    return out


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.corpus_root = Path(args.corpus)
        self.yamlkit = [sys.executable, "-m", "yamlkit"] if args.module else [_bin("yamlkit") or "yamlkit"]
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def log(self, text: str) -> None:
        if not self.args.quiet:
            print(f"  .. {text}", file=sys.stderr, flush=True)

    # -- commands -----------------------------------------------------------------------------
    def command(self, tool: str, root: Path, files: list[str] | None = None) -> tuple[list[str], str] | None:
        if tool == "yamlkit":
            cmd = [*self.yamlkit, "check", "--format", self.args.format, "."]
            if self.args.jobs:
                cmd[-1:-1] = ["--jobs", str(self.args.jobs)]
            return cmd, str(root)
        if tool == "kubernetes-validate":
            exe = _bin("kubernetes-validate")
            return ([exe, "--strict", "--quiet", *(files or yaml_files(root))], str(root)) if exe else None
        if tool == "yamllint":
            exe = _bin("yamllint")
            return ([exe, "-f", "parsable", "-d", "default", "."], str(root)) if exe else None
        if tool == "check-jsonschema":
            exe = _bin("check-jsonschema")
            schema = self_contained_schema(self.corpus_root / "schemas" / "deployment-apps-v1.json")
            if not exe or schema is None:
                return None
            return [exe, "--schemafile", str(schema), *(files or yaml_files(root))], str(root)
        raise ValueError(tool)

    def run_set(self, jobs: list[tuple[str, str, Path, int]], rounds: int) -> list[Result]:
        """Run every (tool, label, corpus, docs) ``rounds`` times, interleaved; warm-up once each."""
        results: list[Result] = []
        prepared = []
        for tool, label, root, docs in jobs:
            files = yaml_files(root) if tool in ("kubernetes-validate", "check-jsonschema") else None
            cmd = self.command(tool, root, files)
            if cmd is None:
                self.log(f"{tool}: not installed, skipped")
                continue
            result = Result(tool, label, docs)
            results.append(result)
            prepared.append((result, cmd))
            if not self.args.no_warmup:
                measure(*cmd)  # page cache and .pyc warm
        for r in range(rounds):
            for result, (cmd, cwd) in prepared:
                sample = measure(cmd, cwd, capture=(result.tool == "yamlkit" and r == 0))
                result.samples.append(sample)
                self.log(f"round {r + 1}/{rounds} {result.tool:20s} {result.corpus:12s} {sample.wall:7.2f} s "
                         f"{sample.maxrss_kb / 1024:6.0f} MB rc={sample.returncode}")
                if sample.returncode not in (0, 1):
                    result.note = f"exit {sample.returncode}"
                if result.tool == "yamlkit" and sample.stdout and self.args.format == "json":
                    result.note = _yamlkit_note(sample.stdout, result.docs) or result.note
        return results

    # -- the whole benchmark ----------------------------------------------------------------------
    def run(self) -> int:
        args = self.args
        sizes = [generate.parse_size(s) for s in args.sizes.split(",") if s.strip()]
        peers = [p.strip() for p in args.peers.split(",") if p.strip()]
        for p in peers:
            if p not in ALL_PEERS:
                raise SystemExit(f"unknown peer {p!r}; choose from {', '.join(ALL_PEERS)}")
        peer_max = dict(DEFAULT_PEER_MAX)
        for item in args.peer_max_docs or []:
            name, _, value = item.partition("=")
            peer_max[name] = generate.parse_size(value)

        corpora: list[tuple[str, Path, int]] = []
        for n in sizes:
            label = generate.size_label(n)
            root = self.corpus_root / label
            index = root / "index.json"
            if not index.exists() or json.loads(index.read_text()).get("documents") != n:
                self.log(f"generating {label} ({n} documents) ...")
                generate.generate(n, root, seed=args.seed)
            corpora.append((label, root, n))
        if args.single_file:
            n = sizes[-1]
            label = generate.size_label(n) + "-single"
            root = self.corpus_root / label
            index = root / "index.json"
            if not index.exists() or json.loads(index.read_text()).get("documents") != n:
                generate.generate(n, root, seed=args.seed, single_file=True)
            corpora.append((label, root, n))

        self.say(f"## yamlkit benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
        self.say()
        self.say(f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
                 f"yamlkit `check --format {args.format}`{' --jobs ' + str(args.jobs) if args.jobs else ''}, default rules; "
                 f"median of {args.rounds} round(s), interleaved.")
        self.say()

        jobs = []
        for label, root, n in corpora:
            for tool in peers:
                if tool == "check-jsonschema":
                    continue
                if tool != "yamlkit" and n > peer_max.get(tool, n):
                    continue
                jobs.append((tool, label, root, n))
        results = self.run_set(jobs, args.rounds)

        # Extrapolate the slow peers above their size cap from their largest measured size.
        for label, root, n in corpora:
            for tool in peers:
                if tool in ("yamlkit", "check-jsonschema") or n <= peer_max.get(tool, n):
                    continue
                measured = [r for r in results if r.tool == tool and r.samples]
                if measured:
                    src = max(measured, key=lambda r: r.docs)
                    results.append(Result(tool, label, n, note=f"extrapolated from {src.corpus}", extrapolated_from=src))

        self.table(results, corpora)

        if "check-jsonschema" in peers:
            self.jsonschema_section(peer_max.get("check-jsonschema", 1000))
        if REALWORLD.is_dir() and not args.no_realworld:
            self.realworld_section(peers)
        if not args.no_startup:
            self.startup_section()
        self.targets(results, corpora)
        if args.output:
            Path(args.output).write_text("\n".join(self.lines) + "\n")
        return 0

    def table(self, results: list[Result], corpora: list[tuple[str, Path, int]]) -> None:
        self.say("| corpus | tool | docs | wall (s) | docs/s | peak RSS (MB) | yamlkit ÷ tool | note |")
        self.say("|---|---|---:|---:|---:|---:|---:|---|")
        for label, _root, n in corpora:
            mine = next((r for r in results if r.tool == "yamlkit" and r.corpus == label), None)
            for r in [x for x in results if x.corpus == label]:
                ratio = "" if (mine is None or r is mine) else f"{mine.docs_per_s / r.docs_per_s:.1f}×"
                rss = f"{r.rss_mb:.0f}" if r.rss_mb is not None else "—"
                self.say(f"| {label} | {r.tool} | {r.docs:,} | {r.wall:.2f} | {r.docs_per_s:,.0f} | {rss} | {ratio} | {r.note} |")
            if mine is not None:
                self.say(f"| {label} | kubeconform (published, Go, 2 workers) | — | — | {KUBECONFORM_DOCS_PER_S:,.0f} | — | "
                         f"{mine.docs_per_s / KUBECONFORM_DOCS_PER_S:.2f}× | published figure, not measured |")
        self.say()
        ours = sorted((r for r in results if r.tool == "yamlkit"), key=lambda r: r.docs)
        if len(ours) > 1:
            base = ours[0].docs_per_s
            curve = ", ".join(f"{r.corpus}: {r.docs_per_s:,.0f} docs/s ({r.docs_per_s / base:.2f})" for r in ours)
            self.say(f"Scaling (yamlkit docs/s, relative to the smallest): {curve}")
            self.say()

    def jsonschema_section(self, limit: int) -> None:
        root = self.corpus_root / f"deploy-{generate.size_label(limit)}"
        if not (root / "index.json").exists():
            generate.deployments_only(limit, root, seed=self.args.seed)
        results = self.run_set([("yamlkit", root.name, root, limit), ("check-jsonschema", root.name, root, limit)],
                               self.args.rounds)
        if len(results) < 2:
            return
        self.say(f"check-jsonschema takes one schema, so it runs on {limit:,} single-document Deployment files "
                 "with kubernetes_validate's bundled Deployment schema (v1.37.0, strict, `$defs` inlined); yamlkit on the same files:")
        self.say()
        self.say("| corpus | tool | docs | wall (s) | docs/s | peak RSS (MB) | yamlkit ÷ tool | note |")
        self.say("|---|---|---:|---:|---:|---:|---:|---|")
        mine = results[0]
        for r in results:
            ratio = "" if r is mine else f"{mine.docs_per_s / r.docs_per_s:.1f}×"
            self.say(f"| {r.corpus} | {r.tool} | {r.docs:,} | {r.wall:.2f} | {r.docs_per_s:,.0f} | {r.rss_mb:.0f} | {ratio} | {r.note} |")
        self.say()

    def realworld_section(self, peers: list[str]) -> None:
        docs = count_documents(REALWORLD)
        files = yaml_files(REALWORLD)
        wanted = [p for p in peers if p in ("yamlkit", "yamllint", "kubernetes-validate")]
        results = self.run_set([(p, "realworld", REALWORLD, docs) for p in wanted], self.args.rounds)
        self.say(f"Real-world corpus (`../shared/corpus/realworld`, {len(files)} files, {docs:,} non-empty documents):")
        self.say()
        self.say("| tool | wall (s) | docs/s | peak RSS (MB) | yamlkit ÷ tool | note |")
        self.say("|---|---:|---:|---:|---:|---|")
        mine = next((r for r in results if r.tool == "yamlkit"), None)
        for r in results:
            ratio = "" if (mine is None or r is mine) else f"{mine.docs_per_s / r.docs_per_s:.1f}×"
            self.say(f"| {r.tool} | {r.wall:.2f} | {r.docs_per_s:,.0f} | {r.rss_mb:.0f} | {ratio} | {r.note} |")
        self.say()

    def startup_section(self) -> None:
        one = self.corpus_root / "one.yaml"
        if not one.exists():
            one.parent.mkdir(parents=True, exist_ok=True)
            import random

            one.write_text(generate.deployment(random.Random(1), 1, None))
        n = self.args.startup_runs
        rows = []
        for label, cmd in (
            ("`yamlkit --version`", [*self.yamlkit, "--version"]),
            ("`yamlkit check one.yaml` (one Deployment)", [*self.yamlkit, "check", str(one)]),
            ("`python -c pass` (interpreter floor)", [sys.executable, "-c", "pass"]),
        ):
            measure(cmd)
            samples = [measure(cmd) for _ in range(n)]
            walls = sorted(s.wall * 1000 for s in samples)
            rows.append((label, statistics.median(walls), walls[int(len(walls) * 0.9) - 1] if len(walls) > 1 else walls[0],
                         max(s.maxrss_kb for s in samples) / 1024))
        self.say(f"Start-up (wall time from process start, {n} runs; target for one file < {STARTUP_TARGET_MS:.0f} ms):")
        self.say()
        self.say("| command | median (ms) | p90 (ms) | peak RSS (MB) |")
        self.say("|---|---:|---:|---:|")
        for label, median, p90, rss in rows:
            self.say(f"| {label} | {median:.0f} | {p90:.0f} | {rss:.0f} |")
        self.say()
        self.startup_ms = rows[1][1]

    def targets(self, results: list[Result], corpora: list[tuple[str, Path, int]]) -> None:
        ours = {r.corpus: r for r in results if r.tool == "yamlkit"}
        if not ours:
            return
        big = max(ours.values(), key=lambda r: r.docs)
        lines = [f"yamlkit on {big.corpus}: {big.docs_per_s:,.0f} docs/s "
                 f"({big.docs_per_s / KUBECONFORM_DOCS_PER_S:.2f}× kubeconform's published 5,000; target ≥ 1×)"]
        for tool, target in (("kubernetes-validate", 50.0), ("yamllint", 1.0)):
            peer = next((r for r in results if r.tool == tool and r.corpus == big.corpus), None)
            if peer is not None:
                ratio = big.docs_per_s / peer.docs_per_s
                lines.append(f"vs {tool} on {big.corpus}: {ratio:.1f}× (target ≥ {target:g}×){' — ' + peer.note if peer.note else ''}")
        if big.rss_mb is not None:
            lines.append(f"peak RSS on {big.corpus}: {big.rss_mb:.0f} MB (target < 300 MB on 100k)")
        if getattr(self, "startup_ms", None) is not None:
            lines.append(f"one small file: {self.startup_ms:.0f} ms (target < {STARTUP_TARGET_MS:.0f} ms)")
        self.say("Targets: " + "; ".join(lines) + ".")


def _yamlkit_note(stdout: bytes, docs: int) -> str:
    try:
        summary = json.loads(stdout).get("summary", {})
    except ValueError:
        return "output is not JSON"
    got = summary.get("documents")
    note = f"{summary.get('errors', 0)} errors, {summary.get('warnings', 0)} warnings"
    if got is not None and got != docs:
        note += f"; checked {got} documents, expected {docs}"
    return note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="yamlkit vs peers on a generated Kubernetes corpus (Markdown table).")
    parser.add_argument("--sizes", default="1k,10k", help="corpus sizes in documents (default 1k,10k; add 100k for the memory target)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per tool (median reported)")
    parser.add_argument("--peers", default=",".join(ALL_PEERS), help="comma-separated: " + ", ".join(ALL_PEERS))
    parser.add_argument("--peer-max-docs", action="append", metavar="TOOL=N",
                        help="largest corpus to run TOOL on (bigger ones are extrapolated); defaults: "
                        + ", ".join(f"{k}={v}" for k, v in DEFAULT_PEER_MAX.items()))
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N to yamlkit")
    parser.add_argument("--format", default="json", choices=("json", "text", "concise"), help="yamlkit output format")
    parser.add_argument("--corpus", default=str(generate.DEFAULT_OUT), help="corpus root (default benchmarks/corpus)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--single-file", action="store_true", help="also run on one big multi-document file of the largest size")
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--no-realworld", action="store_true")
    parser.add_argument("--no-warmup", action="store_true")
    parser.add_argument("--module", action="store_true", help="run `python -m yamlkit` instead of the console script")
    parser.add_argument("--output", help="also write the Markdown to this file")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 1k corpus, one round, yamlkit only, 5 start-up runs")
    args = parser.parse_args(argv)
    if args.quick:
        if "--sizes" not in " ".join(argv if argv is not None else sys.argv):
            args.sizes = "1k"
        args.rounds, args.peers, args.no_realworld, args.no_warmup = 1, "yamlkit", True, True
        args.startup_runs = min(args.startup_runs, 5)
    return Bench(args).run()


if __name__ == "__main__":
    sys.exit(main())
