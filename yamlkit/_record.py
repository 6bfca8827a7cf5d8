"""``record``: a slotted dataclass whose methods are shared functions, not compiled source.

Python 3.11's ``@dataclass`` writes ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` of
every class as source text and compiles it: about 2 M instructions per class, which made the
project's ~55 dataclasses a fifth of a one-file check (pre-commit's case). ``record`` still
applies ``@dataclass(slots=True)`` for what readers rely on (``dataclasses.fields``,
``dataclasses.replace``, ``__match_args__``, defaults shown by ``yamlkit rules``), but asks it for
no method: ``__repr__``, ``__eq__`` and ``__hash__`` are closures over the field names, built
without compiling anything, and ``__init__`` too unless the class writes its own (hot classes
should: a hand-written ``__init__`` is what ``@dataclass`` would have generated, so it costs the
same per call; the shared one binds arguments in Python and suits classes built a few times a
run, such as rule options and settings).

The behaviour matches ``@dataclass(slots=True)`` for constructor keywords and positions,
defaults, ``default_factory``, ``__post_init__``, ``repr=False``/``compare=False`` fields,
equality (same class only), ``frozen``, ``hash=True`` (``unsafe_hash``: the hash of the field
tuple) and ``__hash__ = None`` otherwise. Not supported: ``InitVar`` and ``order``; ``kw_only``
and ``init=False`` fields only in a class that writes its own ``__init__`` (else ``record``
raises ``TypeError``).
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, Callable, TypeVar

T = TypeVar("T", bound=type)

_MISSING = dataclasses.MISSING


def record(cls: T | None = None, /, *, hash: bool = False, frozen: bool = False) -> Any:
    """Decorate like ``@dataclass(slots=True)``; ``hash=True`` for ``unsafe_hash=True``,
    ``frozen=True`` as for ``@dataclass`` (hashable, assignments raise ``FrozenInstanceError``)."""

    def wrap(klass: T) -> T:
        return _build(klass, hash or frozen, frozen)

    return wrap if cls is None else wrap(cls)


def _build(cls: T, with_hash: bool, frozen: bool) -> T:
    if not cls.__doc__:
        # @dataclass would describe the class with inspect.signature (~0.5 M instructions), and
        # the signature of the shared __init__ says nothing
        cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', ()))})"
    own = dict(cls.__dict__)
    made = dataclasses.dataclass(slots=True, init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)
    if "__init__" not in own:  # the shared __init__ takes every field, by position or keyword
        for f in fields:
            if not f.init or f.kw_only:
                raise TypeError(f"record {cls.__qualname__}: field {f.name} needs @dataclass "
                                "or a written-out __init__")
    values = _tuple_getter([f.name for f in fields if f.compare])
    if "__init__" not in own:
        made.__init__ = _make_init(cls.__qualname__, fields, object.__setattr__ if frozen else setattr)  # type: ignore[misc]
        made.__signature__ = _InitSignature()  # type: ignore[attr-defined]
    if "__repr__" not in own:
        made.__repr__ = _make_repr([f.name for f in fields if f.repr])  # type: ignore[assignment]
    if "__eq__" not in own:
        made.__eq__ = _make_eq(values)  # type: ignore[assignment]
    if own.get("__hash__") is None:
        made.__hash__ = _make_hash(values) if with_hash else None  # type: ignore[assignment]
    if frozen:
        made.__setattr__ = _frozen_setattr  # type: ignore[assignment]
        made.__delattr__ = _frozen_delattr  # type: ignore[assignment]
        if "__reduce__" not in own:  # pickle and copy would restore slots by assignment, which frozen refuses
            made.__reduce__ = _make_reduce(_tuple_getter([f.name for f in fields]))  # type: ignore[assignment]
    return made


def _tuple_getter(names: list[str]) -> Callable[[Any], tuple]:
    """``obj -> (obj.a, obj.b, ...)``, a tuple even for one or no name (attrgetter for speed)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _make_repr(names: list[str]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _make_eq(values: Callable[[Any], tuple]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _make_hash(values: Callable[[Any], tuple]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _make_reduce(values: Callable[[Any], tuple]) -> Callable[[Any], tuple]:
    def __reduce__(self: Any) -> tuple:
        return self.__class__, values(self)

    return __reduce__


class _Factory:
    """Stands for a ``default_factory`` default in a signature, as ``@dataclass`` shows it."""

    def __repr__(self) -> str:
        return "<factory>"


class _InitSignature:
    """``inspect.signature(cls)`` of a class with the shared ``__init__``: its fields, as the
    ``__init__`` ``@dataclass`` generates shows them (built when asked: help(), IDEs)."""

    def __get__(self, obj: Any, owner: type) -> Any:
        import inspect  # already imported by dataclasses

        def default(f: dataclasses.Field) -> Any:
            if f.default_factory is not _MISSING:
                return _Factory()
            return inspect.Parameter.empty if f.default is _MISSING else f.default

        params = [inspect.Parameter(f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default(f),
                                    annotation=f.type) for f in dataclasses.fields(owner)]
        return inspect.Signature(params, return_annotation=None)


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _make_init(qualname: str, fields: tuple[dataclasses.Field, ...],
               assign: Callable[[Any, str, Any], None]) -> Callable[..., None]:
    """An ``__init__`` taking the fields by position or keyword, as ``@dataclass`` generates it."""
    names = [f.name for f in fields]
    defaults = [(f.name, f.default, f.default_factory) for f in fields]

    def __init__(self: Any, *args: Any, **given: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{qualname}.__init__() takes {len(names) + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        for name, value in zip(names, args):
            if name in given:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument '{name}'")
            given[name] = value
        for name, default, factory in defaults:
            if name in given:
                value = given.pop(name)
            elif factory is not _MISSING:
                value = factory()
            elif default is not _MISSING:
                value = default
            else:
                raise TypeError(f"{qualname}.__init__() missing 1 required positional argument: '{name}'")
            assign(self, name, value)
        if given:
            raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument '{next(iter(given))}'")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    return __init__
