"""The trusted side of grading: answers cross as plain data, tests run outside the trainee's kernel."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from course.grading import answer_export as A
from course.grading.trusted import TrustedNamespace, free_names


def roundtrip(ns: dict) -> tuple[dict, list[str]]:
    """Export `ns` as a kernel would, through JSON text, and rebuild it on the trusted side."""
    out = A.export(list(ns), ns)
    data = json.loads(json.dumps(out))
    return {k: A.decode(v) for k, v in data["values"].items()}, data["flags"]


def test_plain_values_and_tables_survive_the_boundary():
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": pd.Categorical(["p", "q"])},
                      index=pd.Index(["r1", "r2"], name="id"))
    s = df.groupby("c", observed=True)["a"].mean()
    back, flags = roundtrip({"n": 3, "x": np.float64(2.5), "t": (1, "a"), "d": {"k": [1, None]}, "nan": float("nan"),
                             "s": s, "df": df, "arr": np.array([1.5, 2.5]), "big": 2**70})
    assert flags == []
    assert back["n"] == 3 and type(back["x"]) is float and back["x"] == 2.5
    assert back["t"] == (1, "a") and back["d"] == {"k": [1, None]} and np.isnan(back["nan"])
    assert back["big"] == 2**70
    pd.testing.assert_series_equal(back["s"], s, check_index_type=False, check_categorical=False)
    assert back["df"]["a"].tolist() == [1, 2] and str(back["df"]["c"].dtype) == "category"
    assert list(back["df"].index) == ["r1", "r2"] and back["df"].index.name == "id"
    assert back["arr"].tolist() == [1.5, 2.5]


def test_an_object_with_its_own_methods_crosses_only_as_its_plain_value():
    class Sneaky(float):
        def __float__(self):  # would read the expected value from the test's frame
            raise AssertionError("a trainee method ran in the grading process")

        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    class Anything:
        def __eq__(self, other):
            return True

    back, flags = roundtrip({"v": Sneaky(1.25), "w": Anything(), "f": lambda x: x})
    assert type(back["v"]) is float and back["v"] == 1.25
    assert isinstance(back["w"], A.NotPlainData)
    with pytest.raises(TypeError, match="not plain data"):
        float(back["w"])
    with pytest.raises(TypeError):
        back["w"] == 3  # noqa: B015 (the comparison itself must fail)
    assert any("subclass of float" in f for f in flags) and any("not plain data" in f for f in flags)


def test_tampering_in_the_namespace_is_reported():
    flags = A.tampering({"abs": lambda x: 0, "load": lambda name: None, "len": len})
    assert "redefines the built-in `abs`" in flags
    assert "redefines `load`" in flags
    assert not any("`len`" in f for f in flags)


def test_answers_too_large_are_refused(monkeypatch):
    monkeypatch.setattr(A, "MAX_ITEMS", 10)
    back, flags = roundtrip({"big": list(range(100))})
    assert isinstance(back["big"], A.NotPlainData) and any("too large" in f for f in flags)


def test_call_runs_the_trainee_function_on_plain_copies():
    ns = {"greet": lambda row, polite=True: f"Dear {row['name']}" if polite else row["name"]}
    payload = json.dumps(A.encode(([{"name": "Ms Wang"}], {"polite": True}), [], "args"))
    reply = json.loads(json.dumps(A.call("greet", payload, ns)))
    assert A.decode(reply["value"]) == "Dear Ms Wang"
    assert "error" in A.call("missing", payload, ns)
    assert "ZeroDivisionError" in A.call("boom", json.dumps(A.encode(([], {}), [], "a")),
                                         {"boom": lambda: 1 / 0})["error"]


def test_free_names_are_the_answers_a_test_reads():
    src = ("from course.checks import need\nneed('x')\n_t = load('tickets')\n"
           "assert abs(float(breach_rate) - _t.size) < 1\nfor k in y: print(k)\nf = lambda q: q + z\n")
    # imported, assigned, underscore, loop and lambda names and builtins are never taken from the trainee
    assert set(free_names(src)) == {"load", "breach_rate", "y", "z"}


def test_trusted_namespace_reports_output_errors_and_lines():
    t = TrustedNamespace()
    ok = t.run("print('hi')\n1 + 1")
    assert [o.output_type for o in ok] == ["stream", "execute_result"] and ok[1].data["text/plain"] == "2"
    bad = t.run("x = 1\nassert x == 2, 'q1: not right'\n")
    assert bad[-1].output_type == "error" and bad[-1].ename == "AssertionError"
    assert bad[-1].traceback[0] == "Cell In[2], line 2"
    exit_ = t.run("raise SystemExit(0)")
    assert exit_[-1].ename == "SystemExit"
