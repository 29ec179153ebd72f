"""course.hints: hints_for() in notebooks, `course hint 03 q2` in a terminal, clear errors (that the hint files
ship in the wheel is checked in test_packaging.py)."""

from __future__ import annotations

import json
import re

import pytest

from course import hints
from course.cli import main
from course.paths import repo_root
from course.syllabus import MODULES, by_id

ROOT = repo_root()


def test_every_hint_file_is_valid_json_with_text_hints() -> None:
    files = sorted((ROOT / "course" / "hints").glob("*.json"))
    assert files
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data, path
        assert all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in data.items()), path


def test_hint_files_belong_to_modules() -> None:
    ids = {m.id for m in MODULES}
    assert set(hints.assignments()) <= ids


@pytest.mark.parametrize("key", ["01", "1", 1, "01-why-customers-complain"])
def test_resolve_accepts_numbers_and_ids(key) -> None:
    assert hints.resolve(key) == "01-why-customers-complain"


def test_resolve_is_the_syllabus_lookup() -> None:
    for m in MODULES:
        for key in (m.id, m.number, str(m.number), f"{m.number:02d}"):
            assert hints.resolve(key) == by_id(key).id == m.id
    with pytest.raises(hints.HintError, match="no hints for assignment '00'"):
        hints.resolve("00")  # the start page is a module of the syllabus, without an exercise or hints


def test_hint_function_prints_outside_a_notebook(capsys) -> None:
    hint = hints_for_01()
    hint("q1")
    out = capsys.readouterr().out
    assert out.startswith("Hint q1: ") and hints.load("01")["q1"] in out


def hints_for_01():
    return hints.hints_for("01-why-customers-complain")


def test_a_part_gets_the_hint_of_its_question(capsys) -> None:
    hints_for_01()("q2b")
    assert hints.load("01")["q2"] in capsys.readouterr().out


def test_unknown_question_lists_the_valid_ones() -> None:
    hint = hints_for_01()
    with pytest.raises(hints.HintError) as info:
        hint("q99")
    msg = str(info.value)
    assert "01-why-customers-complain has no question 'q99'" in msg and "q1, q2" in msg and "w1" in msg


def test_unknown_assignment_lists_the_valid_ones() -> None:
    with pytest.raises(hints.HintError) as info:
        hints.hints_for("99")
    assert "no hints for assignment '99'" in str(info.value)
    assert "01-why-customers-complain" in str(info.value)


def test_cli_prints_one_hint(capsys) -> None:
    assert main(["hint", "03", "q2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Hint 03-attentive-service q2: ") and hints.load("03")["q2"] in out


def test_cli_lists_questions_and_assignments(capsys) -> None:
    assert main(["hint", "02"]) == 0
    assert "02-complaint-iceberg: hints for q1, q2" in capsys.readouterr().out
    assert main(["hint"]) == 0
    assert "01-why-customers-complain" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["hint", "42", "q1"], "no hints for assignment '42'; assignments with hints are: 01-why-customers-complain"),
    (["hint", "03", "q42"], "03-attentive-service has no question 'q42'; questions with hints are: q1"),
])
def test_cli_errors_are_clear_and_exit_2(capsys, argv, words) -> None:
    assert main(argv) == 2
    assert words in capsys.readouterr().err


def test_broken_hint_file_names_the_file(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "01-why-customers-complain.json"
    bad.write_text('{"q1": "unterminated', encoding="utf-8")
    monkeypatch.setattr(hints, "_files", lambda: {"01-why-customers-complain": bad})
    with pytest.raises(hints.HintError) as info:
        hints.load("01")
    assert str(bad) in str(info.value) and "not valid JSON" in str(info.value)


def test_hint_shows_markdown_in_a_notebook_kernel(tmp_path) -> None:
    """In a kernel the hint is displayed as Markdown (run through a real kernel with nbclient)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'from course.hints import hints_for\nhint = hints_for("04")\nhint("q1")')])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    data = nb.cells[0].outputs[0]["data"]
    assert data["text/markdown"].startswith("**Hint q1:**")


# ------------------------------------------------------------------ hints in Chinese
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("aid", hints.assignments())
def test_every_hint_has_its_chinese(aid: str) -> None:
    path = ROOT / "course" / "hints" / "zh" / f"{aid}.json"
    assert path.is_file(), f"{path} is missing: write the Chinese hints of {aid}, with the same keys"
    english = json.loads((ROOT / "course" / "hints" / f"{aid}.json").read_text(encoding="utf-8"))
    chinese = json.loads(path.read_text(encoding="utf-8"))
    assert list(chinese) == list(english), f"{path}: the questions differ from the English hints"
    for qid, text in chinese.items():
        assert len(HAN.findall(text)) >= 10, f"{path}: {qid} is not written in Chinese"
        # the same code a trainee types: every `code` span of the English hint is there too
        assert set(re.findall(r"`([^`]+)`", english[qid])) <= set(re.findall(r"`([^`]+)`", text)), (path, qid)


def test_chinese_hints_follow_the_language_in_use(capsys) -> None:
    from course import i18n

    assert hints.load("03", "zh")["q2"] != hints.load("03", "en")["q2"]
    with i18n.language("zh"):
        assert hints.load("03") == hints.load("03", "zh")
        hints_for_01()("q1")
    out = capsys.readouterr().out
    assert out.startswith("提示 q1：") and hints.load("01", "zh")["q1"] in out
    hints_for_01()("q1")  # the same hint function, back in English
    assert capsys.readouterr().out.startswith("Hint q1: ")


def test_a_missing_chinese_hint_falls_back_to_english(tmp_path, monkeypatch) -> None:
    part = tmp_path / "01-why-customers-complain.json"
    part.write_text(json.dumps({"q1": "只翻译了第一题的提示，其余沿用英文。"}, ensure_ascii=False), encoding="utf-8")
    real = hints._files
    monkeypatch.setattr(hints, "_files", lambda lang="en": {"01-why-customers-complain": part} if lang == "zh"
                        else real(lang))
    zh = hints.load("01", "zh")
    assert zh["q1"].startswith("只翻译") and zh["q2"] == hints.load("01", "en")["q2"]


@pytest.mark.parametrize("argv, env", [(["hint", "03", "q2", "--lang", "zh"], {}),
                                       (["hint", "03", "q2"], {"COURSE_LANG": "zh"})])
def test_cli_hint_in_chinese(argv, env) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    course = str(Path(sys.executable).parent / "course")
    out = subprocess.run([course, *argv], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**os.environ, **env})
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("提示 03-attentive-service q2：") and hints.load("03", "zh")["q2"] in out.stdout


def test_cli_hint_errors_in_chinese(capsys) -> None:
    from course import i18n

    before = i18n.current()
    try:
        assert main(["hint", "03", "q42", "--lang", "zh"]) == 2
    finally:
        i18n.use_language(before)
    assert "03-attentive-service 没有题目 'q42'；有提示的题目：q1" in capsys.readouterr().err


# ------------------------------------------------------------------ hints nudge, they never solve
def _solution_code(aid: str) -> dict[str, str]:
    """Question id -> the model code of its answer cell (the solution region)."""
    import nbformat

    from course.grading import cells

    nb = nbformat.read(ROOT / "solutions" / aid / f"{aid}.ipynb", as_version=4)
    out = {}
    for c in nb.cells:
        if cells.is_answer(c):
            body = c.source.split("### BEGIN SOLUTION", 1)[-1].split("### END SOLUTION", 1)[0]
            out[cells.grade_id(c)] = body
    return out


def _norm(code: str) -> str:
    return re.sub(r"\s+", "", code).replace("'", '"')


def _pieces(code: str) -> set[str]:
    """The normalised statements of the code and the right-hand side of each assignment (12+ characters)."""
    import ast

    out = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)):
            for part in (node, getattr(node, "value", None)):
                if part is not None:
                    text = _norm(ast.unparse(part))
                    if len(text) >= 12:
                        out.add(text)
    return out


def _chains(code: str) -> set[tuple[str, str]]:
    """Pairs of method calls chained directly on each other, e.g. ('groupby', 'mean') for
    `df.groupby("b")["x"].mean()` (a subscript in between still counts as chained)."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError:
        try:
            tree = ast.parse("_" + code if code.startswith(".") else code.rstrip(".") or "_")
        except SyntaxError:
            return set()
    pairs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            inner = node.func.value
            while isinstance(inner, ast.Subscript):
                inner = inner.value
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute):
                pairs.add((inner.func.attr, node.func.attr))
    return pairs


def _code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("aid", hints.assignments())
def test_hints_do_not_give_the_solution_code_away(aid: str, lang: str) -> None:
    code = _solution_code(aid)
    problems = []
    for qid, text in hints.load(aid, lang).items():
        if qid not in code:
            continue
        hint_text = _norm(text)
        leaked = sorted(p for p in _pieces(code[qid]) if p in hint_text)
        if leaked:
            problems.append(f"{qid}: the hint contains the solution's code {leaked[0]!r}")
        solution_chains = _chains(code[qid])
        for span in _code_spans(text):
            shared = _chains(span) & solution_chains
            if shared:
                problems.append(f"{qid}: the hint chains {'.'.join(sorted(shared)[0])} as the solution does "
                                f"(in `{span}`): name one method at a time")
    assert not problems, f"{aid}:\n" + "\n".join(problems)


def test_the_leak_detectors_work() -> None:
    assert ("groupby", "mean") in _chains('closed.groupby("branch", observed=True)["breach"].mean()')
    assert ("groupby", "mean") in _chains('.groupby("branch").mean()')
    assert not _chains("`value_counts()`")
    assert _norm('x = tickets["a"] > tickets["b"]') == 'x=tickets["a"]>tickets["b"]'
    assert 'tickets["a"]>tickets["b"]' in _pieces('x = tickets["a"] > tickets["b"]')
