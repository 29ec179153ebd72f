"""Render and write data/: every dataset as CSV text plus the datasheet, byte for byte reproducible."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .datasheet import datasheet
from .generate import GENERATORS
from .schema import DATASETS
from .zh import has_zh, translate


def to_csv_text(df: pd.DataFrame) -> str:
    """The exact bytes written for a dataset: no index, LF line ends, blanks for missing values."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def render_all() -> dict[str, str]:
    """Every file of data/ as text, keyed by its path under data/: the English datasets, their Chinese variants
    (`zh/<name>.csv`, made from the English frames by course/datasets/zh.py) and the datasheet README.md."""
    out = {}
    for name, gen in GENERATORS.items():
        df = gen()
        expected = [c.name for c in DATASETS[name].columns]
        assert list(df.columns) == expected, f"generator for {name} gives {list(df.columns)}, schema {expected}"
        out[f"{name}.csv"] = to_csv_text(df)
        if has_zh(name):
            out[f"zh/{name}.csv"] = to_csv_text(translate(name, df))
    out["README.md"] = datasheet(out)
    return out


def write_all(data_dir: Path) -> list[Path]:
    """Regenerate every dataset and the datasheet into data_dir."""
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fname, text in render_all().items():
        p = data_dir / fname
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="")
        written.append(p)
    return written
