"""Smoke test of the benchmark harness: `benchmarks/run.py --quick` on a tiny corpus.

It checks that the harness runs end to end and prints its Markdown table with a docs/second
figure; it asserts nothing about speed (CI machines vary too much). The real numbers live in
docs/performance.md.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "benchmarks" / "run.py"


@pytest.mark.skipif(not RUN.exists(), reason="benchmarks/run.py is not in this checkout")
def test_quick_benchmark_prints_a_table(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "YAMLKIT_FORMAT"}
    proc = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--sizes", "200", "--startup-runs", "1", "--module",
         "--corpus", str(tmp_path / "corpus"), "--quiet"],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "| corpus | tool | docs | wall (s) | docs/s |" in out
    row = re.search(r"^\| 200 \| yamlkit \| 200 \| ([0-9.]+) \| ([0-9,]+) \|", out, re.M)
    assert row, out
    assert float(row.group(1)) > 0 and int(row.group(2).replace(",", "")) > 0
    # yamlkit really checked the 200 documents (the corpus carries a few deliberate mistakes)
    assert "checked" not in row.string[row.start():row.string.find("\n", row.start())]
    assert "errors" in out
    assert "Start-up" in out and "kubeconform" in out


def test_generator_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    a = generate.generate(50, tmp_path / "a", seed=3)
    b = generate.generate(50, tmp_path / "b", seed=3)
    assert a == b and a["documents"] == 50
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert all((tmp_path / "a" / f).read_text() == (tmp_path / "b" / f).read_text() for f in files_a)
    single = generate.generate(20, tmp_path / "single", seed=3, single_file=True)
    assert single["files"] == 1
    assert (tmp_path / "single" / "all.yaml").read_text().count("\n---\n") == 19


def _yamlkit(args: list[str], env: dict[str, str] | None = None, via_typer: bool = False) -> subprocess.CompletedProcess:
    """Run the CLI as the console script does (fast paths included), or forced through typer."""
    code = (f"import sys; sys.argv = ['yamlkit', *{args!r}]; "
            + ("from yamlkit.cli import _load_app; _load_app()()" if via_typer else "from yamlkit.cli import main; main()"))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO,
                          env={**{k: v for k, v in os.environ.items() if k != "YAMLKIT_FORMAT"}, **(env or {})})


def test_startup_fast_paths_match_typer(tmp_path: Path) -> None:
    """`yamlkit --version` and a plain `yamlkit check PATH...` skip typer: same output, same exit code."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n"
                   "    image: nginx:1.25\n    ports:\n    - containerPort: 70000\n")
    good = tmp_path / "good.yaml"
    good.write_text("a: 1\n")
    for args in (["--version"], ["check", str(bad)], ["check", str(good), str(bad)], ["check", str(tmp_path / "missing.yaml")]):
        fast, slow = _yamlkit(args), _yamlkit(args, via_typer=True)
        assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr), args
    assert _yamlkit(["check", str(bad)]).returncode == 1
    # an environment variable an option reads sends the run through typer, which honours it
    as_json = _yamlkit(["check", str(bad)], env={"YAMLKIT_FORMAT": "json"})
    assert as_json.returncode == 1 and as_json.stdout.lstrip().startswith("{"), as_json.stderr
