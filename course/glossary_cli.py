"""`course glossary [TERM]`: print the bilingual glossary, or one term, in the language in use."""

from __future__ import annotations

import argparse
import unicodedata

from . import glossary
from .i18n import current, translator, use_language

_ = translator("selfcheck")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("term", nargs="?", help="English or Chinese term (omit to list all)")
    p.add_argument("--module", type=int, help="only the terms of one module (1-8)")
    p.add_argument("--lang", help="en or zh: the language of the definitions (default: COURSE_LANG, else en)")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    return text + " " * max(0, width - _width(text))


def run(args: argparse.Namespace) -> int:
    if getattr(args, "lang", None):
        try:
            use_language(args.lang)
        except ValueError as e:
            print(e)
            return 2
    zh = current() == "zh"
    if args.term:
        try:
            t = glossary.lookup(args.term)
        except KeyError as e:
            print(e.args[0])
            return 1
        first, second = (t["term_zh"], t["term_en"]) if zh else (t["term_en"], t["term_zh"])
        print(_("{first} / {second} ({pinyin}), module {module}").format(
            first=first, second=second, pinyin=t["pinyin"], module=t["module"]))
        print(f"  {glossary.definition(t)}")
        return 0
    g = glossary.for_module(args.module) if args.module else glossary.load()
    for _i, t in g.iterrows():
        first, second = (t["term_zh"], t["term_en"]) if zh else (t["term_en"], t["term_zh"])
        print(f"{t['module']}  {_pad(first, 40)} {second}")
    return 0
