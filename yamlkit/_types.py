"""The public type aliases of the library API (re-exported as ``yamlkit.PathsOrText`` and
``yamlkit.Config``); kept apart so that importing ``yamlkit`` does not import typing."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Union

if TYPE_CHECKING:  # pragma: no cover
    from .settings import Settings

#: what :func:`yamlkit.check` accepts: one path or YAML text, or several paths
PathsOrText = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]
#: a configuration: resolved :class:`Settings`, a mapping of settings (the configuration file's
#: keys, e.g. ``{"select": ["S"], "kubernetes-version": "1.30"}``), or a configuration file path
Config = Union["Settings", Mapping[str, Any], str, "os.PathLike[str]", None]
