"""The English and Chinese editions cannot drift: every lesson and exercise has its Chinese twin under the same
name in a zh folder, with the same code cells (prose aside), widgets, self-check ids and nbgrader cells, and one
language switch each."""

from __future__ import annotations

from pathlib import Path

import pytest

from course import syllabus
from tests.support.editions import code_shape, differences

ROOT = Path(__file__).resolve().parents[1]

PAIRS = [(m.lesson, m.lesson.replace("lessons/", "lessons/zh/", 1)) for m in syllabus.LESSONS] + [
    (f"{top}/{aid}/{aid}.ipynb", f"{top}/zh/{aid}/{aid}.ipynb")
    for top in ("solutions", "exercises") for aid in [*syllabus.assignments(), *syllabus.assessments()]]


@pytest.mark.parametrize("en,zh", PAIRS, ids=[zh for _, zh in PAIRS])
def test_chinese_edition_matches_english(en, zh):
    assert (ROOT / zh).exists(), f"{zh} is missing: each English notebook has its Chinese edition beside it"
    assert differences(ROOT / en, ROOT / zh) == []


def test_no_stray_chinese_notebooks():
    english = {p for p, _ in PAIRS}
    strays = [p.relative_to(ROOT).as_posix() for top in ("lessons", "solutions", "exercises")
              for p in (ROOT / top / "zh").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    assert [p for p in strays if p.replace("/zh/", "/", 1) not in english] == []


def test_prose_may_differ_but_code_may_not():
    """The comparison itself: translated prose passes, a changed name, number, id or column fails."""
    en = 'x = load("tickets")\nMarkdown(f"There are **{len(x):,}** tickets in {year}.")\nchecks["2-1"].widget()'
    zh = 'x = load("tickets")\nMarkdown(f"{year}年共有 **{len(x):,}** 张工单。")\nchecks["2-1"].widget()'
    assert code_shape(en) == code_shape(zh)
    for changed in (zh.replace('"tickets"', '"guests"'), zh.replace("2-1", "2-2"), zh.replace("len(x)", "x"),
                    zh + "\nx = 1", zh.replace("checks", "check")):
        assert code_shape(en) != code_shape(changed), changed
    hidden = "### BEGIN HIDDEN TESTS\nassert a == 1, 'wrong answer'\n### END HIDDEN TESTS"
    assert code_shape(hidden) == code_shape(hidden.replace("'wrong answer'", "'不对'"))
    assert code_shape(hidden) != code_shape(hidden.replace("== 1", "== 2"))
    assert code_shape(hidden) != code_shape(hidden.replace("### BEGIN HIDDEN TESTS\n", ""))
