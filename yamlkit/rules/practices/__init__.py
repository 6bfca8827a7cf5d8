"""Kubernetes best-practice and cross-resource checks (K1xx-K4xx, category ``practices``).

kube-linter / kube-score parity, with line and column. One module per topic; every rule is a
warning by default (``single-replica`` is info) and can be raised to an error in the config.
"""

from . import availability, crossref, images, lifecycle, probes, resources, secrets, security  # noqa: F401
