"""Every exercise in solutions/, in both editions, round-tripped through REAL nbgrader commands in a temporary
course directory.

Per assignment, one course directory holds the whole "class": the solution, the untouched release, the
ALTERNATIVE answers, a correct notebook that writes warnings to stderr, and one notebook per WRONG answer
(tests/exercises/specs/<id>.py), each as a separate student. When the assignment has a Chinese edition
(solutions/zh/<id>/), its release is generated as `course exercises` does (nbgrader, --no-db) and the same
variants of the Chinese notebook join the class as students `zh-solution`, `zh-blank`, `zh-wrong_q1`, ... (the
warning variant tests the pipeline, not the edition: English only). One `nbgrader autograde <id>` grades them
all into one gradebook and one `nbgrader generate_feedback <id>` writes their feedback; the tests, parametrised
by edition, then read the gradebook and the HTML. A spec may give ZH_WRONG / ZH_ALTERNATIVE answers that replace
the English ones for the Chinese edition (where its data speaks Chinese). Static checks on the notebooks
(structure, points, hints, clean cells) are in test_conventions.py; the releases' leak checks in test_releases.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from support.course import make_course
from support.exercises import IDS, ROOT, auto_tests, solution_path
from support.specs import load_spec

from course.grading import cells
from course.grading.release import compare, fix_hint, generate_edition
from course.paths import env_for_tools

EDITIONS = ("en", "zh")

MARKER = "[course-test: warning hook ran]"
# Prepended to the first answer cell of the "warning" student: from then on every cell, the graded test cells
# included, writes a FutureWarning to stderr (as pandas does) and a marker line to stdout.
WARNING_HOOK = f'''
import warnings as _w

def _course_warn(*_args):
    print({MARKER!r})
    with _w.catch_warnings():
        _w.simplefilter("always")
        _w.warn("this default will change in a future version of pandas", FutureWarning, stacklevel=1)

get_ipython().events.register("pre_run_cell", _course_warn)
'''


# --------------------------------------------------------------------------------------------- helpers
def with_answers(nb, answers: dict[str, str]):
    """A copy of `nb` whose answer cells (grade_id = question id) hold the given code."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    by_id = cells.by_grade_id(nb)
    for qid, code in answers.items():
        assert qid in by_id and cells.is_solution(by_id[qid]), \
            f"spec names {qid!r}, but the notebook has no answer cell with grade_id {qid!r}"
        by_id[qid].source = code.strip("\n")
    return nb


def run_env(course: Path) -> dict[str, str]:
    return env_for_tools(COURSE_NBGRADER_ROOT=str(course), COURSE_DATA_DIR=str(ROOT / "data"))


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=run_env(course),
                          capture_output=True, text=True, timeout=900)


def html_text(path: Path) -> str:
    """The visible text of an HTML file: tags removed (syntax highlighting splits code into spans)."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(style|script)\b.*?</\1>", "", raw, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


def zh_solution_path(aid: str) -> Path:
    """The Chinese edition's source of an assignment (written by the translators; it may not exist yet).
    COURSE_TEST_ZH_SOURCES may point at another folder of <id>/<id>.ipynb (drafts, before they are in the repo)."""
    base = Path(os.environ["COURSE_TEST_ZH_SOURCES"]) if os.environ.get("COURSE_TEST_ZH_SOURCES") \
        else ROOT / "solutions" / "zh"
    return base / aid / f"{aid}.ipynb"


def student(edition: str, variant: str) -> str:
    """The student id of a variant in an edition: 'solution', 'zh-solution'."""
    return variant if edition == "en" else f"{edition}-{variant}"


def edition_of(sid: str) -> str:
    """The edition of a round-trip student: 'zh' for zh-solution, zh-wrong_q1, ...; else 'en'."""
    return sid.split("-", 1)[0] if sid.split("-", 1)[0] in EDITIONS[1:] else "en"


def answers_for(spec, edition: str, name: str) -> dict[str, str]:
    """The spec's WRONG or ALTERNATIVE answers for an edition (ZH_WRONG / ZH_ALTERNATIVE replace some in zh)."""
    answers = dict(getattr(spec, name))
    if edition != "en":
        answers.update(getattr(spec, f"{edition.upper()}_{name}", {}))
    return answers


@dataclass
class Run:
    aid: str
    course: Path
    spec: object
    tests: dict[str, tuple[str, float]]
    students: list[str]
    autograde: subprocess.CompletedProcess
    feedback: subprocess.CompletedProcess
    validate: subprocess.CompletedProcess
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    editions: tuple[str, ...] = ("en",)
    seconds: dict[str, float] = field(default_factory=dict)

    def need(self, edition: str) -> None:
        """Skip a test of an edition this assignment does not have yet."""
        if edition not in self.editions:
            pytest.skip(f"{self.aid}: no Chinese edition yet (solutions/zh/{self.aid}/{self.aid}.ipynb)")

    def source(self, edition: str) -> Path:
        return solution_path(self.aid) if edition == "en" else zh_solution_path(self.aid)

    def log(self, proc: subprocess.CompletedProcess) -> str:
        """The tail of nbgrader's output, preceded by its first traceback (which the tail often cuts off)."""
        lines = (proc.stdout + proc.stderr).splitlines()
        first = next((i for i, line in enumerate(lines) if "Traceback" in line), None)
        head = lines[first:first + 40] + ["..."] if first is not None and first < len(lines) - 60 else []
        return "\n".join(head + lines[-60:])


@pytest.fixture(scope="session")
def all_runs(request, tmp_path_factory) -> dict[str, Future]:
    """Start the round trip of every assignment the selected tests need, one after another in the background
    (two at once was faster on 2 cores but failed once in a fresh-clone run for a reason not found: kept serial)."""
    needed = [aid for aid in IDS if any(getattr(item, "callspec", None) and item.callspec.params.get("run") == aid
                                        for item in request.session.items)]
    pool = ThreadPoolExecutor(max_workers=1)
    futures = {aid: pool.submit(build_run, aid, tmp_path_factory.mktemp(f"course-{aid[:2]}")) for aid in needed}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module", params=IDS)
def run(request, all_runs) -> Run:
    """The finished round trip of one assignment."""
    return all_runs[request.param].result()


def variants_of(sol, rel, spec, edition: str, warning: bool) -> dict[str, nbformat.NotebookNode]:
    """The class of one edition: student id -> notebook (solution, blank, alternative, [warning,] wrong_<q>)."""
    first_answer = cells.answer_ids(sol)[0]
    out = {
        student(edition, "solution"): sol,
        student(edition, "blank"): rel,
        student(edition, "alternative"): with_answers(sol, answers_for(spec, edition, "ALTERNATIVE")),
    }
    if warning:
        out[student(edition, "warning")] = with_answers(
            sol, {first_answer: WARNING_HOOK + "\n" + cells.by_grade_id(sol)[first_answer].source})
    for qid, code in answers_for(spec, edition, "WRONG").items():
        out[student(edition, f"wrong_{qid}")] = with_answers(sol, {qid: code})
    return out


def build_run(aid: str, course: Path) -> Run:
    """Set up one course directory for an assignment, release both editions, submit every variant of each,
    autograde them in one run, write their feedback."""
    import time

    spec = load_spec(aid)
    make_course(course, aid, release=False)
    editions = ("en", "zh") if zh_solution_path(aid).is_file() else ("en",)
    seconds: dict[str, float] = {}

    gen = nbgrader(course, "generate_assignment", aid, "--force")
    assert gen.returncode == 0, f"nbgrader generate_assignment {aid} failed:\n{gen.stdout}{gen.stderr}"
    releases = {"en": course / "exercises" / aid / f"{aid}.ipynb"}
    if "zh" in editions:
        t0 = time.monotonic()
        (course / "solutions" / "zh" / aid).mkdir(parents=True)
        shutil.copy(zh_solution_path(aid), course / "solutions" / "zh" / aid / f"{aid}.ipynb")
        generate_edition(course, course / "exercises" / "zh", "zh", [aid])  # what `course exercises` runs
        releases["zh"] = course / "exercises" / "zh" / aid / f"{aid}.ipynb"
        seconds["zh release"] = time.monotonic() - t0

    sol = nbformat.read(solution_path(aid), as_version=4)
    variants: dict[str, nbformat.NotebookNode] = {}
    for edition in editions:
        src = nbformat.read(solution_path(aid) if edition == "en" else zh_solution_path(aid), as_version=4)
        rel = nbformat.read(releases[edition], as_version=4)
        variants.update(variants_of(src, rel, spec, edition, warning=edition == "en"))
    for sid, nb in variants.items():
        dest = course / "_work" / "submitted" / sid / aid / f"{aid}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, dest)

    # validate (solution, then the blank release) runs in parallel with autograde: the machine has 2 cores. The
    # English edition only: `nbgrader validate` is the same for both, and the Chinese solution's full marks and
    # blank's zero are shown by autograde itself
    validate = subprocess.Popen(
        [sys.executable, "-m", "nbgrader", "validate", str(solution_path(aid)), str(releases["en"])],
        cwd=course, env=run_env(course), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    auto = nbgrader(course, "autograde", aid, "--force")
    seconds["autograde"] = time.monotonic() - t0
    t0 = time.monotonic()
    feed = nbgrader(course, "generate_feedback", aid, "--force")
    seconds["feedback"] = time.monotonic() - t0
    out, err = validate.communicate(timeout=900)
    result = Run(aid, course, spec, auto_tests(sol), list(variants), auto, feed,
                 subprocess.CompletedProcess(validate.args, validate.returncode, out, err), editions=editions,
                 seconds=seconds)

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / '_work' / 'gradebook.db'}") as gb:
        for student in variants:
            try:
                nb = gb.find_submission_notebook(aid, aid, student)
            except Exception:  # noqa: BLE001 - a missing submission is reported by the tests below
                continue
            result.scores[student] = {g.name: g.auto_score for g in nb.grades}
    return result


def lost(run: Run, student: str) -> dict[str, float]:
    """Auto-graded cells where `student` did not get full marks: grade_id -> points lost."""
    assert student in run.scores, f"{run.aid}: no grades for {student}; autograde log:\n{run.log(run.autograde)}"
    got = run.scores[student]
    return {gid: pts - (got.get(gid) or 0.0) for gid, (_q, pts) in run.tests.items()
            if (got.get(gid) or 0.0) < pts - 1e-9}


# ------------------------------------------------------------------------------------- nbgrader round trips
@pytest.mark.nbgrader
@pytest.mark.parametrize("edition", EDITIONS)
def test_release_is_what_nbgrader_generates(run: Run, edition: str) -> None:
    """The committed exercises/<id>/ (and exercises/zh/<id>/) is byte for byte a fresh `nbgrader
    generate_assignment`, compared as `course exercises --check` compares (what JupyterLab leaves there, e.g.
    .ipynb_checkpoints/, is ignored)."""
    run.need(edition)
    where = run.aid if edition == "en" else f"{edition}/{run.aid}"
    assert (ROOT / "exercises" / where).is_dir(), f"exercises/{where}/ is missing: run `course exercises`"
    assert (run.course / "exercises" / where / f"{run.aid}.ipynb").is_file(), where  # something to compare
    diff = [d for d in compare(run.course / "exercises", ROOT / "exercises") if d.path.startswith(f"{where}/")]
    assert not diff, (f"exercises/{where}/ is not what nbgrader generates from solutions/: {fix_hint(diff)}\n"
                      + "\n".join(f"  exercises/{d.describe()}" for d in diff))


@pytest.mark.nbgrader
def test_autograde_runs_for_every_student(run: Run) -> None:
    assert run.autograde.returncode == 0, run.log(run.autograde)
    assert set(run.scores) == set(run.students), run.log(run.autograde)


@pytest.mark.nbgrader
def test_one_gradebook_one_assignment_from_the_english_source(run: Run) -> None:
    """The Chinese release was generated without touching the gradebook: its source cells are the English ones."""
    from nbgrader.api import Gradebook

    sol = nbformat.read(solution_path(run.aid), as_version=4)
    with Gradebook(f"sqlite:///{run.course / '_work' / 'gradebook.db'}") as gb:
        assert [a.name for a in gb.assignments] == [run.aid]
        stored = {c.name: c.source for c in gb.find_notebook(run.aid, run.aid).source_cells}
    assert stored["intro"] == cells.by_grade_id(sol)["intro"].source


@pytest.mark.nbgrader
@pytest.mark.parametrize("edition", EDITIONS)
def test_solution_gets_full_marks(run: Run, edition: str) -> None:
    run.need(edition)
    assert lost(run, student(edition, "solution")) == {}, f"{run.aid} ({edition}): the solution loses points"


@pytest.mark.nbgrader
@pytest.mark.parametrize("edition", EDITIONS)
def test_untouched_release_scores_zero(run: Run, edition: str) -> None:
    run.need(edition)
    got = run.scores[student(edition, "blank")]
    assert {gid: got.get(gid) for gid in run.tests} == {gid: 0.0 for gid in run.tests}


@pytest.mark.nbgrader
@pytest.mark.parametrize("edition", EDITIONS)
def test_each_wrong_answer_loses_exactly_its_own_points(run: Run, edition: str) -> None:
    run.need(edition)
    wrong = answers_for(run.spec, edition, "WRONG")
    questions = {q for q, _ in run.tests.values()}
    assert set(wrong) == questions, \
        f"{run.aid}: WRONG must have one entry per auto-graded question {sorted(questions)}"
    problems = []
    for qid in sorted(wrong):
        own = {gid: pts for gid, (q, pts) in run.tests.items() if q == qid}
        got = lost(run, student(edition, f"wrong_{qid}"))
        if got != own:
            problems.append(f"wrong {qid}: lost {got or 'nothing'}, expected to lose exactly {own}")
    assert not problems, f"{run.aid} ({edition}):\n" + "\n".join(problems)


@pytest.mark.nbgrader
@pytest.mark.parametrize("edition", EDITIONS)
def test_alternative_answers_get_full_marks(run: Run, edition: str) -> None:
    run.need(edition)
    assert len(run.spec.ALTERNATIVE) >= 2, f"{run.aid}: give ALTERNATIVE answers for at least two questions"
    assert lost(run, student(edition, "alternative")) == {}, \
        f"{run.aid} ({edition}): a correct alternative answer loses points"


@pytest.mark.nbgrader
def test_both_editions_earn_the_same_marks_for_the_same_work(run: Run) -> None:
    """The same answers earn the same marks, cell by cell, whichever edition they were handed in (the variants a
    spec answers differently for the Chinese edition are left out)."""
    run.need("zh")
    own = set(getattr(run.spec, "ZH_WRONG", {}))
    variants = ["solution", "blank", *(f"wrong_{q}" for q in run.spec.WRONG if q not in own)]
    if not getattr(run.spec, "ZH_ALTERNATIVE", None):
        variants.append("alternative")
    differ = {v: (run.scores.get(v), run.scores.get(student("zh", v))) for v in variants
              if run.scores.get(v) != run.scores.get(student("zh", v))}
    assert not differ, f"{run.aid}: the Chinese edition marks the same work differently: {differ}"


@pytest.mark.nbgrader
def test_warnings_on_stderr_cost_nothing(run: Run) -> None:
    graded = nbformat.read(run.course / "_work" / "autograded" / "warning" / run.aid / f"{run.aid}.ipynb", 4)
    graded_cells = cells.by_grade_id(graded)
    answers = [c for c in graded.cells if cells.is_answer(c) and c.cell_type == "code"]
    assert any(MARKER in "".join(o.get("text", "") for o in c.outputs) for c in answers), "the hook never ran"
    for gid in run.tests:  # test cells are judged outside the trainee's kernel: its hook cannot reach them
        text = "".join(o.get("text", "") for o in graded_cells[gid].outputs if o.output_type == "stream")
        assert MARKER not in text, f"{gid}: a trainee's hook ran inside a graded test cell"
    assert lost(run, "warning") == {}, f"{run.aid}: warnings on stderr cost points"


@pytest.mark.nbgrader
@pytest.mark.parametrize("edition", EDITIONS)
def test_feedback_has_no_hidden_tests(run: Run, edition: str) -> None:
    run.need(edition)
    assert run.feedback.returncode == 0, run.log(run.feedback)
    sol = nbformat.read(run.source(edition), as_version=4)
    secrets, visible = [], []
    for gid in run.tests:
        source = cells.by_grade_id(sol)[gid].source
        hidden = cells.hidden_code(source)
        assert hidden and f"### {cells.END_HIDDEN}" in source, f"{run.aid} {gid}: every test cell needs a hidden block"
        secrets.append(max((ln for ln in hidden if len(ln) > 12), key=len))  # the most distinctive hidden line
        visible.append(cells.without_hidden(source).splitlines()[-1].strip())  # e.g. passed("q1")
    for sid in run.students:
        if edition_of(sid) != edition:
            continue
        page = run.course / "_work" / "feedback" / sid / run.aid / f"{run.aid}.html"
        assert page.is_file(), f"no feedback for {sid}: {run.log(run.feedback)}"
        text = html_text(page)
        for line in visible:  # the check can see code in this HTML at all
            assert line in text, f"{sid}: visible test line {line!r} missing from feedback"
        assert "HIDDEN TESTS" not in text, f"{sid}: hidden-test markers in feedback"
        leaks = [line for line in secrets if line in text]
        assert not leaks, f"{sid}: feedback shows hidden test code: {leaks}"


def verdicts(page: Path) -> dict[str, str]:
    """grade_id -> the verdict of its question box on a feedback page."""
    found = re.findall(r'id="course-([^"]+)">\s*<h5>.*?<span class="course-verdict">(.*?)</span>',
                       page.read_text(encoding="utf-8"), re.S)
    return {gid: html.unescape(v) for gid, v in found}


@pytest.mark.nbgrader
def test_chinese_trainees_read_their_feedback_in_chinese(run: Run) -> None:
    """A trainee of the Chinese edition gets a Chinese page (its language, its words, the verdicts), the English
    trainee who handed in the same work an English one, in the same feedback run."""
    run.need("zh")
    pages = {e: run.course / "_work" / "feedback" / student(e, "wrong_q1") / run.aid / f"{run.aid}.html"
             for e in EDITIONS}
    first = next(gid for gid, (q, _pts) in run.tests.items() if q == "q1")
    zh, en = verdicts(pages["zh"]), verdicts(pages["en"])
    assert (en[first], zh[first]) == ("not right yet", "还不对")
    assert set(zh) == set(en) and all(v != en[g] for g, v in zh.items()), (en, zh)
    assert '<html lang="zh-CN">' in pages["zh"].read_text(encoding="utf-8")
    assert '<html lang="en">' in pages["en"].read_text(encoding="utf-8")
    assert "得分" in html_text(pages["zh"]) and "What was checked" not in html_text(pages["zh"])


@pytest.mark.nbgrader
def test_validate_passes_solution_and_fails_release(run: Run) -> None:
    # `nbgrader validate SOLUTION RELEASE`: the report of the solution comes first, then the release's.
    out = run.validate.stdout
    ok, bad = "Success! Your notebook passes all the tests.", "VALIDATION FAILED"
    assert out.count(ok) == 1 and out.count(bad) == 1, run.log(run.validate)
    assert out.index(ok) < out.index(bad), run.log(run.validate)
