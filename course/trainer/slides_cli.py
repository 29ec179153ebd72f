"""`course slides [MODULE] [--lang en|zh]`: each lesson as a reveal.js deck (executed, speaker notes from the
facilitator guide, every asset local) into _output/slides/<lang>/; `--annotate` writes the slide rule's types into
the lesson notebooks' cell metadata (course/trainer/slides.py explains the rule)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course import syllabus
from course.paths import repo_root


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("module", nargs="?", default=None, help="a module number or id (default: every lesson)")
    p.add_argument("--lang", choices=("en", "zh", "both"), default="both", help="which edition(s) (default both)")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: _output/slides/)")
    p.add_argument("--root", type=Path, default=None, help="the checkout holding lessons/ (default: this one)")
    p.add_argument("--code", action="store_true", help="show the code cells' code too (default: outputs only)")
    p.add_argument("--no-execute", action="store_true",
                   help="export the notebooks as they are, without running them (charts only if saved in them)")
    p.add_argument("--annotate", action="store_true",
                   help="write the slide types into lessons/*.ipynb and lessons/zh/*.ipynb (cell metadata only) "
                        "and stop")
    p.add_argument("--check", action="store_true",
                   help="with --annotate: write nothing, fail if a lesson lacks the rule's slide types")


def run(args: argparse.Namespace) -> int:
    from course.trainer import slides

    try:
        modules = [syllabus.by_id(args.module)] if args.module else list(syllabus.LESSONS)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    if args.annotate:
        try:
            done = slides.annotate(args.root, modules=modules, check=args.check)
        except slides.SlidesError as exc:
            print(exc, file=sys.stderr)
            return 1
        stale = [a for a in done if a.changed]
        if args.check:
            for a in stale:
                print(f"{a.path}: {a.changed} of {a.cells} cells lack the rule's slide type",
                      file=sys.stderr)
            if stale:
                print("run `course slides --annotate` to write them", file=sys.stderr)
                return 1
            print(f"slide types OK in {len(done)} lesson notebooks")
            return 0
        print(f"slide types written: {sum(a.changed for a in done)} cells changed in {len(stale)} of {len(done)} "
              "lesson notebooks")
        return 0
    from course.trainer import editions

    langs = editions(getattr(args, "lang", None))
    out = args.out or repo_root() / "_output" / "slides"
    try:
        made = slides.build(modules, langs, out, root=args.root, run=not args.no_execute, code=args.code)
    except slides.SlidesError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {len(made)} decks under {out} (open {out / 'index.html'}; press S in a deck for the notes)")
    return 0
