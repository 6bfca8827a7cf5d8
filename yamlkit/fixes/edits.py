"""Applying :class:`~yamlkit.findings.Edit` lists to text.

A fix is all-or-nothing: either every edit of it is applied or none. Fixes whose edits overlap an
already accepted fix wait for the next pass (the caller re-checks the new text and asks again).
"""

from __future__ import annotations

from typing import Iterable, Sequence, TypeVar

from ..findings import Edit

T = TypeVar("T")


def _overlaps(a: Edit, b: Edit) -> bool:
    # Two insertions at the same point conflict too: their order would be arbitrary.
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def select(candidates: Iterable[tuple[T, Sequence[Edit]]], length: int) -> list[tuple[T, Sequence[Edit]]]:
    """The candidates (in the given order of preference) whose edits overlap no earlier choice.

    Edits out of range or overlapping inside one fix make that fix unusable (skipped).
    """
    taken: list[Edit] = []
    chosen: list[tuple[T, Sequence[Edit]]] = []
    for item, edits in candidates:
        if not edits or not _valid(edits, length):
            continue
        if any(_overlaps(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
        chosen.append((item, edits))
    return chosen


def _valid(edits: Sequence[Edit], length: int) -> bool:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for e in ordered:
        if not (0 <= e.start <= e.end <= length):
            return False
    return all(not _overlaps(a, b) for a, b in zip(ordered, ordered[1:]))


def apply(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (offsets refer to the original text)."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at offset {e.start}")
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
