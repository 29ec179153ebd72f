"""`course glossary [TERM]`: print the bilingual glossary, or one term."""

from __future__ import annotations

import argparse

from . import glossary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("term", nargs="?", help="English or Chinese term (omit to list all)")
    p.add_argument("--module", type=int, help="only the terms of one module (1-8)")


def run(args: argparse.Namespace) -> int:
    if args.term:
        try:
            t = glossary.lookup(args.term)
        except KeyError as e:
            print(e.args[0])
            return 1
        print(f"{t['term_en']} / {t['term_zh']} ({t['pinyin']}), module {t['module']}\n  {t['definition']}")
        return 0
    g = glossary.for_module(args.module) if args.module else glossary.load()
    for _, t in g.iterrows():
        print(f"{t['module']}  {t['term_en']:<40} {t['term_zh']}")
    return 0
