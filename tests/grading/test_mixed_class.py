"""One class, two languages: `course grade` grades English and Chinese hand-ins of assignment 01 in one run, into
one gradebook, with equal marks for equal work and each trainee's feedback in their own language; forged edition
metadata gains nothing and is flagged; `course report` shows each trainee's edition, in either language.

The class: the same work mix (full, partial, one wrong answer, blank) handed in by English and Chinese trainees,
plus trainees who forge the edition (the Chinese claim on an English notebook, an unknown value, a value that is
not text, the English claim on a Chinese notebook, a Chinese notebook whose locked cells were edited). The
Chinese edition is the translators' (solutions/zh/01-…/) when it exists, else the stand-in of
tests/support/bilingual.py. A second, plain `nbgrader autograde` run grades a Chinese and then an English
trainee in one process: the language of the first must not leak into the second.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from support import bilingual, synthetic
from support.course import has_assignment, make_course, sandbox_option, solution_and_release
from support.specs import load_spec

from course import i18n
from course.cli import main
from course.grading import cells
from course.paths import env_for_tools

pytestmark = pytest.mark.nbgrader
A = "01-why-customers-complain"
FAST = ["--timeout", "60", "--cell-timeout", "30", "--no-progress", "--workers", "2"]
WORK = ("good", "partial", "wrong", "blank")  # the work mix each edition hands in
HAN = re.compile(r"[\u4e00-\u9fff]")


def run_cli(*argv: str) -> tuple[int, str]:
    """`course ...` in this process; `--lang` switches the session's language, put back afterwards."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), i18n.language(i18n.current()):
        code = main(list(argv))
    return code, out.getvalue()


def with_course(root: Path) -> tuple[Path, bool]:
    """A throw-away course with both editions of A (the committed Chinese release when the real source is there)."""
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    make_course(root, A)
    zh_release = bilingual.REPO / "exercises" / "zh" / A
    if bilingual.has_real_zh(A) and zh_release.is_dir():
        shutil.copytree(bilingual.REPO / "solutions" / "zh" / A, root / "solutions" / "zh" / A)
        shutil.copytree(zh_release, root / "exercises" / "zh" / A)
        return root, True
    return root, bilingual.add_zh_edition(root, A, stand_in=True)


def work(kind: str, sol, rel, wrong_q1: str):
    """One kind of work of the mix, on the notebooks of one edition."""
    if kind == "good":
        return sol
    if kind == "blank":
        return rel
    if kind == "partial":
        return nbformat.reads(synthetic.partial(sol, rel, 2).decode("utf-8"), as_version=4)
    out = nbformat.reads(nbformat.writes(sol), as_version=4)
    cells.by_grade_id(out)["q1"].source = wrong_q1
    return out


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root, real = with_course(tmp_path_factory.mktemp("mixed") / "course")
    sol, rel = synthetic.load_pair(*solution_and_release(A, root))
    zsol, zrel = bilingual.zh_solution(root, A), bilingual.zh_release(root, A)
    wrong_q1 = load_spec(A).WRONG["q1"]
    class_: dict[str, nbformat.NotebookNode] = {}
    for kind in WORK:
        class_[f"en-{kind}"] = work(kind, sol, rel, wrong_q1)
        class_[f"zh-{kind}"] = work(kind, zsol, zrel, wrong_q1)
    class_["forge-zh-on-en"] = bilingual.claim_zh(sol)         # an English notebook that says it is Chinese
    class_["forge-unknown"] = bilingual.claim(zsol, "fr")       # an edition that does not exist
    class_["forge-not-text"] = bilingual.claim(zsol, ["zh", "../../solutions"])
    class_["forge-en-on-zh"] = bilingual.claim(zsol, "en")      # a Chinese notebook that says it is English
    class_["forge-edited"] = bilingual.edit_locked(zrel)        # locked cells of the Chinese edition edited
    sub = root / "_work" / "submitted"
    for sid, nb in class_.items():
        synthetic.write_submission(sub, sid, A, A, nbformat.writes(nb).encode("utf-8"))
    before = i18n.current()
    code, out = run_cli("grade", A, "--root", str(root), *FAST, *sandbox_option())
    return {"root": root, "real": real, "code": code, "out": out, "students": list(class_),
            "language_after": i18n.current(), "language_before": before}


def rows(mixed) -> dict[str, dict]:
    with open(mixed["root"] / "_work" / "grades" / f"{A}.csv", newline="", encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def marks(row: dict) -> dict[str, str]:
    """The points per graded cell, the written answers included, and the total."""
    return {k: v for k, v in row.items() if re.match(r"^(q\d+[a-z]?_test|w\d+|score|max_score)$", k)}


def page(mixed, sid: str) -> str:
    return (mixed["root"] / "_work" / "feedback" / sid / A / f"{A}.html").read_text(encoding="utf-8")


def boxes(text: str) -> dict[str, tuple[str, str]]:
    """grade_id -> (verdict, message) of each question box of a feedback page."""
    out = {}
    for gid, body in re.findall(r'<div class="course-box [^"]*" id="course-([^"]+)">(.*?)</div>', text, re.S):
        verdict = re.search(r'<span class="course-verdict">(.*?)</span>', body, re.S)
        message = re.search(r'<p class="course-message">(.*?)</p>', body, re.S)
        out[gid] = (html.unescape(verdict.group(1)) if verdict else "",
                    html.unescape(message.group(1)) if message else "")
    return out


def test_one_run_grades_the_mixed_class_into_one_gradebook(mixed):
    from nbgrader.api import Gradebook

    assert mixed["code"] == 0, mixed["out"]
    got = rows(mixed)
    assert set(got) == set(mixed["students"])
    assert all(r["status"] == "graded" for r in got.values()), {s: r["reason"] for s, r in got.items()}
    with Gradebook(f"sqlite:///{mixed['root'] / '_work' / 'gradebook.db'}") as gb:
        assert [a.name for a in gb.assignments] == [A]  # one assignment, never a "zh" one
        assert len(gb.assignment_submissions(A)) == len(mixed["students"])
    for kind in WORK:
        assert (got[f"en-{kind}"]["edition"], got[f"zh-{kind}"]["edition"]) == ("en", "zh")
    assert mixed["language_after"] == mixed["language_before"]  # grading leaves the instructor's language alone


def test_equal_work_earns_equal_marks_in_either_edition(mixed):
    got = rows(mixed)
    for kind in WORK:
        assert marks(got[f"en-{kind}"]) == marks(got[f"zh-{kind}"]), kind
        # an untouched written answer is "not answered" in either edition (the Chinese stub is nbgrader's checksum)
        assert got[f"en-{kind}"]["needs_manual_grade"] == got[f"zh-{kind}"]["needs_manual_grade"], kind
    assert got["zh-blank"]["needs_manual_grade"] == "False"
    assert float(got["en-good"]["score"]) > float(got["en-partial"]["score"]) > float(got["en-blank"]["score"]) == 0
    assert float(got["en-wrong"]["q1_test"]) == 0 < float(got["en-good"]["q1_test"])


def test_each_trainee_reads_feedback_in_their_own_language(mixed):
    for kind in WORK:
        en, zh = page(mixed, f"en-{kind}"), page(mixed, f"zh-{kind}")
        assert '<html lang="en">' in en and '<html lang="zh-CN">' in zh, kind
        en_boxes, zh_boxes = boxes(en), boxes(zh)
        assert set(en_boxes) == set(zh_boxes) and en_boxes, kind
        for gid, (verdict, message) in zh_boxes.items():
            assert HAN.search(verdict), (kind, gid, verdict)
            assert not HAN.search(en_boxes[gid][0]), (kind, gid, en_boxes[gid])
            if message:  # the course's plain words and, for the real edition, the hidden tests' own messages
                assert HAN.search(message) or not mixed["real"], (kind, gid, message)
    wrong = boxes(page(mixed, "zh-wrong"))["q1_test"]
    assert wrong[0] == "还不对" and wrong[1], wrong  # the Chinese source's own message for this wrong answer
    assert boxes(page(mixed, "en-wrong"))["q1_test"][0] == "not right yet"


def test_forged_edition_metadata_gains_nothing_and_is_flagged(mixed):
    got = rows(mixed)
    same_as = {"forge-zh-on-en": "en-good", "forge-unknown": "zh-good", "forge-not-text": "zh-good",
               "forge-en-on-zh": "zh-good", "forge-edited": "zh-blank"}
    graded_as = {"forge-zh-on-en": "en", "forge-unknown": "zh", "forge-not-text": "zh", "forge-en-on-zh": "zh",
                 "forge-edited": "zh"}
    flagged = {"forge-zh-on-en": "its locked cells are the English edition's",
               "forge-unknown": "is 'fr', not one of en, zh",
               "forge-not-text": "is ['zh', '../../solutions'], not one of en, zh",
               "forge-en-on-zh": "its locked cells are the Chinese edition's",
               "forge-edited": "locked cells edited (q1_test, setup)"}
    for sid, honest in same_as.items():
        assert marks(got[sid]) == marks(got[honest]), (sid, got[sid])
        assert got[sid]["edition"] == graded_as[sid], sid
        assert flagged[sid] in got[sid]["flags"], (sid, got[sid]["flags"])
        assert f"  {sid}: " in mixed["out"].split("flagged (tampering seen")[1], sid
    for kind in WORK:  # honest trainees of either edition are never flagged
        assert not got[f"en-{kind}"]["flags"] and not got[f"zh-{kind}"]["flags"], kind
    # the edited Chinese notebook was restored from the Chinese source: its page is Chinese, the edit gone
    edited = page(mixed, "forge-edited")
    assert '<html lang="zh-CN">' in edited and "print(&#39;all good&#39;)" not in edited


def test_the_summary_and_the_report_show_each_trainees_edition(mixed):
    out = mixed["out"]
    n_en = sum(rows(mixed)[s]["edition"] == "en" for s in mixed["students"])
    assert f"editions: {n_en} English, {len(mixed['students']) - n_en} Chinese (zh: " in out
    code, text = run_cli("report", A, "--root", str(mixed["root"]))
    assert code == 0 and "editions handed in: English" in text
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("zh-good"))
    assert "Chinese" in line
    html_page = (mixed["root"] / "_work" / "reports" / f"{A}.html").read_text(encoding="utf-8")
    assert '<tr data-student="zh-good" class="graded" data-edition="zh">' in html_page
    # the English and the Chinese trainee with the same wrong answer count as one message, in either language
    for lang, word in (("en", "Class report"), ("zh", "班级报告")):
        code, text = run_cli("report", A, "--root", str(mixed["root"]), "--lang", lang)
        assert code == 0 and text.startswith(word), text[:80]
        if mixed["real"]:
            assert re.search(r"^\s+2 x\s+q1[:：]", text, re.M), text
    code, text = run_cli("report", A, "--root", str(mixed["root"]), "--lang", "fr")
    assert code != 0 and "'fr'" in text and "'zh'" in text


def test_plain_nbgrader_grades_a_chinese_then_an_english_trainee_each_in_their_language(tmp_path):
    """nbgrader autograde grades every trainee in one process: the Chinese trainee's language (set for the
    trusted tests) is put back before the English one is graded."""
    root, _real = with_course(tmp_path / "course")
    sol, _rel = synthetic.load_pair(*solution_and_release(A, root))
    sub = root / "_work" / "submitted"
    synthetic.write_submission(sub, "a-zh", A, A, nbformat.writes(bilingual.zh_solution(root, A)).encode())
    synthetic.write_submission(sub, "b-en", A, A, nbformat.writes(sol).encode())
    env = env_for_tools(COURSE_NBGRADER_ROOT=str(root), COURSE_DATA_DIR=str(bilingual.REPO / "data"))
    for step in (["generate_assignment", A, "--force"], ["autograde", A, "--force"]):
        proc = subprocess.run([sys.executable, "-m", "nbgrader", *step], cwd=root, env=env, capture_output=True,
                              text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    out = {}
    for sid in ("a-zh", "b-en"):
        nb = nbformat.read(root / "_work" / "autograded" / sid / A / f"{A}.ipynb", as_version=4)
        test = cells.by_grade_id(nb)["q1_test"]
        out[sid] = "".join(o.get("text", "") for o in test.outputs if o.get("output_type") == "stream")
        assert nb.metadata["course"]["lang"] == sid[-2:]
    assert HAN.search(out["a-zh"]) and not HAN.search(out["b-en"]), out  # passed("q1") in each one's language
