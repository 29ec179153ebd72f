"""`course`: one command for trainees, instructors and maintainers.

Each subcommand lives in the module that does the work; this file only lists them, so `course --help`
stays fast and one broken subcommand cannot break the others. Messages and help texts follow `--lang en|zh`
(anywhere on the command line) or COURSE_LANG, English by default.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from course.i18n import normalise, translator, use_language
from course.paths import ensure_bin_on_path

_ = translator("course")


def N_(message: str) -> str:
    """Mark a help text for the catalog; it is translated when the parser is built."""
    return message


# name: (target, help). The target is a module, or `module:object` when one module serves several commands;
# either way it defines add_arguments(parser) and run(args) -> exit status. It is imported only when its
# command runs (or its --help is asked for).
COMMANDS: dict[str, tuple[str, str]] = {
    "start": ("course.launch:start", N_("open the course in JupyterLab on the start page")),
    "test": ("course.launch:test", N_("run the whole test suite (what `make test` runs)")),
    "data": ("course.datasets.cli", N_("regenerate the datasets in data/ (or --check them)")),
    "glossary": ("course.glossary_cli", N_("look up a term in the English/中文 glossary")),
    "hint": ("course.hints", N_("show the hint for an exercise question, e.g. `course hint 03 q2`")),
    "exercises": ("course.grading.cli:exercises", N_("regenerate exercises/ from solutions/ with nbgrader")),
    "grade": ("course.grading.cli:grade", N_("autograde a whole class in parallel, with feedback and a CSV")),
    "report": ("course.grading.cli:report", N_("class report: score histogram, pass rates, hardest questions")),
    "lite": ("course.lite", N_("build the zero-install JupyterLite site")),
    "handouts": ("course.trainer.cli", N_("the trainer's kit (guides, role-play cards, cases) as A4 PDFs, EN and 中文")),
    "slides": ("course.trainer.slides_cli", N_("the lessons as offline reveal.js decks with speaker notes, EN and 中文")),
    "certificates": ("course.trainer.certificates",
                     N_("a PDF certificate per trainee who completed, and who did not and why")),
}


# argparse's own error messages (Python 3.10 to 3.13 word them so), here to be in the catalog: argparse looks them
# up with gettext when it reports an error, and `_argparse_speaks_the_course_language` routes that lookup to it.
ARGPARSE_MESSAGES = (
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("expected %s argument"),
    N_("expected %s arguments"),
)


def _argparse_speaks_the_course_language() -> None:
    """Let argparse's own messages ("invalid choice", "unrecognized arguments" ...) follow the language in use;
    a message the catalog lacks stays as argparse words it."""
    argparse._ = _
    argparse.ngettext = lambda singular, plural, n: _(singular if n == 1 else plural)


_argparse_speaks_the_course_language()


class CourseParser(argparse.ArgumentParser):
    """argparse with its own words (usage, section titles, -h, the error line) in the language in use."""

    def __init__(self, *args, **kwargs):
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help message and exit"))

    def _localise(self, text: str) -> str:
        return text.replace("usage: ", _("usage: "), 1) if text.startswith("usage: ") else text

    def format_usage(self) -> str:
        return self._localise(super().format_usage())

    def format_help(self) -> str:
        return self._localise(super().format_help())

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def command(name: str):
    """The object behind a command (a module, or an attribute of one), with add_arguments and run."""
    module, _sep, attr = COMMANDS[name][0].partition(":")
    target = importlib.import_module(module)
    return getattr(target, attr) if attr else target


def language_from(argv: list[str]) -> tuple[str | None, list[str]]:
    """The value of `--lang X` / `--lang=X` anywhere in `argv` (None if absent), and `argv` without it, so that
    every command accepts it wherever it is written."""
    rest, lang, i = [], None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            lang, i = arg.split("=", 1)[1], i + 1
            continue
        rest.append(arg)
        i += 1
    return lang, rest


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    parser = CourseParser(
        prog="course",
        description=_("Course kit: customer complaint handling and customer-value management."),
    )
    parser.add_argument("--lang", metavar="LANG",
                        help=_("language of the messages: en or zh (default: $COURSE_LANG, else en)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))
    for name, (_mod, help_) in COMMANDS.items():
        sp = sub.add_parser(name, help=_(help_), description=_(help_))
        if name == chosen:
            command(name).add_arguments(sp)
    return parser


EVERY_EDITION = ("slides", "handouts")
"""The commands that make documents in both languages at once: `--lang both` (their default) is theirs to read."""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ensure_bin_on_path()
    lang, argv = language_from(argv)
    both = lang == "both" and any(a in EVERY_EDITION for a in argv)
    if lang is not None and not both:
        try:
            lang = use_language(normalise(lang))
        except ValueError as exc:
            print(f"course: {exc}", file=sys.stderr)
            return 2
    chosen = next((a for a in argv if a in COMMANDS), None)
    parser = build_parser(chosen)
    args = parser.parse_args(argv)
    args.lang = "both" if both else lang
    if not args.command:
        parser.print_help()
        return 0
    return int(command(args.command).run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
