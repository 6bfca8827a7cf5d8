"""Kubernetes schema validation, offline: bundled OpenAPI schemas, CRDs and local schema files.

- :mod:`.bundled`: the Kubernetes versions and schema files kubernetes-validate ships.
- :mod:`.resolve`: (apiVersion, kind) -> compiled schema, from bundled data, ``--schema-location``
  templates or CRDs; explains kinds that do not exist.
- :mod:`.compiled`: one compiled validator per schema, fast ``is_valid`` first.
- :mod:`.messages`: jsonschema errors -> one plain-words :class:`Violation` per problem.
- :mod:`.fast_errors`: jsonschema-rs errors rebuilt as pure jsonschema reports them.
- :mod:`.crds`: CustomResourceDefinition -> JSON schema.
- :mod:`.rules`: the S0xx rules.
"""

from __future__ import annotations

from typing import Any


def prepare(settings: Any) -> None:
    """Check the schema settings up front (version, locations, CRD paths); raise ConfigError."""
    from . import bundled, resolve

    bundled.resolve_version(settings.kubernetes_version)
    resolve.check_locations(settings.schema_locations)
    resolve.crd_store(tuple(settings.crds))


__all__ = ["prepare"]
