"""Benchmark: `course grade` against plain sequential `nbgrader autograde`, on the same synthetic class.

    python benchmarks/grading.py                 # N=40 submissions, course grade with 1 and <cores> workers
    python benchmarks/grading.py --n 20 --workers 1,2,4

It builds a throw-away course (this repo's nbgrader_config.py and one assignment) with N submissions made
from the assignment's solution and release notebooks: mostly good, partial or blank answers and, one in ten,
a broken one (invalid JSON, kernel crash, missing schema_version, duplicated cell, empty file, deleted test).
Then it times, each as a whole command from the outside:
* the baseline: one `nbgrader autograde <assignment> --student <id> --force` call per trainee, one after
  another (per trainee because a single batch call aborts on the first broken notebook);
* `course grade <assignment> --force` with each --workers value (it also writes feedback and the CSV, which
  the baseline does not: the comparison is conservative).
It prints both times, their ratio (baseline / course grade with the default worker count = CPU cores), how
the time scales with --workers, and whether both gave the same grade to every trainee both could grade.
Not part of the test suite (it takes minutes).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.grading.layout import ensure_gradebook, open_course
from course.paths import env_for_tools, repo_root

# The synthetic classes live with the tests (tests/support/), outside the installed package.
sys.path.insert(0, str(repo_root() / "tests"))
from support import synthetic  # noqa: E402
from support.course import REPO, make_course, solution_and_release  # noqa: E402


def env() -> dict[str, str]:
    e = env_for_tools()
    e.pop("COURSE_NBGRADER_ROOT", None)
    e.setdefault("COURSE_DATA_DIR", str(REPO / "data"))
    return e


def baseline(root: Path, assignment: str, students: list[str]) -> float:
    """Plain nbgrader: one CLI call per trainee, sequentially; returns seconds."""
    t0 = time.perf_counter()
    for i, s in enumerate(students, 1):
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--student", s, "--force"],
                       cwd=root, env=env(), capture_output=True)
        print(f"\r  nbgrader autograde: {i}/{len(students)}", end="", flush=True)
    print()
    return time.perf_counter() - t0


def course_grade(root: Path, assignment: str, workers: int) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "course.cli", "grade", assignment, "--root", str(root),
                           "--workers", str(workers), "--force", "--no-progress"],
                          cwd=root, env=env(), capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit(f"course grade failed (exit {proc.returncode})")
    print("  " + proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else "")
    return seconds


def gradebook_scores(db: Path, assignment: str) -> dict[str, float]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT sa.student_id, SUM(COALESCE(g.manual_score, g.auto_score, 0)) FROM submitted_assignment sa "
            "JOIN assignment a ON a.id = sa.assignment_id JOIN submitted_notebook sn ON sn.assignment_id = sa.id "
            "JOIN grade g ON g.notebook_id = sn.id WHERE a.name = ? GROUP BY sa.student_id", (assignment,))
        return {s: float(v) for s, v in rows}
    finally:
        con.close()


def csv_scores(path: Path) -> dict[str, float]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh) if r["status"] == "graded"}


def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="number of submissions (default 40)")
    parser.add_argument("--workers", default=",".join(str(w) for w in sorted({1, cores})),
                        help=f"comma-separated --workers values to time (default 1,{cores}: 1 and the cores)")
    parser.add_argument("--assignment", default="01-why-customers-complain")
    parser.add_argument("--skip-baseline", action="store_true", help="only time course grade")
    parser.add_argument("--keep", action="store_true", help="keep the temporary course folders")
    args = parser.parse_args(argv)
    workers = sorted({int(w) for w in args.workers.split(",") if w.strip()})
    a = args.assignment
    tmp = Path(tempfile.mkdtemp(prefix="grading-bench-"))
    try:
        kinds = synthetic.benchmark_kinds(args.n)
        roots = {"baseline": make_course(tmp / "baseline", a), "course": make_course(tmp / "course", a)}
        sol, rel = synthetic.load_pair(*solution_and_release(a))
        for root in roots.values():
            students = synthetic.make_class(root / "_work" / "submitted", a, a, sol, rel, kinds)
            ensure_gradebook(open_course(root, a))  # registering the assignment is not timed
        print(f"{args.n} submissions of {a}: {synthetic.describe(kinds)}; {cores} CPU cores")
        results: dict[int, float] = {}
        for w in workers:
            print(f"course grade --workers {w}:")
            results[w] = course_grade(roots["course"], a, w)
            print(f"  {results[w]:.1f} s")
        base = None
        if not args.skip_baseline:
            print("plain nbgrader autograde, one trainee after another:")
            base = baseline(roots["baseline"], a, sorted(students))
            print(f"  {base:.1f} s")
        print()
        print("workers  seconds  speed-up vs 1 worker" + ("  ratio vs nbgrader" if base else ""))
        for w in workers:
            line = f"{w:>7}  {results[w]:>7.1f}  {results[min(workers)] / results[w]:>20.2f}x"
            if base:
                line += f"  {base / results[w]:>17.2f}x"
            print(line)
        default = cores if cores in results else max(results)
        if base:
            print(f"\nnbgrader autograde (sequential): {base:.1f} s")
            print(f"course grade (--workers {default}):     {results[default]:.1f} s")
            print(f"ratio: {base / results[default]:.2f}x faster")
            ours = csv_scores(roots["course"] / "_work" / "grades" / f"{a}.csv")
            theirs = gradebook_scores(roots["baseline"] / "_work" / "gradebook.db", a)
            done = roots["baseline"] / "_work" / "autograded"
            theirs = {s: v for s, v in theirs.items() if (done / s / a / f"{a}.ipynb").is_file()}
            both = sorted(set(ours) & set(theirs))
            same = [s for s in both if abs(ours[s] - theirs[s]) < 1e-9]
            print(f"grades agree on {len(same)}/{len(both)} trainees graded by both "
                  f"(course grade graded {len(ours)}, nbgrader {len(theirs)} of {args.n})")
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
