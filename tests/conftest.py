"""Shared test helpers.

``SHARED`` is the read-only ``../shared`` folder beside the clone (corpora, docs). Tests that
need it use the ``shared_dir`` fixture and are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (the team's corpus) is not beside this clone")
    return SHARED


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The schema cache goes to a temporary folder: the suite never writes to the user's home
    (subprocesses inherit the variable)."""
    import os

    if "YAMLKIT_CACHE_DIR" not in os.environ:
        os.environ["YAMLKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("yamlkit-cache"))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """yamlkit is offline: any attempt to open a network connection fails the test."""

    def guard(*args: object, **kwargs: object) -> None:
        raise AssertionError("yamlkit tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", guard)


@pytest.fixture(autouse=True)
def _verify_rule_guards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every resource checked in the suite also runs the rules the engine skipped by their
    ``when_keys``, and fails the test if one of them would have reported something."""
    from tests import guards

    guards.install(monkeypatch)


def run_check(text: str, **config: object) -> list:
    """Findings for YAML text, e.g. ``run_check(src, select=["Y1"])``."""
    import yamlkit

    return yamlkit.check(text, config=dict(config)).findings


def codes_at(findings: list) -> list[tuple[str, int, int]]:
    """(code, line, column) triples: what a user sees, independent of message wording."""
    return [(f.code, f.line, f.column) for f in findings]
