"""`course handouts`: the trainer's kit (guides, agendas, role-play cards, case handouts, answer sheets) as A4
PDFs in English and Chinese, from the YAML in trainer/, into _output/trainer/ by default."""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

from course.i18n import translator
from course.paths import repo_root
from course.trainer import content, pdf, render

_ = translator("course")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", type=Path, default=None, help=_("the trainer/ folder (default: the checkout's)"))
    p.add_argument("--out", type=Path, default=None, help=_("output folder (default: _output/trainer/)"))
    p.add_argument("--lang", choices=("en", "zh", "both"), default="both", help=_("which language(s)"))
    p.add_argument("--only", action="append", default=[], metavar="GLOB",
                   help=_("only documents whose path matches, e.g. 'guides/01-*' or 'cases/*' (repeatable)"))
    p.add_argument("--markdown", action="store_true", help=_("write Markdown and HTML only, no PDFs"))
    p.add_argument("--check", action="store_true", help=_("only check the content and exit"))
    p.add_argument("--chromium", default=None, help=_("the Chromium to print with (default: found on PATH)"))
    p.add_argument("--jobs", type=int, default=2, help=_("Chromium processes at once (default 2)"))


def run(args: argparse.Namespace) -> int:
    kit = content.load(args.source)
    bad = content.problems(kit)
    if bad:
        print(_("The trainer content has problems:"), *(f"  - {b}" for b in bad), sep="\n", file=sys.stderr)
        return 1
    if args.check:
        print(_("trainer content OK: {guides} guides, {agendas} agendas, {cards} role-play cards, {cases} cases with "
                "answer sheets").format(guides=len(kit.guides), agendas=len(kit.agendas), cards=len(kit.cards),
                                        cases=len(kit.cases)))
        return 0
    from course.trainer import editions

    langs = editions(getattr(args, "lang", None))
    docs = render.documents(kit, langs)
    if args.only:
        docs = [d for d in docs if any(fnmatch.fnmatch(d.stem.split("/", 1)[1], g) or fnmatch.fnmatch(d.stem, g)
                                       for g in args.only)]
        if not docs:
            print(_("no document matches {globs}").format(globs=args.only), file=sys.stderr)
            return 1
    out = args.out or repo_root() / "_output" / "trainer"
    chromium = None
    if not args.markdown:
        chromium = pdf.find_chromium(args.chromium)
        if chromium is None:
            print(_("Chromium is needed to print PDFs: `apt-get install chromium fonts-noto-cjk` "
                    "(or pass --chromium PATH, or --markdown for Markdown and HTML only)"), file=sys.stderr)
            return 1
    try:
        made = pdf.write(docs, out, chromium, jobs=args.jobs)
    except pdf.PdfError as e:
        print(e, file=sys.stderr)
        return 1
    if chromium:
        print(_("wrote {n} PDFs under {out}").format(n=len(made), out=out))
    else:
        print(_("wrote {n} Markdown files under {out}").format(n=len(made), out=out))
    return 0
