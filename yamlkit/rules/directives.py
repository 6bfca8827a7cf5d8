"""Y090: suppression comments and annotations that silence nothing (see :mod:`yamlkit.suppressions`)."""

from __future__ import annotations

from ..findings import Severity
from .base import Fixability, emitted

UNUSED_SUPPRESSION = emitted(
    "Y090",
    "unused-suppression",
    """
    A `# yamlkit: disable...` comment or `yamlkit.io/ignore` annotation silences nothing.

    ## What it does
    Reports suppression comments (`disable-line`, `disable-next-line`, `disable`/`enable`,
    `disable-file`) and `yamlkit.io/ignore` annotations that matched no finding, name a rule that
    does not exist, or name a rule that is not enabled. Off by default: turn it on with
    `--report-unused-suppressions`, `report-unused-suppressions: true` or `extend-select: [Y090]`.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line, and readers believe a
    problem is there when it was fixed long ago (ruff's RUF100).

    ## Example
    ```yaml
    metadata:
      name: web  # yamlkit: disable-line=Y005
    ```

    Use instead:
    ```yaml
    metadata:
      name: web
    ```

    ## Fix safety
    The fix deletes the comment (or the whole line when the comment stands alone); it is
    offered only when every rule the comment names is unused.
    """,
    severity=Severity.WARNING,
    default=False,
    fixable=Fixability.SOMETIMES,
)
