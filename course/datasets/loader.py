"""load(name): read a CSV from data/, check it against the schema, and return a typed DataFrame.

Every problem becomes one DatasetError whose message names the file, the row or column, and the fix,
instead of a traceback from inside pandas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from course.paths import data_dir as find_data_dir

from .schema import DATASETS, Column, Dataset

FIX = "Restore the file with `course data` (it regenerates every dataset) or correct the value by hand."


class DatasetError(ValueError):
    """A dataset file is missing, malformed, or holds a value its schema does not allow."""


def _fail(path: Path, where: str, problem: str, fix: str = FIX) -> DatasetError:
    return DatasetError(f"{path}: {where}: {problem}. {fix}")


def _parse(col: Column, raw: pd.Series, path: Path) -> pd.Series:
    """Convert one column of strings to its schema type, or raise naming the first bad row."""
    blank = raw.str.strip() == ""
    if blank.any() and not col.nullable:
        row = int(blank.idxmax()) + 2
        raise _fail(path, f"row {row}, column '{col.name}'", "the value is blank but this column may not be")
    text = raw.where(~blank)
    if col.kind in ("int", "float"):
        num = pd.to_numeric(text, errors="coerce")
        bad = num.isna() & ~blank
        if bad.any():
            i = int(bad.idxmax())
            raise _fail(path, f"row {i + 2}, column '{col.name}'", f"{raw[i]!r} is not a number")
        if col.kind == "int":
            frac = (num.dropna() % 1) != 0
            if frac.any():
                i = int(frac.idxmax())
                raise _fail(path, f"row {i + 2}, column '{col.name}'", f"{raw[i]!r} is not a whole number")
            out = num.astype("Int64") if col.nullable else num.astype("int64")
        else:
            out = num.astype("float64")
        for bound, op, word in ((col.min, num.lt, "below"), (col.max, num.gt, "above")):
            if bound is not None and op(bound).any():
                i = int(op(bound).idxmax())
                raise _fail(path, f"row {i + 2}, column '{col.name}'",
                            f"{raw[i]!r} is {word} the allowed {'minimum' if word == 'below' else 'maximum'} {bound:g}")
        return out
    if col.kind in ("date", "datetime"):
        fmt = "%Y-%m-%d" if col.kind == "date" else "%Y-%m-%d %H:%M"
        out = pd.to_datetime(text, format=fmt, errors="coerce")
        bad = out.isna() & ~blank
        if bad.any():
            i = int(bad.idxmax())
            want = "YYYY-MM-DD" if col.kind == "date" else "YYYY-MM-DD HH:MM"
            raise _fail(path, f"row {i + 2}, column '{col.name}'", f"{raw[i]!r} is not a date in the form {want}")
        return out
    if col.kind == "bool":
        m = {"true": True, "false": False, "1": True, "0": False}
        low = raw.str.strip().str.lower()
        bad = ~low.isin(list(m))
        if bad.any():
            i = int(bad.idxmax())
            raise _fail(path, f"row {i + 2}, column '{col.name}'", f"{raw[i]!r} is not True or False")
        return low.map(m).astype(bool)
    if col.kind == "category":
        assert col.choices is not None
        bad = ~text.isin(col.choices) & ~blank
        if bad.any():
            i = int(bad.idxmax())
            raise _fail(path, f"row {i + 2}, column '{col.name}'",
                        f"{raw[i]!r} is not one of the allowed values ({', '.join(col.choices)})")
        return pd.Categorical(text, categories=list(col.choices))
    return text.astype(object).where(~blank, None)


def _read_raw(path: Path, ds: Dataset) -> pd.DataFrame:
    if not path.is_file():
        raise DatasetError(f"{path}: file not found. Run `course data` to regenerate the datasets, or pass "
                           f"data_dir= pointing at a folder that holds {ds.filename}.")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise _fail(path, "whole file", "the file is empty") from None
    except pd.errors.ParserError as e:
        raise _fail(path, "malformed CSV", str(e).strip().rstrip(".")) from None
    except UnicodeDecodeError as e:
        raise _fail(path, f"byte {e.start}", "the file is not UTF-8 text") from None
    return raw


def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load dataset `name` (e.g. "complaints" or "tickets") as a typed, validated DataFrame.

    data_dir points at another folder with the same file names; by default see find_data_dir().
    """
    name = ALIASES.get(name, name)
    if name not in DATASETS:
        raise DatasetError(f"unknown dataset {name!r}. Choose one of: {', '.join(sorted(DATASETS))}.")
    ds = DATASETS[name]
    path = Path(data_dir) / ds.filename if data_dir is not None else find_data_dir() / ds.filename
    raw = _read_raw(path, ds)
    expected = [c.name for c in ds.columns]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        what = "; ".join(x for x in (
            f"missing column(s) {', '.join(map(repr, missing))}" if missing else "",
            f"unexpected column(s) {', '.join(map(repr, extra))}" if extra else "",
        ) if x)
        raise _fail(path, "header", what + f" (expected: {', '.join(expected)})")
    out = pd.DataFrame({c.name: _parse(c, raw[c.name], path) for c in ds.columns})
    for c in ds.columns:
        if c.unique:
            dup = out[c.name].duplicated()
            if dup.any():
                i = int(dup.idxmax())
                raise _fail(path, f"row {i + 2}, column '{c.name}'", f"{raw[c.name][i]!r} appears twice but must "
                            "be unique")
    out.attrs["source"] = str(path)
    return out


# Friendly names that trainees reach for first.
ALIASES = {"complaints": "tickets", "queue": "complaint_queue", "ledger": "customers"}


def names() -> list[str]:
    """Every dataset name load() accepts."""
    return list(DATASETS)


def require(df: object, dataset: str, columns: tuple[str, ...] | list[str] | None = None) -> pd.DataFrame:
    """Check that `df` is a DataFrame holding `columns` (default: every column of `dataset`'s schema) and
    return it; otherwise raise TypeError/ValueError naming the table, the missing columns and the fix."""
    name = ALIASES.get(dataset, dataset)
    ds = DATASETS.get(name)
    how = f"load it with course.datasets.load({name!r})"
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected the {name} table as a pandas DataFrame, got {type(df).__name__}; {how}")
    need = list(columns) if columns is not None else [c.name for c in ds.columns] if ds else []
    missing = [c for c in need if c not in df.columns]
    if missing:
        where = f" (see data/README.md, section '{name}')" if ds else ""
        raise ValueError(f"the {name} table lacks column(s) {', '.join(missing)}{where}; {how}")
    return df
