"""course.checks: the friendly visible-test helpers name the variable, say what was expected and what to do."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course import checks
from course.checks import (
    as_series,
    canonical,
    digest,
    expect_close,
    expect_frame,
    expect_hash,
    expect_keys,
    expect_len,
    expect_number,
    expect_phrases,
    expect_text,
    expect_type,
    need,
    passed,
    phrase_digest,
)


def fails(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_percentage_instead_of_fraction_suggests_dividing_by_100() -> None:
    msg = fails(expect_number, 40.0, "breach_rate", lo=0, hi=1, qid="q2")
    assert msg.startswith("q2: `breach_rate` should be a fraction between 0 and 1 but is 40")
    assert "divide by 100" in msg


def test_numbers_in_range_pass_including_numpy_and_ints() -> None:
    expect_number(0.4, "x", lo=0, hi=1)
    expect_number(np.float64(0.25), "x", lo=0, hi=1)
    expect_number(np.int64(7), "n", lo=0, integer=True)
    expect_number(-1.2, "gap", lo=-6, hi=6)


@pytest.mark.parametrize("value, words", [
    (float("nan"), "NaN"),
    (float("inf"), "infinite"),
    ("0.4", "text"),
    (True, "True/False"),
    (pd.Series([1.0, 2.0]), "reduce it to one number"),
    (pd.Series([0.5]), ".item()"),
    (None, "None"),
])
def test_not_a_single_number_is_explained(value, words) -> None:
    msg = fails(expect_number, value, "rate", qid="q1")
    assert msg.startswith("q1: `rate`") and words in msg


def test_bounds_and_integers() -> None:
    assert "at least 0" in fails(expect_number, -3, "count", lo=0)
    assert "at most 10" in fails(expect_number, 11, "count", hi=10)
    assert "whole number" in fails(expect_number, 2.5, "count", integer=True)
    assert "between -6 and 6" in fails(expect_number, 9, "gap", lo=-6, hi=6, hint="Scores run 1-7.")
    assert "Scores run 1-7." in fails(expect_number, 9, "gap", lo=-6, hi=6, hint="Scores run 1-7.")


def test_need_names_the_missing_variable_and_what_to_do() -> None:
    breach_rate = 0.3  # noqa: F841 - a local is not the notebook namespace
    msg = fails(need, "surely_not_defined_anywhere", qid="q2")
    assert "q2: you have not defined `surely_not_defined_anywhere` yet" in msg
    assert "run that cell" in msg


def test_need_finds_module_level_names() -> None:
    checks_module_global = "x"
    globals()["defined_for_need_test"] = checks_module_global
    try:
        need("defined_for_need_test", qid="q1")  # no error
    finally:
        del globals()["defined_for_need_test"]


def test_need_lists_several_missing_names() -> None:
    msg = fails(need, "nope_a", "nope_b")
    assert "`nope_a`, `nope_b`" in msg and "them" in msg


def test_expect_type() -> None:
    expect_type("x", "name", str)
    expect_type(pd.Series([1]), "s", (pd.Series, dict))
    msg = fails(expect_type, [1, 2], "s", (pd.Series, dict), qid="q3")
    assert msg.startswith("q3: `s` should be a pandas Series or a dict but is a list")
    assert "True/False" in fails(expect_type, True, "n", int)


def test_expect_close_is_for_sanity_facts() -> None:
    expect_close(1.0000001, "total_share", 1.0, 1e-6, why="shares of a whole add up to 1")
    msg = fails(expect_close, 0.8, "total_share", 1.0, 1e-6, why="shares of a whole add up to 1", qid="q4")
    assert msg == "q4: `total_share` is 0.8, but shares of a whole add up to 1 — check how you computed it."


def test_expect_text() -> None:
    expect_text("Welcome back, Mr Yu Wenhua!", "greeting")
    assert "empty" in fails(expect_text, "  ", "greeting")
    assert ".strip()" in fails(expect_text, " Hi ", "greeting")
    assert "'  '" in fails(expect_text, "Mr  Yu", "greeting", must_not_contain=["  "])
    assert "a text (str)" in fails(expect_text, 3, "greeting")


def test_expect_len() -> None:
    expect_len([1, 2, 3], "ids", n=3)
    assert "should hold 2 items but holds 3" in fails(expect_len, [1, 2, 3], "ids", n=2)
    assert "at least 1 guest ids" in fails(expect_len, [], "ids", lo=1, what="guest ids")
    assert "did you filter?" in fails(expect_len, [1, 2, 3], "ids", hi=2)
    assert "collection" in fails(expect_len, 5, "ids", n=1)


def test_as_series_accepts_series_dicts_and_one_column_frames() -> None:
    assert as_series({"a": 1}, "x").to_dict() == {"a": 1}
    s = pd.Series({"a": 1.0})
    assert as_series(s, "x") is s
    assert as_series(pd.DataFrame({"v": [1, 2]}), "x").tolist() == [1, 2]
    msg = fails(as_series, [1, 2], "breach_by_branch", qid="q3a")
    assert msg.startswith("q3a: `breach_by_branch` should be a pandas Series (or a dict)")


def test_expect_keys_any_order_missing_and_extra() -> None:
    expect_keys({"b": 1, "a": 2}, "d", ["a", "b"])
    expect_keys(pd.Series([1, 2], index=pd.CategoricalIndex(["x", "y"])), "s", ["y", "x"])
    assert "no entry for 'c'" in fails(expect_keys, {"a": 1}, "d", ["a", "c"])
    assert "unexpected labels 'z'" in fails(expect_keys, {"a": 1, "z": 2}, "d", ["a"])
    expect_keys({"a": 1, "z": 2}, "d", ["a"], exact=False)
    assert "should be a dict or a pandas Series" in fails(expect_keys, 3, "d", ["a"])


def test_expect_frame() -> None:
    df = pd.DataFrame({"customers": [1], "revenue": [2.0]})
    expect_frame(df, "by_segment", columns=["customers", "revenue"])
    assert "no column 'profit'" in fails(expect_frame, df, "by_segment", columns=["profit"])
    assert ".to_frame()" in fails(expect_frame, pd.Series([1]), "by_segment")
    assert "0 rows" in fails(expect_frame, df.iloc[:0], "by_segment")


def test_passed_prints_the_pass_line(capsys) -> None:
    passed("q2")
    assert capsys.readouterr().out == "✔ q2: visible checks passed\n"


def test_messages_never_contain_the_value_compared_against() -> None:
    # The helpers take bounds and shapes, never an expected answer: the only signature with a target is
    # expect_close, which documents that it is for sanity facts. Guard the API surface.
    import inspect

    for name in checks.__all__:
        params = inspect.signature(getattr(checks, name)).parameters
        assert not {"expected", "answer", "solution"} & set(params), name


# ------------------------------------------------------------------ right or "not yet", without the answer
def test_hash_check_says_right_for_the_value_and_not_yet_for_another() -> None:
    code = digest(0.40087, "breach_rate", "q1", round_to=3)
    expect_hash(0.4008, "breach_rate", code, qid="q1", round_to=3)  # the same to 3 decimals
    msg = fails(expect_hash, 0.4, "breach_rate", code, qid="q1", round_to=3, hint="Leave two kinds out.")
    assert msg == "q1: `breach_rate` is not right yet (compared to 3 decimal places). Leave two kinds out."
    assert "0.401" not in msg and "0.4008" not in msg


def test_hash_is_salted_by_question_and_name() -> None:
    assert digest(42, "n", "q1") != digest(42, "n", "q2") != digest(42, "m", "q2")
    assert len({digest(42, "n", "q1"), digest(42, "n", "q1")}) == 1


def test_numbers_near_a_rounding_boundary_are_not_failed_by_float_noise() -> None:
    code = digest(0.1235, "x", "q1", round_to=3)
    expect_hash(0.12349999999, "x", code, qid="q1", round_to=3)
    expect_hash(0.12350000001, "x", code, qid="q1", round_to=3)


def test_canonical_forms() -> None:
    assert canonical(np.float64(2.0), round_to=0) == ["2"]
    assert canonical(-0.0001, round_to=2) == ["0.00"]
    assert canonical(1234567.8, round_to=-3) == ["1235000"]
    assert canonical(True) == ["True"]
    assert canonical("  Chengdu   Jinjiang ") == ["chengdu jinjiang"]
    assert canonical("Chengdu", casefold=False) == ["Chengdu"]
    assert canonical(pd.Series({"b": 0.5, "a": 1 / 3}), round_to=2) == canonical({"a": 0.333, "b": 0.5}, round_to=2)
    assert canonical({"A0002", "A0001"}) == canonical(["A0001", "A0002"]) != canonical(["A0002", "A0001"])
    assert canonical(["A0002", "A0001"], ordered=False) == canonical(["A0001", "A0002"])
    frame = pd.DataFrame({"n": [1, 2], "x": [0.5, 0.25]}, index=["p", "q"])
    assert canonical(frame, round_to=1, columns=["n"]) == canonical({"p": {"n": 1}, "q": {"n": 2}}, round_to=1)


def test_a_series_a_dict_and_categorical_labels_hash_alike() -> None:
    s = pd.Series([0.25, 0.5], index=pd.CategoricalIndex(["x", "y"]))
    code = digest(s, "rate", "q3a", round_to=3)
    expect_hash({"y": 0.5, "x": 0.25}, "rate", code, qid="q3a", round_to=3)
    assert "not right yet" in fails(expect_hash, {"x": 0.5, "y": 0.25}, "rate", code, qid="q3a", round_to=3)


def test_several_accepted_answers() -> None:
    codes = (digest(0.443, "r", "q2", round_to=3), digest(0.447, "r", "q2", round_to=3))
    expect_hash(0.447, "r", codes, qid="q2", round_to=3)
    assert "not right yet" in fails(expect_hash, 0.445, "r", codes, qid="q2", round_to=3)


def test_the_hidden_tests_decide_in_the_graded_run() -> None:
    """A test cell's hidden block ends with `_accepted = "<question>"` once it accepted the answer (within its
    tolerance); the hash check after it then steps aside. Without the hidden block the hash check decides."""
    code = digest(0.5, "x", "q1", round_to=3)
    cell = 'from course.checks import expect_hash\nexpect_hash(0.5008, "x", CODE, qid="q1", round_to=3)\n'
    with pytest.raises(AssertionError, match="q1: `x` is not right yet"):
        exec(cell, {"CODE": code})  # noqa: S102
    exec('_accepted = "q1"\n' + cell, {"CODE": code})  # noqa: S102
    with pytest.raises(AssertionError):  # another question's acceptance does not count
        exec('_accepted = "q2"\n' + cell, {"CODE": code})  # noqa: S102


def test_phrases_are_found_without_case_or_punctuation() -> None:
    name = phrase_digest("Mr Yu", 'greet("G0001")', "q3")
    seat = phrase_digest("window 2", 'greet("G0001")', "q3")
    expect_phrases("Welcome back, MR YU! Window 2 is ready.", 'greet("G0001")',
                   {"the name": name, "the seat": seat}, qid="q3")
    msg = fails(expect_phrases, "Welcome back, Mr Yu Wenhua! Window 3 is ready.", 'greet("G0001")',
                {"the name": name, "the seat": seat}, qid="q3")
    assert msg.startswith('q3: greet("G0001") does not contain the seat yet') and "window 2" not in msg


# ------------------------------------------------------------------ both editions: the same digest, in Chinese
def test_a_chinese_data_label_hashes_as_its_english_one() -> None:
    code = digest(pd.Series({"Shanghai Pudong": 0.41, "Chengdu Jinjiang": 0.5}), "rate", "q3a", round_to=2)
    expect_hash(pd.Series({"上海浦东": 0.4102, "成都锦江": 0.5}), "rate", code, qid="q3a", round_to=2)
    assert digest("成都锦江", "b", "q3b") == digest("Chengdu Jinjiang", "b", "q3b")
    assert digest("成都", "b", "q3b") != digest("成都锦江", "b", "q3b")
    assert canonical({"靠窗2号": "三明治、煎蛋、咖啡"}) == canonical({"window 2": "sandwich, fried egg, coffee"})
    expect_keys(pd.Series([1, 2], index=["上海浦东", "成都锦江"]), "s", ["Shanghai Pudong", "Chengdu Jinjiang"])
    assert "unexpected labels '南京鼓楼'" in fails(expect_keys, {"上海浦东": 1, "南京鼓楼": 2}, "s", ["Shanghai Pudong"])


def test_phrases_are_found_in_a_chinese_greeting() -> None:
    seat = phrase_digest("window 2", 'greet("G0001")', "q3")
    breakfast = phrase_digest("sandwich, fried egg, coffee", 'greet("G0001")', "q3")
    expect_phrases("余先生，欢迎回来！您常坐的靠窗2号已经备好，还是照旧来一份三明治、煎蛋、咖啡吗？", 'greet("G0001")',
                   {"the seat": seat, "the breakfast": breakfast}, qid="q3")
    assert "does not contain the seat" in fails(expect_phrases, "欢迎回来！靠窗3号已经备好。", 'greet("G0001")',
                                                {"the seat": seat}, qid="q3")


ZH_MESSAGES = [  # a check, its arguments, and the Chinese a trainee reads (the same facts as the English)
    (expect_number, (40.0, "breach_rate"), {"lo": 0, "hi": 1, "qid": "q2"},
     "q2：`breach_rate` 应当是 0 到 1 之间的比例，现在却是 40——是不是忘了除以 100？"),
    (expect_number, (float("nan"), "rate"), {}, "`rate` 是 NaN（不是数）"),
    (expect_number, ("0.4", "rate"), {"qid": "q1"}, "q1：`rate` 应当是单个数值，现在却是文本（str）：'0.4'——"),
    (expect_number, (2.5, "count"), {"integer": True}, "`count` 应当是整数（一个计数），现在却是 2.5。"),
    (expect_number, (9, "gap"), {"lo": -6, "hi": 6, "hint": "分数在 1 到 7 之间。"},
     "`gap` 应当是 -6 到 6 之间的数，现在却是 9。 分数在 1 到 7 之间。"),
    (need, ("surely_not_defined_anywhere",), {"qid": "q2"}, "q2：你还没有定义 `surely_not_defined_anywhere`——"),
    (expect_type, ([1, 2], "s", (pd.Series, dict)), {"qid": "q3"}, "`s` 应当是pandas Series（序列）或字典（dict）"),
    (expect_close, (0.8, "total_share", 1.0, 1e-6), {"why": "各部分的份额加起来应为 1"},
     "`total_share` 是 0.8，但各部分的份额加起来应为 1——请检查你的算法。"),
    (expect_text, (" Hi ", "greeting"), {}, "`greeting` 的开头或结尾有空格（' Hi '）——请用 `.strip()` 去掉。"),
    (expect_len, ([1, 2, 3], "ids"), {"hi": 2}, "`ids` 最多应包含 2 个项，现在却有 3 个——筛选了吗？"),
    (expect_len, ([], "ids"), {"lo": 1, "what": "客户编号"}, "`ids` 至少应包含 1 个客户编号，现在只有 0 个。"),
    (as_series, ([1, 2], "breach_by_branch"), {"qid": "q3a"}, "q3a：`breach_by_branch` 应当是每个标签对应一个值的"),
    (expect_keys, ({"a": 1}, "d", ["a", "c"]), {}, "`d` 缺少 'c' 的条目——每一组都要有一个标签"),
    (expect_frame, (pd.DataFrame({"n": [1]}), "by_segment"), {"columns": ["profit"]},
     "`by_segment` 没有 'profit' 列（现有的列：n）"),
    (expect_hash, (0.4, "breach_rate", digest(0.5, "breach_rate", "q1", round_to=3)), {"qid": "q1", "round_to": 3},
     "q1：`breach_rate` 还不对（按 3 位小数比较）。请再读一遍题目"),
    (expect_hash, (1234.0, "total", digest(99.0, "total", "q1", round_to=-3)), {"qid": "q1", "round_to": -3},
     "q1：`total` 还不对（按最接近的 1,000 比较）。"),
]


@pytest.mark.parametrize("fn, args, kwargs, chinese", ZH_MESSAGES, ids=[m[0].__name__ for m in ZH_MESSAGES])
def test_every_message_speaks_the_language_in_use(fn, args, kwargs, chinese) -> None:
    from course import i18n

    english = fails(fn, *args, **kwargs)
    with i18n.language("zh"):
        msg = fails(fn, *args, **kwargs)
    assert chinese in msg, msg
    assert english != msg and chinese not in english
    assert fails(fn, *args, **kwargs) == english


def test_the_pass_line_speaks_chinese(capsys) -> None:
    from course import i18n

    with i18n.language("zh"):
        passed("q2")
    assert capsys.readouterr().out == "✔ q2：可见检查已通过\n"


def _exercise_ids() -> list[str]:
    from support.exercises import IDS

    return IDS


@pytest.mark.parametrize("aid", _exercise_ids())
def test_model_answers_on_the_chinese_data_match_the_committed_digests(aid) -> None:
    """The English model answer, run on data/zh/ (the setup cell's switch set to "zh"), passes every visible hashed
    check with the digests written from the English data, and every hidden test: the same answers, the same marks."""
    from support.exercises import full_test_cells, run_cell, visible_parts
    from support.zh_answers import namespace_in

    from course import i18n

    with i18n.language("zh"):
        ns = namespace_in(aid, "zh")
        frames = [v for v in ns.values() if isinstance(v, pd.DataFrame) and "lang" in v.attrs]
        assert frames and any(f.attrs["lang"] == "zh" for f in frames), f"{aid}: the setup did not load data/zh/"
        for gid, src in visible_parts(aid).items():
            qid = gid[: -len("_test")]
            try:
                out = run_cell(dict(ns), src)
            except AssertionError as exc:
                pytest.fail(f"{aid} {gid}: on the Chinese data the model answer fails its visible check: {exc}")
            assert f"✔ {qid}：可见检查已通过" in out, f"{aid} {gid}: no Chinese pass line in {out!r}"
        for gid, src in full_test_cells(aid).items():
            try:
                run_cell(dict(ns), src)
            except AssertionError as exc:
                pytest.fail(f"{aid} {gid}: on the Chinese data a hidden test fails the model answer: {exc}")


def test_without_the_name_table_the_chinese_answers_would_not_match(monkeypatch) -> None:
    """The proof above is not vacuous: answers keyed on translated labels need the table to hash alike."""
    from support.exercises import run_cell, visible_parts
    from support.zh_answers import namespace_in

    from course import i18n

    monkeypatch.setattr(checks, "to_english", lambda text: text)
    with i18n.language("zh"):
        ns = namespace_in("01-why-customers-complain", "zh")
        with pytest.raises(AssertionError, match="q3a：`breach_by_branch` 还不对"):
            run_cell(dict(ns), visible_parts("01-why-customers-complain")["q3a_test"])
