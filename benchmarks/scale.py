"""How far `course grade` scales: the instructor's side measured at thousands of submissions, and a projection
of the time to grade 5,000 submissions on N workers.

    python benchmarks/scale.py                      # 1,000 merged results, projection for 5,000 submissions
    python benchmarks/scale.py --merges 5000 --submissions 5000 --per-worker 1.6

Two measurements, then a simulation:

1. Per-worker throughput: `course grade --workers 1` (warm kernels, sandbox on) on a small clean class, in this
   process, one submission at a time: seconds per submission (median) and each submission's own time.
2. The single writer: with `--scheduler`, the instructor's process merges every result (files into autograded/
   and feedback/, the trainee, submission and grades into the SQLite gradebook through nbgrader's
   SaveAutoGrades, the grading state). This replays one real result for `--merges` synthetic trainees into one
   gradebook, with course.grading.remote.merge itself, and reports merges per second as the gradebook grows,
   then the time to write the CSV of the whole class.
3. The projection: a discrete-event simulation of `--submissions` submissions on N workers: each worker takes
   the next submission, grades it in a time drawn from the measured per-submission times, and queues its
   result for the one writer, which merges results one at a time at the measured rate for the gradebook's size
   at that moment. The run ends when the last result is merged. Printed per N, with the bottleneck.

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import heapq
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from course.grading.layout import ensure_gradebook, open_course
from course.paths import repo_root

sys.path.insert(0, str(repo_root() / "tests"))
from support import synthetic  # noqa: E402
from support.course import make_course, solution_and_release  # noqa: E402

A_DEFAULT = "01-why-customers-complain"


def per_worker(tmp: Path, a: str, n: int) -> list[float]:
    """Seconds of each submission graded by one worker with warm kernels (the outcomes' own times)."""
    from course.grading.pool import grade_class

    root = make_course(tmp / "per-worker", a)
    sol, rel = synthetic.load_pair(*solution_and_release(a))
    synthetic.make_class(root / "_work" / "submitted", a, a, sol, rel, ["good", "partial", "blank", "good"] * n)
    course = open_course(root, a)
    t0 = time.perf_counter()
    run = grade_class(course, workers=1, progress=False, cell_timeout=60)
    wall = time.perf_counter() - t0
    secs = [o.seconds for o in run.outcomes if o.status == "graded"]
    print(f"  one worker, {run.kernels} kernels: {len(secs)} submissions in {wall:.1f} s "
          f"(median {statistics.median(secs):.2f} s per submission in its worker; the run's own start-up "
          f"included in the wall time)")
    return secs


def writer(tmp: Path, a: str, merges: int, step: int) -> list[tuple[int, float]]:
    """(gradebook size, seconds per merge) as the gradebook grows to `merges` trainees."""
    from course.grading import remote
    from course.grading.pool import grade_class
    from course.grading.results import collect_rows, write_csv
    from course.grading.state import Outcome, write_state

    # one real result, graded here
    src = make_course(tmp / "source", a)
    sol, rel = synthetic.load_pair(*solution_and_release(a))
    synthetic.make_class(src / "_work" / "submitted", a, a, sol, rel, ["good"])
    scourse = open_course(src, a)
    run = grade_class(scourse, workers=1, progress=False)
    s0 = run.outcomes[0].student
    result = {"student": s0, "status": "graded", "outcome": run.outcomes[0].__dict__, "submission": True,
              "autograded": remote._read_files(scourse.autograded / s0 / a),
              "feedback": remote._read_files(scourse.feedback / s0 / a), "digest": ""}
    files = remote.submission_files(scourse.submitted / s0 / a)
    # the instructor's course, merging it for many trainees
    root = make_course(tmp / "instructor", a)
    course = open_course(root, a)
    ensure_gradebook(course)
    from course.grading.layout import prepare_gradebook_for_workers

    prepare_gradebook_for_workers(course.db_path)
    points = []
    t_block = time.perf_counter()
    for i in range(merges):
        student = f"sim{i:05d}"
        remote._write_files(course.submitted / student / a, files)  # what the instructor has anyway
        res = dict(result, student=student, outcome=dict(result["outcome"], student=student))
        out = remote.merge(course, res)
        write_state(course, Outcome(**{**out.__dict__}), "h", "run")
        if (i + 1) % step == 0:
            dt = (time.perf_counter() - t_block) / step
            points.append((i + 1, dt))
            print(f"\r  merged {i + 1}/{merges}: {1 / dt:.1f} results/s at this size", end="", flush=True)
            t_block = time.perf_counter()
    print()
    t0 = time.perf_counter()
    rows = collect_rows(course)
    write_csv(course, rows)
    print(f"  CSV of {len(rows)} trainees written in {time.perf_counter() - t0:.1f} s; gradebook "
          f"{course.db_path.stat().st_size / 1e6:.0f} MB, autograded + feedback "
          f"{sum(p.stat().st_size for p in course.work.rglob('*') if p.is_file()) / 1e6:.0f} MB in _work/")
    return points


def merge_time(points: list[tuple[int, float]], size: int) -> float:
    """Seconds per merge at gradebook size `size`: measured where measured, the last trend beyond."""
    for n, dt in points:
        if size < n:
            return dt
    if len(points) >= 2:
        (n1, d1), (n2, d2) = points[-2], points[-1]
        slope = max(0.0, (d2 - d1) / (n2 - n1))
        return d2 + slope * (size - n2)
    return points[-1][1]


def simulate(n_sub: int, workers: int, service: list[float], points: list[tuple[int, float]],
             startup: float, seed: int = 1) -> tuple[float, float]:
    """(makespan seconds, share of it the writer was busy) for `n_sub` submissions on `workers` workers."""
    rng = random.Random(seed)
    free = [(startup, w) for w in range(workers)]  # (time a worker is free, worker)
    heapq.heapify(free)
    arrivals = []
    for _ in range(n_sub):
        t, w = heapq.heappop(free)
        done = t + rng.choice(service)
        arrivals.append(done)
        heapq.heappush(free, (done, w))
    arrivals.sort()
    clock = busy = 0.0
    for i, t in enumerate(arrivals):
        dt = merge_time(points, i)
        clock = max(clock, t) + dt
        busy += dt
    return clock, busy / clock


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--assignment", default=A_DEFAULT)
    p.add_argument("--merges", type=int, default=1000, help="synthetic results merged into one gradebook")
    p.add_argument("--submissions", type=int, default=5000, help="submissions in the projection")
    p.add_argument("--sample", type=int, default=3, help="x4 submissions graded to measure a worker")
    p.add_argument("--per-worker", type=float, default=0.0,
                   help="seconds per submission per worker (skip measuring it)")
    p.add_argument("--startup", type=float, default=15.0,
                   help="seconds before a worker's first submission (its service and zygote; measured on 2 cores)")
    p.add_argument("--workers", default="1,2,4,8,16,32,64,128,256")
    args = p.parse_args(argv)
    a = args.assignment
    tmp = Path(tempfile.mkdtemp(prefix="grading-scale-"))
    print(f"{os.cpu_count()} CPU cores, load average {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    try:
        print("per-worker throughput:")
        service = [args.per_worker] if args.per_worker else per_worker(tmp, a, args.sample)
        print(f"the single writer, {args.merges} results merged into one gradebook:")
        points = writer(tmp, a, args.merges, max(50, args.merges // 10))
        for n, dt in points:
            print(f"    at {n:5d} trainees: {dt * 1000:6.1f} ms per merge ({1 / dt:5.1f} results/s)")
        print(f"\nprojection: {args.submissions} submissions, each worker {statistics.median(service):.2f} s per "
              f"submission (measured), {args.startup:.0f} s to start, one writer at the measured rate:")
        print(f"  {'workers':>7} {'minutes':>8} {'writer busy':>12}  bottleneck")
        for w in [int(x) for x in args.workers.split(",")]:
            span, busy = simulate(args.submissions, w, service, points, args.startup)
            print(f"  {w:7d} {span / 60:8.1f} {busy:11.0%}   {'the writer' if busy > 0.9 else 'the workers'}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
