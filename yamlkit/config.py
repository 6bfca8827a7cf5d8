"""Configuration: ``.yamlkit.yaml`` / ``[tool.yamlkit]`` discovery, presets, and CLI overrides.

``resolve_settings`` is the one entry point: the preset named by ``extends`` first, then the
configuration file's values, then the command line's overrides on top.

Discovery walks up from the checked path's directory and stops at the first directory holding
``.yamlkit.yaml``, ``.yamlkit.yml`` or a ``pyproject.toml`` with a ``[tool.yamlkit]`` table.
Every problem in a configuration is a :class:`ConfigError` whose message names the file and the
key, e.g. ``.yamlkit.yaml: rules.line-length.max: expected an integer, got "eighty"``.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import re
import types
import typing
from typing import Any, Iterable

from .findings import Severity
from .parse import Limits
from .settings import Settings

if typing.TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

CONFIG_NAMES = (".yamlkit.yaml", ".yamlkit.yml")
PYPROJECT = "pyproject.toml"
PRESETS = ("default", "strict", "relaxed")
PRESET_DIR = os.path.join(os.path.dirname(os.path.realpath(__file__)), "presets")

#: Every top-level key of a configuration file (kept in sync with the JSON Schema by a test).
KEYS = (
    "extends",
    "select",
    "extend-select",
    "ignore",
    "rules",
    "per-file-ignores",
    "exclude",
    "respect-gitignore",
    "kubernetes-version",
    "strict",
    "yaml-1.2",
    "crds",
    "schema-locations",
    "ignore-missing-schemas",
    "require-schemas",
    "fail-level",
    "min-severity",
    "report-unused-suppressions",
    "max-file-size",
    "max-documents",
    "max-depth",
    "max-aliases",
)
_LIMITS = {"max-file-size": "max_file_size", "max-documents": "max_documents", "max-depth": "max_depth",
           "max-aliases": "max_aliases"}
_BOOLS = {"respect-gitignore": "respect_gitignore", "strict": "strict", "yaml-1.2": "yaml12",
          "ignore-missing-schemas": "ignore_missing_schemas", "require-schemas": "require_schemas",
          "report-unused-suppressions": "report_unused_suppressions"}
_RULE_KEYS = ("severity", "enabled")
# Patterns, compiled by `re` on first use: most runs read no configuration value they check.
_K8S_VERSION = r"^v?[0-9]+\.[0-9]+(\.[0-9]+)?$"
_SIZE = r"(?i)^\s*([0-9]+)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$"
_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}


class ConfigError(Exception):
    """A configuration file or option is invalid (exit code 2). The message names key and file."""


# -- reading ------------------------------------------------------------------------------------
def _display(path: str | os.PathLike[str]) -> str:
    """A path as the user knows it: relative to the working directory when inside it."""
    text = os.fspath(path)
    try:
        rel = os.path.relpath(text)
    except ValueError:
        return text
    return text if rel.startswith("..") else rel


def _show(value: Any) -> str:
    """A value as a message quotes it: strings in double quotes, others as YAML writes them."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _read_yaml(path: str) -> Any:
    from .source import DecodeProblem, decode

    name = _display(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the configuration file: {exc.strerror or exc}") from None
    try:
        source = decode(name, data)
    except DecodeProblem as exc:
        raise ConfigError(f"{name}: {exc.message}") from None
    return _read_yaml_text(source.text, name)


def _read_yaml_text(text: str, name: str = ".yamlkit.yaml") -> Any:
    from .parse import parse
    from .source import from_text

    parsed = parse(from_text(text, name))
    if parsed.problems:
        problem = parsed.problems[0]
        raise ConfigError(f"{name}:{problem.line}:{problem.column or 1}: {problem.message}")
    docs = [d for d in parsed.documents if not d.is_empty]
    if len(docs) > 1:
        raise ConfigError(f"{name}: a configuration file holds one YAML document, found {len(docs)}")
    value = docs[0].data if docs else {}
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ConfigError(f"{name}: expected a mapping of settings, got {_show(value)}")
    return value


def _load_toml(text: str) -> dict[str, Any] | None:
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10 without tomllib
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            return None
    return tomllib.loads(text)


def _read_pyproject(path: str) -> dict[str, Any] | None:
    """The ``[tool.yamlkit]`` table, or None when there is none (or TOML cannot be read)."""
    name = _display(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return None
    if "tool.yamlkit" not in text and "yamlkit" not in text:
        return None
    try:
        data = _load_toml(text)
    except Exception as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"{name}: invalid TOML: {exc}") from None
    if data is None:
        return None
    table = data.get("tool", {}).get("yamlkit") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{name}: tool.yamlkit: expected a table, got {_show(table)}")
    return table


def _pyproject_needs_toml(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return False
    # the substring test first: the pattern is then compiled only for a pyproject that may hold the table
    return "[tool.yamlkit" in text and re.search(r"^\s*\[tool\.yamlkit", text, re.M) is not None


def find_config(start_dir: str | os.PathLike[str], notes: list[str] | None = None) -> Path | None:
    """The nearest configuration file in ``start_dir`` or one of its parents."""
    found = _find_config(start_dir, notes)
    if found is None:
        return None
    from pathlib import Path

    return Path(found)


def _find_config(start_dir: str | os.PathLike[str], notes: list[str] | None = None) -> str | None:
    """:func:`find_config` as a string, without pathlib (its import costs a one-file check ~3 ms)."""
    folder = os.path.realpath(start_dir)  # what Path.resolve() does
    if os.path.isfile(folder) or not os.path.exists(folder):
        folder = os.path.dirname(folder)
    while True:
        found = _config_in(folder, notes)
        parent = os.path.dirname(folder)
        if found is not None or parent == folder:
            return found
        folder = parent


def _config_in(folder: str, notes: list[str] | None) -> str | None:
    """The configuration file in ``folder`` itself, or None."""
    for name in CONFIG_NAMES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return candidate
    candidate = os.path.join(folder, PYPROJECT)
    if not os.path.isfile(candidate) or not _pyproject_needs_toml(candidate):
        return None
    if _load_toml("") is None:  # Python 3.10 without a TOML reader
        if notes is not None:
            notes.append(f"{_display(candidate)}: [tool.yamlkit] skipped: reading TOML needs "
                         "Python 3.11+ (or tomli); use .yamlkit.yaml instead")
        return None
    return candidate if _read_pyproject(candidate) is not None else None


def load_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The raw settings mapping of a configuration file (YAML, or ``pyproject.toml``)."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ConfigError(f"{_display(path)}: no such configuration file")
    if os.path.basename(path) == PYPROJECT or path.endswith(".toml"):
        if _load_toml("") is None:
            raise ConfigError(f"{_display(path)}: reading TOML needs Python 3.11+ (or tomli); "
                              "use a .yamlkit.yaml file instead")
        table = _read_pyproject(path)
        return table or {}
    return _read_yaml(path)


def preset_path(name: str) -> str:
    return os.path.join(PRESET_DIR, f"{name}.yaml")


# -- validation ---------------------------------------------------------------------------------
def _rules() -> dict[str, Any]:
    from .rules import load_rules

    return load_rules()


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _check_selector(sel: Any, where: str) -> str:
    from .rules.base import lookup

    if not isinstance(sel, str) or not sel.strip():
        raise ConfigError(f"{where}: expected a rule code, prefix or name, got {_show(sel)}")
    sel = sel.strip()
    if sel.upper() == "ALL":
        return sel
    registry = _rules()
    if lookup(sel) is not None:
        return sel
    if re.fullmatch(r"[A-Za-z][0-9]{0,2}", sel):
        return sel  # a code prefix (a family may have no rule yet)
    names = [m.name for m in registry.values()] + list(registry)
    raise ConfigError(f"{where}: unknown rule {_show(sel)}{_suggest(sel, names)}")


def _selectors(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list of rule codes or names, got {_show(value)}")
    return [_check_selector(item, f"{where}[{i}]") for i, item in enumerate(value)]


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {_show(value)}")
    return list(value)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {_show(value)}")
    return value


def _severity(value: Any, where: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected one of error, warning, info, got {_show(value)}")
    try:
        return Severity.parse(value)
    except ValueError:
        raise ConfigError(f"{where}: expected one of error, warning, info, got {_show(value)}") from None


def _positive_int(value: Any, where: str, sizes: bool = False) -> int:
    if sizes and isinstance(value, str):
        match = re.match(_SIZE, value)
        if match:
            return int(match.group(1)) * _UNITS[(match.group(2) or "b").lower()]
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        what = "a positive integer" + (" or a size such as \"10MiB\"" if sizes else "")
        raise ConfigError(f"{where}: expected {what}, got {_show(value)}")
    return value


def _k8s_version(value: Any, where: str) -> str:
    if isinstance(value, float) or isinstance(value, int) and not isinstance(value, bool):
        raise ConfigError(
            f"{where}: expected a version string such as \"1.30\", got the number {value} "
            "(YAML reads an unquoted 1.30 as 1.3): quote it"
        )
    if not isinstance(value, str) or not re.match(_K8S_VERSION, value.strip()):
        raise ConfigError(f"{where}: expected a version such as \"1.30\", got {_show(value)}")
    return value.strip().lstrip("v")


def _type_name(tp: Any) -> str:
    names = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}
    if tp in names:
        return names[tp]
    origin = typing.get_origin(tp)
    if origin in (list, tuple, set, frozenset):
        args = typing.get_args(tp)
        inner = _type_name(args[0]) if args else "values"
        return f"a list of {inner.removeprefix('an ').removeprefix('a ')}s"
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(str(m.value) for m in tp)
    if origin is dict:
        return "a mapping"
    return getattr(tp, "__name__", str(tp))


def coerce_option(value: Any, tp: Any, where: str) -> Any:
    """Check ``value`` against an Options field type; return it converted (lists -> tuples...)."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or (hasattr(types, "UnionType") and isinstance(tp, types.UnionType)):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return coerce_option(value, arg, where)
            except ConfigError as exc:
                errors.append(exc)
        raise ConfigError(f"{where}: expected {' or '.join(_type_name(a) for a in args if a is not type(None))}, "
                          f"got {_show(value)}")
    if tp is Any:
        return value
    if tp is bool:
        return _bool(value, where)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {_show(value)}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {_show(value)}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {_show(value)}")
        return value
    if origin is typing.Literal:
        if value not in typing.get_args(tp):
            raise ConfigError(f"{where}: expected {_type_name(tp)}, got {_show(value)}")
        return value
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            raise ConfigError(f"{where}: expected {_type_name(tp)}, got {_show(value)}") from None
    if origin in (list, tuple, set, frozenset):
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected {_type_name(tp)}, got {_show(value)}")
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        inner = args[0] if args else Any
        items = [coerce_option(v, inner, f"{where}[{i}]") for i, v in enumerate(value)]
        return origin(items) if origin is not list else items
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {_show(value)}")
        return dict(value)
    return value


def option_types(options: type) -> dict[str, Any]:
    """Field name -> resolved type of a rule's Options dataclass."""
    try:
        hints = typing.get_type_hints(options)
    except Exception:  # unresolvable annotations: accept anything
        hints = {}
    return {f.name: hints.get(f.name, Any) for f in dataclasses.fields(options)}


def _rule_settings(rules: Any, where: str, settings: Settings) -> None:
    from .rules.base import lookup

    if not isinstance(rules, dict):
        raise ConfigError(f"{where}: expected a mapping of rule code or name to settings, got {_show(rules)}")
    registry = _rules()
    for key, body in rules.items():
        here = f"{where}.{key}"
        meta = lookup(str(key))
        if meta is None:
            names = [m.name for m in registry.values()] + list(registry)
            raise ConfigError(f"{here}: unknown rule {_show(str(key))}{_suggest(str(key), names)}")
        if body is None:
            body = {}
        if isinstance(body, str):  # shorthand: `line-length: warning` / `off`
            body = {"enabled": False} if body.lower() in ("off", "disable", "disabled") else {"severity": body}
        if isinstance(body, bool):
            body = {"enabled": body}
        if not isinstance(body, dict):
            raise ConfigError(f"{here}: expected a mapping of settings, got {_show(body)}")
        types_ = option_types(meta.options) if meta.options is not None else {}
        given: dict[str, Any] = {}
        for opt, value in body.items():
            opt_where = f"{here}.{opt}"
            if opt == "severity":
                settings.severity[meta.code] = _severity(value, opt_where)
            elif opt == "enabled":
                if _bool(value, opt_where):
                    settings.extend_select.append(meta.code)
                    settings.ignore = [s for s in settings.ignore if s.upper() != meta.code and s != meta.name]
                else:
                    settings.ignore.append(meta.code)
            else:
                field_name = str(opt).replace("-", "_")
                if field_name not in types_:
                    known = [n.replace("_", "-") for n in types_] + list(_RULE_KEYS)
                    hint = _suggest(str(opt).replace("_", "-"), known)
                    if not hint:
                        hint = f" ({meta.code} {meta.name} has options: {', '.join(known)})"
                    raise ConfigError(f"{opt_where}: unknown option{hint}")
                given[field_name] = coerce_option(value, types_[field_name], opt_where)
        if given:
            merged = dict(settings.rule_options.get(meta.code, {}))
            merged.update(given)
            try:
                meta.options(**merged)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"{here}: {exc}") from None
            settings.rule_options[meta.code] = merged


def apply_config(settings: Settings, data: dict[str, Any], name: str, root: str | None) -> None:
    """Apply one configuration mapping (its ``extends`` already applied) to ``settings``."""
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        key = str(unknown[0])
        raise ConfigError(f"{name}: {key}: unknown setting{_suggest(key, KEYS)}")
    order = {"select": 0, "extend-select": 1, "ignore": 2, "rules": 3}
    for key, value in sorted(data.items(), key=lambda kv: order.get(kv[0], 4)):
        where = f"{name}: {key}"
        if key == "extends":
            continue
        if key == "select":
            settings.select = _selectors(value, where)
            settings.extend_select = []
        elif key == "extend-select":
            settings.extend_select.extend(_selectors(value, where))
        elif key == "ignore":
            settings.ignore.extend(_selectors(value, where))
        elif key == "rules":
            _rule_settings(value, where, settings)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a mapping of glob to rule codes, got {_show(value)}")
            for pattern, codes in value.items():
                settings.per_file_ignores[str(pattern)] = _selectors(codes, f"{where}.{pattern}")
            settings._file_cache.clear()
        elif key == "exclude":
            settings.exclude.extend(_strings(value, where))
        elif key in _BOOLS:
            setattr(settings, _BOOLS[key], _bool(value, where))
        elif key == "kubernetes-version":
            settings.kubernetes_version = _k8s_version(value, where)
            try:
                from .schema import bundled

                bundled.resolve_version(settings.kubernetes_version)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
            except Exception:  # the schema package is unavailable: the run reports it
                pass
        elif key in ("crds", "schema-locations"):
            items = _strings(value, where)
            if root:
                items = [i if os.path.isabs(i) or "{{" in i or "://" in i else os.path.join(root, i) for i in items]
            getattr(settings, key.replace("-", "_")).extend(items)
        elif key == "fail-level":
            settings.fail_level = _severity(value, where)
        elif key == "min-severity":
            settings.min_severity = None if value is None else _severity(value, where)
        elif key in _LIMITS:
            number = _positive_int(value, where, sizes=key == "max-file-size")
            settings.limits = dataclasses.replace(settings.limits, **{_LIMITS[key]: number})


def _apply_file(settings: Settings, data: dict[str, Any], name: str, root: str | None,
                seen: tuple[str, ...] = ()) -> None:
    base = data.get("extends")
    if base is not None:
        if not isinstance(base, str) or not base.strip():
            raise ConfigError(f"{name}: extends: expected a preset ({', '.join(PRESETS)}) or a file, got {_show(base)}")
        if base in PRESETS:
            target = preset_path(base)
            base_name = f"preset {base}"
            base_root = root
        else:
            target = base if os.path.isabs(base) or root is None else os.path.join(root, base)
            if not os.path.isfile(target):
                raise ConfigError(f"{name}: extends: unknown preset or missing file {_show(base)} "
                                  f"(presets: {', '.join(PRESETS)})")
            base_name = _display(target)
            base_root = os.path.dirname(os.path.abspath(target))
        key = os.path.abspath(target)
        if key in seen:
            raise ConfigError(f"{name}: extends: {_show(base)} extends itself (a cycle)")
        _apply_file(settings, load_config_file(target), base_name, base_root, seen + (key,))
    apply_config(settings, data, name, root)


def preset_settings(name: str) -> Settings:
    """Settings of a shipped preset alone (``default``, ``strict``, ``relaxed``)."""
    if name not in PRESETS:
        raise ConfigError(f"unknown preset {_show(name)} (presets: {', '.join(PRESETS)})")
    settings = Settings()
    _apply_file(settings, {"extends": name}, f"preset {name}", None)
    return settings


# -- the entry point ----------------------------------------------------------------------------
def resolve_settings(overrides: dict[str, Any] | None = None, config_file: str | None = None,
                     start_dir: str | None = None) -> Settings:
    """Settings from the configuration file (if any) with ``overrides`` applied.

    ``config_file`` skips discovery; otherwise the nearest configuration file above
    ``start_dir`` is used (no discovery when ``start_dir`` is None, as in library calls).
    Command-line ``select`` replaces the file's; ``extend_select``, ``ignore``, ``exclude`` and
    ``per_file_ignores`` add to it.
    """
    settings = Settings()
    path: str | None = None
    if config_file is not None:
        path = config_file
    elif start_dir is not None:
        path = _find_config(start_dir, settings.notes)
    if path is not None:
        data = load_config_file(path)
        root = os.path.dirname(os.path.abspath(path))
        settings.config_file = path
        settings.root = root
        name = _display(path)
        if os.path.basename(path) == PYPROJECT:
            name += " [tool.yamlkit]"
        _apply_file(settings, data, name, root)
    _apply_overrides(settings, overrides or {})
    return settings


def _apply_overrides(settings: Settings, overrides: dict[str, Any]) -> None:
    for key, value in overrides.items():
        if value is None:
            continue
        key = key.replace("-", "_")
        if key == "yaml_1.2":
            key = "yaml12"
        if key.startswith("_") or not hasattr(settings, key):
            raise ConfigError(f"unknown setting {key!r}")
        if key in ("select", "extend_select", "ignore"):
            value = _as_list(value)
            for sel in value:  # a typo must not silently turn every check off
                _check_selector(sel, "--" + key.replace("_", "-"))
        if key == "select":
            selected = _as_list(value)
            settings.select = selected
            settings.extend_select = []
            settings.min_severity = None  # an explicit selection is not filtered by severity
            # what the command line selects explicitly is not ignored by the file
            explicit = {s.upper() for s in selected} | {s.lower() for s in selected}
            settings.ignore = [s for s in settings.ignore if s.upper() not in explicit and s.lower() not in explicit]
        elif key in ("extend_select", "ignore", "exclude", "crds", "schema_locations"):
            getattr(settings, key).extend(_as_list(value))
        elif key == "per_file_ignores":
            settings.per_file_ignores.update({k: _as_list(v) for k, v in dict(value).items()})
            settings._file_cache.clear()
        elif key in ("severity", "rule_options"):
            getattr(settings, key).update(value)
        elif key == "fail_level" and isinstance(value, str):
            settings.fail_level = Severity.parse(value)
        elif key == "min_severity" and isinstance(value, str):
            settings.min_severity = Severity.parse(value)
        elif key == "limits" and isinstance(value, dict):
            settings.limits = dataclasses.replace(settings.limits, **value)
        elif key == "rules":
            _rule_settings(value, "rules", settings)
        else:
            setattr(settings, key, value)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(v) for v in value]


# -- .gitignore ---------------------------------------------------------------------------------
def _git_root(folder: str, cache: dict[str, str | None]) -> str | None:
    if folder in cache:
        return cache[folder]
    current = folder
    seen: list[str] = []
    root: str | None = None
    while True:
        if current in cache:
            root = cache[current]
            break
        seen.append(current)
        if os.path.exists(os.path.join(current, ".git")):
            root = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for item in seen:
        cache[item] = root
    return root


def gitignored(files: list[str]) -> set[str]:
    """The files among ``files`` that git ignores (``git check-ignore``; empty without git)."""
    groups: dict[str, list[str]] = {}
    cache: dict[str, str | None] = {}
    for file in files:
        absolute = os.path.abspath(file)
        root = _git_root(os.path.dirname(absolute), cache)
        if root is not None:
            groups.setdefault(root, []).append(file)
    if not groups:
        return set()
    import subprocess  # only here: its import costs more than a small check's configuration

    ignored: set[str] = set()
    for root, members in groups.items():
        payload = "\0".join(os.path.abspath(m) for m in members) + "\0"
        try:
            proc = subprocess.run(["git", "-C", root, "check-ignore", "--stdin", "-z"], input=payload.encode(),
                                  capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        if proc.returncode not in (0, 1):
            continue
        hits = {p for p in proc.stdout.decode(errors="replace").split("\0") if p}
        by_abs = {os.path.abspath(m): m for m in members}
        for hit in hits:
            original = by_abs.get(os.path.abspath(os.path.join(root, hit)))
            if original is not None:
                ignored.add(original)
    return ignored


def filter_paths(files: Iterable[str], settings: Settings, explicit: Iterable[str] = ()) -> list[str]:
    """Drop yamlkit's own configuration files, files the ``exclude`` globs match, and files git ignores.

    Files named explicitly on the command line are subject to ``exclude`` (pre-commit passes
    file names), but not to ``.gitignore``.
    """
    explicit_set = set(explicit)
    kept = [f for f in files if f == "-" or (
        (f in explicit_set or os.path.basename(f) not in CONFIG_NAMES) and not settings.is_excluded(f))]
    if settings.respect_gitignore:
        candidates = [f for f in kept if f != "-" and f not in explicit_set]
        if candidates:
            ignored = gitignored(candidates)
            if ignored:
                kept = [f for f in kept if f not in ignored]
    return kept


__all__ = ["ConfigError", "KEYS", "PRESETS", "apply_config", "coerce_option", "filter_paths", "find_config",
           "gitignored", "load_config_file", "preset_settings", "resolve_settings", "Limits"]
