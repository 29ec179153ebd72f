"""`course slides [MODULE] [--lang en|zh]`: each lesson as a reveal.js deck (executed, speaker notes from the
facilitator guide, every asset local) into _output/slides/<lang>/; `--annotate` writes the slide rule's types into
the lesson notebooks' cell metadata (course/trainer/slides.py explains the rule)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course import syllabus
from course.i18n import translator
from course.paths import repo_root

_ = translator("course")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("module", nargs="?", default=None, help=_("a module number or id (default: every lesson)"))
    p.add_argument("--lang", choices=("en", "zh", "both"), default="both",
                   help=_("which edition(s) (default both)"))
    p.add_argument("--out", type=Path, default=None, help=_("output folder (default: _output/slides/)"))
    p.add_argument("--root", type=Path, default=None, help=_("the checkout holding lessons/ (default: this one)"))
    p.add_argument("--code", action="store_true", help=_("show the code cells' code too (default: outputs only)"))
    p.add_argument("--no-execute", action="store_true",
                   help=_("export the notebooks as they are, without running them (charts only if saved in them)"))
    p.add_argument("--annotate", action="store_true",
                   help=_("write the slide types into lessons/*.ipynb and lessons/zh/*.ipynb (cell metadata only) "
                          "and stop"))
    p.add_argument("--check", action="store_true",
                   help=_("with --annotate: write nothing, fail if a lesson lacks the rule's slide types"))


def run(args: argparse.Namespace) -> int:
    from course.trainer import slides

    try:
        modules = [syllabus.by_id(args.module)] if args.module else list(syllabus.LESSONS)
    except KeyError:
        print(_("no module {key}; modules are {ids}").format(
            key=repr(args.module), ids=", ".join(m.id for m in syllabus.LESSONS)), file=sys.stderr)
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
                print(_("{path}: {changed} of {cells} cells lack the rule's slide type").format(
                    path=a.path, changed=a.changed, cells=a.cells), file=sys.stderr)
            if stale:
                print(_("run `course slides --annotate` to write them"), file=sys.stderr)
                return 1
            print(_("slide types OK in {n} lesson notebooks").format(n=len(done)))
            return 0
        print(_("slide types written: {cells} cells changed in {changed} of {n} lesson notebooks").format(
            cells=sum(a.changed for a in done), changed=len(stale), n=len(done)))
        return 0
    from course.trainer import editions

    langs = editions(getattr(args, "lang", None))
    out = args.out or repo_root() / "_output" / "slides"
    try:
        made = slides.build(modules, langs, out, root=args.root, run=not args.no_execute, code=args.code)
    except slides.SlidesError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(_("wrote {n} decks under {out} (open {index}; press S in a deck for the notes)").format(
        n=len(made), out=out, index=out / "index.html"))
    return 0
