"""The practices rules on ../shared/corpus/realworld (skipped without ../shared).

Run ``python tests/practices/corpus_counts.py`` for the per-rule counts and a random sample.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import corpus_counts  # noqa: E402


_CACHE: dict[Path, list] = {}


@pytest.fixture
def corpus_findings(shared_dir: Path) -> list:
    corpus = shared_dir / "corpus" / "realworld"
    if corpus not in _CACHE:
        _CACHE[corpus] = corpus_counts.findings(corpus)
    return _CACHE[corpus]


def _hits(found: list, code: str, path_part: str) -> list:
    return [f for f in found if f.code == code and path_part in f.file]


def test_counts_are_printed_and_nothing_crashes(corpus_findings: list, capsys: pytest.CaptureFixture) -> None:
    counts = corpus_counts.counts(corpus_findings)
    with capsys.disabled():
        print("\nK findings on corpus/realworld (one run per directory, all K rules selected):")
        for key, n in counts.items():
            print(f"  {n:5d}  {key}")
    assert counts


def test_real_bugs_are_found(corpus_findings: list) -> None:
    # kubernetes/website guestbook: the Service selects tier=frontend, the Deployment labels
    # app.kubernetes.io/component=frontend; both redis Deployments select app.kubernetes.io/name=redis.
    assert _hits(corpus_findings, "K301", "guestbook/frontend-service.yaml")
    assert _hits(corpus_findings, "K303", "guestbook/redis-")
    # canary example: the Service selects rollout-demo, the Deployments are canary-demo.
    assert _hits(corpus_findings, "K301", "canary/app-service.yaml")
    # "explore termination behavior": the Service selects app=nginx, the Deployment is labelled
    # app.kubernetes.io/name=nginx; the message names it as the closest template.
    graceful = _hits(corpus_findings, "K301", "explore-graceful-termination-nginx.yaml")
    assert graceful and "app.kubernetes.io/name=nginx" in graceful[0].message
    # flocker ghost: targetPort 80, ghost declares 2368.
    assert _hits(corpus_findings, "K302", "flocker-pod-with-rc.yml")


def test_false_positives_fixed_at_the_root_stay_fixed(corpus_findings: list) -> None:
    # ingress-nginx probes its undeclared health port 10254: numeric probe ports are not checked.
    assert not _hits(corpus_findings, "K104", "ingress-nginx/deploy/static")
    # prometheus-operator Services select Pods that the Prometheus custom resource creates.
    assert not _hits(corpus_findings, "K301", "prometheus-operator__prometheus-operator/example")
    # MYSQL_ALLOW_EMPTY_PASSWORD: "1" is a switch, not a secret.
    assert not [f for f in corpus_findings if f.code == "K421" and "ALLOW_EMPTY" in f.message]
