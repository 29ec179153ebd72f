"""course.checks: the friendly visible-test helpers name the variable, say what was expected and what to do."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course import checks
from course.checks import (
    as_series,
    expect_close,
    expect_frame,
    expect_keys,
    expect_len,
    expect_number,
    expect_text,
    expect_type,
    need,
    passed,
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
