"""The pre-commit hooks, for real: this repository as the hook source of a throw-away git repo.

The hook repository is a git snapshot of this working tree (the package and its metadata, as
``git ls-files`` sees them), so the test exercises the ``.pre-commit-hooks.yaml`` being
committed, not the last release; pre-commit clones it and builds the hook's virtualenv with
``pip install`` (``language: python``).

That virtualenv holds yamlkit's dependencies (kubernetes-validate alone is ~110 MB) and takes
about a minute to build, so it is cached in ``.pytest_cache/yamlkit-hooks/<key>``, where the key
is a hash of ``pyproject.toml`` and ``.pre-commit-hooks.yaml``: pre-commit builds it the first
time (on CI: once per run), and on later runs the test only refreshes the ``yamlkit`` package
inside it from the working tree. When pip cannot install the dependencies (no package index)
the tests are skipped with pip's message. ``YAMLKIT_HOOK_TESTS=0`` skips them deliberately.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"

GOOD = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
"""
BAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n"  # a TAB: Y001, fixable


# -- the hook file itself (check-jsonschema style) -------------------------------------------
def hooks() -> dict[str, dict]:
    return {h["id"]: h for h in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}


def test_hook_file_declares_both_hooks() -> None:
    table = hooks()
    assert list(table) == ["yamlkit", "yamlkit-fix"]
    assert table["yamlkit"]["entry"] == "yamlkit check"
    assert table["yamlkit-fix"]["entry"] == "yamlkit fix"
    for hook in table.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["yaml"]
        assert hook["require_serial"] is True  # one process: cross-resource rules see every file
        assert hook["name"] and hook["description"]


def test_hook_entries_are_real_commands() -> None:
    from typer.testing import CliRunner

    from yamlkit.cli import app

    for hook in hooks().values():
        args = hook["entry"].split()[1:] + ["--help"]
        assert CliRunner().invoke(app, args).exit_code == 0, hook["entry"]


# -- pre-commit, for real ----------------------------------------------------------------------
def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


FIXED_DATE = "2026-01-01T00:00:00+0000"


def _snapshot(dest: Path) -> str:
    """This working tree's package as a one-commit git repository; returns the commit id."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if not src.is_file() or name.startswith(("tests/", "benchmarks/", "samples/", "docs/")):
            continue  # what `pip install` needs is the package and its metadata
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    subprocess.run(["git", "commit", "-q", "-m", "snapshot"], cwd=dest, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
                        "GIT_AUTHOR_DATE": FIXED_DATE, "GIT_COMMITTER_DATE": FIXED_DATE})
    return _git(dest, "rev-parse", "HEAD").stdout.strip()


def _cache_key() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def _refresh_package(home: Path) -> int:
    """Put this working tree's ``yamlkit`` package into the cached hook virtualenv(s)."""
    count = 0
    for site in home.glob("repo*/py_env-*/lib/python*/site-packages"):
        target = site / "yamlkit"
        if target.is_dir():
            shutil.rmtree(target)
            shutil.copytree(ROOT / "yamlkit", target, ignore=shutil.ignore_patterns("__pycache__"))
            count += 1
    return count


def _pre_commit(project: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "VIRTUAL_ENV"))}
    env["PRE_COMMIT_HOME"] = str(home)
    env["NO_COLOR"] = "1"
    return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def hook_project(tmp_path_factory: pytest.TempPathFactory):
    if os.environ.get("YAMLKIT_HOOK_TESTS") == "0":
        pytest.skip("YAMLKIT_HOOK_TESTS=0")
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    cache = ROOT / ".pytest_cache" / "yamlkit-hooks" / _cache_key()
    source, home = cache / "src", cache / "home"
    for stale in cache.parent.glob("*"):  # environments of older hook files or dependencies (~150 MB each)
        if stale != cache and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    if not (source / ".git").is_dir():
        building = cache / f"src.{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        _snapshot(building)
        try:
            building.rename(source)
        except OSError:  # another run made it first
            shutil.rmtree(building, ignore_errors=True)
    rev = _git(source, "rev-parse", "HEAD").stdout.strip()
    project = tmp_path_factory.mktemp("hooks") / "project"
    project.mkdir()
    _git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: yamlkit\n      - id: yamlkit-fix\n"
    )
    installed = _pre_commit(project, home, "install-hooks")
    if installed.returncode != 0:
        log = home / "pre-commit.log"
        detail = log.read_text(errors="replace")[-1500:] if log.exists() else installed.stdout + installed.stderr
        if "pip" in detail or "Could not" in detail or "network" in detail.lower():
            pytest.skip(f"pre-commit could not install the hook environment (pip):\n{detail}")
        raise AssertionError(f"pre-commit install-hooks failed:\n{installed.stdout}\n{installed.stderr}\n{detail}")
    assert _refresh_package(home) >= 1, "pre-commit's hook virtualenv was not found"
    return project, home


def test_check_hook_passes_a_good_manifest(hook_project) -> None:
    project, home = hook_project
    (project / "good.yaml").write_text(GOOD)
    _git(project, "add", "good.yaml")
    result = _pre_commit(project, home, "run", "yamlkit", "--files", "good.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "yamlkit" in result.stdout and "Passed" in result.stdout


def test_check_hook_fails_a_bad_manifest_with_line_and_column(hook_project) -> None:
    project, home = hook_project
    (project / "bad.yaml").write_text(BAD)
    _git(project, "add", "bad.yaml")
    result = _pre_commit(project, home, "run", "yamlkit", "--files", "good.yaml", "bad.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "bad.yaml:4:1: Y001 [error] a TAB character is used for indentation" in result.stdout
    assert "good.yaml:" not in result.stdout  # concise: only the findings, no summary line


def test_hooks_on_a_commit(hook_project) -> None:
    """`pre-commit install` + `git commit`: the bad file is refused, then fixed by yamlkit-fix."""
    project, home = hook_project
    env_home = home
    assert _pre_commit(project, env_home, "install").returncode == 0
    (project / "bad.yaml").write_text(BAD)
    _git(project, "add", "bad.yaml", "good.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(env_home), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    first = subprocess.run(["git", "commit", "-q", "-m", "add manifests"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=600)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "bad.yaml:4:1: Y001" in first.stdout + first.stderr
    assert "\t" not in (project / "bad.yaml").read_text()  # yamlkit-fix replaced the TAB
    _git(project, "add", "bad.yaml")
    second = subprocess.run(["git", "commit", "-q", "-m", "add manifests"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr


def test_check_hook_with_300_files(hook_project) -> None:
    project, home = hook_project
    many = project / "many"
    many.mkdir()
    for i in range(300):
        (many / f"m{i:03}.yaml").write_text(BAD if i in (0, 150, 299) else GOOD)
    _git(project, "add", "many")
    result = _pre_commit(project, home, "run", "yamlkit", "--files", *[f"many/m{i:03}.yaml" for i in range(300)])
    assert result.returncode == 1
    flagged = sorted({line.split(":", 1)[0] for line in result.stdout.splitlines() if ": Y001 " in line})
    assert flagged == ["many/m000.yaml", "many/m150.yaml", "many/m299.yaml"]
