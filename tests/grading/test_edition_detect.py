"""Which edition a submission is graded as (course.grading.editions), without nbgrader: the cells decide, the
notebook's claim only when the cells cannot; every odd claim is flagged. Plus the parts of feedback and report
that depend on the edition: Chinese question titles, the page's words, and one message across two editions."""

from __future__ import annotations

import nbformat
import pytest
from support import bilingual
from support.course import REPO

from course import i18n
from course.grading import cells, editions, feedback, preflight

A = "01-why-customers-complain"


@pytest.fixture(scope="module")
def pair():
    en = nbformat.read(REPO / "solutions" / A / f"{A}.ipynb", as_version=4)
    zh, _real = bilingual.zh_source(A)
    return en, zh


def test_each_edition_is_recognised_by_its_cells(pair):
    en, zh = pair
    refs = {"en": en, "zh": zh}
    assert editions.detect(en, refs).edition == "en" and not editions.detect(en, refs).flags
    found = editions.detect(zh, refs)
    assert (found.edition, found.claimed, found.flags) == ("zh", "'zh'", ())


@pytest.mark.parametrize("value, shown", [("fr", "'fr'"), (["zh"], "['zh']"), (7, "7"), ("", "''"),
                                          ("zh/../../etc", "'zh/../../etc'")])
def test_an_odd_value_falls_back_to_the_cells_and_is_flagged(pair, value, shown):
    en, zh = pair
    for nb, edition in ((en, "en"), (zh, "zh")):
        found = editions.detect(bilingual.claim(nb, value), {"en": en, "zh": zh})
        assert found.edition == edition, (value, edition)
        assert len(found.flags) == 1 and f"is {shown}, not one of en, zh" in found.flags[0], found.flags


def test_a_claim_the_cells_contradict_is_overruled_and_flagged(pair):
    en, zh = pair
    refs = {"en": en, "zh": zh}
    forged = editions.detect(bilingual.claim_zh(en), refs)
    assert forged.edition == "en" and "its locked cells are the English edition's" in forged.flags[0]
    stripped = nbformat.reads(nbformat.writes(zh), as_version=4)
    del stripped.metadata["course"]
    found = editions.detect(stripped, refs)
    assert found.edition == "zh" and "no edition metadata" in found.flags[0]


def test_a_claimed_edition_the_assignment_lacks_is_graded_as_english_and_flagged(pair):
    en, zh = pair
    found = editions.detect(zh, {"en": en}, unavailable={"zh": "its Chinese notebook has other nbgrader cells"})
    assert found.edition == "en" and "its Chinese notebook has other nbgrader cells" in found.flags[0]
    assert "has no Chinese edition" in editions.detect(zh, {"en": en}).flags[0]


def test_edited_or_mixed_locked_cells_of_the_chinese_edition_are_flagged(pair):
    en, zh = pair
    refs = {"en": en, "zh": zh}
    found = editions.detect(bilingual.edit_locked(zh), refs)
    assert found.edition == "zh"
    assert any("locked cells edited (q1_test, setup)" in f for f in found.flags), found.flags
    mixed = nbformat.reads(nbformat.writes(zh), as_version=4)
    mixed.cells[cells.index_of(mixed, "q1_text")].source = cells.by_grade_id(en)["q1_text"].source
    found = editions.detect(mixed, refs)
    assert found.edition == "zh" and any("another edition (q1_text)" in f for f in found.flags), found.flags
    # an English notebook with an edited locked cell stays what nbgrader always did: restored, not flagged
    assert not editions.detect(bilingual.edit_locked(en), refs).flags


def test_the_record_replaces_whatever_the_trainee_put_in_the_metadata(pair):
    en, zh = pair
    nb = bilingual.claim(zh, "zh")
    nb.metadata["course"]["integrity"] = []  # a forged "nothing seen"
    nb.metadata["course"]["feedback"] = {"kind": "passed"}
    found = editions.detect(nb, {"en": en, "zh": zh})
    editions.mark(nb, found)
    assert nb.metadata["course"] == {"lang": "zh", "edition_flags": []}
    assert editions.graded_edition(nb) == "zh" and editions.graded_edition(en) == "en"


def test_an_edition_with_other_nbgrader_cells_is_not_usable(tmp_path, pair):
    en, zh = pair
    bad = nbformat.reads(nbformat.writes(zh), as_version=4)
    cells.by_grade_id(bad)["q1_test"].metadata["nbgrader"]["points"] = 5
    for edition, nb in (("en", en), ("zh", bad)):
        folder = editions.folder(tmp_path, A, edition)
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{A}.ipynb")
    refs, unavailable = editions.usable(editions.folders(tmp_path, A), A)
    assert list(refs) == ["en"] and "other nbgrader cells" in unavailable["zh"]
    with pytest.raises(FileNotFoundError, match="grading needs the source notebook"):
        editions.sources(tmp_path / "nowhere", "solutions", A, A)


def test_preflight_puts_a_deleted_cell_back_in_the_trainees_language(tmp_path, pair):
    en, zh = pair
    rel = {}
    for edition, nb in (("en", en), ("zh", zh)):
        folder = editions.folder(tmp_path / "exercises", A, edition)
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{A}.ipynb")
        rel[edition] = folder
    handed = nbformat.reads(nbformat.writes(zh), as_version=4)
    del handed.cells[cells.index_of(handed, "q2a_test")]
    (tmp_path / "sub").mkdir()
    nbformat.write(handed, tmp_path / "sub" / f"{A}.ipynb")
    pre = preflight.stage_submission(tmp_path / "sub", tmp_path / "staged", [A], rel)
    assert pre.ok and any("q2a_test was deleted" in n for n in pre.notes)
    staged = nbformat.read(tmp_path / "staged" / f"{A}.ipynb", as_version=4)
    assert cells.by_grade_id(staged)["q2a_test"].source == cells.by_grade_id(zh)["q2a_test"].source
    assert not any("was edited" in n for n in pre.notes)  # the Chinese test cells were compared with Chinese ones


def test_nbgrader_source_cells_of_an_edition_are_what_generate_assignment_records(pair):
    en, zh = pair
    got = editions.source_cells(zh, edition="zh")
    assert set(got) == set(cells.by_grade_id(zh))
    assert got["q1_test"].source == cells.by_grade_id(zh)["q1_test"].source  # hidden tests kept, as in the db
    assert got["q1"].source == editions.STUBS["zh"]["code"] and got["setup"].locked and not got["q1"].locked
    assert got["w1"].source == editions.STUBS["zh"]["text"]
    assert editions.source_cells(en)["q1"].source.startswith("# YOUR CODE HERE")
    assert got["intro"].checksum and got["intro"].checksum != editions.source_cells(en)["intro"].checksum


# ------------------------------------------------------------------------------------------------ feedback
@pytest.mark.parametrize("heading, title", [
    ("## Q1. 承诺多常被打破？（1 分）", "Q1 承诺多常被打破？"),
    ("## Q2. 被部门间踢皮球（2 分：1 + 1）", "Q2 被部门间踢皮球"),
    ("## 问题 3：哪家门店最常失信（3 分）", "Q3 哪家门店最常失信"),
    ("## 第 4 题 · SERVQUAL 差距（3 分）", "Q4 SERVQUAL 差距"),
    ("## W1. 给客户回信（4 分，由讲师评分）", "W1 给客户回信"),
    ("## Q5. One weighted score (2 points)", "Q5 One weighted score"),
])
def test_chinese_question_headings_give_titles(heading, title):
    assert feedback.heading_title(heading) == title


def test_the_feedback_words_follow_the_language():
    with i18n.language("zh"):
        zh = feedback.page_words(), feedback.verdict("wrong"), feedback.hidden_failure(), feedback.timeout_text(10)
        part = feedback.label("q2a_test", "Q2 题目")
    en = feedback.page_words(), feedback.verdict("wrong"), feedback.hidden_failure(), feedback.timeout_text(10)
    assert en[1:3] == ("not right yet", feedback.HIDDEN_FAILURE) and zh[1] == "还不对"
    assert set(en[0]) == set(zh[0]) == set(feedback.PAGE_WORDS)
    assert all(zh[0][k] != en[0][k] for k in en[0]), "every word of the page has its Chinese"
    assert "10" in zh[3] and "秒" in zh[3] and part == "Q2 题目（第 a 部分）"


EN_TEST = '''_mistakes = {"q1: counted the open tickets too.": 1, "q1: this is the share KEPT.": 2}
for _msg, _v in _mistakes.items():
    assert _x != _v, _msg
assert _x == _exp, f"q1: {_x:.3f} is not the breach rate of {len(_r)} tickets yet."'''
ZH_TEST = '''_mistakes = {"q1：把未结工单也算进去了。": 1, "q1：这是兑现的比例。": 2}
for _msg, _v in _mistakes.items():
    assert _x != _v, _msg
assert _x == _exp, f"q1：{len(_r)} 张工单的超时率不是 {_x:.3f}。"'''


@pytest.mark.parametrize("message, twin", [
    ("q1: this is the share KEPT.", "q1：这是兑现的比例。"),
    ("q1: 0.412 is not the breach rate of 812 tickets yet.", "q1：812 张工单的超时率不是 0.412。"),
    ("a library's own words", "a library's own words"),
])
def test_one_message_in_another_edition(message, twin):
    assert feedback.counterpart_message(message, EN_TEST, ZH_TEST) == twin
    if twin != message:
        assert feedback.counterpart_message(twin, ZH_TEST, EN_TEST) == message
