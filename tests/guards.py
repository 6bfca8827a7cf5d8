"""Checking the rules' ``when_keys`` promises (see :func:`yamlkit.rules.base.rule`).

A rule promises to report nothing when none of its ``when_keys`` appears in the document; the
engine then skips it. :func:`verify_skips` runs the skipped rules anyway and fails if one of
them reports something, i.e. if skipping it hid a finding from the user.
"""

from __future__ import annotations

from typing import Any

from yamlkit.engine import Engine


class BrokenPromise(AssertionError):
    """A rule reported something in a document without any of its ``when_keys``."""


def verify_skips(engine: Engine, resource: Any, doc: Any) -> None:
    for meta in engine.skipped_rules(resource, doc):
        engine.context.options = engine.settings.options_for(meta)
        found = list(meta.check(engine.context, resource) or ())
        if found:
            raise BrokenPromise(
                f"{meta.code} ({meta.name}) declares when_keys={sorted(meta.when_keys or ())} but reported "
                f"{found[0].message!r} in {doc.source.name} (document {doc.index}), which has none of them"
            )


def install(monkeypatch: Any) -> None:
    """Make every engine of the test session verify the rules it skips."""
    original = Engine._run_resource

    def run_and_verify(self: Engine, out: list, resource: Any, doc: Any, source: Any) -> None:
        original(self, out, resource, doc, source)
        verify_skips(self, resource, doc)

    monkeypatch.setattr(Engine, "_run_resource", run_and_verify)
