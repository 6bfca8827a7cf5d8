"""``yamlkit._record.record`` behaves as ``@dataclass(slots=True)`` does, class for class.

Differential: each sample class is built twice, once with ``record`` and once with ``@dataclass``,
and both must answer alike (construction, errors, repr, equality, hashing, replace, fields,
signature). Then the project's record classes: their public behaviour did not move.
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import field
from pathlib import Path
from typing import Any, Callable

import pytest

from yamlkit._record import record
from yamlkit.config import ConfigError, resolve_settings
from yamlkit.document import Document, ParsedFile, Span
from yamlkit.rules import load_rules
from yamlkit.settings import Settings
from yamlkit.source import SourceFile


def _options(decorate: Callable[[type], type]) -> type:
    @decorate
    class Options:
        """Options of a made-up rule."""

        max: int = 80
        allow: list[str] = field(default_factory=lambda: ["http"])
        mode: str = "a"

        def __post_init__(self) -> None:
            if self.mode not in ("a", "b"):
                raise ValueError(f"mode must be a or b, not {self.mode!r}")

    return Options


def _point(decorate: Callable[[type], type]) -> type:
    @decorate
    class Point:
        """A point with a cache that neither compares nor shows."""

        x: int
        y: int
        cache: dict | None = field(default=None, repr=False, compare=False)

    return Point


def _flow(decorate: Callable[[type], type]) -> tuple[type, type]:
    base = _options(decorate)

    @decorate
    class Braces(base):  # type: ignore[misc, valid-type]
        """Inherits every field."""

    return base, Braces


_SLOTS = dataclasses.dataclass(slots=True)
_HASHED = dataclasses.dataclass(slots=True, unsafe_hash=True)
_FROZEN = dataclasses.dataclass(slots=True, frozen=True)


def _outcome(action: Callable[[], Any]) -> Any:
    """What an action gives, or what it raises: a TypeError by type (Python words the argument
    errors a little differently), any other error with its message."""
    try:
        result = action()
    except TypeError:
        return "TypeError"
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return type(exc).__name__, str(exc)
    return result if isinstance(result, (bool, int, str, tuple, type(None))) else repr(result)


CONSTRUCTIONS = [
    (), (120,), (120, ["x"]), (120, ["x"], "b"), (120, ["x"], "c"), (1, 2, 3, 4),
]
KEYWORDS = [{}, {"max": 1}, {"mode": "b", "allow": []}, {"nope": 1}, {"mode": "zzz"}]


@pytest.mark.parametrize("args", CONSTRUCTIONS)
def test_positional_construction_matches_dataclass(args: tuple) -> None:
    ours, theirs = _options(record), _options(_SLOTS)
    assert _outcome(lambda: repr(ours(*args))) == _outcome(lambda: repr(theirs(*args)))


@pytest.mark.parametrize("kwargs", KEYWORDS)
def test_keyword_construction_matches_dataclass(kwargs: dict) -> None:
    ours, theirs = _options(record), _options(_SLOTS)
    assert _outcome(lambda: repr(ours(**kwargs))) == _outcome(lambda: repr(theirs(**kwargs)))


def test_errors_match_dataclass() -> None:
    ours, theirs = _point(record), _point(_SLOTS)
    for args, kwargs in [((), {}), ((1,), {}), ((1, 2), {"x": 3}), ((1, 2, 3, 4), {})]:
        assert _outcome(lambda: ours(*args, **kwargs)) == _outcome(lambda: theirs(*args, **kwargs))


def test_argument_errors_name_the_class_and_the_argument() -> None:
    point = _point(record)
    with pytest.raises(TypeError, match=r"Point.__init__\(\) missing 1 required positional argument: 'x'"):
        point()
    with pytest.raises(TypeError, match="got multiple values for argument 'x'"):
        point(1, 2, x=3)
    with pytest.raises(TypeError, match="got an unexpected keyword argument 'z'"):
        point(1, 2, z=3)
    with pytest.raises(TypeError, match="takes 4 positional arguments but 5 were given"):
        point(1, 2, 3, 4)


def test_default_factory_gives_each_instance_its_own_value() -> None:
    options = _options(record)
    first, second = options(), options()
    first.allow.append("https")
    assert second.allow == ["http"]


def test_repr_eq_and_hash_match_dataclass() -> None:
    ours, theirs = _point(record), _point(_SLOTS)
    a, b = ours(1, 2), theirs(1, 2)
    assert repr(a).split("Point", 1)[-1] == repr(b).split("Point", 1)[-1]
    assert (ours(1, 2) == ours(1, 2)) and not (ours(1, 2) == ours(1, 3))
    assert ours.__hash__ is None and theirs.__hash__ is None
    assert a.__eq__(b) is NotImplemented
    ours_point, theirs_point = ours, theirs
    assert ours_point(1, 2, {"a": 1}) == ours_point(1, 2, None)  # compare=False
    assert repr(ours_point(1, 2, {})) == repr(theirs_point(1, 2, {})).replace(theirs_point.__qualname__,
                                                                             ours_point.__qualname__)


def test_hash_true_is_unsafe_hash() -> None:
    ours, theirs = _point(record(hash=True)), _point(_HASHED)
    assert hash(ours(1, 2, {})) == hash(theirs(1, 2, {})) == hash((1, 2))  # compare=False: not hashed
    assert len({ours(1, 2), ours(1, 2), ours(2, 2)}) == 2


def test_frozen_matches_dataclass() -> None:
    ours, theirs = _point(record(frozen=True)), _point(_FROZEN)
    a, b = ours(1, 2), theirs(1, 2)
    assert hash(a) == hash(b)
    for obj in (a, b):
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
            obj.x = 3
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'x'"):
            del obj.x
    assert dataclasses.replace(a, x=5) == ours(5, 2)


def test_fields_replace_signature_and_match_args_match_dataclass() -> None:
    ours, theirs = _options(record), _options(_SLOTS)
    assert [(f.name, f.default, f.type) for f in dataclasses.fields(ours)] == \
        [(f.name, f.default, f.type) for f in dataclasses.fields(theirs)]
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__match_args__ == theirs.__match_args__
    assert ours.__slots__ == theirs.__slots__
    assert dataclasses.replace(ours(), max=3) == ours(max=3)
    with pytest.raises(ValueError, match="mode must be a or b"):
        dataclasses.replace(ours(), mode="c")


def test_a_subclass_takes_the_fields_of_its_base() -> None:
    (base, braces), (theirs_base, theirs_braces) = _flow(record), _flow(_SLOTS)
    assert repr(braces(max=1)).replace("Braces", "X") == repr(theirs_braces(max=1)).replace("Braces", "X")
    assert braces() != base()  # another class: not equal, as with @dataclass
    assert theirs_braces() != theirs_base()
    with pytest.raises(ValueError):
        braces(mode="c")


def test_unsupported_fields_are_refused() -> None:
    class Later:
        """A field outside __init__."""

        a: int = field(init=False, default=0)

    with pytest.raises(TypeError, match="needs @dataclass"):
        record(Later)


def test_a_written_out_init_may_set_fields_it_does_not_take() -> None:
    """As ``Resource`` does: a derived field (``init=False``) set by the class's own ``__init__``,
    left out of repr and equality."""

    @record
    class Doubled:
        """A value and its double."""

        value: int
        double: int = field(init=False, repr=False, compare=False)

        def __init__(self, value: int) -> None:
            self.value = value
            self.double = 2 * value

    assert Doubled(2).double == 4 and repr(Doubled(2)).endswith(".Doubled(value=2)")
    assert Doubled(2) == Doubled(2) and Doubled(2) != Doubled(3)


# -- the project's record classes ----------------------------------------------------------------
def _options_classes() -> list[type]:
    return sorted({meta.options for meta in load_rules().values() if meta.options is not None},
                  key=lambda cls: cls.__qualname__)


@pytest.mark.parametrize("options", _options_classes(), ids=lambda cls: cls.__qualname__)
def test_rule_options_behave_as_their_dataclass_did(options: type) -> None:
    """Signature, repr, equality and replace as ``@dataclass(slots=True)`` made them."""
    reference = dataclasses.make_dataclass(
        options.__name__,
        [(f.name, f.type, field(default=f.default, default_factory=f.default_factory))
         for f in dataclasses.fields(options)],
        slots=True)
    assert str(inspect.signature(options)) == str(inspect.signature(reference))
    assert repr(options()) == repr(reference())
    assert options() == options() and options.__hash__ is None
    first = dataclasses.fields(options)[0]
    changed = dataclasses.replace(options(), **{first.name: getattr(options(), first.name)})
    assert changed == options()


def _written_out() -> list[type]:
    """The records whose ``__init__`` is written out (built once per file, document, resource
    or finding)."""
    from yamlkit.engine import FileResult, _Checked
    from yamlkit.findings import Finding
    from yamlkit.rules.apiserver.workloads import Ctr, PodSite
    from yamlkit.rules.practices.workloads import Container, PodSpec
    from yamlkit.rules.style._layout import Layout
    from yamlkit.rules.style._scan import Comment, Scan

    return [SourceFile, Span, Document, ParsedFile, Finding, FileResult, _Checked, Layout, Comment, Scan,
            PodSite, Ctr, PodSpec, Container]


_WRITTEN_OUT = _written_out()


@pytest.mark.parametrize("cls", _WRITTEN_OUT, ids=lambda cls: cls.__name__)
def test_written_out_inits_take_the_fields_in_order(cls: type) -> None:
    """A hand-written ``__init__`` must keep the fields' names, order and defaults."""
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, f in zip(params, fields):
        expected = None if f.default_factory is not dataclasses.MISSING else f.default
        assert param.default == (inspect.Parameter.empty if expected is dataclasses.MISSING else expected)


def test_hot_records_keep_equality_hash_and_repr() -> None:
    assert Span(1, 2, 3, 4) == Span(1, 2, 3, 4) and hash(Span(1, 2, 3, 4)) == hash((1, 2, 3, 4))
    assert repr(Span(1, 2, 3, 4)) == "Span(line=1, column=2, end_line=3, end_column=4)"
    source = SourceFile("a.yaml", "a: 1\n")
    source.lines  # fills the private cache, which neither compares nor shows
    assert source == SourceFile("a.yaml", "a: 1\n")
    assert repr(source) == "SourceFile(name='a.yaml', text='a: 1\\n', encoding='utf-8', had_bom=False)"
    parsed = ParsedFile(source)
    assert parsed.documents == [] and parsed.problems == [] and parsed.documents is not ParsedFile(source).documents


def test_settings_equality_replace_and_repr() -> None:
    settings = Settings(select=["S"], kubernetes_version="1.30")
    copy = dataclasses.replace(settings)
    assert copy == settings and copy is not settings and copy.select is settings.select
    assert dataclasses.replace(settings, debug=True) != settings
    settings.file_ignores("x.yaml")  # the per-file cache neither compares nor shows
    assert settings == copy and "_file_cache" not in repr(settings)
    assert repr(Settings()).startswith("Settings(select=None, extend_select=[], ignore=[], severity={}")
    with pytest.raises(TypeError, match="unexpected keyword argument 'selected'"):
        Settings(selected=["S"])  # type: ignore[call-arg]


def test_option_values_a_rule_rejects_are_config_errors(tmp_path: Path) -> None:
    config = tmp_path / ".yamlkit.yaml"
    config.write_text("rules:\n  braces:\n    forbid: ''\n")
    with pytest.raises(ConfigError, match="forbid must be true, false or non-empty"):
        resolve_settings(config_file=str(config))


def test_frozen_records_survive_copy_and_pickle() -> None:
    """Frozen records refuse assignment, so copy and pickle must not restore them by assigning
    (a frozen dataclass has the same guarantee)."""
    import copy
    import pickle

    from yamlkit.schema.resolve import Missing

    point = _point(record(frozen=True))(1, 2)
    assert copy.copy(point) == point and copy.deepcopy(point) == point
    missing = Missing(message="no schema", hint="add one", builtin=True)
    assert pickle.loads(pickle.dumps(missing)) == missing
    assert copy.deepcopy(missing) == missing
