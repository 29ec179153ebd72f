"""Every exercise in solutions/, round-tripped through REAL nbgrader commands in a temporary course directory.

Per assignment, one course directory holds the whole "class": the solution, the untouched release, the
ALTERNATIVE answers, a correct notebook that writes warnings to stderr, and one notebook per WRONG answer
(tests/exercise_specs/<id>.py), each as a separate student. One `nbgrader autograde <id>` grades them all and
one `nbgrader generate_feedback <id>` writes their feedback; the tests then read the gradebook and the HTML.
Static checks on the notebooks (structure, points, hints, clean cells) run without nbgrader.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from exercise_specs import load_spec  # noqa: E402

IDS = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file()) \
    if (ROOT / "solutions").is_dir() else []
TEST_ID = re.compile(r"^(q\d+)[a-z]?_test$")
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
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
def solution_path(aid: str) -> Path:
    return ROOT / "solutions" / aid / f"{aid}.ipynb"


def nb_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """grade_id -> cell."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def auto_tests(nb) -> dict[str, tuple[str, float]]:
    """Auto-graded test cells: grade_id -> (question id, points)."""
    out = {}
    for gid, c in nb_cells(nb).items():
        meta = c.metadata["nbgrader"]
        if meta.get("grade") and c.cell_type == "code":
            m = TEST_ID.match(gid)
            assert m, f"{gid}: auto-graded test cells must be named q<k>_test or q<k><part>_test"
            out[gid] = (m.group(1), float(meta["points"]))
    return out


def with_answers(nb, answers: dict[str, str]):
    """A copy of `nb` whose answer cells (grade_id = question id) hold the given code."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cells = nb_cells(nb)
    for qid, code in answers.items():
        assert qid in cells and cells[qid].metadata["nbgrader"].get("solution"), \
            f"spec names {qid!r}, but the notebook has no answer cell with grade_id {qid!r}"
        cells[qid].source = code.strip("\n")
    return nb


def run_env(course: Path) -> dict[str, str]:
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bindir, *[p for p in env.get("PATH", "").split(os.pathsep) if p != bindir]])
    env["COURSE_NBGRADER_ROOT"] = str(course)
    env["COURSE_DATA_DIR"] = str(ROOT / "data")
    return env


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=run_env(course),
                          capture_output=True, text=True, timeout=900)


def html_text(path: Path) -> str:
    """The visible text of an HTML file: tags removed (syntax highlighting splits code into spans)."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(style|script)\b.*?</\1>", "", raw, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


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


def build_run(aid: str, course: Path) -> Run:
    """Set up one course directory for an assignment, release it, submit every variant, autograde, feedback."""
    spec = load_spec(aid)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions" / aid, course / "solutions" / aid)

    gen = nbgrader(course, "generate_assignment", aid, "--force")
    assert gen.returncode == 0, f"nbgrader generate_assignment {aid} failed:\n{gen.stdout}{gen.stderr}"

    sol = nbformat.read(solution_path(aid), as_version=4)
    rel = nbformat.read(course / "exercises" / aid / f"{aid}.ipynb", as_version=4)
    first_answer = next(gid for gid, c in nb_cells(sol).items()
                        if c.metadata["nbgrader"].get("solution") and c.cell_type == "code")
    variants = {
        "solution": sol,
        "blank": rel,
        "alternative": with_answers(sol, spec.ALTERNATIVE),
        "warning": with_answers(sol, {first_answer: WARNING_HOOK + "\n" + nb_cells(sol)[first_answer].source}),
    }
    for qid, code in spec.WRONG.items():
        variants[f"wrong_{qid}"] = with_answers(sol, {qid: code})
    for student, nb in variants.items():
        dest = course / "_work" / "submitted" / student / aid / f"{aid}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, dest)

    # validate (solution, then the blank release) runs in parallel with autograde: the machine has 2 cores
    validate = subprocess.Popen(
        [sys.executable, "-m", "nbgrader", "validate", str(solution_path(aid)),
         str(course / "exercises" / aid / f"{aid}.ipynb")],
        cwd=course, env=run_env(course), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    auto = nbgrader(course, "autograde", aid, "--force")
    feed = nbgrader(course, "generate_feedback", aid, "--force")
    out, err = validate.communicate(timeout=900)
    result = Run(aid, course, spec, auto_tests(sol), list(variants), auto, feed,
                 subprocess.CompletedProcess(validate.args, validate.returncode, out, err))

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
def test_release_is_what_nbgrader_generates(run: Run) -> None:
    fresh = run.course / "exercises" / run.aid
    committed = ROOT / "exercises" / run.aid
    names = sorted(p.name for p in fresh.iterdir())
    assert committed.is_dir(), f"exercises/{run.aid}/ is missing: run `course exercises`"
    assert sorted(p.name for p in committed.iterdir()) == names, f"exercises/{run.aid}/: run `course exercises`"
    for name in names:
        assert (fresh / name).read_bytes() == (committed / name).read_bytes(), \
            f"exercises/{run.aid}/{name} differs from a fresh `nbgrader generate_assignment`: run `course exercises`"


@pytest.mark.nbgrader
def test_autograde_runs_for_every_student(run: Run) -> None:
    assert run.autograde.returncode == 0, run.log(run.autograde)
    assert set(run.scores) == set(run.students), run.log(run.autograde)


@pytest.mark.nbgrader
def test_solution_gets_full_marks(run: Run) -> None:
    assert lost(run, "solution") == {}, f"{run.aid}: the solution loses points"


@pytest.mark.nbgrader
def test_untouched_release_scores_zero(run: Run) -> None:
    got = run.scores["blank"]
    assert {gid: got.get(gid) for gid in run.tests} == {gid: 0.0 for gid in run.tests}


@pytest.mark.nbgrader
def test_each_wrong_answer_loses_exactly_its_own_points(run: Run) -> None:
    questions = {q for q, _ in run.tests.values()}
    assert set(run.spec.WRONG) == questions, \
        f"{run.aid}: WRONG must have one entry per auto-graded question {sorted(questions)}"
    problems = []
    for qid in sorted(run.spec.WRONG):
        own = {gid: pts for gid, (q, pts) in run.tests.items() if q == qid}
        got = lost(run, f"wrong_{qid}")
        if got != own:
            problems.append(f"wrong {qid}: lost {got or 'nothing'}, expected to lose exactly {own}")
    assert not problems, f"{run.aid}:\n" + "\n".join(problems)


@pytest.mark.nbgrader
def test_alternative_answers_get_full_marks(run: Run) -> None:
    assert len(run.spec.ALTERNATIVE) >= 2, f"{run.aid}: give ALTERNATIVE answers for at least two questions"
    assert lost(run, "alternative") == {}, f"{run.aid}: a correct alternative answer loses points"


@pytest.mark.nbgrader
def test_warnings_on_stderr_cost_nothing(run: Run) -> None:
    graded = nbformat.read(run.course / "_work" / "autograded" / "warning" / run.aid / f"{run.aid}.ipynb", 4)
    cells = nb_cells(graded)
    for gid in run.tests:  # proof that the hook ran inside every graded test cell
        text = "".join(o.get("text", "") for o in cells[gid].outputs if o.output_type == "stream")
        assert MARKER in text, f"{gid}: the warning hook did not run in this cell"
    assert lost(run, "warning") == {}, f"{run.aid}: warnings on stderr cost points"


@pytest.mark.nbgrader
def test_feedback_has_no_hidden_tests(run: Run) -> None:
    assert run.feedback.returncode == 0, run.log(run.feedback)
    sol = nbformat.read(solution_path(run.aid), as_version=4)
    secrets, visible = [], []
    for gid in run.tests:
        source = nb_cells(sol)[gid].source
        blocks = HIDDEN.findall(source)
        assert blocks, f"{run.aid} {gid}: every test cell needs a hidden block"
        lines = [ln.strip() for b in blocks for ln in b.splitlines() if len(ln.strip()) > 12]
        secrets.append(max(lines, key=len))  # the most distinctive hidden line
        visible.append(HIDDEN.sub("", source).strip().splitlines()[-1].strip())  # e.g. passed("q1")
    for student in run.students:
        page = run.course / "_work" / "feedback" / student / run.aid / f"{run.aid}.html"
        assert page.is_file(), f"no feedback for {student}: {run.log(run.feedback)}"
        text = html_text(page)
        for line in visible:  # the check can see code in this HTML at all
            assert line in text, f"{student}: visible test line {line!r} missing from feedback"
        assert "HIDDEN TESTS" not in text, f"{student}: hidden-test markers in feedback"
        leaks = [line for line in secrets if line in text]
        assert not leaks, f"{student}: feedback shows hidden test code: {leaks}"


@pytest.mark.nbgrader
def test_validate_passes_solution_and_fails_release(run: Run) -> None:
    # `nbgrader validate SOLUTION RELEASE`: the report of the solution comes first, then the release's.
    out = run.validate.stdout
    ok, bad = "Success! Your notebook passes all the tests.", "VALIDATION FAILED"
    assert out.count(ok) == 1 and out.count(bad) == 1, run.log(run.validate)
    assert out.index(ok) < out.index(bad), run.log(run.validate)


# ------------------------------------------------------------------------ static checks (no nbgrader run)
@pytest.mark.parametrize("aid", IDS)
def test_notebook_follows_the_conventions(aid: str) -> None:
    nb = nbformat.read(solution_path(aid), as_version=4)
    cells = nb_cells(nb)
    assert list(cells)[:2] == ["intro", "setup"], f"{aid}: first cells must be 'intro' and 'setup'"
    assert f'hints_for("{aid}")' in cells["setup"].source
    tests = auto_tests(nb)
    questions = sorted({q for q, _ in tests.values()}, key=lambda q: int(q[1:]))
    auto_points = sum(p for _, p in tests.values())
    assert len(questions) >= 5 and auto_points >= 10, f"{aid}: too few auto-graded points"
    assert f"{auto_points:g} auto-graded" in cells["intro"].source, f"{aid}: the intro must state the points"
    for q in questions:
        assert q in cells and cells[q].metadata["nbgrader"].get("solution"), f"{aid}: no answer cell {q}"
        assert f"{q}_text" in cells, f"{aid}: no question text cell {q}_text"
        assert "### BEGIN SOLUTION" in cells[q].source
    for gid in tests:
        assert "### BEGIN HIDDEN TESTS" in cells[gid].source, f"{aid} {gid}: no hidden tests"
        assert cells[gid].metadata["nbgrader"].get("locked")
    manual = [g for g, c in cells.items() if c.metadata["nbgrader"].get("grade") and c.cell_type == "markdown"]
    assert manual, f"{aid}: at least one manually graded written answer is needed"
    for cell in nb.cells:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None, f"{aid}: commit clean cells"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("aid", IDS)
def test_every_question_has_a_hint(aid: str) -> None:
    from course.hints import load

    nb = nbformat.read(solution_path(aid), as_version=4)
    questions = {q for q, _ in auto_tests(nb).values()}
    questions |= {g for g, c in nb_cells(nb).items() if c.metadata["nbgrader"].get("grade")
                  and c.cell_type == "markdown"}
    hints = load(aid)
    assert questions <= set(hints), f"{aid}: no hint for {sorted(questions - set(hints))}"
    for qid, text in hints.items():
        assert len(text) > 30, f"{aid} {qid}: write a real hint"


# ---------------------------------------------------------------- our nbgrader preprocessors, cell by cell
def _grade_cell(source: str, outputs: list[dict]) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "q1_test", "points": 2,
        "schema_version": 3}})
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


STDERR = {"output_type": "stream", "name": "stderr", "text": "FutureWarning: the default will change\n"}
STDOUT = {"output_type": "stream", "name": "stdout", "text": "✔ q1: visible checks passed\n"}
TEST_SOURCE = 'need("x")\nexpect_number(x, "x")\n### BEGIN HIDDEN TESTS\n_exp = 42\nassert x == _exp\n' \
              '### END HIDDEN TESTS\npassed("q1")'


def _error(line: int, evalue: str = "") -> dict:
    tb = ["\x1b[31m---------\x1b[39m", "\x1b[31mAssertionError\x1b[39m   Traceback (most recent call last)",
          f"\x1b[36mCell\x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line {line}\x1b[39m\n"
          "      2 expect_number(x, \"x\")\n      3 ### BEGIN HIDDEN TESTS\n      4 _exp = 42\n"
          "----> 5 assert x == _exp", f"\x1b[31mAssertionError\x1b[39m: {evalue}"]
    return {"output_type": "error", "ename": "AssertionError", "evalue": evalue, "traceback": tb}


def test_forgive_stderr_keeps_points_for_warnings_only() -> None:
    from nbgrader.utils import determine_grade

    from course.grading.nbgrader_ext import ForgiveStderr

    warned = _grade_cell(TEST_SOURCE, [STDERR, STDOUT])
    assert determine_grade(warned)[0] == 0  # plain nbgrader: a warning costs all points
    warned, _ = ForgiveStderr().preprocess_cell(warned, {}, 0)
    assert determine_grade(warned)[0] == 2 and warned.outputs[0]["name"] == "stdout"

    failed = _grade_cell(TEST_SOURCE, [STDERR, _error(5)])
    failed, _ = ForgiveStderr().preprocess_cell(failed, {}, 0)
    assert determine_grade(failed)[0] == 0 and len(failed.outputs) == 2


def test_hidden_failures_become_a_neutral_message() -> None:
    from course.grading.nbgrader_ext import HIDDEN_FAILURE, HideHiddenTracebacks

    cell = _grade_cell(TEST_SOURCE, [_error(5, "expected 42, got 41")])
    cell, _ = HideHiddenTracebacks().preprocess_cell(cell, {}, 0)
    out = cell.outputs[0]
    assert out["traceback"] == [HIDDEN_FAILURE] and out["evalue"] == HIDDEN_FAILURE
    assert "42" not in json.dumps(out)


def test_visible_failures_keep_their_message_but_lose_hidden_context() -> None:
    from course.grading.nbgrader_ext import HideHiddenTracebacks

    msg = "q1: `x` should be at least 0 but is -1."
    cell = _grade_cell(TEST_SOURCE, [_error(2, msg)])
    cell, _ = HideHiddenTracebacks().preprocess_cell(cell, {}, 0)
    text = "\n".join(cell.outputs[0]["traceback"])
    assert msg in text and "_exp" not in text and "HIDDEN" not in text


def test_unlocatable_tracebacks_that_quote_hidden_code_are_hidden() -> None:
    from course.grading.nbgrader_ext import HIDDEN_FAILURE, HideHiddenTracebacks

    error = {"output_type": "error", "ename": "AssertionError", "evalue": "",
             "traceback": ["somewhere", "assert x == _exp"]}
    cell = _grade_cell(TEST_SOURCE, [error, {"output_type": "stream", "name": "stdout", "text": "_exp = 42\n"}])
    cell, _ = HideHiddenTracebacks().preprocess_cell(cell, {}, 0)
    assert cell.outputs[0]["traceback"] == [HIDDEN_FAILURE]
    assert "42" not in cell.outputs[1]["text"]
