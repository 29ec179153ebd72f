"""Benchmark: `course grade` against what an instructor runs with plain nbgrader for the same outputs.

    python benchmarks/grading.py                        # the whole benchmark (about 15 minutes on 2 cores)
    python benchmarks/grading.py --n 24 --repeat 3 --workers 1,2
    python benchmarks/grading.py --skip-mixed --repeat 1   # only the clean class, once

Everything is timed from the outside, as whole commands, side by side in one run, on throw-away copies of the
course (this repo's nbgrader_config.py and one assignment), with the same sandbox for both: the baseline
course's nbgrader_config.py also starts kernels with course.grading.sandbox.SandboxKernelManager (cold kernels,
bubblewrap, the same hidden folders), so plain nbgrader pays what `course grade` pays for isolation.

* Clean class: N copies of the assignment's solution. Baseline: one `nbgrader autograde A --force` batch call and
  one `nbgrader generate_feedback A --force` batch call (the same outputs as `course grade`: gradebook,
  autograded notebooks, feedback pages). Against `course grade A --force --workers W` for each W (feedback and
  the CSV included), with warm kernels (the default) and, for comparison, cold ones. For reference only, the
  same batch calls on a third copy with nbgrader's own kernels and no sandbox at all.
* Mixed class: N submissions, one in four broken (each of: invalid JSON, a kernel crash, missing
  schema_version, a duplicated cell, an empty file, a deleted test). Plain nbgrader's batch calls are timed and
  it is reported how many trainees they graded; if a broken notebook cost the batch trainees that
  `course grade` graded, plain nbgrader is called per trainee instead (autograde + generate_feedback for each),
  and that is the baseline.
* Marks: every grade cell of every trainee both graded, compared; any difference is printed.
* Cost split: per submission, measured in one process with the same machinery as `course grade`
  (course.grading.session) for warm and cold kernels: kernel start-up (launch to ready, and shutdown),
  execution (the trainee's cells in the kernel, the trusted tests here), feedback, gradebook (time inside
  SQLAlchemy: queries and commits), and the rest of nbgrader's pipeline (staging, sanitising, validation,
  writing notebooks).
* Scaling: submissions per second and per core for each worker count.

Each timing is the median of `--repeat` runs; their spread and the machine's load average are printed, because
other work on the machine shows up in wall-clock times. CPU seconds (the commands' own and their children's)
are printed beside them: they are much less sensitive to a busy machine. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
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

A_DEFAULT = "01-why-customers-complain"
CELL_TIMEOUT = 60  # course grade's default --cell-timeout; the baseline gets the same Execute.timeout


def env() -> dict[str, str]:
    e = env_for_tools()
    e.pop("COURSE_NBGRADER_ROOT", None)
    e.setdefault("COURSE_DATA_DIR", str(REPO / "data"))
    return e


def sandboxed_baseline(root: Path, sandbox: str) -> None:
    """Append to the baseline course's nbgrader_config.py what gives plain nbgrader the same kernels as
    `course grade` (cold ones): the sandbox kernel manager, the same hidden folders, the same cell limit."""
    from nbgrader.coursedir import CourseDirectory

    from course.grading.layout import load_config
    from course.grading.sandbox import hidden_paths_for

    cd = CourseDirectory(config=load_config(root))
    cd.root = str(root)
    hide = hidden_paths_for(cd) + [str((root / "_work").resolve())]
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("\n# benchmark: plain nbgrader with the sandbox `course grade` uses (cold kernels)\n")
        if sandbox != "off":
            fh.write('c.Execute.kernel_manager_class = "course.grading.sandbox.SandboxKernelManager"\n'
                     f"c.SandboxKernelManager.sandbox = {sandbox!r}\n"
                     f"c.SandboxKernelManager.hide = {hide!r}\n")
        fh.write(f"c.Execute.timeout = {CELL_TIMEOUT}\n")


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run `cmd`; (wall seconds, CPU seconds of it and its children, the completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env(), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def nbgrader(*args: str) -> list[str]:
    return [sys.executable, "-m", "nbgrader", *args]


def baseline_batch(root: Path, a: str) -> tuple[float, float, str]:
    """One `nbgrader autograde` batch call plus one `nbgrader generate_feedback` batch call."""
    w1, c1, p1 = timed(nbgrader("autograde", a, "--force"), root)
    w2, c2, p2 = timed(nbgrader("generate_feedback", a, "--force"), root)
    note = "" if p1.returncode == p2.returncode == 0 else f"exit {p1.returncode}/{p2.returncode}"
    return w1 + w2, c1 + c2, note


def baseline_per_trainee(root: Path, a: str, students: list[str]) -> tuple[float, float, str]:
    """`nbgrader autograde --student S` and `nbgrader generate_feedback --student S`, trainee after trainee."""
    wall = cpu = 0.0
    failed = 0
    for i, s in enumerate(students, 1):
        w1, c1, p1 = timed(nbgrader("autograde", a, "--student", s, "--force"), root)
        w2, c2, p2 = timed(nbgrader("generate_feedback", a, "--student", s, "--force"), root)
        wall += w1 + w2
        cpu += c1 + c2
        failed += p1.returncode != 0
        print(f"\r    plain nbgrader per trainee: {i}/{len(students)}", end="", flush=True)
    print()
    return wall, cpu, f"{failed} autograde calls failed"


def course_grade(root: Path, a: str, workers: int, kernels: str) -> tuple[float, float, str]:
    cmd = [sys.executable, "-m", "course.cli", "grade", a, "--root", str(root), "--workers", str(workers),
           "--force", "--no-progress", "--kernels", kernels]
    wall, cpu, proc = timed(cmd, root)
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit(f"course grade failed (exit {proc.returncode})")
    return wall, cpu, proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else ""


def cell_grades(db: Path, a: str) -> dict[tuple[str, str], float]:
    """(trainee, grade cell) -> points, from a gradebook (manual grade if given, else the autograder's)."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT sa.student_id, gc.name, COALESCE(g.manual_score, g.auto_score) FROM grade g "
            "JOIN submitted_notebook sn ON g.notebook_id = sn.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
            "JOIN assignment a ON a.id = sa.assignment_id JOIN base_cell gc ON gc.id = g.cell_id "
            "WHERE a.name = ?", (a,))
        return {(s, c): (float(v) if v is not None else None) for s, c, v in rows}
    finally:
        con.close()


def autograded_students(root: Path, a: str) -> set[str]:
    done = root / "_work" / "autograded"
    return {p.name for p in done.iterdir() if (p / a / f"{a}.ipynb").is_file()} if done.is_dir() else set()


def compare_marks(course_root: Path, base_root: Path, a: str, label: str) -> bool:
    ours = cell_grades(course_root / "_work" / "gradebook.db", a)
    theirs = cell_grades(base_root / "_work" / "gradebook.db", a)
    both = autograded_students(course_root, a) & autograded_students(base_root, a)
    cells = sorted({c for _s, c in ours} | {c for _s, c in theirs})
    diff = [(s, c, ours.get((s, c)), theirs.get((s, c))) for s in sorted(both) for c in cells
            if ours.get((s, c)) != theirs.get((s, c))]
    total = {s: sum(v or 0 for (t, _c), v in ours.items() if t == s) for s in both}
    print(f"  marks, {label}: {len(both)} trainees graded by both, {len(cells)} grade cells each: "
          + ("identical, cell for cell" if not diff else f"{len(diff)} cells DIFFER"))
    if total:
        print(f"    per-trainee totals (course grade = plain nbgrader): {sorted(set(total.values()))}")
    for s, c, o, t in diff[:20]:
        print(f"    {s} {c}: course grade {o} vs plain nbgrader {t}")
    return not diff


def mixed_kinds(n: int) -> list[str]:
    """A class as it looks, with every kind of broken notebook of synthetic.benchmark_kinds: one in four broken."""
    broken = ["invalid_json", "crash", "no_schema", "duplicate_cell", "empty", "deleted_test"]
    return [broken[(i // 4) % len(broken)] if i % 4 == 3 else ["good", "partial", "blank"][i % 3]
            for i in range(n)]


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def spread(xs: list[float]) -> str:
    return f"{min(xs):.1f}-{max(xs):.1f}" if len(xs) > 1 else "-"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def build(tmp: Path, name: str, a: str, kinds: list[str], sandbox: str,
          who_all: tuple[str, ...] = ("baseline", "course")) -> list:
    """Identical courses with the same class: one for plain nbgrader, one for course grade (and, with
    "unsandboxed" in `who_all`, one for plain nbgrader with its own default kernels); then the students."""
    sol, rel = synthetic.load_pair(*solution_and_release(a))
    roots = []
    students: dict[str, str] = {}
    for who in who_all:
        root = make_course(tmp / name / who, a)
        if who == "baseline":
            sandboxed_baseline(root, sandbox)
        elif who == "unsandboxed":
            sandboxed_baseline(root, "off")
        students = synthetic.make_class(root / "_work" / "submitted", a, a, sol, rel, kinds)
        ensure_gradebook(open_course(root, a))  # registering the assignment is not timed
        roots.append(root)
    return [*roots, students]


# ------------------------------------------------------------------------------------------- cost split
def cost_split(tmp: Path, a: str, n: int, kernels: str, sandbox: str) -> dict[str, float]:
    """Per-submission medians of each part of grading, measured in this process with course grade's
    machinery (one trainee after another, no fork)."""
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's update-or-create, noisy about its session
    import asyncio  # noqa: F401

    import nbclient.client as ncc
    import sqlalchemy.orm
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    from course.grading import caches, trainee
    from course.grading.session import Session
    from course.grading.trusted import TrustedNamespace

    sol, rel = synthetic.load_pair(*solution_and_release(a))
    root = make_course(tmp / f"split-{kernels}", a)
    students = sorted(synthetic.make_class(root / "_work" / "submitted", a, a, sol, rel, ["good"] * (n + 1)))
    course = open_course(root, a)
    ensure_gradebook(course)
    acc: dict[str, float] = {}
    depth = {"db": 0}

    def add(key: str, dt: float) -> None:
        acc[key] = acc.get(key, 0.0) + dt

    def wrap_async(cls, name, key):
        orig = getattr(cls, name)

        async def w(self, *args, **kw):
            t = time.perf_counter()
            try:
                return await orig(self, *args, **kw)
            finally:
                add(key, time.perf_counter() - t)
        setattr(cls, name, w)
        return orig

    def wrap(cls, name, key, counter=None):
        orig = getattr(cls, name)

        def w(self, *args, **kw):
            if counter is not None:
                depth[counter] += 1
                if depth[counter] > 1:
                    try:
                        return orig(self, *args, **kw)
                    finally:
                        depth[counter] -= 1
            t = time.perf_counter()
            try:
                return orig(self, *args, **kw)
            finally:
                add(key, time.perf_counter() - t)
                if counter is not None:
                    depth[counter] -= 1
        setattr(cls, name, w)
        return orig

    saved = [
        (AsyncKernelManager, "start_kernel", wrap_async(AsyncKernelManager, "start_kernel", "startup")),
        (AsyncKernelManager, "shutdown_kernel", wrap_async(AsyncKernelManager, "shutdown_kernel", "startup")),
        (AsyncKernelClient, "wait_for_ready", wrap_async(AsyncKernelClient, "wait_for_ready", "startup")),
        (ncc.NotebookClient, "async_execute_cell", wrap_async(ncc.NotebookClient, "async_execute_cell", "kernel")),
        (TrustedNamespace, "run", wrap(TrustedNamespace, "run", "trusted")),
    ]
    for name in ("execute", "commit", "query", "flush", "close"):
        saved.append((sqlalchemy.orm.Session, name, wrap(sqlalchemy.orm.Session, name, "gradebook", "db")))
    ncc.NotebookClient.execute_cell = ncc.run_sync(ncc.NotebookClient.async_execute_cell)
    rows = []
    session = Session(course, cell_timeout=CELL_TIMEOUT, sandbox=sandbox, kernels=kernels).open()
    try:
        caches.install()
        api = session.api
        for i, s in enumerate(students):
            acc.clear()
            t0 = time.perf_counter()
            from course.grading.preflight import stage_submission

            stage_submission(course.submitted / s / a, course.staged / s / a, course.notebooks,
                             course.editions("release"))
            res = api.autograde(a, s, force=True, create=True)
            t1 = time.perf_counter()
            db_autograde = acc.get("gradebook", 0.0)
            api.generate_feedback(a, s, force=True)
            t2 = time.perf_counter()
            trainee.score(course, api.coursedir.db_url, s)
            t3 = time.perf_counter()
            if not res.get("success"):
                raise SystemExit(f"cost split: {s} failed: {res.get('log', '')[-2000:]}")
            if i == 0:
                continue  # the first one fills the template cache: not typical
            gb = acc.get("gradebook", 0.0) + (t3 - t2)
            rows.append({
                "kernel start-up and shutdown": acc.get("startup", 0.0),
                "execution: trainee's cells in the kernel": acc.get("kernel", 0.0),
                "execution: trusted tests": acc.get("trusted", 0.0),
                "feedback page": (t2 - t1) - (acc.get("gradebook", 0.0) - db_autograde),
                "gradebook (SQLAlchemy queries and commits)": gb,
                "rest of nbgrader's autograde": (t1 - t0) - acc.get("startup", 0.0) - acc.get("kernel", 0.0)
                - acc.get("trusted", 0.0) - db_autograde,
                "total": t3 - t0,
            })
    finally:
        session.close()
        for cls, name, orig in saved:
            setattr(cls, name, orig)
        ncc.NotebookClient.execute_cell = ncc.run_sync(ncc.NotebookClient.async_execute_cell)
    kernels_used = session.kernels
    out = {k: median([r[k] for r in rows]) for k in rows[0]}
    out["_kernels"] = kernels_used
    return out


# ------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=24, help="submissions in the clean class (default 24)")
    parser.add_argument("--mixed", type=int, default=24, help="submissions in the mixed class (default 24)")
    parser.add_argument("--workers", default=",".join(str(w) for w in sorted({1, cores})),
                        help=f"comma-separated --workers values (default 1,{cores})")
    parser.add_argument("--kernels", default="warm,cold", help="kernels to time course grade with (warm,cold)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each clean-class timing (median)")
    parser.add_argument("--split", type=int, default=6, help="submissions measured for the cost split (0: skip)")
    parser.add_argument("--sandbox", default="bwrap", help="sandbox for both (bwrap; none only to compare)")
    parser.add_argument("--assignment", default=A_DEFAULT)
    parser.add_argument("--skip-mixed", action="store_true", help="only the clean class")
    parser.add_argument("--skip-baseline", action="store_true", help="only time course grade")
    parser.add_argument("--keep", action="store_true", help="keep the temporary course folders")
    args = parser.parse_args(argv)
    workers = sorted({int(w) for w in args.workers.split(",") if w.strip()})
    kernel_kinds = [k for k in args.kernels.split(",") if k]
    a = args.assignment
    tmp = Path(tempfile.mkdtemp(prefix="grading-bench-"))
    print(f"{cores} CPU cores; sandbox {args.sandbox} for both; load average at start {load()}")
    try:
        # ---------------------------------------------------------------- clean class
        base_root, ours_root, bare_root, _students = build(tmp, "clean", a, ["good"] * args.n, args.sandbox,
                                                          ("baseline", "course", "unsandboxed"))
        print(f"\nclean class: {args.n} copies of {a}'s solution")
        times: dict[str, list[tuple[float, float]]] = {}
        for r in range(args.repeat):
            if not args.skip_baseline:
                w, c, note = baseline_batch(base_root, a)
                times.setdefault("base", []).append((w, c))
                print(f"  run {r + 1}: plain nbgrader autograde + generate_feedback (batch): {w:.1f} s "
                      f"(cpu {c:.1f} s) {note}")
                w, c, note = baseline_batch(bare_root, a)
                times.setdefault("bare", []).append((w, c))
                print(f"  run {r + 1}: the same, nbgrader's own kernels (no sandbox, for reference): {w:.1f} s "
                      f"(cpu {c:.1f} s) {note}")
            for k in kernel_kinds:
                for wk in workers:
                    w, c, line = course_grade(ours_root, a, wk, k)
                    times.setdefault(f"{k}-{wk}", []).append((w, c))
                    print(f"  run {r + 1}: course grade --workers {wk} --kernels {k}: {w:.1f} s (cpu {c:.1f} s)"
                          f"   {line}")
        print(f"  load average now {load()}")
        same = True
        if not args.skip_baseline:
            same = compare_marks(ours_root, base_root, a, "clean class")
        base = median([w for w, _c in times.get("base", [])])
        base_cpu = median([c for _w, c in times.get("base", [])])
        print(f"\n  {'pipeline':58} {'median s':>9} {'spread':>11} {'cpu s':>7} {'ratio':>7}")
        if not args.skip_baseline:
            ws = [w for w, _c in times["base"]]
            print(f"  {'plain nbgrader: autograde + generate_feedback batch calls':58} {base:9.1f} "
                  f"{spread(ws):>11} {base_cpu:7.1f} {'1.00x':>7}")
            bs = [w for w, _c in times["bare"]]
            print(f"  {'  the same without any sandbox (reference only)':58} {median(bs):9.1f} "
                  f"{spread(bs):>11} {median([c for _w, c in times['bare']]):7.1f} {base / median(bs):6.2f}x")
        for k in kernel_kinds:
            for wk in workers:
                ws = [w for w, _c in times[f"{k}-{wk}"]]
                cs = [c for _w, c in times[f"{k}-{wk}"]]
                ratio = f"{base / median(ws):.2f}x" if not args.skip_baseline else ""
                print(f"  {f'course grade --workers {wk} ({k} kernels)':58} {median(ws):9.1f} {spread(ws):>11} "
                      f"{median(cs):7.1f} {ratio:>7}")
        print("\n  scaling (clean class, course grade):")
        for k in kernel_kinds:
            one = median([w for w, _c in times[f"{k}-{min(workers)}"]])
            for wk in workers:
                m = median([w for w, _c in times[f"{k}-{wk}"]])
                print(f"    {k} kernels, {wk} worker(s): {args.n / m:.2f} submissions/s, "
                      f"{args.n / m / min(wk, cores):.2f} per core in use, speed-up vs {min(workers)} worker: "
                      f"{one / m:.2f}x")
        if not args.skip_baseline and "warm" in kernel_kinds and cores in workers:
            best = median([w for w, _c in times[f"warm-{cores}"]])
            print(f"\n  HEADLINE: {args.n} clean submissions, {cores} workers, sandbox on, feedback included: "
                  f"course grade {best:.1f} s vs plain nbgrader {base:.1f} s = {base / best:.2f}x faster"
                  f"; marks {'identical' if same else 'DIFFER'}")
            bare = median([w for w, _c in times["bare"]])
            print(f"  (plain nbgrader with no isolation at all, its own kernels: {bare:.1f} s = "
                  f"{bare / best:.2f}x course grade's time with the sandbox)")

        # ---------------------------------------------------------------- mixed class
        if not args.skip_mixed:
            kinds = mixed_kinds(args.mixed)
            mb_root, mo_root, mstudents = build(tmp, "mixed", a, kinds, args.sandbox)
            print(f"\nmixed class: {args.mixed} submissions {synthetic.describe(kinds)}")
            results = {}
            for wk in workers:
                w, c, line = course_grade(mo_root, a, wk, kernel_kinds[0])
                results[wk] = w
                print(f"  course grade --workers {wk} ({kernel_kinds[0]} kernels): {w:.1f} s (cpu {c:.1f} s)   {line}")
            gradeable = len(autograded_students(mo_root, a))
            if not args.skip_baseline:
                bw, bc, note = baseline_batch(mb_root, a)
                got = len(autograded_students(mb_root, a))
                print(f"  plain nbgrader batch calls: {bw:.1f} s (cpu {bc:.1f} s), {note or 'exit 0'}: {got} trainees "
                      f"autograded, course grade graded {gradeable}")
                if got < gradeable:
                    print("  the batch lost trainees to a broken notebook: plain nbgrader has to be called per trainee")
                    shutil.rmtree(mb_root / "_work" / "autograded", ignore_errors=True)
                    shutil.rmtree(mb_root / "_work" / "feedback", ignore_errors=True)
                    bw, bc, note = baseline_per_trainee(mb_root, a, sorted(mstudents))
                    print(f"  plain nbgrader, per trainee (autograde + generate_feedback): {bw:.1f} s "
                          f"(cpu {bc:.1f} s); {note}")
                else:
                    print("  the batch graded everyone course grade did: it is the baseline here too")
                for wk in workers:
                    print(f"  ratio with {wk} worker(s): {bw / results[wk]:.2f}x")
                compare_marks(mo_root, mb_root, a, "mixed class")

        # ---------------------------------------------------------------- cost split
        if args.split:
            print(f"\ncost split per submission (median of {args.split}, one trainee after another, seconds):")
            splits = {k: cost_split(tmp, a, args.split, k, args.sandbox) for k in kernel_kinds}
            keys = [k for k in next(iter(splits.values())) if not k.startswith("_")]
            print(f"  {'part':46} " + " ".join(f"{k + ' kernels':>14}" for k in splits))
            for key in keys:
                print(f"  {key:46} " + " ".join(f"{splits[k][key]:14.2f}" for k in splits))
            for k, s in splits.items():
                if s["_kernels"] != k:
                    print(f"  note: asked for {k} kernels, got {s['_kernels']}")
        print(f"\nload average at the end {load()}")
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
