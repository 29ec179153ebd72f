"""load(name): read a CSV from data/, check it against the schema, and return a typed DataFrame.

Every problem becomes one DatasetError whose message names the file, the row or column, and the fix,
instead of a traceback from inside pandas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from course import i18n
from course.paths import data_dir as find_data_dir

from .schema import DATASETS, Column, Dataset
from .zh import has_zh, zh_schema

_ = i18n.translator("checks")


def _fix() -> str:
    return _("Restore the file with `course data` (it regenerates every dataset) or correct the value by hand.")


class DatasetError(ValueError):
    """A dataset file is missing, malformed, or holds a value its schema does not allow."""


def _fail(path: Path, where: str, problem: str, fix: str | None = None) -> DatasetError:
    return DatasetError(_("{path}: {where}: {problem}. {fix}").format(path=path, where=where, problem=problem,
                                                                     fix=fix if fix is not None else _fix()))


def _cell(row: int, column: str) -> str:
    return _("row {row}, column '{column}'").format(row=row, column=column)


def _parse(col: Column, raw: pd.Series, path: Path) -> pd.Series:
    """Convert one column of strings to its schema type, or raise naming the first bad row."""
    blank = raw.str.strip() == ""
    if blank.any() and not col.nullable:
        row = int(blank.idxmax()) + 2
        raise _fail(path, _cell(row, col.name), _("the value is blank but this column may not be"))
    text = raw.where(~blank)
    if col.kind in ("int", "float"):
        num = pd.to_numeric(text, errors="coerce")
        bad = num.isna() & ~blank
        if bad.any():
            i = int(bad.idxmax())
            raise _fail(path, _cell(i + 2, col.name), _("{value} is not a number").format(value=repr(raw[i])))
        if col.kind == "int":
            frac = (num.dropna() % 1) != 0
            if frac.any():
                i = int(frac.idxmax())
                raise _fail(path, _cell(i + 2, col.name),
                            _("{value} is not a whole number").format(value=repr(raw[i])))
            out = num.astype("Int64") if col.nullable else num.astype("int64")
        else:
            out = num.astype("float64")
        for bound, op, low in ((col.min, num.lt, True), (col.max, num.gt, False)):
            if bound is not None and op(bound).any():
                i = int(op(bound).idxmax())
                what = (_("{value} is below the allowed minimum {bound}") if low
                        else _("{value} is above the allowed maximum {bound}"))
                raise _fail(path, _cell(i + 2, col.name), what.format(value=repr(raw[i]), bound=f"{bound:g}"))
        return out
    if col.kind in ("date", "datetime"):
        fmt = "%Y-%m-%d" if col.kind == "date" else "%Y-%m-%d %H:%M"
        out = pd.to_datetime(text, format=fmt, errors="coerce")
        bad = out.isna() & ~blank
        if bad.any():
            i = int(bad.idxmax())
            want = "YYYY-MM-DD" if col.kind == "date" else "YYYY-MM-DD HH:MM"
            raise _fail(path, _cell(i + 2, col.name),
                        _("{value} is not a date in the form {form}").format(value=repr(raw[i]), form=want))
        return out
    if col.kind == "bool":
        m = {"true": True, "false": False, "1": True, "0": False}
        low = raw.str.strip().str.lower()
        bad = ~low.isin(list(m))
        if bad.any():
            i = int(bad.idxmax())
            raise _fail(path, _cell(i + 2, col.name), _("{value} is not True or False").format(value=repr(raw[i])))
        return low.map(m).astype(bool)
    if col.kind == "category":
        assert col.choices is not None
        bad = ~text.isin(col.choices) & ~blank
        if bad.any():
            i = int(bad.idxmax())
            raise _fail(path, _cell(i + 2, col.name),
                        _("{value} is not one of the allowed values ({choices})").format(
                            value=repr(raw[i]), choices=", ".join(col.choices)))
        return pd.Categorical(text, categories=list(col.choices))
    return text.astype(object).where(~blank, None)


def _read_raw(path: Path, ds: Dataset) -> pd.DataFrame:
    if not path.is_file():
        raise DatasetError(_("{path}: file not found. Run `course data` to regenerate the datasets, or pass "
                             "data_dir= pointing at a folder that holds {file}.").format(path=path, file=ds.filename))
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise _fail(path, _("whole file"), _("the file is empty")) from None
    except pd.errors.ParserError as e:
        raise _fail(path, _("malformed CSV"), str(e).strip().rstrip(".")) from None
    except UnicodeDecodeError as e:
        raise _fail(path, _("byte {n}").format(n=e.start), _("the file is not UTF-8 text")) from None
    return raw


def edition(name: str, lang: str | None = None) -> str:
    """Which variant of dataset `name` load() reads in `lang` (default: the language in use): 'zh' when the
    language is Chinese and the dataset has a Chinese variant, else 'en' (the English fallback)."""
    return "zh" if i18n.normalise(lang or i18n.current()) == "zh" and has_zh(ALIASES.get(name, name)) else "en"


def dataset_path(name: str, data_dir: str | Path | None = None, lang: str | None = None) -> Path:
    """The file load() reads for `name` in `lang`: data/zh/<name>.csv for the Chinese variant, else
    data/<name>.csv."""
    name = ALIASES.get(name, name)
    base = Path(data_dir) if data_dir is not None else find_data_dir()
    return (base / "zh" if edition(name, lang) == "zh" else base) / DATASETS[name].filename


def load(name: str, data_dir: str | Path | None = None, lang: str | None = None) -> pd.DataFrame:
    """Load dataset `name` (e.g. "complaints" or "tickets") as a typed, validated DataFrame.

    In the Chinese edition (`lang="zh"`, or `use_language("zh")` when lang is None) it is the variant in
    data/zh/ where there is one: same rows, ids and numbers, Chinese names and texts (data/README.md says which
    columns). data_dir points at another folder with the same file names; by default see find_data_dir().
    """
    name = ALIASES.get(name, name)
    if name not in DATASETS:
        raise DatasetError(_("unknown dataset {name}. Choose one of: {names}.").format(
            name=repr(name), names=", ".join(sorted(DATASETS))))
    variant = edition(name, lang)
    path = dataset_path(name, data_dir, lang)
    ds = zh_schema(name) if variant == "zh" else DATASETS[name]
    raw = _read_raw(path, ds)
    expected = [c.name for c in ds.columns]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        what = _("; ").join(x for x in (
            _("missing column(s) {columns}").format(columns=", ".join(map(repr, missing))) if missing else "",
            _("unexpected column(s) {columns}").format(columns=", ".join(map(repr, extra))) if extra else "",
        ) if x)
        raise _fail(path, _("header"), what + _(" (expected: {columns})").format(columns=", ".join(expected)))
    out = pd.DataFrame({c.name: _parse(c, raw[c.name], path) for c in ds.columns})
    for c in ds.columns:
        if c.unique:
            dup = out[c.name].duplicated()
            if dup.any():
                i = int(dup.idxmax())
                raise _fail(path, _cell(i + 2, c.name),
                            _("{value} appears twice but must be unique").format(value=repr(raw[c.name][i])))
    out.attrs["source"] = str(path)
    out.attrs["lang"] = variant
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
    how = _("load it with course.datasets.load({name})").format(name=repr(name))
    if not isinstance(df, pd.DataFrame):
        raise TypeError(_("expected the {name} table as a pandas DataFrame, got {type}; {how}").format(
            name=name, type=type(df).__name__, how=how))
    need = list(columns) if columns is not None else [c.name for c in ds.columns] if ds else []
    missing = [c for c in need if c not in df.columns]
    if missing:
        where = _(" (see data/README.md, section '{name}')").format(name=name) if ds else ""
        raise ValueError(_("the {name} table lacks column(s) {columns}{where}; {how}").format(
            name=name, columns=", ".join(missing), where=where, how=how))
    return df
