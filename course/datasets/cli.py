"""`course data`: regenerate data/ from the seeded generator, or check that it is unchanged."""

from __future__ import annotations

import argparse
from pathlib import Path

from .loader import DatasetError, find_data_dir, load
from .schema import DATASETS
from .zh import has_zh


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", type=Path, default=None, help="data folder (default: the course's data/)")
    p.add_argument("--check", action="store_true",
                   help="do not write; fail if a file (data/zh/ included) differs from what the generator makes, "
                        "then validate all")


def run(args: argparse.Namespace) -> int:
    from .build import render_all, write_all

    target = args.dir or find_data_dir()
    if not args.check:
        for p in write_all(target):
            print(f"wrote {p}")
        return 0
    bad = 0
    for fname, text in render_all().items():
        p = target / fname
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            print(f"DIFFERS  {p}  (run `course data` to regenerate)")
            bad += 1
    for name in DATASETS:
        for lang in ("en", "zh") if has_zh(name) else ("en",):
            label = name if lang == "en" else f"zh/{name}"
            try:
                df = load(name, target, lang=lang)
                print(f"ok       {label:20s} {len(df):6d} rows")
            except DatasetError as e:
                print(f"INVALID  {e}")
                bad += 1
    return 1 if bad else 0
