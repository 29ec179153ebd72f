"""The instructor's commands: `course exercises`, `course grade`, `course report`.

Each is `add_arguments(parser)` and `run(args) -> exit status` (the convention of course/cli.py), a thin layer
over one function of course.grading.api: parse the options, call it, print what it returns.

    course exercises [--check] [--gradebook]                    # exercises/ (and exercises/zh/) from solutions/
    course grade 01-why-customers-complain                      # nbgrader's _work/submitted/ layout
    course grade 01-why-customers-complain --from-zip export.zip
    course grade 01-why-customers-complain --from-dir downloads/ --workers 4
    course grade 01-why-customers-complain --scheduler tcp://10.0.0.5:8786   # on a Dask cluster
    course report 01-why-customers-complain                     # text summary + _work/reports/<id>.html
    course report 01-why-customers-complain --lang zh           # the same report in Chinese

Exit status of `course grade`: 0 when the run finished (some submissions may have failed: the summary and the
CSV say which and why), 1 for a set-up problem (no such assignment, unreadable export), 130 when interrupted
(rerun to go on: nothing graded is lost). The other two: 0, or 1 with the problem on stderr.

Help texts and everything these commands print follow the language in use (`--lang zh` or COURSE_LANG=zh), through
the `grading` catalog.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import SimpleNamespace

from course.i18n import translator

_ = translator("grading")


def _edition_word(edition: str) -> str:
    """The edition's name in the language in use, in the report's words (course.grading.report.edition_word)."""
    from course.grading.report import edition_word

    return edition_word(edition)


def _root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None, help=_("course root (default: found from here)"))


# ------------------------------------------------------------------------------------------- exercises
def _exercises_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help=_("do not write: regenerate into a temporary folder and fail if exercises/ differs"))
    parser.add_argument("--gradebook", action="store_true",
                        help=_("also register the assignments in _work/gradebook.db (needed before autograding)"))
    _root_argument(parser)


def _exercises_run(args: argparse.Namespace) -> int:
    """Regenerate exercises/ (or --check it)."""
    from course.grading import skip_unused_schema_grammar

    skip_unused_schema_grammar()
    from course.grading import api
    from course.grading.release import fix_hint

    try:
        rel = api.exercises(args.root, check=args.check, gradebook=args.gradebook and not args.check)
    except api.GradingError as exc:
        print(_("course exercises: {error}").format(error=exc), file=sys.stderr)
        return 1
    if args.check:
        if rel.differences:
            print(_("exercises/ is out of date with solutions/ — {hint}. Differing files:").format(
                hint=fix_hint(rel.differences)), file=sys.stderr)
            for d in rel.differences:
                print(f"  exercises/{d.describe()}", file=sys.stderr)
            return 1
        print(_("exercises/ matches solutions/ ({n} assignments{editions}).").format(n=len(rel.ids),
                                                                                    editions=_editions_note(rel)))
        return 0
    for name in rel.removed:
        print(_("removing exercises/{name}/ (no solutions/{name}/{file}.ipynb)").format(
            name=name, file=name.rsplit("/", 1)[-1]))
    if rel.changed:
        done = _("exercises/ regenerated for {n} assignments{editions}; changed: {changed}.").format(
            n=len(rel.ids), editions=_editions_note(rel), changed=", ".join(rel.changed))
    else:
        done = _("exercises/ regenerated for {n} assignments{editions}; nothing changed.").format(
            n=len(rel.ids), editions=_editions_note(rel))
    if args.gradebook:
        done += _(" Registered in the gradebook (_work/gradebook.db), from the English sources.")
    print(done)
    return 0


def _editions_note(rel) -> str:
    """', 3 of them in the Chinese edition (exercises/zh/)' when other editions were released too."""
    from course.grading.editions import FOLDERS

    return "".join(_(", {n} of them in the {edition} edition (exercises/{folder}/)").format(
        n=len(ids), edition=_edition_word(e), folder=FOLDERS[e]) for e, ids in rel.editions.items() if ids)


# ------------------------------------------------------------------------------------------- grade
def _grade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help=_("assignment id, e.g. 01-why-customers-complain"))
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--from-zip", type=Path, metavar="FILE",
                     help=_("an LMS export (zip) of files named by trainee id: imported into submitted/ first"))
    src.add_argument("--from-dir", type=Path, metavar="DIR",
                     help=_("a folder of files named by trainee id: imported into submitted/ first"))
    parser.add_argument("--workers", type=int, default=None,
                        help=_("submissions graded at once (default: CPU cores = {n})").format(n=os.cpu_count()))
    parser.add_argument("--timeout", type=int, default=300,
                        help=_("wall-clock limit per notebook, seconds; a submission still running is stopped "
                               "and reported (default 300)"))
    parser.add_argument("--cell-timeout", type=int, default=60,
                        help=_("limit per cell, seconds: a looping cell is interrupted and the rest graded "
                               "(default 60, or less if nbgrader_config.py says so)"))
    parser.add_argument("--force", action="store_true",
                        help=_("regrade everyone (default: skip submissions graded before and unchanged since)"))
    parser.add_argument("--retry-failed", action="store_true",
                        help=_("grade again the submissions that failed last time though unchanged (e.g. after a "
                               "time-out on a busy machine)"))
    parser.add_argument("--student", action="append", metavar="ID",
                        help=_("grade only this trainee (repeatable)"))
    from course.grading.sandbox import MODES

    parser.add_argument("--sandbox", choices=MODES, default="auto",
                        help=_("how trainees' code is isolated (default auto: bwrap if available; see "
                               "docs/INSTRUCTORS.md)"))
    parser.add_argument("--kernels", choices=("warm", "cold"), default="warm",
                        help=_("warm (default): each trainee's kernel is forked, already imported, from one "
                               "sandboxed zygote per run, in namespaces, tmpfs and a uid of its own (grading as root "
                               "with bubblewrap; otherwise cold); cold: a new interpreter per kernel"))
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help=_("grade on a Dask cluster: its scheduler's address (e.g. tcp://10.0.0.5:8786); the "
                               "workers need the same kit installed; this machine keeps the gradebook"))
    parser.add_argument("--csv", type=Path, default=None,
                        help=_("where to write the grades (default: _work/grades/<assignment>.csv)"))
    parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))
    _root_argument(parser)


def summary_lines(result, csv_path: Path, feedback: Path) -> list[str]:
    """The end-of-run summary: counts, then one line per failure with its reason, then the notes."""
    graded = [o for o in result.outcomes if o.status in ("graded", "unchanged")]
    fresh = [o for o in result.outcomes if o.status == "graded"]
    failed = [o for o in result.outcomes if o.status == "failed"]
    kernels = getattr(result, "kernels", "")
    lines = [_("graded {graded} of {total} submissions ({fresh} this run, {unchanged} unchanged since the last run), "
               "failed {failed}  [{seconds} s, sandbox: {sandbox}{kernels}]").format(
        graded=len(graded), total=len(result.outcomes), fresh=len(fresh), unchanged=len(graded) - len(fresh),
        failed=len(failed), seconds=f"{result.seconds:.0f}", sandbox=result.sandbox,
        kernels=_(", kernels: {kernels}").format(kernels=kernels) if kernels else "")]
    lines += edition_lines(result.outcomes)
    refreshed = getattr(result, "refreshed", [])
    if refreshed:
        lines.append(_("feedback regenerated for {n} unchanged submission(s) (the gradebook changed since it was "
                       "written, e.g. manual grades or comments in the Formgrader): {ids}").format(
            n=len(refreshed), ids=", ".join(refreshed)))
    if failed and any(o.seconds == 0 for o in failed):
        lines.append(_("(failures of unchanged submissions are from an earlier run: --retry-failed grades them "
                       "again)"))
    if failed:
        lines.append(_("failed:"))
        lines += [f"  {o.student}: {o.reason}" for o in failed]
    flagged = [o for o in result.outcomes if getattr(o, "flags", None)]
    if flagged:
        lines.append(_("flagged (tampering seen; marks come from the trusted tests only, check these by hand):"))
        lines += [f"  {o.student}: {'; '.join(o.flags)}" for o in flagged]
    noted = [o for o in result.outcomes if o.notes and o.status != "failed"]
    if noted:
        lines.append(_("graded with repairs or warnings:"))
        lines += [f"  {o.student}: {'; '.join(o.notes)}" for o in noted]
    lines += [_("grades:   {path}").format(path=csv_path),
              _("feedback: {folder}/<trainee>/{assignment}/").format(folder=feedback, assignment=result.assignment)]
    return lines


def edition_lines(outcomes, names: int = 30) -> list[str]:
    """'editions: 4 English, 3 Chinese (zh: amy, ben, ...)' when the class handed in more than one edition."""
    from course.grading.editions import ENGLISH

    by: dict[str, list[str]] = {}
    for o in outcomes:
        if getattr(o, "edition", "") and o.status in ("graded", "unchanged"):
            by.setdefault(o.edition, []).append(o.student)
    if set(by) <= {ENGLISH}:
        return []
    parts = [_("{n} {edition}").format(n=len(ids), edition=_edition_word(e))
             for e, ids in sorted(by.items(), key=lambda kv: kv[0] != ENGLISH)]
    who = [_("{edition}: {ids}").format(edition=e, ids=", ".join(ids[:names]) + (", ..." if len(ids) > names else ""))
           for e, ids in sorted(by.items()) if e != ENGLISH]
    return [_("editions: {counts} ({who}); the CSV's edition column has everyone's").format(
        counts=_(", ").join(parts), who=_("; ").join(who))]


def _grade_run(args: argparse.Namespace) -> int:
    """Import (optionally), grade in parallel, write feedback and the CSV, print the summary."""
    from course.grading import skip_unused_schema_grammar

    skip_unused_schema_grammar()
    from course.grading import api
    from course.grading.importers import ImportError_

    def imported(report) -> None:
        for line in report.lines():
            print(line)

    try:
        done = api.grade(args.assignment, args.root, from_zip=args.from_zip, from_dir=args.from_dir, csv=args.csv,
                         workers=args.workers, on_import=imported, timeout=args.timeout,
                         cell_timeout=args.cell_timeout, force=args.force, retry_failed=args.retry_failed,
                         students=args.student, sandbox=args.sandbox, progress=not args.no_progress,
                         kernels=args.kernels, scheduler=args.scheduler)
    except (ImportError_, RuntimeError) as exc:  # GradingError, or a sandbox that cannot run here
        print(_("course grade: {error}").format(error=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("interrupted: rerun the same command to go on (graded submissions are kept)"), file=sys.stderr)
        return 130
    for note in done.run.notes:
        print(_("note: {note}").format(note=note))
    for line in summary_lines(done.run, done.csv_path, done.course.feedback):
        print(line)
    if done.run.interrupted:
        print(_("interrupted: rerun the same command to grade the rest (graded submissions are kept)"),
              file=sys.stderr)
        return 130
    return 0


# ------------------------------------------------------------------------------------------- report
def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help=_("assignment id, e.g. 01-why-customers-complain"))
    parser.add_argument("--output", type=Path, default=None,
                        help=_("HTML file to write (default: _work/reports/<assignment>.html)"))
    # `course --lang zh report ...` (or `course report ... --lang zh`: course.cli takes --lang anywhere) writes the
    # report in Chinese; one report for the whole class, whichever edition each trainee handed in
    _root_argument(parser)


def _report_run(args: argparse.Namespace) -> int:
    """Print the class report and write its HTML page."""
    from course.grading import skip_unused_schema_grammar

    skip_unused_schema_grammar()
    from course.grading import api
    from course.i18n import normalise

    try:
        lang = normalise(args.lang) if getattr(args, "lang", None) else None
    except ValueError as exc:  # the message lists the editions
        print(_("course report: --lang: {error}").format(error=exc), file=sys.stderr)
        return 1
    try:
        done = api.report(args.assignment, args.root, output=args.output, lang=lang)
    except api.GradingError as exc:
        print(_("course report: {error}").format(error=exc), file=sys.stderr)
        return 1
    print(done.text)
    print("\n" + _("HTML report: {path}").format(path=done.html_path))
    return 0


exercises = SimpleNamespace(add_arguments=_exercises_arguments, run=_exercises_run)
grade = SimpleNamespace(add_arguments=_grade_arguments, run=_grade_run)
report = SimpleNamespace(add_arguments=_report_arguments, run=_report_run)
