"""``yamlkit rules`` (the registry as a table, JSON or Markdown) and ``yamlkit rule CODE|NAME``."""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any, Optional

import typer

from . import app
from .common import fail


def _default_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "[" + ", ".join(_default_text(v) for v in value) + "]"
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):  # an Enum
        return str(value.value)
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "value") and not isinstance(value, (int, float, str, bool)):
        return value.value
    return value


def option_defaults(meta: Any) -> list[tuple[str, Any, str]]:
    """(kebab-case option name, default, type) of a rule's Options dataclass."""
    from ..config import option_types

    if meta.options is None:
        return []
    types_ = option_types(meta.options)
    out = []
    for f in dataclasses.fields(meta.options):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            default = f.default_factory()  # type: ignore[misc]
        else:
            default = None
        tp = types_.get(f.name)
        out.append((f.name.replace("_", "-"), default, getattr(tp, "__name__", None) or str(tp)))
    return out


def rule_info(meta: Any) -> dict[str, Any]:
    """One rule's metadata as a JSON-ready mapping (the shape of ``rules --format json``)."""
    return {
        "code": meta.code,
        "name": meta.name,
        "category": meta.category,
        "severity": meta.severity.value,
        "default_enabled": meta.default_enabled,
        "fixable": meta.fixable.value,
        "scope": meta.scope.value,
        "kinds": sorted(meta.kinds) if meta.kinds else None,
        "options": {name: _jsonable(default) for name, default, _tp in option_defaults(meta)},
        "summary": meta.summary,
        "since": meta.since,
    }


def _options_text(meta: Any) -> str:
    return ", ".join(f"{name}={_default_text(default)}" for name, default, _tp in option_defaults(meta)) or "-"


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_rules(fmt: str, metas: list[Any]) -> str:
    if fmt == "json":
        return json.dumps([rule_info(m) for m in metas], indent=2) + "\n"
    if fmt == "md":
        out = ["| Code | Name | Category | Severity | Default | Fixable | Options | Summary |",
               "|---|---|---|---|---|---|---|---|"]
        for m in metas:
            opts = _options_text(m)
            out.append(
                f"| {m.code} | `{m.name}` | {m.category} | {m.severity.value} | "
                f"{'on' if m.default_enabled else 'off'} | {m.fixable.value} | "
                f"{_md_escape('`' + opts + '`' if opts != '-' else '-')} | {_md_escape(m.summary)} |"
            )
        return "\n".join(out) + "\n"
    rows = [[m.code, m.name, m.category, m.severity.value, "on" if m.default_enabled else "off",
             m.fixable.value, _options_text(m)] for m in metas]
    return _table(rows, ["CODE", "NAME", "CATEGORY", "SEVERITY", "DEFAULT", "FIXABLE", "OPTIONS"])


@app.command("rules")
def rules_command(
    output_format: str = typer.Option("text", "--format", "-f", help="text (a table), json or md (Markdown)."),
    select: Optional[str] = typer.Option(None, "--select", help="Only rules matching these codes, prefixes or names."),
) -> None:
    """List every rule: code, name, category, default severity, on by default, fixable, options."""
    from ..rules import load_rules
    from ..settings import _matches

    if output_format not in ("text", "json", "md"):
        fail(f"unknown format {output_format!r}", "choose one of: text, json, md")
    metas = list(load_rules().values())
    if select:
        selectors = [s.strip() for s in select.split(",") if s.strip()]
        metas = [m for m in metas if _matches(m, selectors)]
    sys.stdout.write(render_rules(output_format, metas))


def render_rule(meta: Any, fmt: str = "text") -> str:
    if fmt == "json":
        info = rule_info(meta)
        info["doc"] = meta.doc
        return json.dumps(info, indent=2) + "\n"
    kinds = ", ".join(sorted(meta.kinds)) if meta.kinds else "all"
    lines = [
        f"# {meta.code} {meta.name}",
        "",
        f"- category: {meta.category}",
        f"- default severity: {meta.severity.value}",
        f"- on by default: {'yes' if meta.default_enabled else 'no'}",
        f"- fixable: {meta.fixable.value}",
        f"- applies to: {kinds}" if meta.scope.value == "resource" else f"- scope: {meta.scope.value}",
    ]
    opts = option_defaults(meta)
    if opts:
        lines.append("- options:")
        for name, default, tp in opts:
            lines.append(f"  - `{name}` ({tp}, default {_default_text(default)})")
    lines += ["", meta.doc.rstrip(), ""]
    return "\n".join(lines)


@app.command("rule")
def rule_command(
    code: str = typer.Argument(..., help="A rule code (T001) or name (boolean-in-string-field)."),
    output_format: str = typer.Option("text", "--format", "-f", help="text (Markdown) or json."),
) -> None:
    """Show one rule's documentation."""
    import difflib

    from ..rules import load_rules
    from ..rules.base import lookup

    registry = load_rules()
    meta = lookup(code.strip())
    if meta is None:
        choices = list(registry) + [m.name for m in registry.values()]
        close = difflib.get_close_matches(code.strip(), choices, n=4, cutoff=0.5)
        close += [c for c in difflib.get_close_matches(code.strip().upper(), list(registry), n=3, cutoff=0.5)
                  if c not in close]
        fail(f"unknown rule {code!r}",
             ("did you mean: " + ", ".join(close[:4]) + "?") if close else "list the rules with `yamlkit rules`")
    if output_format not in ("text", "json", "md"):
        fail(f"unknown format {output_format!r}", "choose one of: text, json")
    sys.stdout.write(render_rule(meta, "json" if output_format == "json" else "text"))


__all__ = ["render_rule", "render_rules", "rule_info"]
