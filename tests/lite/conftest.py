"""Fixtures for the self-study site's tests: the site, built once per session (sitebuild.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import built_site


@pytest.fixture(scope="session")
def site() -> Path:
    return built_site()
