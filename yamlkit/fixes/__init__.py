"""``yamlkit fix``: safe automatic fixes that keep every comment and the data.

- :mod:`.runner`: the fix loop and the meaning guard (:class:`Fixer`, :func:`fix_text`).
- :mod:`.indent`: repairs that make a file parse (TAB indentation, a line one column off).
- :mod:`.text`: text fixes for rules that offer no fix of their own (trailing spaces ...).
- :mod:`.edits`: applying non-overlapping edits. :mod:`.guard`: data and comment snapshots.
- :mod:`.writer`: atomic, permission-keeping writes.
"""

from __future__ import annotations

from .model import Applied, Candidate, Outcome
from .runner import Fixer, fix_text
from .writer import write_atomic

__all__ = ["Applied", "Candidate", "Fixer", "Outcome", "fix_text", "write_atomic"]
