"""``--jobs N``: worker processes give byte-identical output to ``--jobs 1``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from yamlkit import parallel
from yamlkit.cli import app
from yamlkit.findings import Severity
from yamlkit.rules.base import REGISTRY, _BY_NAME, Scope, Violation, rule

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: web-{i}
  template:
    metadata:
      labels:
        app: web-{i}
    spec:
      containers:
        - name: web
          image: nginx:{tag}
          ports:
            - containerPort: 8080
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web-{i}
spec:
  selector:
    app: web-{target}
  ports:
    - port: 80
      targetPort: 8080
"""

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: shared-{n}
data:
  enabled: {value}
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """60 files in nested folders: clean and broken ones, cross-file references, duplicate names."""
    for i in range(60):
        folder = tmp_path / f"team-{i % 4}" / ("sub" if i % 3 else "")
        folder.mkdir(parents=True, exist_ok=True)
        if i % 3 == 0:
            text = DEPLOYMENT.format(i=i, replicas='"2"' if i % 9 == 0 else 2, tag="latest" if i % 2 else "1.27")
        elif i % 3 == 1:
            text = SERVICE.format(i=i, target=i - 1 if i % 4 else 999)  # some select nothing
        else:
            text = CONFIGMAP.format(n=i % 5, value="yes" if i % 4 else '"true"')  # duplicate names
        if i == 7:
            text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabbed\n"
        if i == 11:
            text += "---\n{unclosed: [\n"
        (folder / f"m{i:02}.yaml").write_text(text)
    return tmp_path


@pytest.fixture
def cross_file_rule():
    """A RUN-scope rule for the test: the same ConfigMap name in two places (needs all files)."""
    code, name = "X990", "test-duplicate-configmap"

    @rule(code, name, severity=Severity.WARNING, scope=Scope.RUN, category="test")
    def check(ctx, resources):
        """A ConfigMap name is used twice (test rule)."""
        seen: dict[str, str] = {}
        for res in resources:
            if res.kind != "ConfigMap":
                continue
            if res.name in seen:
                yield Violation(f"ConfigMap {res.name!r} is also defined at {seen[res.name]}",
                                path=("metadata", "name"), resource=res)
            else:
                seen[res.name] = res.where(("metadata", "name"))

    yield code
    REGISTRY.pop(code, None)
    _BY_NAME.pop(name, None)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", *args])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("fmt", ["concise", "json", "json-lines", "sarif", "concise --color always"])
def test_jobs_output_is_byte_identical(tree, cross_file_rule, fmt, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "fallbacks", 0)
    one = run("--jobs", "1", "--format", *fmt.split(), str(tree))
    two = run("--jobs", "2", "--format", *fmt.split(), str(tree))
    assert parallel.fallbacks == 0  # the workers did the work; nothing was redone in-process
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
    if fmt == "concise":
        assert f": {cross_file_rule} [warning] ConfigMap 'shared-" in one[1]  # the RUN rule saw every file
        assert ": Y001 [error] " in one[1]


def test_jobs_uses_processes_only_for_many_files(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "default_jobs", lambda: 8)
    assert parallel.effective_jobs(None, 10) == 1  # too few files to pay for processes
    assert parallel.effective_jobs(None, 32) == 8
    assert parallel.effective_jobs(0, 100) == 8  # 0 means one per CPU
    assert parallel.effective_jobs(1, 1000) == 1
    assert parallel.effective_jobs(4, 3) == 1
    assert parallel.effective_jobs(64, 40) == 40


def test_a_failing_worker_falls_back_to_in_process(tree, monkeypatch) -> None:
    expected = run("--jobs", "1", "--format", "json", str(tree))

    def broken(chunk):
        raise RuntimeError("worker died")

    monkeypatch.setattr(parallel, "_work", broken)  # inherited by the forked workers
    monkeypatch.setattr(parallel, "fallbacks", 0)
    assert run("--jobs", "2", "--format", "json", str(tree)) == expected
    assert parallel.fallbacks > 0


def test_a_killed_worker_does_not_hang_or_change_the_output(tree, monkeypatch) -> None:
    expected = run("--jobs", "1", "--format", "json", str(tree))

    def killed(chunk):
        import os

        os._exit(9)  # as if the OS killed the worker

    monkeypatch.setattr(parallel, "_work", killed)
    assert run("--jobs", "2", "--format", "json", str(tree)) == expected


def test_jobs_with_stdin_among_paths(tree) -> None:
    paths = sorted(str(p) for p in tree.rglob("*.yaml"))
    runner = CliRunner()
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: from-stdin\n"
    one = runner.invoke(app, ["check", "--jobs", "1", *paths[:20], "-", *paths[20:]], input=text)
    two = runner.invoke(app, ["check", "--jobs", "2", *paths[:20], "-", *paths[20:]], input=text)
    assert one.stdout == two.stdout and "<stdin>:4:1: Y001" in one.stdout


def test_jobs_on_the_realworld_corpus(shared_dir, monkeypatch) -> None:
    corpus = shared_dir / "corpus" / "realworld"
    monkeypatch.setattr(parallel, "fallbacks", 0)
    one = run("--jobs", "1", "--format", "json", str(corpus))
    two = run("--jobs", "2", "--format", "json", str(corpus))
    assert parallel.fallbacks == 0
    assert one[0] == two[0]
    assert one[1] == two[1]


def test_chunks_keep_the_file_order_and_shrink_towards_the_end() -> None:
    files = [f"f{i}.yaml" for i in range(1000)]
    chunks = parallel._chunks(files, 2)
    assert [name for chunk in chunks for name in chunk] == files
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[0] == parallel.MAX_CHUNK and sizes == sorted(sizes, reverse=True) and sizes[-1] == 1


@pytest.mark.parametrize("fmt, color", [("json", False), ("json-lines", False), ("concise", False),
                                        ("concise", True)])
def test_workers_render_their_findings_as_the_parent_would(tree, fmt, color) -> None:
    from yamlkit.engine import FileResult
    from yamlkit.report import RenderOptions, finding_renderer
    from yamlkit.settings import Settings

    options = RenderOptions(color=color)
    _total, used, items = parallel.iter_results([str(tree)], Settings(), 2, render=(fmt, options))
    results = list(items)
    assert used == 2 and all(isinstance(result, FileResult) for result in results)
    render = finding_renderer(fmt, options)
    assert render is not None
    assert sum(len(result.texts or ()) for result in results) > 20
    for result in results:
        assert result.texts == [render(finding) for finding in result.findings]


def test_findings_cross_the_process_boundary_unchanged() -> None:
    import pickle

    from yamlkit.findings import Edit, Finding, Fix

    finding = Finding("K303", "overlapping-selectors", Severity.WARNING, "a.yaml", 3, 5, "message", end_line=3,
                      end_column=9, hint="hint", path="spec.selector", document=1, resource="Deployment/web",
                      fix=Fix("title", (Edit(0, 1, "x"),), safe=False), related=("b.yaml:4",))
    copy = pickle.loads(pickle.dumps(finding))
    assert copy == finding and copy.severity is Severity.WARNING
