"""The pre/post test: two parallel bilingual forms covering every module, built into nbgrader notebooks whose key
is only in the hidden tests; marking that needs no code; a round trip through real nbgrader (the key gets full
marks, the blank release 0, a Chinese submission is graded as the Chinese edition); and the gains a report shows."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

from course import syllabus
from course.i18n import language
from course.trainer import assessment, marking
from tests.support.editions import differences
from tests.trainer.classroom import BLANK, CLASS, KEY, expected_percent

FORMS = assessment.forms()
ROOT = assessment.repo_root()
PAIRS = [(top, f) for top in ("solutions", "exercises") for f in assessment.FORMS]


def test_the_forms_keep_their_contract():
    assert assessment.problems(FORMS) == []
    for form in FORMS.values():
        qs = form["questions"]
        assert len(qs) >= 20
        assert {q["module"] for q in qs} == {m.number for m in syllabus.MODULES}
        assert {q["kind"] for q in qs} == set(assessment.KINDS)
    a, b = (FORMS[f]["questions"] for f in assessment.FORMS)
    assert [(q["module"], q["kind"]) for q in a] == [(q["module"], q["kind"]) for q in b], "the forms are parallel"


def test_problems_catches_a_broken_form():
    broken = json.loads(json.dumps(FORMS))
    form = broken["assessment-a"]
    form["questions"] = [q for q in form["questions"] if q["module"] != 8]
    form["questions"][0]["text"] = {"en": "English only"}
    found = "\n".join(assessment.problems(broken))
    assert "no question on module(s) [8]" in found and "needs en and zh" in found and "not parallel" in found


def test_the_key_is_spread_over_the_letters():
    letters = [v for f in FORMS.values() for v in assessment.key(f).values() if isinstance(v, str)]
    for x in "abcd":
        assert 0.15 <= letters.count(x) / len(letters) <= 0.35, f"{x}: {letters.count(x)} of {len(letters)}"


def test_the_committed_sources_are_built_from_the_yaml():
    assert assessment.write_sources(check=True) == [], "run `python -m course.trainer.assessment`"


@pytest.mark.parametrize("top,form", PAIRS)
def test_the_chinese_edition_has_the_same_code(top, form):
    en, zh = (assessment.source_path(ROOT, form, lang) if top == "solutions" else assessment.release_path(ROOT, form, lang)
              for lang in ("en", "zh"))
    assert differences(en, zh) == []


@pytest.mark.parametrize("form", assessment.FORMS)
@pytest.mark.parametrize("lang", assessment.LANGS)
def test_the_release_holds_no_key_and_blank_answers(form, lang):
    text = assessment.release_path(ROOT, form, lang).read_text(encoding="utf-8")
    nb = json.loads(text)
    assert "HIDDEN TESTS" not in text and "mark_choice(q" not in text and "mark_number(q" not in text
    answers = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and "nbgrader" not in c["metadata"]]
    assert len(answers) == len(FORMS[form]["questions"])
    assert all(re.match(r'^q\d+ = (""|None)   #', a) for a in answers), answers[:3]
    source = assessment.source_path(ROOT, form, lang).read_text(encoding="utf-8")
    assert source.count("### BEGIN HIDDEN TESTS") == len(FORMS[form]["questions"])


@pytest.mark.parametrize("lang", assessment.LANGS)
def test_the_blank_release_runs_top_to_bottom_and_says_what_is_missing(lang):
    """What a trainee (or the self-study site's harness) sees on running every cell: no error, a note per question."""
    nb = json.loads(assessment.release_path(ROOT, "assessment-a", lang).read_text(encoding="utf-8"))
    ns: dict = {}
    out = io.StringIO()
    with language(lang), contextlib.redirect_stdout(out):
        for c in nb["cells"]:
            if c["cell_type"] == "code":
                exec("".join(c["source"]), ns)  # noqa: S102 (the course's own notebook)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(FORMS["assessment-a"]["questions"])
    assert ("not answered yet" if lang == "en" else "还没有作答") in lines[0]


def test_marking_reads_letters_and_numbers_as_people_write_them():
    for v in ("b", " B ", "(b)", "b)", "B.", "b。"):
        assert marking.choice_of(v) == "b", v
    for v in ("", "e", "ab", 2, None, "bb"):
        assert marking.choice_of(v) is None, v
    assert [marking.number_of(v) for v in (23, 23.0, "23", "23%", "1,500", " 1500 ")] == [23, 23, 23, 23, 1500, 1500]
    for v in (None, True, "", "abc", float("nan")):
        assert marking.number_of(v) is None, v
    marking.mark_choice("(c)", "c", qid="q1")
    marking.mark_number("1,285.9", 1285.7, 1, qid="q2")
    for call in (lambda: marking.mark_choice("a", "c", qid="q1"), lambda: marking.mark_choice("", "c", qid="q1"),
                 lambda: marking.mark_number(1300, 1285.7, 1, qid="q2")):
        with pytest.raises(AssertionError):
            call()


def test_the_visible_check_never_tells_right_from_wrong(capsys):
    marking.recorded("a", "choice", qid="q1")
    marking.recorded("d", "choice", qid="q1")
    right, wrong = capsys.readouterr().out.splitlines()
    assert right.replace("'a'", "X") == wrong.replace("'d'", "X")
    marking.recorded("x", "choice", qid="q1")
    marking.recorded("lots", "number", qid="q2")
    assert capsys.readouterr().out.count("scores 0") == 2


@pytest.mark.slow
@pytest.mark.nbgrader
def test_the_committed_releases_are_what_nbgrader_makes():
    assert assessment.release(check=True) == [], "run `python -m course.trainer.assessment`"


# ------------------------------------------------------------------------------------------ the test class
def _rows(test_class, form):
    from course.grading.layout import open_course
    from course.grading.results import collect_rows

    return {r["student_id"]: r for r in collect_rows(open_course(test_class, form))}


@pytest.mark.slow
@pytest.mark.nbgrader
@pytest.mark.parametrize("form", assessment.FORMS)
def test_round_trip_key_full_marks_blank_zero(test_class, form):
    rows = _rows(test_class, form)
    n = len(FORMS[form]["questions"])
    assert rows[KEY]["score"] == n == rows[KEY]["max_score"], "the key must get full marks"
    assert rows[BLANK]["score"] == 0, "the blank release must score 0"
    for sid, (edition, _name, plan) in CLASS.items():
        if plan[form] is None:
            assert sid not in rows
            continue
        assert rows[sid]["status"] == "graded" and rows[sid]["edition"] == edition, sid
        assert rows[sid]["percent"] == pytest.approx(expected_percent(sid, form)), sid


@pytest.mark.slow
@pytest.mark.nbgrader
def test_gains_per_trainee_and_per_module(test_class):
    g = assessment.from_gradebook(test_class)
    by = g.trainees.set_index("student_id")
    for sid in CLASS:
        pre, post = expected_percent(sid, "assessment-a"), expected_percent(sid, "assessment-b")
        want = None if pre is None or post is None else post - pre
        got = by.loc[sid, "gain"]
        assert (got != got and want is None) or got == pytest.approx(want), sid
    both = [s for s in CLASS if all(CLASS[s][2][f] is not None for f in assessment.FORMS)]
    for m in syllabus.MODULES:
        def share(sid, form, number=m.number):
            right = CLASS[sid][2][form]
            return 100.0 if right == "all" or number in right else 0.0
        want = sum(share(s, "assessment-b") - share(s, "assessment-a") for s in both) / len(both)
        assert g.modules.loc[m.number, "gain"] == pytest.approx(round(want, 1)), m.id
        assert g.modules.loc[m.number, "trainees"] == len(both)
    text, page = assessment.report_section(test_class)
    assert "Pre/post test: assessment-a before, assessment-b after" in text
    assert re.search(r"Amy Adams\s+25\.0\s+87\.5\s+\+62\.5", text)
    assert 'id="module-gains"' in page and 'data-student="ben"' in page and "+62.5" in page


def test_the_pre_and_post_forms_come_from_the_configuration(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(
        'c = get_config()\nc.Assessment.pre = "assessment-b"\nc.Assessment.post = "assessment-a"\n', encoding="utf-8")
    cfg = assessment.config_of(tmp_path)
    assert (cfg.pre, cfg.post) == ("assessment-b", "assessment-a")
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    assert (assessment.config_of(tmp_path).pre, assessment.config_of(tmp_path).post) == assessment.FORMS


@pytest.mark.slow
@pytest.mark.nbgrader
def test_course_report_shows_the_gains(test_class, tmp_path):
    """`course report` on the post-test (course.grading.api.report) carries the gains section."""
    from course.grading import api

    done = api.report("assessment-b", test_class, output=tmp_path / "report.html")
    assert "Pre/post test: assessment-a before, assessment-b after" in done.text
    page = done.html_path.read_text(encoding="utf-8")
    assert 'id="module-gains"' in page and 'id="trainee-gains"' in page
    plain = api.report("01-why-customers-complain", test_class, output=tmp_path / "r01.html")
    assert "Pre/post test" not in plain.text
