"""`course grade <assignment>`: from a folder (or an LMS export) of submissions to grades, feedback and a CSV.

    course grade 01-why-customers-complain                      # nbgrader's _work/submitted/ layout
    course grade 01-why-customers-complain --from-zip export.zip
    course grade 01-why-customers-complain --from-dir downloads/ --workers 4

Exit status: 0 when the run finished (some submissions may have failed: the summary and the CSV say which
and why), 1 for a set-up problem (no such assignment, unreadable export), 130 when interrupted (rerun to go
on: nothing graded is lost).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help="assignment id, e.g. 01-why-customers-complain")
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--from-zip", type=Path, metavar="FILE",
                     help="an LMS export (zip) of files named by trainee id: imported into submitted/ first")
    src.add_argument("--from-dir", type=Path, metavar="DIR",
                     help="a folder of files named by trainee id: imported into submitted/ first")
    parser.add_argument("--workers", type=int, default=None,
                        help=f"submissions graded at once (default: CPU cores = {os.cpu_count()})")
    parser.add_argument("--timeout", type=int, default=300,
                        help="wall-clock limit per notebook, seconds; a submission still running is stopped "
                             "and reported (default 300)")
    parser.add_argument("--cell-timeout", type=int, default=60,
                        help="limit per cell, seconds: a looping cell is interrupted and the rest graded "
                             "(default 60, or less if nbgrader_config.py says so)")
    parser.add_argument("--force", action="store_true",
                        help="regrade everyone (default: skip submissions graded before and unchanged since)")
    parser.add_argument("--retry-failed", action="store_true",
                        help="grade again the submissions that failed last time though unchanged (e.g. after a "
                             "time-out on a busy machine)")
    parser.add_argument("--student", action="append", metavar="ID",
                        help="grade only this trainee (repeatable)")
    parser.add_argument("--sandbox", choices=["auto", "bwrap", "uid", "none"], default="auto",
                        help="how trainees' code is isolated (default auto: bwrap if available; see "
                             "docs/INSTRUCTORS.md)")
    parser.add_argument("--csv", type=Path, default=None,
                        help="where to write the grades (default: _work/grades/<assignment>.csv)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--root", type=Path, default=None, help="course root (default: found from here)")


def summary_lines(result, csv_path: Path, feedback: Path) -> list[str]:
    """The end-of-run summary: counts, then one line per failure with its reason, then the notes."""
    graded = [o for o in result.outcomes if o.status in ("graded", "unchanged")]
    fresh = [o for o in result.outcomes if o.status == "graded"]
    failed = [o for o in result.outcomes if o.status == "failed"]
    lines = [f"graded {len(graded)} of {len(result.outcomes)} submissions "
             f"({len(fresh)} this run, {len(graded) - len(fresh)} unchanged since the last run), "
             f"failed {len(failed)}  [{result.seconds:.0f} s, sandbox: {result.sandbox}]"]
    if failed and any(o.seconds == 0 for o in failed):
        lines.append("(failures of unchanged submissions are from an earlier run: --retry-failed grades them again)")
    if failed:
        lines.append("failed:")
        lines += [f"  {o.student}: {o.reason}" for o in failed]
    noted = [o for o in result.outcomes if o.notes and o.status != "failed"]
    if noted:
        lines.append("graded with repairs or warnings:")
        lines += [f"  {o.student}: {'; '.join(o.notes)}" for o in noted]
    lines += [f"grades:   {csv_path}", f"feedback: {feedback}/<trainee>/{getattr(result, 'assignment', '')}/"]
    return lines


def run(args: argparse.Namespace) -> int:
    """Import (optionally), grade in parallel, write feedback and the CSV, print the summary."""
    from course.grading.autograde import GradingError, grade_class, open_course
    from course.grading.importers import ImportError_, import_export
    from course.grading.release import ReleaseError, find_root
    from course.grading.results import collect_rows, write_csv

    try:
        root = (args.root or find_root()).resolve()
        course = open_course(root, args.assignment)
        export = args.from_zip or args.from_dir
        if export is not None:
            if args.from_dir is not None and not args.from_dir.is_dir():
                raise ImportError_(f"{args.from_dir} is not a folder")
            report = import_export(export, course.submitted, course.assignment, course.notebooks)
            for line in report.lines():
                print(line)
        if args.workers is not None and args.workers < 1:
            raise GradingError("--workers must be at least 1")
        result = grade_class(course, workers=args.workers, timeout=args.timeout, cell_timeout=args.cell_timeout,
                             force=args.force, retry_failed=args.retry_failed, students=args.student, sandbox=args.sandbox,
                             progress=not args.no_progress)
    except (GradingError, ImportError_, ReleaseError, RuntimeError) as exc:
        print(f"course grade: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: rerun the same command to go on (graded submissions are kept)", file=sys.stderr)
        return 130
    result.assignment = course.assignment
    for note in result.notes:
        print(f"note: {note}")
    csv_path = write_csv(course, collect_rows(course), args.csv)
    for line in summary_lines(result, csv_path, course.feedback):
        print(line)
    if result.interrupted:
        print("interrupted: rerun the same command to grade the rest (graded submissions are kept)",
              file=sys.stderr)
        return 130
    return 0
