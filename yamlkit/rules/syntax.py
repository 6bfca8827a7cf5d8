"""Y0xx: input and syntax problems. The parser reports them; these entries document them."""

from __future__ import annotations

from ..findings import Severity
from .base import Fixability, emitted

emitted(
    "Y001",
    "tab-indentation",
    """
    A TAB character is used to indent a line.

    ## What it does
    Finds every line whose indentation contains a TAB, outside block scalars and quoted strings.

    ## Why is this bad?
    YAML forbids TABs for indentation. Parsers reject the file, usually naming only the first
    such line; editors show TABs with different widths, so the structure you see is not the one
    the parser sees.

    ## Example
    ```yaml
    spec:
    \tcontainers: []
    ```

    Use instead:
    ```yaml
    spec:
      containers: []
    ```
    """,
    fixable=Fixability.ALWAYS,
)
emitted(
    "Y002",
    "invalid-encoding",
    """
    The file is not valid UTF-8 (or UTF-16/32 with a byte-order mark).

    ## What it does
    Reports a file whose bytes are not UTF-8 text, naming the first bad byte and its place.


    ## Why is this bad?
    YAML is Unicode text; kubectl and the API server reject other encodings.

    Use instead: re-save the file as UTF-8.
    """,
)
emitted(
    "Y003",
    "binary-file",
    """
    The file contains NUL bytes: it is binary data, not YAML.

    ## What it does
    Reports a file that contains NUL bytes.


    ## Why is this bad?
    Often an image or archive renamed to `.yaml`, or a file in the wrong folder.
    """,
)
emitted(
    "Y004",
    "syntax-error",
    """
    The YAML parser rejected this part of the file.

    ## What it does
    Reports a YAML syntax error that no more specific code describes, in plain words.


    ## Why is this bad?
    Nothing after the error can be read reliably; kubectl refuses the whole file.
    The message explains the most likely cause in plain words.
    """,
)
emitted(
    "Y005",
    "duplicate-key",
    """
    The same key appears twice in one mapping.

    ## What it does
    Reports every key that appears a second time in one mapping, pointing at both places.


    ## Why is this bad?
    YAML 1.2 forbids it; kustomize and helm reject the file while some kubectl paths silently
    keep the last value, which is rarely what was meant.

    ## Example
    ```yaml
    metadata:
      name: web
      name: api
    ```

    Use instead:
    ```yaml
    metadata:
      name: api
    ```
    """,
)
emitted(
    "Y006",
    "misaligned-indentation",
    """
    A key or list item is indented differently from its siblings, or indented under a key that

    ## What it does
    Reports a line whose indentation matches none of the keys or items above it, naming the sibling it should align with.

    already has a value.

    ## Why is this bad?
    Indentation is structure in YAML: one space off moves a field to another parent or makes
    the file unparsable.

    ## Example
    ```yaml
    spec:
      containers:
        - name: web
          image: nginx
         ports: []
    ```

    Use instead:
    ```yaml
    spec:
      containers:
        - name: web
          image: nginx
          ports: []
    ```
    """,
    supersedes=("Y101",),
)
emitted(
    "Y007",
    "too-deeply-nested",
    """
    The document is nested deeper than `max-depth` (default 1000) levels.

    ## What it does
    Refuses documents nested deeper than `max-depth` before parsing them.


    ## Why is this bad?
    No real manifest is this deep; such input is usually generated or hostile. yamlkit refuses it
    instead of running out of stack.
    """,
)
emitted(
    "Y008",
    "alias-bomb",
    """
    Aliases (`*name`) would expand the document beyond `max-aliases` / the expansion limit

    ## What it does
    Refuses documents whose aliases would expand too far.

    ("billion laughs").

    ## Why is this bad?
    A few lines can expand to gigabytes; Kubernetes' own YAML library refuses such documents too.
    """,
)
emitted(
    "Y009",
    "too-many-documents",
    """
    The file holds more documents than `max-documents` (default 100000); the rest are not checked.

    ## What it does
    Reports that documents past `max-documents` were not checked.

    ## Why is this bad?
    Very large generated bundles are usually better checked in parts; the limit keeps memory bounded.

    """,
    severity=Severity.WARNING,
)
emitted(
    "Y010",
    "unclosed-quote",
    """
    A quoted string is opened and never closed.

    ## What it does
    Reports a quoted string that is never closed, at the quote that opened it.

    ## Why is this bad?
    The parser reads the rest of the file as part of the string and then fails far away from the real mistake.


    ## Example
    ```yaml
    image: "nginx:1.25
    ```

    Use instead:
    ```yaml
    image: "nginx:1.25"
    ```
    """,
)
emitted(
    "Y011",
    "unclosed-bracket",
    """
    A flow sequence `[` or mapping `{` is opened and never closed.

    ## What it does
    Reports a `[` or `{` that is never closed, at the bracket that opened it.

    ## Why is this bad?
    The parser reports the error where the file ends, far from the bracket at fault.


    ## Example
    ```yaml
    args: [--port, 8080
    ```

    Use instead:
    ```yaml
    args: [--port, "8080"]
    ```
    """,
)
emitted(
    "Y012",
    "lost-line-break",
    """
    Two keys stand on one line (`metadata: name: nginx`), or a value contains an unquoted `: `.

    ## What it does
    Explains the parser's "mapping values are not allowed here": the likely cause is a line break
    lost while copying a manifest from a web page, or a value that needs quotes.

    ## Why is this bad?
    The file does not parse; kubectl rejects it with a message that names neither cause.

    ## Example
    ```yaml
    metadata: name: nginx-pod
    ```

    Use instead:
    ```yaml
    metadata:
      name: nginx-pod
    ```
    """,
)
emitted(
    "Y013",
    "template-not-yaml",
    """
    The file is a Helm/Jinja template (`{{ ... }}`, `{% ... %}`), not YAML.

    ## What it does
    Reports a file that contains template tags and does not parse as YAML, instead of a cascade of syntax errors.


    ## Why is this bad?
    Templates must be rendered first (`helm template`); checking the raw template only produces
    a cascade of meaningless syntax errors.
    """,
    severity=Severity.WARNING,
)
emitted(
    "Y014",
    "file-too-large",
    """
    The file is larger than `max-file-size` (default 50 MiB) and was not checked.

    ## What it does
    Reports a file over `max-file-size` without reading it.

    ## Why is this bad?
    Checking huge generated files would take unbounded memory and time.

    """,
)
emitted(
    "Y015",
    "unreadable-file",
    """
    The file could not be read (permission denied, a broken link, a loop of links).

    ## What it does
    Reports a file that cannot be read, and goes on with the others.

    ## Why is this bad?
    The file would otherwise be skipped silently.

    """,
)
emitted(
    "Y017",
    "invalid-character",
    """
    The file contains a control character that YAML does not allow anywhere (only TAB, line

    ## What it does
    Reports the first character that YAML forbids in a file.

    breaks and printable characters are allowed).

    ## Why is this bad?
    Parsers reject the whole file; the character is usually invisible in an editor (pasted from a
    terminal or a word processor).
    """,
)
emitted(
    "X001",
    "internal-error",
    """
    A rule crashed on this file. The other rules still ran. Please report it, with the output of

    ## What it does
    Reports a crash of one of yamlkit's own rules as a finding, so the run goes on.

    ## Why is this bad?
    It is a bug in yamlkit, not in your file.

    `--debug`.
    """,
    category="internal",
)


# -- checks on parsed documents ---------------------------------------------------------------

import re as _re

from .base import Scope, Violation, rule  # noqa: E402
from .style._layout import known_plain  # noqa: E402
from .style._lines import some_line  # noqa: E402

_RUN_TOGETHER = _re.compile(r"^([a-z][A-Za-z0-9]*):([A-Za-z][A-Za-z0-9]*)$")
#: Where a plain key matching ``_RUN_TOGETHER`` can stand in the text: ``x:Name`` (``x`` a letter
#: or digit) that ends where a plain scalar can end (before a space, a line break, ``:``, a flow
#: indicator or the end of the text). It starts at the colon, so the search skips ahead at C speed.
_RUN_TOGETHER_TEXT = _re.compile(r":(?<=[A-Za-z0-9]:)[A-Za-z][A-Za-z0-9]*(?=[\s:,\[\]{}]|\Z)")
#: Maps whose keys are user data, where ``a:b`` may be a legitimate key.
_FREE_FORM = {"labels", "annotations", "data", "stringData", "binaryData", "matchLabels", "selector", "nodeSelector"}


@rule("Y016", "run-together-key", severity=Severity.ERROR, scope=Scope.DOCUMENT, supersedes=("S002",))
def run_together_key(ctx, document):
    """A key that is really two keys run together, such as `metadata:name`.

    ## What it does
    Finds mapping keys of Kubernetes objects that look like `field:field` with no space after the
    colon — what is left when a manifest copied from a web page loses its line breaks.

    ## Why is this bad?
    The file is still valid YAML, so most tools report only an unknown field `metadata:name`,
    or nothing at all; the object silently has no `metadata`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:name: nginx-pod
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: nginx-pod
    ```
    """
    data = document.data
    if not isinstance(data, dict) or "kind" not in data and "apiVersion" not in data:
        return
    if not _may_run_together(ctx, document.source):
        return
    stack = [(document.root, ())]
    while stack:
        node, path = stack.pop()
        if node.id == "mapping":
            for key, value in node.value:
                if key.id != "scalar":
                    continue
                match = _RUN_TOGETHER.match(key.value) if not key.style else None
                if match and not (path and path[-1] in _FREE_FORM):
                    outer, inner = match.groups()
                    yield Violation(
                        f"`{key.value}` looks like two keys run together: `{outer}:` and `{inner}:` "
                        "lost the line break (and indentation) between them",
                        hint=f"write `{outer}:` on its own line and `{inner}: ...` indented below it",
                        path=path + (key.value,),
                        at="key",
                    )
                if path and path[-1] in _FREE_FORM:
                    continue
                stack.append((value, path + (key.value,)))
        elif node.id == "sequence":
            stack.extend((item, path + (index,)) for index, item in enumerate(node.value))


def _may_run_together(ctx, source) -> bool:
    """Whether any plain key of ``source`` can match ``_RUN_TOGETHER``.

    A file in the style rules' plain subset has none: its keys are ``key:`` lines whose keys
    hold no ``:`` (see :mod:`.style._layout`; asked only when a style rule computed the layout
    already). Otherwise: a plain key's value is its own text (one line: a multi-line plain key
    folds into a value with a space, which cannot match), so a file none of whose lines holds
    ``_RUN_TOGETHER_TEXT`` has no run-together key in any of its documents. (Asked line by line
    and remembered per distinct line: see :mod:`.style._lines`.)
    """
    if known_plain(ctx, source):
        return False
    return some_line(ctx, source, _may_hold_run_together_key)


def _may_hold_run_together_key(line: str) -> bool:
    return _RUN_TOGETHER_TEXT.search(line) is not None
