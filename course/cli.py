"""`course`: one command for trainees, instructors and maintainers.

Each subcommand lives in the module that does the work; this file only lists them, so `course --help`
stays fast and one broken subcommand cannot break the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from course.paths import ensure_bin_on_path

# name: (target, help). The target is a module, or `module:object` when one module serves several commands;
# either way it defines add_arguments(parser) and run(args) -> exit status. It is imported only when its
# command runs (or its --help is asked for).
COMMANDS: dict[str, tuple[str, str]] = {
    "start": ("course.launch:start", "open the course in JupyterLab on the start page"),
    "test": ("course.launch:test", "run the whole test suite (what `make test` runs)"),
    "data": ("course.datasets.cli", "regenerate the datasets in data/ (or --check them)"),
    "glossary": ("course.glossary_cli", "look up a term in the English/中文 glossary"),
    "hint": ("course.hints", "show the hint for an exercise question, e.g. `course hint 03 q2`"),
    "exercises": ("course.grading.cli:exercises", "regenerate exercises/ from solutions/ with nbgrader"),
    "grade": ("course.grading.cli:grade", "autograde a whole class in parallel, with feedback and a CSV"),
    "report": ("course.grading.cli:report", "class report: score histogram, pass rates, hardest questions"),
    "lite": ("course.lite", "build the zero-install JupyterLite site"),
    "handouts": ("course.trainer.cli", "the trainer's kit (guides, role-play cards, cases) as A4 PDFs, EN and 中文"),
}


def command(name: str):
    """The object behind a command (a module, or an attribute of one), with add_arguments and run."""
    module, _, attr = COMMANDS[name][0].partition(":")
    target = importlib.import_module(module)
    return getattr(target, attr) if attr else target


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Course kit: customer complaint handling and customer-value management.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_mod, help_) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_, description=help_)
        if name == chosen:
            command(name).add_arguments(sp)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ensure_bin_on_path()
    chosen = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(chosen)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    return int(command(args.command).run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
