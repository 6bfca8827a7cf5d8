"""The disk cache of values derived from the bundled schemas never changes a result.

A cached value must equal the value computed from the files, entries are used only while the
input files and the deriving code are unchanged, and any problem with the cache falls back to
computing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from typing import Iterator
from pathlib import Path

import pytest

from yamlkit.schema import bundled, cache
from yamlkit.schema.compiled import inline_refs

VERSION = "1.37"


def _forget() -> None:
    """Drop the in-process memos so that the next call goes to the disk cache."""
    for memo in (bundled.inlined_schema, bundled.served, bundled._definitions_read):
        memo.cache_clear()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("YAMLKIT_CACHE_DIR", str(folder))
    _forget()
    yield folder
    _forget()


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "schemas").glob("*.json")) if (folder / "schemas").is_dir() else []


def _kinds(strict: bool) -> list[tuple[str, str]]:
    """(apiVersion, kind) of every kind file of ``VERSION``."""
    out = []
    for name in sorted(os.listdir(bundled.directory(VERSION, strict))):
        if name.startswith("_"):
            continue
        with open(os.path.join(bundled.directory(VERSION, strict), name), encoding="utf-8") as fh:
            for gvk in json.load(fh).get("x-kubernetes-group-version-kind") or ():
                api = f"{gvk['group']}/{gvk['version']}" if gvk.get("group") else gvk["version"]
                out.append((api, gvk["kind"]))
    return out


def _computed(strict: bool, api: str, kind: str) -> dict | None:
    top = bundled.kind_schema(VERSION, strict, api, kind)
    return None if top is None else inline_refs(top, bundled.definitions(VERSION, strict))


def test_every_cached_schema_of_a_version_equals_the_computed_one(cache_dir: Path) -> None:
    kinds = _kinds(strict=True)
    assert len(kinds) > 100
    first = {key: bundled.inlined_schema(VERSION, True, *key) for key in kinds}  # computed and stored
    _forget()
    for key in kinds:
        expected = _computed(True, *key)
        assert first[key] == expected, key
        assert bundled.inlined_schema(VERSION, True, *key) == expected, key  # read back from disk
    assert len(_entries(cache_dir)) >= len({k for k, v in first.items() if v is not None})


def test_cached_served_kinds_equal_the_computed_ones(cache_dir: Path) -> None:
    computed = {kind: tuple(apis) for kind, apis in bundled._served_lists(VERSION).items()}
    assert bundled.served(VERSION) == computed
    _forget()
    assert bundled.served(VERSION) == computed  # from disk
    assert computed["Deployment"] == ("apps/v1",)


def test_non_strict_schemas_are_cached_apart(cache_dir: Path) -> None:
    strict = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    loose = bundled.inlined_schema(VERSION, False, "apps/v1", "Deployment")
    _forget()
    assert bundled.inlined_schema(VERSION, False, "apps/v1", "Deployment") == loose == _computed(False, "apps/v1", "Deployment")
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") == strict != loose


def test_kinds_a_version_does_not_serve_are_none(cache_dir: Path) -> None:
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "NoSuchKind") is None
    assert bundled.inlined_schema(VERSION, True, "v1", "Deployment") is None  # deployment-v1.json is not it
    assert _entries(cache_dir) == []


@pytest.fixture
def schema_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of VERSION's strict schema folder that a test may edit; its files are
    cached although they have just been written."""
    root = tmp_path / "kubernetes-json-schema"
    name = f"v{VERSION}.0-local-strict"
    shutil.copytree(bundled.directory(VERSION, True), root / name)
    monkeypatch.setattr(bundled, "root", lambda: str(root))
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    _forget()  # nothing parsed from the installed files may answer for the copy, nor the reverse
    yield root / name
    _forget()


def _edit_keeping_mtime(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``path`` and set its modification time back."""
    stat = os.stat(path)
    time.sleep(0.05)  # past the file system's timestamp granularity, as any later edit is
    path.write_text(path.read_text().replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_an_edited_definitions_file_is_never_answered_from_the_cache(cache_dir: Path, schema_copy: Path) -> None:
    before = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    assert len(_entries(cache_dir)) == 1
    assert before["$defs"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]["type"] != "string"
    defs_file = schema_copy / "_definitions.json"
    data = json.loads(defs_file.read_text())
    data["$defs"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]["type"] = "string"
    stat = os.stat(defs_file)
    defs_file.write_text(json.dumps(data))
    os.utime(defs_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old modification time
    _forget()
    after = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    assert after["$defs"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]["type"] == "string"
    assert after == _computed(True, "apps/v1", "Deployment")


def test_an_edit_of_the_same_size_and_modification_time_is_seen(cache_dir: Path, schema_copy: Path) -> None:
    before = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    kind_file = schema_copy / "deployment-apps-v1.json"
    size = os.stat(kind_file).st_size
    _edit_keeping_mtime(kind_file, '"kind": "Deployment"', '"kind": "Deploymenx"')  # its identity
    assert os.stat(kind_file).st_size == size
    _forget()
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") is None  # no longer its schema
    assert before is not None


def test_definitions_read_before_an_upgrade_are_not_filed_under_the_new_signature(
        cache_dir: Path, schema_copy: Path) -> None:
    """A long-running process keeps ``_definitions.json`` parsed; if the file changes meanwhile
    (a package upgrade), what it derives from the old parse must not be cached as the new file's."""
    bundled.definitions(VERSION, True)  # parsed, and kept in memory
    defs_file = schema_copy / "_definitions.json"
    data = json.loads(defs_file.read_text())
    data["$defs"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]["type"] = "string"
    time.sleep(0.05)
    defs_file.write_text(json.dumps(data))
    stale = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")  # from the old parse
    assert stale["$defs"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]["type"] != "string"
    assert _entries(cache_dir) == []  # not filed under the upgraded file's signature
    _forget()
    fresh = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    assert fresh["$defs"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]["type"] == "string"


def test_an_edited_kind_file_is_never_answered_from_the_cache(cache_dir: Path, schema_copy: Path) -> None:
    bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    kind_file = schema_copy / "deployment-apps-v1.json"
    data = json.loads(kind_file.read_text())
    data["required"] = ["spec"]
    kind_file.write_text(json.dumps(data))
    _forget()
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")["required"] == ["spec"]


def test_files_changed_a_moment_ago_are_not_cached(cache_dir: Path, schema_copy: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A second write in the same timestamp tick could leave such a file's signature unchanged."""
    monkeypatch.setattr(cache, "SETTLED_NS", 60 * 10**9)
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") == _computed(True, "apps/v1", "Deployment")
    assert _entries(cache_dir) == []


def test_changed_deriving_code_replaces_the_entry(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    (entry,) = _entries(cache_dir)
    entry.write_text(json.dumps({**json.loads(entry.read_text()), "value": {"stale": True}}))
    monkeypatch.setattr(cache, "code_signature", lambda: "another yamlkit")
    _forget()
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") == expected  # not the stale value
    assert _entries(cache_dir) == [entry]  # replaced, not added: the cache does not grow with upgrades
    assert "another yamlkit" in json.loads(entry.read_text())["key"]


def test_an_entry_for_other_files_is_not_used(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entry names are short checksums: the key stored in the entry decides, not the name."""
    expected = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    (entry,) = _entries(cache_dir)
    stored = json.loads(entry.read_text())
    entry.write_text(json.dumps({"key": stored["key"] + "x", "value": {"not": "it"}}))
    _forget()
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") == expected


def test_a_corrupt_entry_is_computed_again(cache_dir: Path) -> None:
    expected = bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment")
    (entry,) = _entries(cache_dir)
    entry.write_text('{"truncated": ')
    _forget()
    assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") == expected
    assert json.loads(entry.read_text())["value"] == expected  # and stored again


def test_an_empty_cache_dir_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YAMLKIT_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    _forget()
    try:
        assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") == _computed(True, "apps/v1", "Deployment")
    finally:
        _forget()
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_dir_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("YAMLKIT_CACHE_DIR", str(blocker / "cache"))
    _forget()
    try:
        assert bundled.inlined_schema(VERSION, True, "apps/v1", "Deployment") == _computed(True, "apps/v1", "Deployment")
    finally:
        _forget()


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YAMLKIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache.cache_dir() == os.path.join("/somewhere", "yamlkit")
