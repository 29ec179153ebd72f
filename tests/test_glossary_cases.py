"""One Chinese name per case: the table in course/cases.py, the glossary rows and what lessons and self-checks say.

A native reader catches a firm that is 萧山纺织公司 in the lesson and 萧山纺织企业 in the self-check. Every place a
case's distinctive stem (江阴, 萧山, 智虹, ...) appears in a lesson, a self-check or the glossary, it must be part
of the case's one Chinese name.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course import cases, glossary, syllabus

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "course" / "glossary.csv"


def lesson_text(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)


SOURCES = {str(p.relative_to(ROOT)): lesson_text(p) for p in sorted((ROOT / "lessons").glob("*.ipynb"))}
SOURCES |= {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "course" / "selfcheck").glob("lesson*.py"))}
SOURCES[str(GLOSSARY.relative_to(ROOT))] = GLOSSARY.read_text(encoding="utf-8")


def stray_names(text: str, case: cases.Case) -> list[str]:
    """Every spelling around the case's stem that is not inside its one Chinese name."""
    covered = set()
    for m in re.finditer(re.escape(case.zh), text):
        covered.update(range(m.start(), m.end()))
    stray = []
    for m in re.finditer(re.escape(case.stem), text):
        if m.start() not in covered:
            stray.append(text[max(0, m.start() - 8): m.end() + 8].replace("\n", " "))
    return stray


def test_the_case_table_is_consistent():
    keys = [c.key for c in cases.CASES]
    assert len(set(keys)) == len(keys) and set(cases.BY_KEY) == set(keys)
    for c in cases.CASES:
        assert c.stem in c.zh, f"{c.key}: the stem {c.stem!r} is not part of {c.zh!r}"
        assert not [o.key for o in cases.CASES if o is not c and c.stem in o.zh], f"{c.key}: stem shared"
        assert 1 <= c.module <= 8
    assert cases.zh("jiangyin") == "江阴中美合资公司"
    assert cases.label("zhihong") == "Zhihong (智虹公司)"


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.key)
def test_the_glossary_names_each_case_as_the_table_does(case):
    g = glossary.load().set_index("term_en")
    assert case.en in g.index, f"glossary.csv has no row for {case.en!r}"
    row = g.loc[case.en]
    assert (row["term_zh"], row["pinyin"], row["module"]) == (case.zh, case.pinyin, case.module)
    assert glossary.lookup(case.zh)["term_en"] == case.en


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.key)
def test_lessons_and_self_checks_use_the_one_chinese_name(case):
    stray = {path: found for path, text in SOURCES.items() if (found := stray_names(text, case))}
    assert not stray, f"{case.key} is spelled other than {case.zh}: {stray}"
    lesson = syllabus.by_id(case.module).lesson
    assert case.zh in SOURCES[lesson], f"{lesson} never gives {case.en} its Chinese name {case.zh}"


def test_the_capstone_title_is_the_syllabus_title():
    capstone = cases.BY_KEY["capstone"]
    module = syllabus.by_id(8)
    assert module.title_zh == capstone.zh and module.title == capstone.en
    first = nbformat.read(ROOT / module.lesson, as_version=4).cells[0].source.splitlines()[0]
    assert capstone.zh in first


def test_stray_names_finds_another_spelling():
    jiangyin = cases.BY_KEY["jiangyin"]
    assert stray_names("the Jiangyin joint venture (江阴中美合资公司)", jiangyin) == []
    found = stray_names("a joint venture in Jiangyin (江阴合资企业)", jiangyin)
    assert len(found) == 1 and "江阴合资企业" in found[0]
