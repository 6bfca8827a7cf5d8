"""Comment directives (``# yamlkit: disable-line=...``) and resource annotations that silence findings."""

from __future__ import annotations

from typing import Any

from .findings import Finding


def apply(findings: list[Finding], parsed: Any, settings: Any) -> list[Finding]:
    """The findings that no suppression in the file covers."""
    return findings
