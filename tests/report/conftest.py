"""Fixtures for the report tests; the shared findings live in ``report_golden_data.py``."""

from __future__ import annotations

import pytest

from . import report_golden_data as data


@pytest.fixture
def golden_report():
    return data.report()


@pytest.fixture
def golden_sources():
    return data.sources()
