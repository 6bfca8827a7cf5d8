"""Y1xx/Y2xx: YAML style rules with yamllint parity.

Every rule is a TEXT-scope check over the whole file: the raw lines (what each distinct line is,
remembered across files, and the block layout read from them: see :mod:`._lines` and
:mod:`._layout`), and the tokens of one shared scan, made only for a file that needs it (see
:mod:`._scan`). Importing this package registers them all; see ``docs/style-rules.md`` for each
rule's yamllint counterpart and the deliberate differences.

``key-duplicates`` has no rule here: the parser reports duplicate keys as ``Y005 duplicate-key``,
which is its equivalent (and an error, since the manifest is then ambiguous).
"""

from __future__ import annotations

from . import comments, documents, indentation, lines, spacing, structure, values  # noqa: F401

__all__ = ["comments", "documents", "indentation", "lines", "spacing", "structure", "values"]
