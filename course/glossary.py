"""The bilingual (English / 中文) glossary of the course's key terms, shipped as data in glossary.csv."""

from __future__ import annotations

from importlib import resources

import pandas as pd


def load() -> pd.DataFrame:
    """All terms: term_en, term_zh, pinyin, module (1-8), definition."""
    with resources.files("course").joinpath("glossary.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype={"module": int})


def lookup(term: str) -> dict[str, str]:
    """One term by its English or Chinese name (case-insensitive; a unique substring is enough)."""
    g = load()
    q = term.strip().lower()
    exact = g[(g["term_en"].str.lower() == q) | (g["term_zh"] == term.strip())]
    hits = exact if len(exact) else g[g["term_en"].str.lower().str.contains(q, regex=False) | g["term_zh"].str.contains(
        term.strip(), regex=False)]
    if len(hits) != 1:
        options = ", ".join(hits["term_en"]) if len(hits) else "none"
        raise KeyError(f"{term!r} matches {len(hits)} glossary terms ({options}); try a fuller name.")
    return hits.iloc[0].to_dict()


def for_module(module: int) -> pd.DataFrame:
    """The terms a lesson introduces, for its 'key terms' table."""
    g = load()
    return g[g["module"] == module].reset_index(drop=True)
