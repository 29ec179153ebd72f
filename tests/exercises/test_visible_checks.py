"""The visible part of every test cell verifies the answer, without nbgrader: run with plain exec, as the
release shows it (hidden tests removed), it passes the solution and every ALTERNATIVE answer of the spec, and
fails each WRONG answer with a message that names its question. Every auto-graded answer has a hash check.

The namespace is built as a trainee's kernel builds it (setup cells, then the answer cells), so these tests also
catch a digest that no longer matches the solution after the data or a question changed.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from support.exercises import IDS, auto_tests, namespace, run_cell, solution_path, visible_parts
from support.specs import load_spec

from course.grading import cells

HASH_CHECK = re.compile(r"\bexpect_(hash|phrases)\(")


def _parts(aid: str, qid: str) -> dict[str, str]:
    return {gid: src for gid, src in visible_parts(aid).items() if cells.question_of(gid) == qid}


@pytest.mark.parametrize("aid", IDS)
def test_every_test_cell_checks_the_value(aid: str) -> None:
    missing = [gid for gid, src in visible_parts(aid).items() if not HASH_CHECK.search(src)]
    assert not missing, f"{aid}: no expect_hash / expect_phrases in the visible part of {missing}"


@pytest.mark.parametrize("aid", IDS)
def test_hash_checks_come_after_the_hidden_tests(aid: str) -> None:
    """In the graded run the hidden tests must run first (they decide, with their tolerances) and record that
    they accepted the answer; the hash check after them then steps aside."""
    nb = nbformat.read(solution_path(aid), as_version=4)
    for c in nb.cells:
        if not cells.is_test(c):
            continue
        gid, src = cells.grade_id(c), c.source
        end = src.index(f"### {cells.END_HIDDEN}")
        first_hash = HASH_CHECK.search(src)
        assert first_hash and first_hash.start() > end, f"{aid} {gid}: put the hash check after the hidden block"
        hidden = "\n".join(cells.hidden_code(src))
        assert hidden.rstrip().endswith(f'_accepted = "{gid[:-len("_test")]}"'), \
            f'{aid} {gid}: the hidden block must end with _accepted = "{gid[:-len("_test")]}"'


@pytest.mark.parametrize("aid", IDS)
def test_solution_passes_every_visible_check(aid: str) -> None:
    ns = namespace(aid)
    for gid, src in visible_parts(aid).items():
        try:
            out = run_cell(ns, src)
        except AssertionError as exc:
            pytest.fail(f"{aid} {gid}: the solution fails its visible check: {exc}")
        assert f"✔ {gid[:-len('_test')]}: visible checks passed" in out, f"{aid} {gid}: no pass line"


@pytest.mark.parametrize("aid", IDS)
def test_alternative_answers_pass_the_visible_checks(aid: str) -> None:
    """A correct answer by another method must not be told "not right yet" in the trainee's notebook."""
    spec = load_spec(aid)
    for qid, code in spec.ALTERNATIVE.items():
        ns = namespace(aid, {qid: code})
        for gid, src in _parts(aid, qid).items():
            try:
                run_cell(ns, src)
            except AssertionError as exc:
                pytest.fail(f"{aid} {gid}: the ALTERNATIVE answer fails its visible check: {exc}")


@pytest.mark.parametrize("aid", IDS)
def test_each_wrong_answer_fails_its_visible_check(aid: str) -> None:
    spec = load_spec(aid)
    nb = nbformat.read(solution_path(aid), as_version=4)
    questions = {q for q, _ in auto_tests(nb).values()}
    assert set(spec.WRONG) == questions
    for qid, code in spec.WRONG.items():
        ns = namespace(aid, {qid: code})
        messages = []
        for _gid, src in _parts(aid, qid).items():
            try:
                run_cell(ns, src)
            except AssertionError as exc:
                messages.append(str(exc))
        assert messages, f"{aid} {qid}: the WRONG answer passes every visible check"
        assert all(m.startswith(qid) for m in messages), f"{aid} {qid}: a message does not name the question: {messages}"


# ------------------------------------------------------------------ feedback authored per test
def _hidden_source(src: str) -> str:
    lines, inside = [], False
    for line in src.split("\n"):
        if cells.BEGIN_HIDDEN in line:
            inside = True
        elif cells.END_HIDDEN in line:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("aid", IDS)
def test_every_hidden_assert_says_what_is_wrong(aid: str) -> None:
    """Each hidden assert carries its own message, naming the question; it never shows the expected value
    (no message formats a variable of the hidden test that holds it, such as `_exp`)."""
    import ast

    nb = nbformat.read(solution_path(aid), as_version=4)
    problems = []
    for c in nb.cells:
        if not cells.is_test(c):
            continue
        gid = cells.grade_id(c)
        qid = gid[:-len("_test")]
        for node in ast.walk(ast.parse(_hidden_source(c.source))):
            if not isinstance(node, ast.Assert):
                continue
            msg = node.msg
            if msg is None:
                problems.append(f"{gid} line {node.lineno}: an assert without a message")
                continue
            text = ast.unparse(msg)
            first = next((n.value for n in ast.walk(msg) if isinstance(n, ast.Constant) and isinstance(n.value, str)),
                         "")
            if not (first.startswith(f"{qid}:") or isinstance(msg, ast.Name)):
                problems.append(f"{gid} line {node.lineno}: the message should start with '{qid}:' ({text[:60]})")
            shown = {n.id for n in ast.walk(msg) if isinstance(n, ast.Name)}
            if shown & {"_exp", "_expected", "_want"}:
                problems.append(f"{gid} line {node.lineno}: the message shows the expected value")
    assert not problems, f"{aid}:\n" + "\n".join(problems)


@pytest.mark.parametrize("aid", IDS)
def test_each_wrong_answer_gets_a_message_from_the_hidden_tests(aid: str) -> None:
    """Graded as the grading process runs the cells (hidden tests included), each WRONG answer fails with an
    authored message naming its question, before the hash check is reached."""
    from support.exercises import full_test_cells

    spec = load_spec(aid)
    graded = full_test_cells(aid)
    for qid, code in spec.WRONG.items():
        ns = namespace(aid, {qid: code})
        messages = []
        for gid, src in graded.items():
            if cells.question_of(gid) != qid:
                continue
            try:
                run_cell(dict(ns), src)
            except AssertionError as exc:
                messages.append(str(exc))
        assert messages, f"{aid} {qid}: the hidden tests accept the WRONG answer"
        for m in messages:
            assert m.startswith(qid), f"{aid} {qid}: {m!r} does not name the question"
            assert "not right yet (compared" not in m, f"{aid} {qid}: the hash check, not a hidden test, failed: {m}"


@pytest.mark.parametrize("aid", IDS)
def test_solution_and_alternatives_pass_the_hidden_tests(aid: str) -> None:
    """The whole test cells, as the grading process runs them, accept the solution and every ALTERNATIVE answer
    (the nbgrader round trips check the same with marks; this is the quick version, and it reaches every
    diagnostic assert of the hidden tests)."""
    from support.exercises import full_test_cells

    spec = load_spec(aid)
    graded = full_test_cells(aid)
    for label, answers in [("solution", {}), *[(f"ALTERNATIVE {q}", {q: c}) for q, c in spec.ALTERNATIVE.items()]]:
        ns = namespace(aid, answers)
        for gid, src in graded.items():
            if answers and cells.question_of(gid) not in answers:
                continue
            try:
                run_cell(dict(ns), src)
            except AssertionError as exc:
                pytest.fail(f"{aid} {gid}: the hidden tests reject the {label}: {exc}")
