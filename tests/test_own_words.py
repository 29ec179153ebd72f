"""Chinese prose is written in the kit's own words: no run of 20 Chinese characters from the seed articles
appears in a lesson, exercise, trainer document or catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.own_words import copied_runs, seed_grams, seeds_dir

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for pattern in ("lessons/**/*.ipynb", "solutions/**/*.ipynb", "trainer/**/*.yaml",
                                 "course/locale/**/*.po", "course/**/*.json", "data/**/*.csv")
               for p in ROOT.glob(pattern) if ".ipynb_checkpoints" not in p.parts)


@pytest.fixture(scope="module")
def grams():
    g = seed_grams()
    if not g:
        pytest.skip(f"the seed articles are not beside this clone ({seeds_dir()}); set COURSE_SEEDS to check")
    return g


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_no_copied_run(path, grams):
    assert copied_runs(path, grams)[:3] == []


def test_the_check_can_fail(grams, tmp_path):
    copied = next(iter(grams))
    f = tmp_path / "x.json"
    f.write_text(f'{{"q": "前言：{copied[:10]}，{copied[10:]}。"}}', encoding="utf-8")
    assert copied_runs(f, grams) == [copied]
