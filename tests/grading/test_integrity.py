"""Marks a trainee cannot forge: a class of attackers, an honest full and an honest blank, graded for real.

Each attack class of docs/INSTRUCTORS.md ("Threat model") is one trainee here. Every attacker must score what
the blank scores, the honest trainee full marks, the summary must name every attacker with a reason, and no
feedback page may hold a hidden-test line or script from a submission.
"""

from __future__ import annotations

import json
import os
import re

import nbformat
import pytest

from course.grading import cells
from course.grading.sandbox import SandboxUnavailable, resolve_mode

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]
A = "02-complaint-iceberg"

HOOK = 'get_ipython().events.register("pre_run_cell", lambda *a, **k: get_ipython().displayhook(float("nan")))'
ATTACKS = {
    # what the trainee writes in the first answer cell (q1); every other answer is left blank
    "builtin": "abs = lambda x: 0\nfloat = lambda x: 0.0\ncomplaints_2025 = 1",
    "fake-load": (
        "import course.datasets as _cd, course.datasets.loader as _L\n_real = _cd.load\n"
        "def load(name, *a, **k):\n    df = _real(name, *a, **k)\n"
        "    if name == 'complaints_monthly':\n        df['complaints'] = 1\n    return df\n"
        "_cd.load = _L.load = load\n"
        "complaints_2025 = int(load('complaints_monthly').query('month.str.startswith(\"2025\")')['complaints'].sum())"),
    "hook": HOOK,
    "ast": (
        "import ast\nclass _T(ast.NodeTransformer):\n    def visit_Module(self, node):\n"
        "        node.body = [ast.Try(body=[s], handlers=[ast.ExceptHandler(type=ast.Name('BaseException', "
        "ast.Load()), name=None, body=[ast.Pass()])], orelse=[], finalbody=[]) for s in node.body]\n"
        "        return ast.fix_missing_locations(node)\nget_ipython().ast_transformers.append(_T())"),
    "frame": (
        "import sys\nclass _F(float):\n    def __float__(self):\n        f = sys._getframe(1)\n"
        "        return float(f.f_locals.get('_exp', f.f_globals.get('_exp', 0)))\n"
        "    def __eq__(self, o):\n        return True\n    __hash__ = float.__hash__\ncomplaints_2025 = _F(0)"),
    "leak": "get_ipython().events.register('pre_run_cell', lambda info: print('SOURCE>>', info.raw_cell))",
    "snoop": (
        "import os, glob\n_seen = []\nfor _p in [{repo!r} + '/.git/HEAD', {repo!r} + '/solutions', {repo!r} + '/tests', "
        "{repo!r} + '/nbgrader_config.py', '/etc/shadow', {work!r}]:\n"
        "    try:\n        (os.listdir(_p) if os.path.isdir(_p) else open(_p).read(1))\n"
        "        _seen.append(_p + ': READ')\n    except Exception:\n        _seen.append(_p + ': blocked')\n"
        "print('SNOOP', os.getuid(), 'SECRET' if 'COURSE_TEST_SECRET' in os.environ else 'no-env', _seen)"),
    "exhaust": (
        "import os, time\n_n = 0\nfor _i in range(200):\n    try:\n        if os.fork() == 0:\n"
        "            time.sleep(3); os._exit(0)\n        _n += 1\n    except OSError:\n        break\n"
        "_r = {{'forks': _n}}\nimport ipykernel.connect as _c\n"
        "for _where, _d in [('shm', '/dev/shm'), ('tmp', '/tmp'), ('home', os.path.expanduser('~')), "
        "('sockets', os.path.dirname(_c.get_connection_file()))]:\n"
        "    _mb = 0\n    try:\n        for _j in range(40):\n"
        "            with open(os.path.join(_d, f'fill{{_j}}'), 'wb') as _f:\n"
        "                for _k in range(32):\n                    _f.write(b'x' * 2**20); _f.flush(); _mb += 1\n"
        "    except OSError:\n        pass\n    _r[_where] = _mb\n"
        "print('EXHAUST', _r)"),
}
SCRIPT = "<script>document.title='pwned-W1'</script><img src=x onerror=\"alert('pwned-W1')\">"
PANDAS_PY = ("import sys\nsys.path = [p for p in sys.path if p not in ('', '.') and 'trainee' not in p]\n"
             "del sys.modules['pandas']\nimport pandas\n" + HOOK.replace("get_ipython()",
                                                                          "__import__('IPython').get_ipython()") + "\n")


def _answer_cell(nb) -> str:
    return next(g for g, c in cells.by_grade_id(nb).items() if cells.is_answer(c) and c.cell_type == "code")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the class with the course's own configuration and sandbox, through course grade's API."""
    try:
        resolve_mode("auto")
    except SandboxUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have bubblewrap so that the attacks meet the real sandbox: {exc}")
        pytest.skip(str(exc))
    from course.grading import api
    from tests.support.course import make_course, solution_and_release

    root = make_course(tmp_path_factory.mktemp("integrity"), A)
    sol_path, rel_path = solution_and_release(A, root)
    sol = nbformat.read(sol_path, as_version=4)
    rel = nbformat.read(rel_path, as_version=4)
    q1 = _answer_cell(rel)
    work = root / "_work"
    students: dict[str, nbformat.NotebookNode] = {"honest-full": sol, "honest-blank": rel}
    for name, code in ATTACKS.items():
        nb = nbformat.from_dict(json.loads(nbformat.writes(rel)))
        cells.by_grade_id(nb)[q1].source = code.format(repo=str(root), work=str(work))
        students[name] = nb
    nb = nbformat.from_dict(json.loads(nbformat.writes(rel)))
    written = next(c for c in nb.cells if cells.is_written(c))
    written.source = "My memo. " + SCRIPT
    html_out = next(c for c in nb.cells if cells.grade_id(c) == q1)
    html_out.source = ("from IPython.display import HTML, Javascript, display\n"
                       "display(HTML(\"<b>x</b><script>alert('pwned-out')</script>\"))\n"
                       "display(Javascript(\"alert('pwned-js')\"))")
    students["script"] = nb
    for student, nb in students.items():
        folder = work / "submitted" / student / A
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{A}.ipynb")
    (work / "submitted" / "pandas-beside" / A).mkdir(parents=True)
    nbformat.write(rel, work / "submitted" / "pandas-beside" / A / f"{A}.ipynb")
    (work / "submitted" / "pandas-beside" / A / "pandas.py").write_text(PANDAS_PY)
    os.environ["COURSE_TEST_SECRET"] = "instructor-only"
    try:
        done = api.grade(A, root, workers=2, progress=False)
    finally:
        os.environ.pop("COURSE_TEST_SECRET", None)
    return {"root": root, "done": done, "students": list(students) + ["pandas-beside"]}


def _outcomes(graded) -> dict:
    return {o.student: o for o in graded["done"].run.outcomes}


def test_every_attacker_scores_what_the_blank_scores_and_the_honest_trainee_full_marks(graded):
    got = _outcomes(graded)
    full, blank = got["honest-full"], got["honest-blank"]
    sol = nbformat.read(graded["root"] / "solutions" / A / f"{A}.ipynb", as_version=4)
    auto_max = sum(cells.points(c) for c in sol.cells if cells.is_test(c))
    assert full.status == "graded" and full.score == auto_max > 0  # the written answer waits for a human
    assert blank.score == 0
    for student in [*(a for a in ATTACKS if a != "exhaust"), "script", "pandas-beside"]:
        assert got[student].status == "graded" and got[student].score == blank.score, (student, got[student])


def test_the_summary_names_every_attacker_with_a_reason(graded):
    got = _outcomes(graded)
    assert not got["honest-full"].flags and not got["honest-blank"].flags
    expect = {"builtin": "built-in `abs`", "fake-load": "load", "hook": "hooks", "ast": "AST transformers",
              "frame": "subclass of float", "leak": "hooks", "script": "unsafe", "pandas-beside": "pandas.py"}
    for student, reason in expect.items():
        assert any(reason in f for f in got[student].flags), (student, got[student].flags)
    from course.grading.cli import summary_lines

    text = "\n".join(summary_lines(graded["done"].run, graded["done"].csv_path, graded["root"] / "_work"))
    for student in expect:
        assert student in text


def _feedback(graded, student: str) -> str:
    path = graded["root"] / "_work" / "feedback" / student / A / f"{A}.html"
    return path.read_text(encoding="utf-8")


def test_no_feedback_holds_hidden_tests_or_a_submission_script(graded):
    sol = nbformat.read(graded["root"] / "solutions" / A / f"{A}.ipynb", as_version=4)
    hidden = [line for c in sol.cells if cells.is_test(c) for line in cells.hidden_code(c.source) if len(line) > 12]
    assert hidden
    for student in graded["students"]:
        page = _feedback(graded, student)
        assert "BEGIN HIDDEN" not in page, student
        for line in hidden:
            assert line not in page, (student, line)
        # the attack code may be shown as (escaped) code; it must never be live markup
        assert not re.search(r"<script[^>]*>[^<]*pwned", page), student
        assert "onerror=" not in page and "instructor-only" not in page, student
    graded_nb = nbformat.read(graded["root"] / "_work" / "autograded" / "script" / A / f"{A}.ipynb", as_version=4)
    rendered = [c.source for c in graded_nb.cells if c.cell_type != "code"] + [
        json.dumps(o.get("data", {})) for c in graded_nb.cells if c.cell_type == "code" for o in c.outputs]
    for text in rendered:  # what the Formgrader renders as HTML
        assert "<script" not in text and "onerror" not in text and "application/javascript" not in text


def test_the_kernel_sees_only_the_submission_and_the_data(graded):
    text = (graded["root"] / "_work" / "autograded" / "snoop" / A / f"{A}.ipynb").read_text()
    line = next(x for x in text.split("\\n") if "SNOOP" in x)
    assert "READ" not in line, line
    assert "no-env" in line
    uid = int(line.split("SNOOP", 1)[1].split()[0])
    assert uid != 0


def test_processes_memory_and_disk_are_bounded(graded):
    text = (graded["root"] / "_work" / "autograded" / "exhaust" / A / f"{A}.ipynb").read_text()
    line = next(x for x in text.split("\\n") if "EXHAUST" in x)
    found = eval(line.split("EXHAUST", 1)[1].strip().rstrip('",'))  # noqa: S307 (our own test output)
    from course.grading.sandbox import SandboxKernelManager as K

    assert found["forks"] < 200, found
    assert found["shm"] <= K.shm_mb.default_value, found
    assert found["tmp"] <= K.tmp_mb.default_value and found["home"] <= K.home_mb.default_value, found
    assert found["sockets"] <= K.scratch_mb.default_value or os.geteuid() != 0, found
