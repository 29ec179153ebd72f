"""Writes data/README.md, the datasheet, from the schema so the documentation cannot drift from the data."""

from __future__ import annotations

from .schema import DATASETS, SEED

INTRO = """# Datasheet: the course datasets

Every CSV in this folder is synthetic: made by a seeded generator (`course data`, code in
`course/datasets/generate.py`, seed {seed}) so that each lesson's point is visible in the numbers while the
files look like real operational exports, with names, dates, noise and a few messy values. Nothing here is
about real people or companies. Rerunning the generator gives byte-identical files (a test checks this);
**do not edit the CSVs by hand**: change the generator and rerun `course data`.

Load any file with validation and proper types:

```python
from course.datasets import load
tickets = load("tickets")            # typed DataFrame; a broken file raises a clear DatasetError
```

Conventions: UTF-8, comma-separated, header row, blank cell = missing value, dates `YYYY-MM-DD`,
timestamps `YYYY-MM-DD HH:MM`, booleans `True`/`False`, money in the currency named in the column.

The bilingual glossary (English / 中文) ships inside the package: `course.glossary.load()`.

| file | rows | modules | what it holds |
|---|---:|---|---|
"""


def _row_count(text: str) -> int:
    return max(text.count("\n") - 1, 0)


def datasheet(files: dict[str, str]) -> str:
    """Markdown datasheet: an index, then one table per file with type, unit and meaning of each column."""
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
        parts.append(f"\n**How it was generated.** {ds.generation}\n")
        if ds.calibration:
            parts.append(f"\n**Calibrated to.** {ds.calibration}\n")
        if ds.messy:
            parts.append(f"\n**Messy on purpose.** {ds.messy}\n")
    return "".join(parts)
