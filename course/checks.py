"""Friendly checks for the VISIBLE part of exercise tests.

Each check raises AssertionError with one clear sentence: which variable, what was expected, and what to do,
e.g. "q2: `breach_rate` should be a fraction between 0 and 1 but is 40.0 — did you forget to divide by 100?".
The shape checks (`expect_number`, `expect_keys`, ...) test type and plausibility. `expect_hash` and
`expect_phrases` say whether the answer is RIGHT without containing it: they compare a salted hash of the
answer's canonical form (numbers rounded to the precision the question states, texts stripped and case-folded,
labelled values as sorted label -> value pairs) with the hash of the model answer, written into the test cell
when the exercise was made. A hash slows guessing, it does not stop it: the marks come from the hidden tests.

Typical test cell (the hidden block sits between the shape checks and the hash check)::

    from course.checks import expect_hash, expect_number, need, passed
    need("breach_rate", qid="q2")
    expect_number(breach_rate, "breach_rate", lo=0, hi=1, qid="q2")
    ### BEGIN HIDDEN TESTS
    ...asserts with a message per mistake...
    _accepted = "q2"
    ### END HIDDEN TESTS
    expect_hash(breach_rate, "breach_rate", "3f1c...", qid="q2", round_to=3)
    passed("q2")

When the work is graded the hidden tests run first and decide: they allow for tolerances and other correct
methods, and the last line of the hidden block records that they accepted the answer (`_accepted = "q2"`), so
the hash check that follows steps aside. In the trainee's notebook the hidden block is not there and the hash
check gives the instant verdict.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "as_series", "canonical", "digest", "expect_close", "expect_frame", "expect_hash", "expect_keys",
    "expect_len", "expect_number", "expect_phrases", "expect_text", "expect_type", "need", "passed",
    "phrase_digest",
]


def _say(qid: str | None, sentence: str) -> str:
    return f"{qid}: {sentence}" if qid else sentence


def _fail(qid: str | None, sentence: str) -> AssertionError:
    return AssertionError(_say(qid, sentence))


def _type_name(value: Any) -> str:
    t = type(value)
    if isinstance(value, pd.DataFrame):
        return "a pandas DataFrame"
    if isinstance(value, pd.Series):
        return "a pandas Series"
    names = {bool: "True/False", int: "a whole number", float: "a number with decimals", str: "a text (str)",
             list: "a list", dict: "a dict", tuple: "a tuple", type(None): "None"}
    return names.get(t, f"a {t.__name__}")


def _short(value: Any, limit: int = 60) -> str:
    """A short, printable form of a value for messages."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return f"{_type_name(value)} of shape {value.shape}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _namespace() -> dict[str, Any]:
    """The trainee's namespace: IPython's user namespace if running in a kernel, else the caller's globals."""
    try:
        from IPython import get_ipython

        ip = get_ipython()
    except ImportError:  # pragma: no cover - IPython is always there with Jupyter
        ip = None
    if ip is not None:
        return ip.user_ns
    frame = sys._getframe(2)
    return frame.f_globals


def need(*names: str, qid: str | None = None) -> None:
    """Fail with a friendly sentence if any of `names` is not defined yet (instead of a bare NameError)."""
    ns = _namespace()
    missing = [n for n in names if n not in ns]
    if missing:
        listed = ", ".join(f"`{n}`" for n in missing)
        verb = "it" if len(missing) == 1 else "them"
        raise _fail(qid, f"you have not defined {listed} yet — write the answer cell above, which must assign "
                         f"{verb}, and run that cell before this test.")


def expect_type(value: Any, name: str, types: type | tuple[type, ...], qid: str | None = None) -> None:
    """Fail unless `value` is an instance of `types` (a type or a tuple of types)."""
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        wanted = " or ".join(_type_name_of_type(t) for t in types)
        raise _fail(qid, f"`{name}` should be {wanted} but is {_type_name(value)} ({_short(value)}).")


def _type_name_of_type(t: type) -> str:
    special = {pd.DataFrame: "a pandas DataFrame", pd.Series: "a pandas Series", int: "a whole number",
               float: "a number", str: "a text (str)", dict: "a dict", list: "a list", tuple: "a tuple",
               bool: "True/False", numbers.Number: "a number", numbers.Real: "a number",
               numbers.Integral: "a whole number"}
    return special.get(t, f"a {t.__name__}")


def _as_float(value: Any, name: str, qid: str | None) -> float:
    if isinstance(value, (pd.Series, pd.DataFrame)) and value.size == 1:
        raise _fail(qid, f"`{name}` should be a single number but is {_type_name(value)} with one value — "
                         "take the number out of it, e.g. with `.item()` or `.iloc[0]`.")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        hint = ""
        if isinstance(value, str):
            hint = " — did you format it as text? Keep the number itself."
        elif isinstance(value, (pd.Series, pd.DataFrame, list, tuple, dict)):
            hint = " — reduce it to one number (e.g. `.sum()`, `.mean()`, or pick one value)."
        raise _fail(qid, f"`{name}` should be a single number but is {_type_name(value)} ({_short(value)}){hint}")
    return float(value)


def expect_number(value: Any, name: str, lo: float | None = None, hi: float | None = None,
                  qid: str | None = None, integer: bool = False, hint: str | None = None) -> None:
    """Fail unless `value` is one real number (not NaN) within [lo, hi]; `integer` asks for a whole number.

    lo=0, hi=1 means a fraction: a value between 1 and 100 gets the "divide by 100?" hint.
    """
    x = _as_float(value, name, qid)
    if math.isnan(x):
        raise _fail(qid, f"`{name}` is NaN (not a number) — did you average an empty selection, divide by "
                         "zero, or keep missing values in the calculation?")
    if math.isinf(x):
        raise _fail(qid, f"`{name}` is infinite — did you divide by zero?")
    if integer and x != round(x):
        raise _fail(qid, f"`{name}` should be a whole number (a count) but is {x:g}.")
    extra = f" {hint}" if hint else ""
    if lo is not None and hi is not None and (x < lo or x > hi):
        if (lo, hi) == (0, 1) and 1 < x <= 100:
            raise _fail(qid, f"`{name}` should be a fraction between 0 and 1 but is {x:g} — did you forget "
                             f"to divide by 100?{extra}")
        what = "a fraction" if (lo, hi) == (0, 1) else "a number"
        raise _fail(qid, f"`{name}` should be {what} between {lo:g} and {hi:g} but is {x:g}.{extra}")
    if lo is not None and x < lo:
        raise _fail(qid, f"`{name}` should be at least {lo:g} but is {x:g}.{extra}")
    if hi is not None and x > hi:
        raise _fail(qid, f"`{name}` should be at most {hi:g} but is {x:g}.{extra}")


def expect_close(value: Any, name: str, target: float, tol: float, why: str, qid: str | None = None) -> None:
    """Fail unless `value` is within `tol` of `target`. Only for sanity facts that are NOT the answer, e.g.
    "shares add up to 1" (why="shares of a whole add up to 1")."""
    x = _as_float(value, name, qid)
    if math.isnan(x) or abs(x - target) > tol:
        raise _fail(qid, f"`{name}` is {x:g}, but {why} — check how you computed it.")


def expect_text(value: Any, name: str, qid: str | None = None, min_len: int = 1,
                must_not_contain: Iterable[str] = ()) -> None:
    """Fail unless `value` is a non-empty str without stray outer spaces or forbidden fragments (such as
    '  ' or 'nan')."""
    expect_type(value, name, str, qid)
    if len(value.strip()) < min_len:
        raise _fail(qid, f"`{name}` is empty — build the text from the data.")
    if value != value.strip():
        raise _fail(qid, f"`{name}` starts or ends with spaces ({value!r}) — use `.strip()`.")
    for bit in must_not_contain:
        if bit in value:
            raise _fail(qid, f"`{name}` contains {bit!r} ({value!r}) — clean the values before you join them.")


def expect_len(value: Any, name: str, n: int | None = None, lo: int | None = None, hi: int | None = None,
               qid: str | None = None, what: str = "items") -> None:
    """Fail unless len(value) is n (or within [lo, hi]); say how many there are."""
    try:
        size = len(value)
    except TypeError:
        raise _fail(qid, f"`{name}` should be a collection of {what} but is {_type_name(value)} "
                         f"({_short(value)}).") from None
    if n is not None and size != n:
        raise _fail(qid, f"`{name}` should hold {n} {what} but holds {size}.")
    if lo is not None and size < lo:
        raise _fail(qid, f"`{name}` should hold at least {lo} {what} but holds {size}.")
    if hi is not None and size > hi:
        raise _fail(qid, f"`{name}` should hold at most {hi} {what} but holds {size} — did you filter?")


def as_series(value: Any, name: str, qid: str | None = None) -> pd.Series:
    """A pandas Series from a Series, a dict, or a one-column DataFrame; else a friendly failure."""
    if isinstance(value, pd.Series):
        return value
    if isinstance(value, Mapping):
        return pd.Series(dict(value))
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        return value.iloc[:, 0]
    raise _fail(qid, f"`{name}` should be a pandas Series (or a dict) with one value per label but is "
                     f"{_type_name(value)} ({_short(value)}).")


def expect_keys(value: Any, name: str, keys: Iterable[Any], qid: str | None = None,
                exact: bool = True) -> None:
    """Fail unless the labels of `value` (dict keys, Series index, DataFrame index) include every key in
    `keys` (and nothing else when `exact`). Order does not matter."""
    if isinstance(value, Mapping):
        have = list(value.keys())
    elif isinstance(value, (pd.Series, pd.DataFrame)):
        have = list(value.index)
    else:
        raise _fail(qid, f"`{name}` should be a dict or a pandas Series labelled by "
                         f"{_short(sorted(map(str, keys)))}, but is {_type_name(value)} ({_short(value)}).")
    want = list(keys)
    have_s, want_s = {str(k) for k in have}, {str(k) for k in want}
    missing = [k for k in want if str(k) not in have_s]
    extra = [k for k in have if str(k) not in want_s]
    if missing:
        raise _fail(qid, f"`{name}` has no entry for {', '.join(map(repr, missing[:5]))}"
                         f"{' and more' if len(missing) > 5 else ''} — one label per "
                         f"{'item' if len(want) < 2 else 'group'} is needed (check your groupby column).")
    if exact and extra:
        raise _fail(qid, f"`{name}` has unexpected labels {', '.join(map(repr, extra[:5]))}"
                         f"{' and more' if len(extra) > 5 else ''} — keep only the groups the question asks for.")


def expect_frame(value: Any, name: str, columns: Iterable[str] = (), min_rows: int = 1,
                 qid: str | None = None) -> None:
    """Fail unless `value` is a DataFrame with at least `min_rows` rows and the given columns."""
    if not isinstance(value, pd.DataFrame):
        hint = " — use `.to_frame()` or `.reset_index()` to turn a Series into a table." \
            if isinstance(value, pd.Series) else ""
        raise _fail(qid, f"`{name}` should be a pandas DataFrame but is {_type_name(value)}{hint}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        have = ", ".join(map(str, value.columns[:8]))
        raise _fail(qid, f"`{name}` has no column {', '.join(map(repr, missing))} (it has: {have}) — "
                         "name the columns exactly as the question says.")
    if len(value) < min_rows:
        raise _fail(qid, f"`{name}` has {len(value)} rows; at least {min_rows} were expected — did you filter "
                         "too much?")


# --------------------------------------------------------------------------------- right or "not yet"
HASH_ITERATIONS = 20_000
"""PBKDF2 rounds per hash: a few milliseconds per check, enough to make guessing by brute force tedious."""
_EPS_DIGITS = 4
"""A number within 10**-(round_to + 4) of a rounding boundary is hashed both ways (floating-point noise)."""
_MAX_CANDIDATES = 64


def _salt(qid: str, name: str) -> bytes:
    return f"course.checks|{qid}|{name}".encode()


def _hash(text: str, qid: str, name: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", text.encode(), _salt(qid, name), HASH_ITERATIONS).hex()[:24]


def _number_forms(x: float, round_to: int | None) -> list[str]:
    if math.isnan(x) or math.isinf(x):
        return [str(x)]
    digits = 0 if round_to is None else int(round_to)
    eps = 10.0 ** -(digits + _EPS_DIGITS)
    out: list[str] = []
    for y in (x, x - eps, x + eps):
        r = round(y, digits)
        text = f"{r:.{max(digits, 0)}f}"
        if float(text) == 0:
            text = text.lstrip("-")
        if text not in out:
            out.append(text)
    return out


def _text_form(value: str, casefold: bool) -> str:
    text = " ".join(str(value).split())
    return text.casefold() if casefold else text


def _product(parts: list[list[str]], join) -> list[str]:
    combos: list[list[str]] = [[]]
    for options in parts:
        combos = [c + [o] for c in combos for o in options]
        if len(combos) > _MAX_CANDIDATES:  # many values near a boundary: keep the central rounding only
            combos = [[p[0] for p in parts]]
            break
    return [join(c) for c in combos]


def canonical(value: Any, round_to: int | None = None, casefold: bool = True, ordered: bool | None = None,
              columns: Iterable[str] | None = None) -> list[str]:
    """The canonical text forms of an answer that `digest` hashes (usually one; two or three when a number lies
    within floating-point noise of a rounding boundary).

    Numbers are rounded to `round_to` decimals (None: whole numbers; negative: tens, hundreds, ...); True/False
    stay words; texts are stripped, inner spaces collapsed and, with `casefold`, case-folded; a Series or dict
    becomes its label -> value pairs sorted by label; a DataFrame its rows (sorted by label) of `columns`; a list
    or tuple keeps its order unless `ordered` is False, a set never does."""
    if isinstance(value, (bool, np.bool_)):
        return [str(bool(value))]
    if isinstance(value, numbers.Real):
        return _number_forms(float(value), round_to)
    if isinstance(value, str):
        return [_text_form(value, casefold)]
    if value is None:
        return ["None"]
    if isinstance(value, pd.DataFrame):
        cols = list(columns) if columns is not None else [str(c) for c in value.columns]
        frame = value.rename(columns=str)
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            return [f"<frame without {missing}>"]
        rows = {k: {c: frame.loc[k, c] for c in cols} for k in frame.index}
        return canonical(rows, round_to, casefold)
    if isinstance(value, (pd.Series, Mapping)):
        pairs = value.items() if isinstance(value, pd.Series) else dict(value).items()
        keyed = sorted(((_text_form(k, casefold), v) for k, v in pairs), key=lambda kv: kv[0])
        parts = [[f"{k}={form}" for form in canonical(v, round_to, casefold, ordered)] for k, v in keyed]
        return _product(parts, lambda c: "{" + "|".join(c) + "}")
    if isinstance(value, (set, frozenset)):
        ordered = False
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Index)):
        items = [canonical(v, round_to, casefold) for v in list(value)]
        if ordered is False:
            items = sorted(items, key=lambda forms: forms[0])
        return _product(items, lambda c: "[" + ",".join(c) + "]")
    return [f"<{type(value).__name__}>"]


def digest(value: Any, name: str, qid: str, round_to: int | None = None, casefold: bool = True,
           ordered: bool | None = None, columns: Iterable[str] | None = None) -> str:
    """The hash that `expect_hash` compares: of the value's (first) canonical form, salted with the question
    and the variable name, so the same number hashes differently in every question."""
    return _hash(canonical(value, round_to, casefold, ordered, columns)[0], qid, name)


def _accepted_by_hidden_tests(qid: str) -> bool:
    """True when the caller's namespace records that the hidden tests of `qid` have just accepted the answer:
    the graded run, where they (with their tolerances) decide."""
    frame = sys._getframe(2)
    return frame.f_globals.get("_accepted") == qid


def expect_hash(value: Any, name: str, digests: str | Iterable[str], qid: str, round_to: int | None = None,
                casefold: bool = True, ordered: bool | None = None, columns: Iterable[str] | None = None,
                hint: str | None = None) -> None:
    """Fail with "not right yet" unless the canonical form of `value` hashes to `digests` (one hash, or several
    when the question accepts more than one answer). The message names the question and the precision it checks,
    never the value. In the graded run the hidden tests decide first (see the module docstring)."""
    if _accepted_by_hidden_tests(qid):
        return
    want = {digests} if isinstance(digests, str) else set(digests)
    forms = canonical(value, round_to, casefold, ordered, columns)
    if any(_hash(form, qid, name) in want for form in forms):
        return
    precision = ""
    if round_to is not None and isinstance(value, (numbers.Real, pd.Series, pd.DataFrame, Mapping)) \
            and not isinstance(value, bool):
        precision = (f" (compared to {round_to} decimal place{'s' if round_to != 1 else ''})" if round_to > 0
                     else " (compared as a whole number)" if round_to == 0
                     else f" (compared to the nearest {10 ** -round_to:,})")
    advice = hint or "Read the question again: which rows count, and what is divided by what?"
    raise _fail(qid, f"`{name}` is not right yet{precision}. {advice}")


_WORD = re.compile(r"[^\w]+")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.split(str(text).casefold()) if w]


def phrase_digest(phrase: str, name: str, qid: str) -> str:
    """The hash `expect_phrases` looks for: of the phrase's words (case-folded, punctuation ignored), with its
    word count in front, e.g. '2:9c0f...'."""
    words = _words(phrase)
    return f"{len(words)}:{_hash(' '.join(words), qid, name)}"


def expect_phrases(text: Any, name: str, phrases: Mapping[str, str], qid: str, hint: str | None = None) -> None:
    """Fail unless `text` contains each phrase whose `phrase_digest` is given (`phrases` maps what the phrase
    is, e.g. "the guest's name", to its digest). Case and punctuation do not matter; the phrases stay secret. In
    the graded run the hidden tests decide first, as for `expect_hash`."""
    if _accepted_by_hidden_tests(qid):
        return
    expect_text(text, name, qid)
    words = _words(text)
    for what, code in phrases.items():
        n_text, _sep, want = code.partition(":")
        n = int(n_text)
        windows = {" ".join(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}
        if not any(_hash(w, qid, name) == want for w in windows):
            raise _fail(qid, f"{name} does not contain {what} yet. {hint or 'Check it against the data.'}")


def passed(qid: str) -> None:
    """Print the line that tells the trainee the visible checks of a question passed."""
    print(f"✔ {qid}: visible checks passed")
