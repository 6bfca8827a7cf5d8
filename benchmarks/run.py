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
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for


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
    def cpu(self) -> float | None:
        if self.extrapolated_from is not None:
            src = self.extrapolated_from
            return src.cpu * self.docs / src.docs if src.cpu is not None else None
        return statistics.median(s.cpu for s in self.samples) if self.samples else None

    @property
    def rss_mb(self) -> float | None:
        if self.extrapolated_from is not None or not self.samples:
            return None
        return max(s.maxrss_kb for s in self.samples) / 1024

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall if self.wall > 0 else float("inf")


# Children run as installed tools do: with byte-code caching on (this sandbox sets
# PYTHONDONTWRITEBYTECODE, which would make every yamlkit start recompile its modules).
CHILD_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "YAMLKIT_FORMAT")}


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def measure(cmd: list[str], cwd: str | None = None, capture: bool = False, env: dict | None = None) -> Sample:
    """Run ``cmd`` in a fresh process: wall time, CPU time and peak RSS.

    CPU time comes from ``wait4``. The peak RSS comes from ``/usr/bin/time -f %M`` when present:
    ``ru_maxrss`` of a child forked from this (bigger) process starts at this process's RSS, so
    the small figures (start-up) would be this script's, not the tool's.
    """
    out = tempfile.TemporaryFile() if capture else subprocess.DEVNULL
    rss_file = None
    if TIME is not None:
        rss_file = tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False)
        cmd = [TIME, "-f", "%M", "-o", rss_file.name, *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, env=env or CHILD_ENV)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss
    if rss_file is not None:
        try:
            lines = [line for line in open(rss_file.name).read().split() if line.isdigit()]
            if lines:
                maxrss = int(lines[-1])
        finally:
            rss_file.close()
            os.unlink(rss_file.name)
    data = b""
    if capture:
        out.seek(0)
        data = out.read()
        out.close()
    return Sample(wall=wall, maxrss_kb=maxrss, returncode=proc.returncode, stdout=data,
                  cpu=usage.ru_utime + usage.ru_stime)


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


def _composer() -> str:
    """Which composer the measured yamlkit uses: its C one, or PyYAML's where that was not built."""
    import importlib.util

    built = importlib.util.find_spec("yamlkit._compose") is not None
    return "C composer (`yamlkit._compose`)" if built else "PyYAML's composer (`yamlkit._compose` not built)"


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
        if tool.startswith("yamlkit"):
            # The corpus is gitignored (benchmarks/corpus/): a config that turns respect-gitignore off.
            config = self.corpus_root / "bench-config.yaml"
            if not config.exists():
                config.parent.mkdir(parents=True, exist_ok=True)
                config.write_text("# written by benchmarks/run.py: check the gitignored corpus\nrespect-gitignore: false\n")
            cmd = [*self.yamlkit, "check", "--config", str(config), "--format", self.args.format, "."]
            if tool.startswith("yamlkit -j"):
                cmd[-1:-1] = ["--jobs", tool[len("yamlkit -j"):]]
            cmd[-1:-1] = self.args.yamlkit_arg or []
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
                sample = measure(cmd, cwd, capture=(result.tool.startswith("yamlkit") and r == 0))
                result.samples.append(sample)
                self.log(f"round {r + 1}/{rounds} {result.tool:20s} {result.corpus:12s} {sample.wall:7.2f} s {sample.cpu:7.2f} cpu "
                         f"{sample.maxrss_kb / 1024:6.0f} MB rc={sample.returncode}")
                if sample.returncode not in (0, 1):
                    result.note = f"exit {sample.returncode}"
                if result.tool.startswith("yamlkit") and sample.stdout and self.args.format == "json":
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
        self.say(f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {_load()} at start; "
                 f"yamlkit `check --format {args.format}{''.join(' ' + a for a in args.yamlkit_arg or [])}` "
                 f"with {'default rules' if not args.yamlkit_arg else 'the rules these options leave'} ({self.variants_text()}); "
                 f"{_composer()}; median of {args.rounds} round(s), tools interleaved. docs/s is wall-clock throughput; "
                 "CPU s is user+system time of the process tree, the figure to trust on a busy machine.")
        self.say()

        jobs = []
        variants = self.variants()
        for label, root, n in corpora:
            for tool in peers:
                if tool == "check-jsonschema":
                    continue
                if tool == "yamlkit":
                    jobs.extend((v, label, root, n) for v in variants)
                    continue
                if n > peer_max.get(tool, n):
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
        self.targets(results)
        self.say(f"Load average at the end: {_load()}.")
        if args.output:
            Path(args.output).write_text("\n".join(self.lines) + "\n")
        return 0

    def variants(self) -> list[str]:
        """yamlkit as measured: "yamlkit" (its default --jobs) and/or "yamlkit -jN"."""
        out = []
        for item in (self.args.jobs or "default").split(","):
            item = item.strip()
            if item:
                out.append("yamlkit" if item == "default" else f"yamlkit -j{int(item)}")
        return out or ["yamlkit"]

    def variants_text(self) -> str:
        return ", ".join("default --jobs (one per CPU)" if v == "yamlkit" else f"--jobs {v[len('yamlkit -j'):]}"
                         for v in self.variants())

    HEADER = ("| corpus | tool | docs | wall (s) | docs/s | CPU s | docs/CPU-s | peak RSS (MB) | yamlkit ÷ tool (docs/s) | note |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---|")

    def row(self, r: Result, mine: Result | None) -> str:
        ratio = "" if (mine is None or r is mine or r.tool.startswith("yamlkit")) else f"{mine.docs_per_s / r.docs_per_s:.1f}×"
        rss = f"{r.rss_mb:.0f}" if r.rss_mb is not None else "—"
        cpu = f"{r.cpu:.2f}" if r.cpu else "—"
        per_cpu = f"{r.docs / r.cpu:,.0f}" if r.cpu else "—"
        return (f"| {r.corpus} | {r.tool} | {r.docs:,} | {r.wall:.2f} | {r.docs_per_s:,.0f} | {cpu} | {per_cpu} | {rss} | "
                f"{ratio} | {r.note} |")

    def best_yamlkit(self, results: list[Result], label: str) -> Result | None:
        ours = [r for r in results if r.tool.startswith("yamlkit") and r.corpus == label]
        return max(ours, key=lambda r: r.docs_per_s) if ours else None

    def table(self, results: list[Result], corpora: list[tuple[str, Path, int]]) -> None:
        self.say("Ratios compare the fastest yamlkit variant with each peer.")
        self.say()
        for line in self.HEADER:
            self.say(line)
        for label, _root, n in corpora:
            mine = self.best_yamlkit(results, label)
            for r in [x for x in results if x.corpus == label]:
                self.say(self.row(r, mine))
            if mine is not None:
                self.say(f"| {label} | kubeconform (published, Go, 2 workers) | — | — | {KUBECONFORM_DOCS_PER_S:,.0f} | — | — | — | "
                         f"{mine.docs_per_s / KUBECONFORM_DOCS_PER_S:.2f}× | published figure, not measured |")
        self.say()
        for variant in self.variants():
            ours = sorted((r for r in results if r.tool == variant), key=lambda r: r.docs)
            if len(ours) > 1:
                base = ours[0]
                curve = ", ".join(
                    f"{r.corpus}: {r.docs_per_s:,.0f} docs/s, {r.docs / r.cpu:,.0f} docs/CPU-s"
                    f" ({(r.docs / r.cpu) / (base.docs / base.cpu):.2f})" for r in ours if r.cpu)
                self.say(f"Scaling of {variant} (relative docs/CPU-s in brackets; 1.00 = linear): {curve}")
                self.say()

    def jsonschema_section(self, limit: int) -> None:
        root = self.corpus_root / f"deploy-{generate.size_label(limit)}"
        if not (root / "index.json").exists():
            generate.deployments_only(limit, root, seed=self.args.seed)
        variant = self.variants()[0]
        results = self.run_set([(variant, root.name, root, limit), ("check-jsonschema", root.name, root, limit)],
                               self.args.rounds)
        if len(results) < 2:
            return
        self.say(f"check-jsonschema takes one schema, so it runs on {limit:,} single-document Deployment files "
                 "with kubernetes_validate's bundled Deployment schema (v1.37.0, strict, `$defs` inlined); yamlkit on the same files:")
        self.say()
        for line in self.HEADER:
            self.say(line)
        for r in results:
            self.say(self.row(r, results[0]))
        self.say()

    def realworld_section(self, peers: list[str]) -> None:
        docs = count_documents(REALWORLD)
        files = yaml_files(REALWORLD)
        wanted = []
        for p in peers:
            if p == "yamlkit":
                wanted.extend(self.variants())
            elif p in ("yamllint", "kubernetes-validate"):
                wanted.append(p)
        results = self.run_set([(p, "realworld", REALWORLD, docs) for p in wanted], self.args.rounds)
        self.say(f"Real-world corpus (`../shared/corpus/realworld`, {len(files)} files, {docs:,} non-empty documents):")
        self.say()
        for line in self.HEADER:
            self.say(line)
        mine = self.best_yamlkit(results, "realworld")
        for r in results:
            self.say(self.row(r, mine))
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
            rows.append((label, statistics.median(walls), walls[max(0, int(len(walls) * 0.9) - 1)],
                         statistics.median(s.cpu * 1000 for s in samples), max(s.maxrss_kb for s in samples) / 1024))
        self.say(f"Start-up (from process start to exit, {n} runs; target for one file < {STARTUP_TARGET_MS:.0f} ms):")
        self.say()
        self.say("| command | median wall (ms) | p90 wall (ms) | median CPU (ms) | peak RSS (MB) |")
        self.say("|---|---:|---:|---:|---:|")
        for label, median, p90, cpu, rss in rows:
            self.say(f"| {label} | {median:.0f} | {p90:.0f} | {cpu:.0f} | {rss:.0f} |")
        self.say()
        self.startup_ms = (rows[1][1], rows[1][3])

    def targets(self, results: list[Result]) -> None:
        ours = [r for r in results if r.tool.startswith("yamlkit")]
        if not ours:
            return
        top = max(r.docs for r in ours)
        big = max((r for r in ours if r.docs == top), key=lambda r: r.docs_per_s)
        lines = [f"{big.tool} on {big.corpus}: {big.docs_per_s:,.0f} docs/s "
                 f"({big.docs_per_s / KUBECONFORM_DOCS_PER_S:.2f}× kubeconform's published 5,000; target ≥ 1×)"]
        for tool, target in (("kubernetes-validate", 50.0), ("yamllint", 1.0)):
            peer = next((r for r in results if r.tool == tool and r.corpus == big.corpus), None)
            if peer is not None:
                ratio = big.docs_per_s / peer.docs_per_s
                lines.append(f"vs {tool} on {big.corpus}: {ratio:.1f}× (target ≥ {target:g}×){' — ' + peer.note if peer.note else ''}")
        rss = max((r.rss_mb for r in ours if r.docs == top and r.rss_mb is not None), default=None)
        if rss is not None:
            lines.append(f"peak RSS on {big.corpus}: {rss:.0f} MB (largest single process; target < 300 MB on 100k)")
        if getattr(self, "startup_ms", None) is not None:
            wall, cpu = self.startup_ms
            lines.append(f"one small file: {wall:.0f} ms wall, {cpu:.0f} ms CPU (target < {STARTUP_TARGET_MS:.0f} ms)")
        self.say("Targets: " + "; ".join(lines) + ".")
        self.say()


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


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
    parser.add_argument("--jobs", default="default",
                        help="yamlkit variants to measure, comma-separated: 'default' (no --jobs flag: one worker per CPU) "
                        "and/or numbers, e.g. 'default,1'")
    parser.add_argument("--yamlkit-arg", action="append", metavar="ARG",
                        help="extra argument for `yamlkit check` (repeat: --yamlkit-arg=--ignore --yamlkit-arg=K3)")
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
