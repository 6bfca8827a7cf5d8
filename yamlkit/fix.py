"""``yamlkit fix`` as a library: see :mod:`yamlkit.fixes` (this module re-exports it)."""

from __future__ import annotations

from .fixes import Applied, Candidate, Fixer, Outcome, fix_text, write_atomic

__all__ = ["Applied", "Candidate", "Fixer", "Outcome", "fix_text", "write_atomic"]
