"""One language switch for the whole course: gettext catalogs per domain, English as the fallback.

The catalogs are `course/locale/zh_CN/LC_MESSAGES/<domain>.po` (written by translators, compiled to `.mo` with
Babel: `make i18n`). A notebook switches once, in its first code cell, with `course.use_language("zh")`; a
session can start in Chinese with `COURSE_LANG=zh` (what `course start --lang zh` sets for its kernels).
Package code marks each user-facing string with `_ = translator("<domain>")` and calls `_("English text")`;
placeholders are filled after translation: `_("{n} complaints").format(n=...)`.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LANGUAGES = {"en": "English", "zh": "中文"}
"""The editions: code -> the name a trainee reads on the language choice."""

LOCALES = {"en": "en", "zh": "zh_CN"}
"""Edition code -> gettext locale folder under course/locale/."""

DOMAINS = ("course", "checks", "selfcheck", "grading")
"""One catalog per concern: `course` (widgets, hints, CLI, start page), `checks` (visible-check messages, data
errors), `selfcheck` (lesson self-check questions, glossary, case names), `grading` (feedback pages, report). The source folders
each domain is extracted from are in `course/i18n_catalogs.py`."""

LOCALE_DIR = Path(__file__).with_name("locale")

_ALIASES = {"en": "en", "english": "en", "en_us": "en", "en_gb": "en", "c": "en", "posix": "en",
            "zh": "zh", "zh_cn": "zh", "zh_hans": "zh", "cn": "zh", "chinese": "zh", "中文": "zh", "简体中文": "zh"}


def normalise(lang: str | None) -> str:
    """'zh', 'zh-CN', 'zh_CN.UTF-8', '中文' -> 'zh'; 'en', 'C', '' -> 'en'. Anything else is a ValueError that
    lists the editions, so a typo in a switch cell or on the command line says what to write."""
    if not lang:
        return "en"
    key = str(lang).strip().split(".")[0].replace("-", "_").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    if key.startswith("zh"):
        return "zh"
    if key.startswith("en"):
        return "en"
    raise ValueError(f"unknown language {lang!r}: write one of {', '.join(repr(k) for k in LANGUAGES)} "
                     f"(English or 中文)")


def _from_env() -> str:
    try:
        return normalise(os.environ.get("COURSE_LANG"))
    except ValueError:
        return "en"


_current = _from_env()


def current() -> str:
    """The language in use now: 'en' or 'zh'."""
    return _current


def use_language(lang: str) -> str:
    """Switch the session's language ('en' or 'zh'); widgets, checks, hints and charts follow from here on.
    Returns the edition code, so a notebook cell can show it."""
    global _current
    _current = normalise(lang)
    return _current


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Use `lang` inside the block and restore the previous language after it (e.g. one trainee's feedback)."""
    global _current
    before = _current
    _current = normalise(lang)
    try:
        yield _current
    finally:
        _current = before


@cache
def catalog(domain: str, lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of `domain` in `lang`; English (and a missing catalog) is the identity."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown message domain {domain!r}; the domains are {', '.join(DOMAINS)}")
    lang = normalise(lang)
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(domain, localedir=str(LOCALE_DIR), languages=[LOCALES[lang]], fallback=True)


def gettext(message: str, domain: str = "course", lang: str | None = None) -> str:
    """`message` in the current (or the given) language, falling back to the English text."""
    return catalog(domain, lang or _current).gettext(message)


def N_(message: str) -> str:
    """Mark a text held in a table for the catalogs (Babel extracts `N_` calls); it is translated when shown."""
    return message


def ngettext(singular: str, plural: str, n: int, domain: str = "course", lang: str | None = None) -> str:
    """The singular or plural form for `n`, translated (Chinese has one form)."""
    return catalog(domain, lang or _current).ngettext(singular, plural, n)


def translator(domain: str) -> Callable[[str], str]:
    """`_ = translator("selfcheck")`: a one-argument gettext bound to a domain, resolved at call time, so a
    string is translated into whichever language is in use when it is shown."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown message domain {domain!r}; the domains are {', '.join(DOMAINS)}")

    def _(message: str) -> str:
        return gettext(message, domain)

    _.__name__ = f"gettext_{domain}"
    return _


def pick(en: str, zh: str, lang: str | None = None) -> str:
    """Choose between two texts held as data (a case's English and Chinese name, a CSV's two columns)."""
    return zh if normalise(lang or _current) == "zh" and zh else en


CURRENCIES = {"CNY": ("CNY", "元"), "HKD": ("HKD", "港元"), "USD": ("USD", "美元")}
"""Currency code -> how the English and the Chinese edition write it."""


def money(amount: float, lang: str | None = None, currency: str = "CNY") -> str:
    """An amount as each edition writes it: 'CNY 1.2 million' / 'CNY 12,345'; '120.0 万元' / '1.20 亿元' /
    '12,345 元' (HKD: '4,789.0 万港元'). Lessons call this in both editions, so their f-strings stay the same
    code."""
    en, zh = CURRENCIES[currency]
    if normalise(lang or _current) == "zh":
        if abs(amount) >= 1e8:
            return f"{amount / 1e8:,.2f} 亿{zh}"
        if abs(amount) >= 1e5:
            return f"{amount / 1e4:,.1f} 万{zh}"
        return f"{amount:,.0f} {zh}"
    if abs(amount) >= 1e6:
        return f"{en} {amount / 1e6:,.1f} million"
    return f"{en} {amount:,.0f}"
