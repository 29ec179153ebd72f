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

from course.datasets.zh import english_words, to_english
from course.i18n import translator

_ = translator("checks")


def N_(message: str) -> str:
    """Mark a message held in a table; it is translated with _() when shown."""
    return message


__all__ = [
    "as_series", "canonical", "digest", "expect_close", "expect_frame", "expect_hash", "expect_keys",
    "expect_len", "expect_number", "expect_phrases", "expect_text", "expect_type", "need", "passed",
    "phrase_digest",
]


def _say(qid: str | None, sentence: str) -> str:
    return _("{qid}: {sentence}").format(qid=qid, sentence=sentence) if qid else sentence


def _fail(qid: str | None, sentence: str) -> AssertionError:
    return AssertionError(_say(qid, sentence))


def _type_name(value: Any) -> str:
    t = type(value)
    if isinstance(value, pd.DataFrame):
        return _("a pandas DataFrame")
    if isinstance(value, pd.Series):
        return _("a pandas Series")
    names = {bool: N_("True/False"), int: N_("a whole number"), float: N_("a number with decimals"),
             str: N_("a text (str)"), list: N_("a list"), dict: N_("a dict"), tuple: N_("a tuple"),
             type(None): "None"}
    return _(names[t]) if t in names else _("a {type}").format(type=t.__name__)


def _short(value: Any, limit: int = 60) -> str:
    """A short, printable form of a value for messages."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _("{type} of shape {shape}").format(type=_type_name(value), shape=value.shape)
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
        message = (_("you have not defined {names} yet — write the answer cell above, which must assign it, and "
                     "run that cell before this test.") if len(missing) == 1 else
                   _("you have not defined {names} yet — write the answer cell above, which must assign them, and "
                     "run that cell before this test."))
        raise _fail(qid, message.format(names=listed))


def expect_type(value: Any, name: str, types: type | tuple[type, ...], qid: str | None = None) -> None:
    """Fail unless `value` is an instance of `types` (a type or a tuple of types)."""
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        wanted = _(" or ").join(_type_name_of_type(t) for t in types)
        raise _fail(qid, _("`{name}` should be {wanted} but is {type} ({value}).").format(
            name=name, wanted=wanted, type=_type_name(value), value=_short(value)))


def _type_name_of_type(t: type) -> str:
    special = {pd.DataFrame: N_("a pandas DataFrame"), pd.Series: N_("a pandas Series"), int: N_("a whole number"),
               float: N_("a number"), str: N_("a text (str)"), dict: N_("a dict"), list: N_("a list"),
               tuple: N_("a tuple"), bool: N_("True/False"), numbers.Number: N_("a number"),
               numbers.Real: N_("a number"), numbers.Integral: N_("a whole number")}
    return _(special[t]) if t in special else _("a {type}").format(type=t.__name__)


def _as_float(value: Any, name: str, qid: str | None) -> float:
    if isinstance(value, (pd.Series, pd.DataFrame)) and value.size == 1:
        raise _fail(qid, _("`{name}` should be a single number but is {type} with one value — take the number "
                           "out of it, e.g. with `.item()` or `.iloc[0]`.").format(name=name, type=_type_name(value)))
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        hint = ""
        if isinstance(value, str):
            hint = _(" — did you format it as text? Keep the number itself.")
        elif isinstance(value, (pd.Series, pd.DataFrame, list, tuple, dict)):
            hint = _(" — reduce it to one number (e.g. `.sum()`, `.mean()`, or pick one value).")
        raise _fail(qid, _("`{name}` should be a single number but is {type} ({value}){hint}").format(
            name=name, type=_type_name(value), value=_short(value), hint=hint))
    return float(value)


def expect_number(value: Any, name: str, lo: float | None = None, hi: float | None = None,
                  qid: str | None = None, integer: bool = False, hint: str | None = None) -> None:
    """Fail unless `value` is one real number (not NaN) within [lo, hi]; `integer` asks for a whole number.

    lo=0, hi=1 means a fraction: a value between 1 and 100 gets the "divide by 100?" hint.
    """
    x = _as_float(value, name, qid)
    if math.isnan(x):
        raise _fail(qid, _("`{name}` is NaN (not a number) — did you average an empty selection, divide by zero, "
                           "or keep missing values in the calculation?").format(name=name))
    if math.isinf(x):
        raise _fail(qid, _("`{name}` is infinite — did you divide by zero?").format(name=name))
    if integer and x != round(x):
        raise _fail(qid, _("`{name}` should be a whole number (a count) but is {x}.").format(name=name, x=f"{x:g}"))
    extra = f" {hint}" if hint else ""
    v = {"name": name, "x": f"{x:g}", "lo": f"{lo:g}" if lo is not None else "",
         "hi": f"{hi:g}" if hi is not None else "", "extra": extra}
    if lo is not None and hi is not None and (x < lo or x > hi):
        if (lo, hi) == (0, 1) and 1 < x <= 100:
            raise _fail(qid, _("`{name}` should be a fraction between 0 and 1 but is {x} — did you forget to "
                               "divide by 100?{extra}").format(**v))
        if (lo, hi) == (0, 1):
            raise _fail(qid, _("`{name}` should be a fraction between {lo} and {hi} but is {x}.{extra}").format(**v))
        raise _fail(qid, _("`{name}` should be a number between {lo} and {hi} but is {x}.{extra}").format(**v))
    if lo is not None and x < lo:
        raise _fail(qid, _("`{name}` should be at least {lo} but is {x}.{extra}").format(**v))
    if hi is not None and x > hi:
        raise _fail(qid, _("`{name}` should be at most {hi} but is {x}.{extra}").format(**v))


def expect_close(value: Any, name: str, target: float, tol: float, why: str, qid: str | None = None) -> None:
    """Fail unless `value` is within `tol` of `target`. Only for sanity facts that are NOT the answer, e.g.
    "shares add up to 1" (why="shares of a whole add up to 1")."""
    x = _as_float(value, name, qid)
    if math.isnan(x) or abs(x - target) > tol:
        raise _fail(qid, _("`{name}` is {x}, but {why} — check how you computed it.").format(
            name=name, x=f"{x:g}", why=why))


def expect_text(value: Any, name: str, qid: str | None = None, min_len: int = 1,
                must_not_contain: Iterable[str] = ()) -> None:
    """Fail unless `value` is a non-empty str without stray outer spaces or forbidden fragments (such as
    '  ' or 'nan')."""
    expect_type(value, name, str, qid)
    if len(value.strip()) < min_len:
        raise _fail(qid, _("`{name}` is empty — build the text from the data.").format(name=name))
    if value != value.strip():
        raise _fail(qid, _("`{name}` starts or ends with spaces ({value}) — use `.strip()`.").format(
            name=name, value=repr(value)))
    for bit in must_not_contain:
        if bit in value:
            raise _fail(qid, _("`{name}` contains {bit} ({value}) — clean the values before you join them.").format(
                name=name, bit=repr(bit), value=repr(value)))


def expect_len(value: Any, name: str, n: int | None = None, lo: int | None = None, hi: int | None = None,
               qid: str | None = None, what: str | None = None) -> None:
    """Fail unless len(value) is n (or within [lo, hi]); say how many there are. `what` names the items (a
    test cell may pass it in the notebook's language); by default "items"."""
    what = what if what is not None else _("items")
    try:
        size = len(value)
    except TypeError:
        raise _fail(qid, _("`{name}` should be a collection of {what} but is {type} ({value}).").format(
            name=name, what=what, type=_type_name(value), value=_short(value))) from None
    v = {"name": name, "what": what, "size": size, "n": n, "lo": lo, "hi": hi}
    if n is not None and size != n:
        raise _fail(qid, _("`{name}` should hold {n} {what} but holds {size}.").format(**v))
    if lo is not None and size < lo:
        raise _fail(qid, _("`{name}` should hold at least {lo} {what} but holds {size}.").format(**v))
    if hi is not None and size > hi:
        raise _fail(qid, _("`{name}` should hold at most {hi} {what} but holds {size} — did you filter?").format(**v))


def as_series(value: Any, name: str, qid: str | None = None) -> pd.Series:
    """A pandas Series from a Series, a dict, or a one-column DataFrame; else a friendly failure."""
    if isinstance(value, pd.Series):
        return value
    if isinstance(value, Mapping):
        return pd.Series(dict(value))
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        return value.iloc[:, 0]
    raise _fail(qid, _("`{name}` should be a pandas Series (or a dict) with one value per label but is {type} "
                       "({value}).").format(name=name, type=_type_name(value), value=_short(value)))


def expect_keys(value: Any, name: str, keys: Iterable[Any], qid: str | None = None,
                exact: bool = True) -> None:
    """Fail unless the labels of `value` (dict keys, Series index, DataFrame index) include every key in
    `keys` (and nothing else when `exact`). Order does not matter, and a Chinese data label counts as its
    English one (course/datasets/zh.py), so a list of labels serves both editions."""
    if isinstance(value, Mapping):
        have = list(value.keys())
    elif isinstance(value, (pd.Series, pd.DataFrame)):
        have = list(value.index)
    else:
        raise _fail(qid, _("`{name}` should be a dict or a pandas Series labelled by {keys}, but is {type} "
                           "({value}).").format(name=name, keys=_short(sorted(map(str, keys))),
                                                type=_type_name(value), value=_short(value)))
    want = list(keys)
    have_s, want_s = {_label_key(k) for k in have}, {_label_key(k) for k in want}
    missing = [k for k in want if _label_key(k) not in have_s]
    extra = [k for k in have if _label_key(k) not in want_s]
    if missing:
        more = _(" and more") if len(missing) > 5 else ""
        message = (_("`{name}` has no entry for {labels}{more} — one label per item is needed (check your groupby "
                     "column).") if len(want) < 2 else
                   _("`{name}` has no entry for {labels}{more} — one label per group is needed (check your groupby "
                     "column)."))
        raise _fail(qid, message.format(name=name, labels=", ".join(map(repr, missing[:5])), more=more))
    if exact and extra:
        more = _(" and more") if len(extra) > 5 else ""
        raise _fail(qid, _("`{name}` has unexpected labels {labels}{more} — keep only the groups the question asks "
                           "for.").format(name=name, labels=", ".join(map(repr, extra[:5])), more=more))


def _label_key(label: Any) -> str:
    """A label as expect_keys compares it: its text, a Chinese data label read as its English one."""
    return to_english(str(label))


def expect_frame(value: Any, name: str, columns: Iterable[str] = (), min_rows: int = 1,
                 qid: str | None = None) -> None:
    """Fail unless `value` is a DataFrame with at least `min_rows` rows and the given columns."""
    if not isinstance(value, pd.DataFrame):
        hint = _(" — use `.to_frame()` or `.reset_index()` to turn a Series into a table.") \
            if isinstance(value, pd.Series) else ""
        raise _fail(qid, _("`{name}` should be a pandas DataFrame but is {type}{hint}").format(
            name=name, type=_type_name(value), hint=hint))
    missing = [c for c in columns if c not in value.columns]
    if missing:
        have = ", ".join(map(str, value.columns[:8]))
        raise _fail(qid, _("`{name}` has no column {columns} (it has: {have}) — name the columns exactly as the "
                           "question says.").format(name=name, columns=", ".join(map(repr, missing)), have=have))
    if len(value) < min_rows:
        raise _fail(qid, _("`{name}` has {n} rows; at least {min_rows} were expected — did you filter too "
                           "much?").format(name=name, n=len(value), min_rows=min_rows))


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
    text = to_english(" ".join(str(value).split()))  # a Chinese data label hashes as its English one
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
    stay words; texts are stripped, inner spaces collapsed, a Chinese data label read as its English one
    (`course.datasets.to_english`, so both editions share a digest) and, with `casefold`, case-folded; a Series or dict
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
        precision = (_(" (compared to 1 decimal place)") if round_to == 1
                     else _(" (compared to {n} decimal places)").format(n=round_to) if round_to > 0
                     else _(" (compared as a whole number)") if round_to == 0
                     else _(" (compared to the nearest {unit})").format(unit=f"{10 ** -round_to:,}"))
    advice = hint or _("Read the question again: which rows count, and what is divided by what?")
    raise _fail(qid, _("`{name}` is not right yet{precision}. {advice}").format(
        name=name, precision=precision, advice=advice))


_WORD = re.compile(r"[^\w]+")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.split(english_words(text).casefold()) if w]


def phrase_digest(phrase: str, name: str, qid: str) -> str:
    """The hash `expect_phrases` looks for: of the phrase's words (case-folded, punctuation ignored, a Chinese
    data label read as its English words), with its word count in front, e.g. '2:9c0f...'."""
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
            raise _fail(qid, _("{name} does not contain {what} yet. {hint}").format(
                name=name, what=what, hint=hint or _("Check it against the data.")))


def passed(qid: str) -> None:
    """Print the line that tells the trainee the visible checks of a question passed."""
    print(_("✔ {qid}: visible checks passed").format(qid=qid))
