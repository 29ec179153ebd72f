"""Writes data/README.md, the datasheet, from the schema so the documentation cannot drift from the data.

The schema's generation, calibration and messy-value texts may hold placeholders such as
``{tickets_two_plus_median}``. They are filled by `facts()`, which reads the generated files themselves, so
every figure the datasheet states about the data is computed from the data when the datasheet is written.
`build.render_all` passes the CSV texts it has just rendered; this module never runs the generator.
"""

from __future__ import annotations

import io

import pandas as pd

from .schema import DATASETS, SEED

INTRO = """# Datasheet: the course datasets

Every CSV in this folder is synthetic: made by a seeded generator (`course data`, code in
`course/datasets/generate.py`, seed {seed}) so that each lesson's point is visible in the numbers while the
files look like real operational exports, with names, dates, noise and a few messy values. Nothing here is
about real people or companies. Rerunning the generator gives byte-identical files (a test checks this);
**do not edit the CSVs by hand**: change the generator and rerun `course data`. The figures quoted under
"Calibrated to" and "Messy on purpose" are computed from the files when this datasheet is written.

Load any file with validation and proper types:

```python
from course.datasets import load
tickets = load("tickets")            # typed DataFrame; a broken file raises a clear DatasetError
```

Conventions: UTF-8, comma-separated, header row, blank cell = missing value, dates `YYYY-MM-DD`,
timestamps `YYYY-MM-DD HH:MM`, booleans `True`/`False`, money in the currency named in the column.

The bilingual glossary (English / 中文) ships inside the package: `course.glossary.load()`. The Chinese edition
reads the Chinese variants in [`zh/`](#chinese-variants-datazh) (same rows and numbers, Chinese names and texts).

| file | rows | modules | what it holds |
|---|---:|---|---|
"""

SEED_COMPLAINT_RATE = 0.04


def _row_count(text: str) -> int:
    return max(text.count("\n") - 1, 0)


def _pct(x: float, digits: int = 0) -> str:
    return f"{100 * x:.{digits}f}%"


def frames(files: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The CSV texts of `files` read back as plain DataFrames (blank = NaN), keyed by dataset name."""
    out = {}
    for ds in DATASETS.values():
        text = files.get(ds.filename)
        if text:
            out[ds.name] = pd.read_csv(io.StringIO(text))
    return out


def facts(data: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Every figure the datasheet states about the data, computed from the data and formatted for the text.
    Keys are the placeholders used in the schema's texts. Datasets that are absent give no keys."""
    f: dict[str, str] = {}
    if "tickets" in data:
        t = data["tickets"]
        hours = t["resolved_hours"]
        f["tickets_open_share"] = _pct(hours.isna().mean(), 1)
        f["tickets_lost"] = str(int((hours > 500).sum()))
        f["tickets_auto_closed"] = str(int((hours == 0).sum()))
        f["tickets_blank_survey_share"] = _pct(t["satisfaction"].isna().mean())
        done = t[(t["status"] == "resolved") & hours.notna() & (hours > 0)]
        two = done[done["transfers"] >= 2]
        f["tickets_two_plus_median"] = f"{two['resolved_hours'].median():.1f} h"
        f["tickets_two_plus_breach"] = _pct((two["resolved_hours"] > two["promised_hours"]).mean())
    if "servqual" in data:
        s = data["servqual"]
        ok = s[s["perception"].notna()]
        gaps = ((ok["perception"] - ok["expectation"]).groupby([ok["dimension"], ok["item"]]).mean()
                .groupby(level="dimension").mean().sort_values())
        f["servqual_gaps"] = ", ".join(f"{d} {g:+.2f}" for d, g in gaps.items())
        f["servqual_largest_gap"] = str(gaps.index[0])
        blank = int(s["perception"].isna().sum())
        f["servqual_blank"] = f"{_pct(blank / len(s), 1)} ({blank} of {len(s):,})"
    if "servqual_weights" in data:
        w = data["servqual_weights"].drop(columns="respondent_id").mean()
        f["weights_mean"] = ", ".join(f"{d} {v:.1f}" for d, v in w.sort_values(ascending=False).items())
        f["weights_top"] = str(w.idxmax())
    if "complaints_monthly" in data:
        m = data["complaints_monthly"].copy()
        m["year"] = m["month"].astype(str).str[:4]
        rep = m[m["complaints"].notna()]
        years = sorted(m["year"].unique())
        last, first = years[-1], years[0]
        base = m.groupby(["year", "month"])["customers"].sum().groupby(level="year").mean()
        complaints = rep.groupby("year")["complaints"].sum()
        share = complaints[last] / SEED_COMPLAINT_RATE / base[last]
        f["monthly_last_year"] = last
        f["monthly_complaints_per_customer"] = _pct(complaints[last] / base[last], 1)
        f["monthly_implied_dissatisfied"] = _pct(share)
        growth = base[last] / base[first] - 1
        f["monthly_customer_growth"] = f"{'grew' if growth >= 0 else 'shrank'} {abs(growth):.1%}"
        f["monthly_first_year"] = first
        f["monthly_blank"] = str(int(m["complaints"].isna().sum()))
    if "tarp_repurchase" in data:
        tp = data["tarp_repurchase"]
        for size, key in (("under USD 5", "tarp_small"), ("over USD 100", "tarp_big")):
            f[key] = "/".join(str(int(v)) for v in tp.loc[tp["problem_size"] == size, "repurchase_pct"]) + "%"
    if "stays" in data:
        from course.topics.guests import prediction_hit_rate  # at call time: no import cycle

        st = data["stays"]
        f["stays_seat_hit"] = _pct(prediction_hit_rate(st, "seat")["record_hit_rate"])
        f["stays_breakfast_hit"] = _pct(prediction_hit_rate(st, "breakfast")["record_hit_rate"])
        f["stays_no_breakfast"] = _pct(st["breakfast"].isna().mean(), 1)
    if "customers" in data:
        r = data["customers"]["revenue_cny"].sort_values(ascending=False)
        f["customers_top20_share"] = _pct(r.head(len(r) // 5).sum() / r.sum())
    if "b2b_accounts" in data:
        b = data["b2b_accounts"]
        act = b[b["active"].astype(bool)]
        vol = act["volume_tonnes"].sort_values(ascending=False)
        top = act.loc[act["volume_tonnes"].idxmax()]
        f["b2b_accounts"] = f"{len(b):,}"
        f["b2b_active"] = f"{len(act):,}"
        f["b2b_top_name"] = str(top["name"])
        f["b2b_top_wallet"] = _pct(float(top["share_of_wallet"]))
        f["b2b_top10_share"] = _pct(vol.head(10).sum() / vol.sum())
    if "accounts" in data:
        a = data["accounts"]
        f["accounts_serial_callers"] = str(int((a["service_calls_per_month"] >= 40).sum()))
    if "subscribers" in data:
        s = data["subscribers"]
        churn = s["churn_date"].notna().groupby(s["acquisition_channel"]).mean().sort_values(ascending=False)
        f["subscribers_churn"] = ", ".join(f"{c} {_pct(v)}" for c, v in churn.items())
        f["subscribers_top_churn"] = str(churn.index[0])
    if "branch_survey" in data:
        bs = data["branch_survey"]
        f["survey_corr"] = f"{bs['staff_satisfaction'].corr(bs['customer_satisfaction']):.2f}"
    if "complaint_queue" in data:
        q = data["complaint_queue"]
        dup = q.duplicated(["customer_id", "text"])
        shares = q.loc[~dup, "root_cause"].value_counts(normalize=True)
        f["queue_top_causes"] = ", ".join(f"{c} {_pct(v)}" for c, v in shares.head(3).items())
        f["queue_duplicates"] = str(int(dup.sum()))
    return f


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format_map(values)
    except KeyError as e:
        raise KeyError(f"the schema text uses the placeholder {e}, which datasheet.facts() does not compute") \
            from None


ZH_INTRO = """
## Chinese variants (data/zh/)

After `use_language("zh")` (or with `load(name, lang="zh")`), `load()` reads `zh/<name>.csv` instead of
`<name>.csv` where this table lists one; every other dataset has nothing to translate and is read in English.
A Chinese variant has the same rows in the same order, the same ids, numbers, dates and blanks; only the columns
below are in Chinese, all made by `course/datasets/zh.py` from the English files, so they cannot drift apart.

Which columns change follows one rule: a value that lessons, exercises or `course.topics` name in code stays the
same code in both editions (ticket `status`, queue `severity` and `root_cause`, `plan`, `segment`, SERVQUAL
`dimension`, `acquisition_channel`, the TARP rows, guest names, titles and countries); `course.datasets.label()`
gives their Chinese for charts and tables. The columns a Chinese trainee reads and no code names are translated.
Answers and marks are the same in both editions: where an answer is keyed on a translated label (a branch, a
product, a seat, a breakfast), the visible checks read the Chinese label as its English one through the same
name table (`course.datasets.to_english("上海浦东")` is `'Shanghai Pudong'`), so one digest serves both editions.
Complaint texts keep their cause, date and amount and are written as each channel is written: a WeChat message
reads like one, a phone complaint as the agent typed it, an e-mail as a business letter, a web form briefly.

| file | rows | columns in Chinese | example |
|---|---:|---|---|
"""


def _zh_section(files: dict[str, str]) -> str:
    """The datasheet's section on data/zh/: which columns each Chinese variant translates, with an example."""
    from .zh import COLUMNS

    parts = [ZH_INTRO]
    for name, cols in COLUMNS.items():
        en, zh = files.get(f"{name}.csv"), files.get(f"zh/{name}.csv")
        if not en or not zh:
            continue
        e, z = pd.read_csv(io.StringIO(en), dtype=str), pd.read_csv(io.StringIO(zh), dtype=str)
        col = "text" if "text" in cols else next(iter(cols))
        rows = e["channel"].eq("wechat") if col == "text" else e[col].notna()  # a WeChat complaint shows best
        i = int(rows.to_numpy().argmax())
        example = f"`{col}`: {e.loc[i, col]} → {z.loc[i, col]}"
        listed = ", ".join(f"`{c}`" for c in cols)
        parts.append(f"| [`zh/{name}.csv`](#{name}) | {_row_count(zh):,} | {listed} | {example} |\n")
    return "".join(parts)


def datasheet(files: dict[str, str]) -> str:
    """Markdown datasheet: an index, then one table per file with type, unit and meaning of each column.
    Figures in the generation/calibration/messy texts are filled from the files themselves (`facts`)."""
    values = facts(frames(files))
    parts = [INTRO.format(seed=SEED)]
    for ds in DATASETS.values():
        rows = _row_count(files.get(ds.filename, ""))
        mods = ", ".join(str(m) for m in ds.modules)
        parts.append(f"| [`{ds.filename}`](#{ds.name}) | {rows:,} | {mods} | {ds.summary} |\n")
    for ds in DATASETS.values():
        rows = _row_count(files.get(ds.filename, ""))
        parts.append(f"\n## {ds.name}\n\n`{ds.filename}`, {rows:,} rows. {ds.summary}\n\n")
        parts.append("| column | type | unit | meaning |\n|---|---|---|---|\n")
        for c in ds.columns:
            kind = c.kind + (", may be blank" if c.nullable else "") + (", unique" if c.unique else "")
            meaning = c.meaning
            if c.choices:
                meaning += " (one of: " + ", ".join(c.choices) + ")"
            parts.append(f"| `{c.name}` | {kind} | {c.unit} | {meaning} |\n")
        parts.append(f"\n**How it was generated.** {_fill(ds.generation, values)}\n")
        if ds.calibration:
            parts.append(f"\n**Calibrated to.** {_fill(ds.calibration, values)}\n")
        if ds.messy:
            parts.append(f"\n**Messy on purpose.** {_fill(ds.messy, values)}\n")
    parts.append(_zh_section(files))
    return "".join(parts)
