"""The bilingual (English / 中文) glossary of the course's key terms, shipped as data in glossary.csv.

Each term has its English and Chinese name, pinyin, the module that introduces it, and a definition in each
language: `definition` for the English edition, `definition_zh` written for a Chinese employee.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from course.i18n import current, normalise, translator

_ = translator("selfcheck")

COLUMNS = ("term_en", "term_zh", "pinyin", "module", "definition", "definition_zh")
"""The columns of glossary.csv, in order."""


def load() -> pd.DataFrame:
    """All terms: term_en, term_zh, pinyin, module (1-8), definition (English), definition_zh (Chinese)."""
    with resources.files("course").joinpath("glossary.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype={"module": int}, keep_default_na=False)


def definition(term: dict | pd.Series, lang: str | None = None) -> str:
    """A term's definition in the language in use (or `lang`), English where no Chinese is written."""
    if normalise(lang or current()) == "zh" and term.get("definition_zh"):
        return str(term["definition_zh"])
    return str(term["definition"])


def lookup(term: str) -> dict[str, str]:
    """One term by its English or Chinese name (case-insensitive; a unique substring is enough)."""
    g = load()
    q = term.strip().lower()
    exact = g[(g["term_en"].str.lower() == q) | (g["term_zh"] == term.strip())]
    hits = exact if len(exact) else g[g["term_en"].str.lower().str.contains(q, regex=False) | g["term_zh"].str.contains(
        term.strip(), regex=False)]
    if len(hits) != 1:
        column = "term_zh" if current() == "zh" else "term_en"
        options = ", ".join(hits[column]) if len(hits) else _("none")
        raise KeyError(_("{term!r} matches {n} glossary terms ({options}); try a fuller name.").format(
            term=term, n=len(hits), options=options))
    return hits.iloc[0].to_dict()


def for_module(module: int) -> pd.DataFrame:
    """The terms a lesson introduces, for its 'key terms' table: every column of load(), so both editions select
    the same ones (`[["term_en", "term_zh", "pinyin"]]`) and a Chinese lesson also finds `definition_zh`."""
    g = load()
    return g[g["module"] == module].reset_index(drop=True)


def key_terms(module: int, lang: str | None = None) -> pd.DataFrame:
    """A module's terms as a reader of the edition in use (or `lang`) wants them: in Chinese, the Chinese term
    first, then the English and pinyin, and the Chinese definition; in English, English first."""
    g = for_module(module)
    if normalise(lang or current()) == "zh":
        return pd.DataFrame({"术语": g["term_zh"], "英文": g["term_en"], "拼音": g["pinyin"],
                             "释义": g["definition_zh"]})
    return pd.DataFrame({"term": g["term_en"], "中文": g["term_zh"], "pinyin": g["pinyin"],
                         "definition": g["definition"]})
