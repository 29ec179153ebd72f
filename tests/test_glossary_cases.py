"""One Chinese name per case, one Chinese term per concept: the table in course/cases.py, the glossary rows, and
what both editions of the lessons, the exercises (nbgrader sources) and the self-checks say.

A native reader catches a firm that is 萧山纺织公司 in the lesson and 萧山纺织企业 in the exercise. Every place one
of a case's stems (江阴, 萧山, 智虹, 钢铁贸易, ...) appears, it must be part of the case's one Chinese name. The
Chinese editions (lessons/zh/, solutions/zh/) are read as they exist: a notebook not written yet is skipped, and
the tests run again over it once it is there. A term the English lesson uses appears in the Chinese lesson under
its glossary name (term_zh), and no known ad-hoc variant of a glossary term appears anywhere in Chinese.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po

from course import cases, glossary, syllabus

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "course" / "glossary.csv"
CATALOG = ROOT / "course" / "locale" / "zh_CN" / "LC_MESSAGES" / "selfcheck.po"


def lesson_text(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def catalog_chinese(path: Path = CATALOG) -> str:
    """The Chinese of the self-checks (every msgstr of the selfcheck catalog)."""
    with path.open("rb") as f:
        return "\n".join(m.string for m in read_po(f) if m.id and isinstance(m.string, str))


EN_LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
ZH_LESSONS = sorted((ROOT / "lessons" / "zh").glob("*.ipynb"))
EN_SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9]*/*.ipynb"))
ZH_SOLUTIONS = sorted((ROOT / "solutions" / "zh").glob("*/*.ipynb"))
ZH_NOTEBOOKS = ZH_LESSONS + ZH_SOLUTIONS

SOURCES = {rel(p): lesson_text(p) for p in EN_LESSONS + ZH_LESSONS + EN_SOLUTIONS + ZH_SOLUTIONS}
SOURCES |= {rel(p): p.read_text(encoding="utf-8") for p in sorted((ROOT / "course" / "selfcheck").glob("lesson*.py"))}
SOURCES[rel(CATALOG)] = catalog_chinese()
SOURCES[rel(GLOSSARY)] = GLOSSARY.read_text(encoding="utf-8")


def stray_names(text: str, case: cases.Case) -> list[str]:
    """Every spelling around one of the case's stems that is not inside its one Chinese name."""
    covered = set()
    for m in re.finditer(re.escape(case.zh), text):
        covered.update(range(m.start(), m.end()))
    stray, seen = [], set()
    for stem in case.stems:
        for m in re.finditer(re.escape(stem), text):
            if m.start() not in covered and m.start() not in seen:
                seen.update(range(m.start(), m.end()))
                stray.append(text[max(0, m.start() - 8): m.end() + 8].replace("\n", " "))
    return stray


def test_the_case_table_is_consistent():
    keys = [c.key for c in cases.CASES]
    assert len(set(keys)) == len(keys) and set(cases.BY_KEY) == set(keys)
    for c in cases.CASES:
        assert c.stem == c.stems[0] and c.stem in c.zh, f"{c.key}: the stem {c.stem!r} is not part of {c.zh!r}"
        for stem in c.stems:
            assert not [o.key for o in cases.CASES if o is not c and stem in o.zh], f"{c.key}: {stem!r} shared"
        assert 1 <= c.module <= 8
        assert re.search(r"[\u4e00-\u9fff]", c.about_zh) and c.about_zh != c.about
    assert cases.zh("jiangyin") == "江阴中美合资公司"
    assert cases.label("zhihong", "en") == "Zhihong (智虹公司)" and cases.label("zhihong", "zh") == "智虹公司"
    assert cases.name("xiaoshan", "en") == "Xiaoshan textile firm" and cases.name("xiaoshan", "zh") == "萧山纺织公司"
    assert cases.about("jiangyin", "zh") == cases.BY_KEY["jiangyin"].about_zh


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.key)
def test_the_glossary_names_each_case_as_the_table_does(case):
    g = glossary.load().set_index("term_en")
    assert case.en in g.index, f"glossary.csv has no row for {case.en!r}"
    row = g.loc[case.en]
    assert (row["term_zh"], row["pinyin"], row["module"]) == (case.zh, case.pinyin, case.module)
    assert (row["definition"], row["definition_zh"]) == (case.about, case.about_zh), \
        f"glossary.csv row {case.en!r}: its definitions must be the case's `about` and `about_zh` in course/cases.py"
    assert glossary.lookup(case.zh)["term_en"] == case.en


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.key)
def test_lessons_exercises_and_self_checks_use_the_one_chinese_name(case):
    stray = {path: found for path, text in SOURCES.items() if (found := stray_names(text, case))}
    assert not stray, f"{case.key} is spelled other than {case.zh} (course/cases.py); write {case.zh}: {stray}"
    module = syllabus.by_id(case.module)
    for lesson in (module.lesson, f"lessons/zh/{module.id}.ipynb"):
        if lesson in SOURCES:
            assert case.zh in SOURCES[lesson], f"{lesson} never gives {case.en} its Chinese name {case.zh}"


def test_the_capstone_title_is_the_syllabus_title():
    capstone = cases.BY_KEY["capstone"]
    module = syllabus.by_id(8)
    assert module.title_zh == capstone.zh and module.title == capstone.en
    for path in (ROOT / module.lesson, ROOT / "lessons" / "zh" / f"{module.id}.ipynb"):
        if path.exists():
            first = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
            assert capstone.zh in first, f"{rel(path)}: the title must carry {capstone.zh!r}, not {first!r}"


def test_stray_names_finds_another_spelling():
    jiangyin, steel = cases.BY_KEY["jiangyin"], cases.BY_KEY["steel_trader"]
    assert stray_names("the Jiangyin joint venture (江阴中美合资公司)", jiangyin) == []
    found = stray_names("a joint venture in Jiangyin (江阴合资企业)", jiangyin)
    assert len(found) == 1 and "江阴合资企业" in found[0]
    assert stray_names("香港钢铁贸易公司的客户买了很多钢材;钢材贸易的毛利很薄", steel) == []
    assert len(stray_names("A Hong Kong steel trader (香港钢材贸易商)", steel)) == 1  # once, whichever stem
    assert stray_names("这家钢贸公司", steel) and stray_names("那家钢铁贸易公司", steel)


# --- glossary terms in Chinese ------------------------------------------------------------------------------------

def en_form(term_en: str) -> str:
    """What an English text says for a term: its name without the bracketed parts, lower case."""
    return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", "", term_en)).strip().lower()


def zh_forms(term_zh: str) -> list[str]:
    """What a Chinese text must say for a term: its glossary name without bracketed parts, each part of a list
    ('保留 / 修复 / 放弃') on its own."""
    bare = re.sub(r"[(\uff08][^)\uff09]*[)\uff09]", "", term_zh)
    return [p.strip() for p in bare.split("/") if p.strip()]


VARIANTS = {
    "二八定律": "二八法则", "顾客就是上帝": "顾客是上帝", "终生价值": "客户终身价值", "服务恢复": "服务补救",
    "分配公正": "结果公平", "程序公正": "程序公平", "互动公正": "互动公平", "交互公平": "互动公平",
    "质量缺口": "服务质量差距", "部门间推诿": "部门之间推诿", "钱包占有率": "钱包份额", "鲸形曲线": "鲸鱼曲线",
    "客户解雇": "解雇客户", "客户维系率": "客户保留", "连带流失": "连锁流失", "谈判砝码": "谈判筹码",
}
"""Ad-hoc Chinese for a glossary concept -> the glossary's term_zh to write instead."""


def test_the_variant_list_points_at_glossary_terms():
    names = set(glossary.load()["term_zh"]) | {f for t in glossary.load()["term_zh"] for f in zh_forms(t)}
    assert all(any(target in n for n in names) for target in VARIANTS.values())
    assert not [v for v in VARIANTS if any(v in n for n in names)], "a variant is itself a glossary name"


CHINESE = {rel(p): lesson_text(p) for p in ZH_NOTEBOOKS}
CHINESE[rel(CATALOG)] = catalog_chinese()
CHINESE[rel(GLOSSARY) + " (definition_zh)"] = "\n".join(glossary.load()["definition_zh"])


@pytest.mark.parametrize("path", sorted(CHINESE))
def test_chinese_texts_use_no_ad_hoc_variant_of_a_term(path):
    found = {v: t for v, t in VARIANTS.items() if v in CHINESE[path]}
    assert not found, f"{path}: write the glossary's term (course/glossary.csv) instead of: {found}"


def missing_terms(english: str, chinese: str, module: int) -> dict[str, str]:
    """The module's terms the English text uses whose glossary Chinese the Chinese text never writes."""
    g = glossary.for_module(module)
    english = english.lower()
    return {t.term_en: t.term_zh for t in g.itertuples()
            if en_form(t.term_en) in english and not all(f in chinese for f in zh_forms(t.term_zh))}


def test_missing_terms_finds_a_term_under_another_name():
    assert missing_terms("Contagion spreads.", "客户之间会连锁流失。", 5) == {}
    assert missing_terms("Contagion spreads.", "流失会传染。", 5) == {"contagion": "连锁流失"}
    assert missing_terms("Nothing here.", "", 5) == {}
    assert zh_forms("集中度(赫芬达尔指数)") == ["集中度"] and zh_forms("保留 / 修复 / 放弃") == ["保留", "修复", "放弃"]


@pytest.mark.parametrize("path", ZH_LESSONS, ids=lambda p: p.stem)
def test_chinese_lessons_name_their_terms_as_the_glossary_does(path):
    """A term the English lesson uses appears in its Chinese edition under the glossary's Chinese name."""
    module = syllabus.by_id(path.stem)
    if module.number == 0:
        pytest.skip("the start page introduces no glossary terms")
    english = lesson_text(ROOT / module.lesson)
    missing = missing_terms(english, lesson_text(path), module.number)
    assert not missing, (f"{rel(path)}: the English lesson uses these terms, the Chinese one never writes their "
                         f"glossary names (course/glossary.csv term_zh): {missing}")


@pytest.mark.parametrize("module", [m for m in syllabus.LESSONS if m.number], ids=lambda m: m.id)
def test_chinese_self_checks_name_their_terms_as_the_glossary_does(module):
    from course import i18n
    from course.selfcheck import for_lesson

    questions = for_lesson(module.number)

    def texts(lang: str) -> str:
        with i18n.language(lang):
            out = []
            for q in questions.values():
                out.append(q.shown(q.prompt))
                out += list(q.shown_options()) if hasattr(q, "options") else [q.shown(q.too_low), q.shown(q.too_high)]
                out += [q.shown(q.why), *(q.shown(w) for w in getattr(q, "wrong", {}).values())]
            return "\n".join(out)

    missing = missing_terms(texts("en"), texts("zh"), module.number)
    assert not missing, f"lesson {module.number}'s Chinese self-checks (selfcheck.po) miss the glossary names {missing}"


def test_chinese_data_labels_use_the_glossary_terms():
    """A category of the Chinese data that is a glossary term (a root cause, a channel) is labelled with the
    term's glossary Chinese, so the chart and the lesson say the same."""
    zh = pytest.importorskip("course.datasets.zh")
    labels = dict(getattr(zh, "CODES", {}))
    for table in getattr(zh, "LABELS", {}).values():
        labels |= table
    g = glossary.load()
    terms = {en_form(t): z for t, z in zip(g["term_en"], g["term_zh"], strict=True)}
    wrong = {en: (zh_label, terms[en.lower()]) for en, zh_label in labels.items()
             if en.lower() in terms and terms[en.lower()] != zh_label}
    assert not wrong, f"course/datasets/zh.py labels glossary terms otherwise than glossary.csv (label, term_zh): {wrong}"


# --- the glossary itself ------------------------------------------------------------------------------------------

def test_every_term_has_a_chinese_definition():
    g = glossary.load()
    assert list(g.columns) == list(glossary.COLUMNS)
    han = re.compile(r"[\u4e00-\u9fff]")
    for row in g.itertuples():
        where = f"course/glossary.csv row {row.Index + 2} ({row.term_en})"
        assert han.search(row.definition_zh or ""), f"{where}: write definition_zh, the definition in Chinese"
        assert row.definition_zh != row.definition, f"{where}: definition_zh repeats the English"
        assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", row.definition_zh), \
            f"{where}: definition_zh holds an English phrase: {row.definition_zh}"
        assert not re.search(r"[\u4e00-\u9fff][,:;()]|[,:;(][\u4e00-\u9fff]", row.definition_zh), \
            f"{where}: use full-width punctuation in definition_zh"
        assert len(row.definition_zh) >= 10, f"{where}: definition_zh is too short to define anything"


def test_for_module_keeps_what_lessons_select_and_adds_the_chinese_definition():
    terms = glossary.for_module(2)
    assert list(terms[["term_en", "term_zh", "pinyin"]].columns) == ["term_en", "term_zh", "pinyin"]
    assert "definition_zh" in terms and terms["definition_zh"].str.len().gt(0).all()
    assert set(terms["module"]) == {2}


def test_definition_and_key_terms_follow_the_language():
    from course import i18n

    term = glossary.lookup("key account")
    assert glossary.definition(term, "en") == term["definition"]
    assert glossary.definition(term, "zh") == term["definition_zh"]
    with i18n.language("zh"):
        table = glossary.key_terms(4)
        assert list(table.columns) == ["术语", "英文", "拼音", "释义"] and "大客户" in set(table["术语"])
    assert list(glossary.key_terms(4, "en").columns) == ["term", "中文", "pinyin", "definition"]
    with i18n.language("zh"), pytest.raises(KeyError, match="匹配到 0 个词条"):
        glossary.lookup("zzz")
