"""Shared fixtures: the repo root, a matplotlib backend that needs no screen, and one fixture per dataset.

Every dataset of `course.datasets` is a fixture of the same name (`tickets`, `servqual`, `complaints_monthly`,
`accounts`, ...): loaded once per session, and each test gets its own copy, so a test may change it freely.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("COURSE_DATA_DIR", str(ROOT / "data"))

from course.datasets import load, names  # noqa: E402  (after COURSE_DATA_DIR is set)


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def loaded() -> Callable[[str], pd.DataFrame]:
    """load(name), read from data/ once per session; every call returns a fresh copy."""
    cache: dict[str, pd.DataFrame] = {}

    def get(name: str) -> pd.DataFrame:
        if name not in cache:
            cache[name] = load(name)
        return cache[name].copy()

    return get


def _dataset_fixture(name: str):
    def fixture(loaded: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
        return loaded(name)

    fixture.__doc__ = f"A copy of the {name!r} dataset (see data/README.md)."
    return pytest.fixture(name=name)(fixture)


for _name in names():
    globals()[f"dataset_{_name}"] = _dataset_fixture(_name)
