"""Plain values across the sandbox boundary: the trainee's answers leave the kernel as JSON data, never as objects.

This module is sent as source into the trainee's (sandboxed) kernel, where `export()` encodes the answers a test
needs and `call()` runs a trainee's function on a test's inputs; the grading process then rebuilds them with
`decode()`. Only numbers, text, booleans, None, lists, tuples, sets, dicts, numpy arrays and pandas Series /
DataFrames cross, rebuilt from their data, so no method a trainee wrote ever runs in the grading process.
Standard library plus (optional) numpy and pandas, so the same file runs in any kernel.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import json
import math
import types

MIME = "application/vnd.course.answers+json"
MAX_ITEMS = 2_000_000  # values encoded per answer set; beyond it the answer is refused as too large
MAX_DEPTH = 12


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_ITEMS

    def spend(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise ValueError("too large")


def _exact(value, kinds: tuple[type, ...]) -> bool:
    return type(value) in kinds


def encode(value, flags: list[str], name: str, budget: _Budget | None = None, depth: int = 0):
    """`value` as JSON-ready data; anything that is not plain data becomes {"__unsupported__": type}."""
    budget = budget or _Budget()
    budget.spend()
    if depth > MAX_DEPTH:
        return {"__unsupported__": "nested too deeply"}
    if value is None or _exact(value, (bool, str)):
        return value
    if _exact(value, (int,)):
        return value if abs(value) < 2**63 else {"__bigint__": int.__repr__(value)}
    if _exact(value, (float,)):
        return value if math.isfinite(value) else {"__float__": float.__repr__(value)}
    np = _module("numpy")
    pd = _module("pandas")
    if np is not None and isinstance(value, np.generic) and type(value).__module__ == "numpy":
        return encode(value.item(), flags, name, budget, depth + 1)
    if np is not None and type(value) is np.ndarray:
        budget.spend(int(value.size))
        return {"__ndarray__": [encode(v, flags, name, budget, depth + 1) for v in value.tolist()],
                "dtype": str(value.dtype)}
    if pd is not None and type(value) in (pd.Series, pd.DataFrame):
        return _encode_pandas(value, flags, name, budget, depth, pd)
    if pd is not None and type(value) is pd.Timestamp:
        return {"__datetime__": value.isoformat()}
    if type(value) in (_dt.datetime, _dt.date):
        return {"__datetime__": value.isoformat()}
    if type(value) in (list, tuple, set, frozenset):
        items = list(value) if type(value) is not set and type(value) is not frozenset else sorted(value, key=repr)
        budget.spend(len(items))
        enc = [encode(v, flags, name, budget, depth + 1) for v in items]
        return enc if type(value) is list else {"__" + type(value).__name__ + "__": enc}
    if type(value) is dict:
        budget.spend(len(value))
        return {"__dict__": [[encode(k, flags, name, budget, depth + 1), encode(v, flags, name, budget, depth + 1)]
                             for k, v in value.items()]}
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return {"__callable__": name}
    # A subclass of a plain type (e.g. a float with its own __float__ or __eq__): keep the plain value only,
    # read with the base type's own method, and say so.
    for base, plain in ((float, float.__float__), (int, int.__int__), (str, str.__str__)):
        if isinstance(value, base):
            flags.append(f"`{name}` is a {type(value).__name__}, a subclass of {base.__name__} with its own "
                         "methods: only its plain value was graded")
            return encode(plain(value), flags, name, budget, depth + 1)
    flags.append(f"`{name}` holds a {type(value).__module__}.{type(value).__name__} object, not plain data")
    return {"__unsupported__": f"{type(value).__module__}.{type(value).__name__}"}


def _encode_pandas(value, flags, name, budget, depth, pd):
    budget.spend(int(value.size))
    enc = lambda xs: [encode(_scalar(x), flags, name, budget, depth + 1) for x in xs]  # noqa: E731
    index = {"values": enc(value.index.tolist()), "name": encode(value.index.name, flags, name, budget),
             "multi": isinstance(value.index, pd.MultiIndex)}
    if isinstance(value, pd.Series):
        return {"__series__": {"index": index, "values": enc(value.tolist()), "dtype": str(value.dtype),
                               "name": encode(_scalar(value.name), flags, name, budget)}}
    return {"__frame__": {"index": index, "columns": enc(value.columns.tolist()),
                          "data": [enc(value.iloc[:, j].tolist()) for j in range(value.shape[1])],
                          "dtypes": [str(t) for t in value.dtypes]}}


def _scalar(x):
    np = _module("numpy")
    if np is not None and isinstance(x, np.generic) and type(x).__module__ == "numpy":
        return x.item()
    return x


def _module(name: str):
    import sys

    return sys.modules.get(name)


def export(names: list[str], namespace: dict) -> dict:
    """The answers `names` from `namespace`, encoded, plus flags about tampering seen in the kernel."""
    flags: list[str] = []
    values = {}
    for n in names:
        if n in namespace:
            try:
                values[n] = encode(namespace[n], flags, n)
            except ValueError:
                flags.append(f"`{n}` is too large to grade")
                values[n] = {"__unsupported__": "too large"}
            except Exception as exc:  # a value whose own code fails while it is read
                flags.append(f"`{n}` could not be read: {type(exc).__name__}")
                values[n] = {"__unsupported__": "unreadable"}
    flags += tampering(namespace)
    return {"values": values, "flags": flags}


def tampering(namespace: dict) -> list[str]:
    """Signs that the trainee changed how code runs: shadowed builtins, hooks, AST transformers, patched loaders."""
    found = [f"redefines the built-in `{n}`" for n in sorted(namespace)
             if not n.startswith("_") and hasattr(builtins, n) and namespace[n] is not getattr(builtins, n)
             and getattr(namespace[n], "__wrapped__", None) is not getattr(builtins, n)
             and not str(getattr(namespace[n], "__module__", "") or "").startswith(("IPython", "ipykernel"))]
    try:
        from IPython import get_ipython

        ip = get_ipython()
    except ImportError:
        ip = None
    if ip is not None:
        for event, callbacks in getattr(ip.events, "callbacks", {}).items():
            mine = [c for c in callbacks if getattr(c, "__module__", "") not in ("IPython.core.events",)
                    and not str(getattr(c, "__module__", "")).startswith(("IPython", "ipykernel", "matplotlib",
                                                                          "matplotlib_inline", "ipywidgets"))]
            if mine:
                found.append(f"registers IPython `{event}` hooks")
        if ip.ast_transformers:
            found.append("installs IPython AST transformers")
        if getattr(ip, "input_transformers_post", None):
            found.append("installs IPython input transformers")
        hook = getattr(__import__("sys"), "displayhook", None)
        if hook is not None and type(hook).__module__.split(".")[0] not in ("ipykernel", "IPython"):
            found.append("replaces sys.displayhook")
    ds = _module("course.datasets")
    if ds is not None and getattr(getattr(ds, "load", None), "__module__", "") != "course.datasets.loader":
        found.append("replaces course.datasets.load")
    if "load" in namespace and getattr(namespace["load"], "__module__", "") not in ("course.datasets.loader",):
        found.append("redefines `load`")
    return found


def call(name: str, payload: str, namespace: dict) -> dict:
    """Call the trainee's function `name` with the decoded (args, kwargs) of `payload`; encode what it returns."""
    flags: list[str] = []
    fn = namespace.get(name)
    if not callable(fn):
        return {"error": f"`{name}` is not a function", "flags": flags}
    args, kwargs = decode(json.loads(payload))
    try:
        result = fn(*args, **kwargs)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {str(exc)[:500]}", "flags": flags}
    try:
        return {"value": encode(result, flags, f"{name}(...)"), "flags": flags}
    except ValueError:
        return {"error": f"the result of `{name}` is too large to grade", "flags": flags}


class NotPlainData:
    """Stands in for an answer that was not plain data: any use of it fails the test that uses it."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<not plain data: {self.what}>"

    def _refuse(self, *_a, **_k):
        raise TypeError(f"the answer is a {self.what}, not plain data (a number, text, list, dict, "
                        "Series or DataFrame)")

    __float__ = __int__ = __index__ = __bool__ = __len__ = __iter__ = __getitem__ = __getattr__ = _refuse
    __eq__ = __lt__ = __gt__ = __le__ = __ge__ = __add__ = __sub__ = __mul__ = __truediv__ = _refuse
    __hash__ = None  # type: ignore[assignment]


def decode(obj):
    """Rebuild a value from encode()'s data (in the grading process: only plain constructors run)."""
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    if not isinstance(obj, dict):
        return obj
    if len(obj) == 1 or "__ndarray__" in obj:
        ((key, val), *_) = obj.items()
        if key == "__float__":
            return float(val)
        if key == "__bigint__":
            return int(val)
        if key == "__tuple__":
            return tuple(decode(v) for v in val)
        if key in ("__set__", "__frozenset__"):
            items = [decode(v) for v in val]
            try:
                return set(items) if key == "__set__" else frozenset(items)
            except TypeError:
                return NotPlainData("set of unhashable values")
        if key == "__dict__":
            out = {}
            for k, v in val:
                try:
                    out[_hashable(decode(k))] = decode(v)
                except TypeError:
                    return NotPlainData("dict with unhashable keys")
            return out
        if key == "__datetime__":
            pd = _module("pandas")
            return pd.Timestamp(val) if pd is not None else _dt.datetime.fromisoformat(val)
        if key == "__ndarray__":
            import numpy as np

            try:
                return np.array(decode(val), dtype=obj.get("dtype") if obj.get("dtype") != "object" else object)
            except (TypeError, ValueError):
                return np.array(decode(val), dtype=object)
        if key == "__series__":
            return _series(val)
        if key == "__frame__":
            return _frame(val)
        if key == "__unsupported__":
            return NotPlainData(str(val))
        if key == "__callable__":
            return NotPlainData("function")
    return NotPlainData("unknown data")


def _hashable(x):
    return tuple(_hashable(v) for v in x) if isinstance(x, list) else x


def _index(spec):
    import pandas as pd

    values = [decode(v) for v in spec["values"]]
    if spec.get("multi"):
        return pd.MultiIndex.from_tuples([tuple(v) for v in values])
    return pd.Index(values, name=decode(spec.get("name")), dtype=object if not values else None)


def _astype(s, dtype: str):
    try:
        return s.astype(dtype) if dtype in _SAFE_DTYPES or dtype.startswith(("datetime64", "category")) else s
    except (TypeError, ValueError):
        return s


_SAFE_DTYPES = {"int64", "Int64", "float64", "bool", "boolean", "object", "string", "int32", "float32"}


def _series(spec):
    import pandas as pd

    s = pd.Series([decode(v) for v in spec["values"]], index=_index(spec["index"]), name=decode(spec.get("name")),
                  dtype=object if not spec["values"] else None)
    return _astype(s, spec.get("dtype", "object"))


def _frame(spec):
    import pandas as pd

    columns = [_hashable(decode(c)) for c in spec["columns"]]
    index = _index(spec["index"])
    cols = [_astype(pd.Series([decode(v) for v in values], index=index, dtype=object if not values else None),
                    dtype) for values, dtype in zip(spec["data"], spec["dtypes"], strict=True)]
    frame = pd.concat(cols, axis=1) if cols else pd.DataFrame(index=index)
    if cols:
        multi = all(isinstance(c, tuple) for c in columns)
        frame.columns = pd.MultiIndex.from_tuples(columns) if multi else pd.Index(columns)
    return frame
