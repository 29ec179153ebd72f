"""Shared fixtures: the repo root, a matplotlib backend that needs no screen, and one fixture per dataset.

Every dataset of `course.datasets` is a fixture of the same name (`tickets`, `servqual`, `complaints_monthly`,
`accounts`, ...): the English edition, loaded once per session whatever language a test switched to, and each test
gets its own copy, so a test may change it freely. A dataset with a Chinese variant (data/zh/) also has a
`<name>_zh` fixture (`complaint_queue_zh`, `tickets_zh`, ...).
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

from course.datasets import has_zh, load, names  # noqa: E402  (after COURSE_DATA_DIR is set)


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def loaded() -> Callable[..., pd.DataFrame]:
    """load(name, lang="en"), read from data/ once per session and language; every call returns a fresh copy."""
    cache: dict[tuple[str, str], pd.DataFrame] = {}

    def get(name: str, lang: str = "en") -> pd.DataFrame:
        if (name, lang) not in cache:
            cache[name, lang] = load(name, lang=lang)
        return cache[name, lang].copy()

    return get


def _dataset_fixture(name: str, lang: str = "en"):
    def fixture(loaded: Callable[..., pd.DataFrame]) -> pd.DataFrame:
        return loaded(name, lang)

    which = "" if lang == "en" else " (the Chinese variant, data/zh/)"
    fixture.__doc__ = f"A copy of the {name!r} dataset{which} (see data/README.md)."
    return pytest.fixture(name=name if lang == "en" else f"{name}_zh")(fixture)


for _name in names():
    globals()[f"dataset_{_name}"] = _dataset_fixture(_name)
    if has_zh(_name):
        globals()[f"dataset_{_name}_zh"] = _dataset_fixture(_name, "zh")
