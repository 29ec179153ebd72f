"""Shared fixtures: the repo root, and a matplotlib backend that needs no screen."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("COURSE_DATA_DIR", str(ROOT / "data"))


@pytest.fixture
def root() -> Path:
    return ROOT
