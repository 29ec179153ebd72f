"""Grade a whole class with nbgrader's own machinery, several submissions at a time.

Plain `nbgrader autograde` grades one trainee after another and each CLI call pays seconds of imports. Here a
run prepares everything once (course.grading.session: the nbgrader API, the parsed datasets, compiled templates
and, grading as root with bubblewrap, a zygote that forks each trainee's kernel already imported), then forks
one short-lived worker per submission (at most `workers` at a time); a fork starts in milliseconds with
everything imported. Each worker calls nbgrader's Python API for its trainee (course.grading.trainee) with the
course's nbgrader_config.py, so the course's own preprocessors apply. All workers write to one SQLite
gradebook: SQLite serialises the writes (WAL journal, long busy timeout), and every write is nbgrader's own
update-or-create, so nothing is duplicated.

With `scheduler` (`course grade --scheduler ADDRESS`) the submissions are graded on a Dask cluster instead
(course.grading.remote): this process stays the only writer of the gradebook and merges each result as it
comes back, with the same progress bar and the same grading state.

Robustness: a worker that runs past its deadline is killed (its kernel dies with it); any failure is recorded
with a reason and never stops the others; the grading state (course.grading.state) makes reruns skip
unchanged, graded submissions, so an interrupted run loses nothing: rerun it and it grades what is left.

The loop with the Formgrader: an unchanged submission whose grades or comments changed in the gradebook since
its feedback was written (a manual grade of a written answer, a comment), or whose feedback page is missing, is
not regraded, but a worker regenerates its feedback (and the CSV then shows the new score).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field

from course.grading import failures
from course.grading.cleanup import clear_outputs
from course.grading.layout import Course, GradingError, ensure_gradebook, prepare_gradebook_for_workers
from course.grading.session import Session
from course.grading.state import (
    Outcome,
    grades_digest,
    grades_digests,
    previous_outcome,
    read_state,
    submission_hash,
    write_state,
)


@dataclass
class RunResult:
    """Outcomes of one `grade_class` call, in trainee order, plus set-up notes and the sandbox mode."""

    outcomes: list[Outcome]
    notes: list[str]
    sandbox: str
    interrupted: bool = False
    seconds: float = 0.0
    assignment: str = ""
    refreshed: list[str] = field(default_factory=list)  # unchanged, feedback regenerated (gradebook changed)
    kernels: str = ""  # warm (forked by the zygote) or cold
    hosts: dict[str, int] = field(default_factory=dict)  # with a scheduler: submissions graded per worker host


def _select(course: Course, students: list[str] | None) -> list[str]:
    """The trainees to consider: everyone with a submission, or the named ones (all of whom must have one)."""
    everyone = course.students()
    if students:
        unknown = sorted(set(students) - set(everyone))
        if unknown:
            raise GradingError(f"no submission of {course.assignment} for: {', '.join(unknown)} "
                               f"(looked in {course.submitted})")
        everyone = [s for s in everyone if s in set(students)]
    if not everyone:
        raise GradingError(f"no submissions of {course.assignment} in {course.submitted} (expected "
                           f"{course.submitted}/<trainee-id>/{course.assignment}/<notebook>.ipynb; "
                           "use --from-zip or --from-dir for an LMS export)")
    return everyone


def _plan(course: Course, everyone: list[str], force: bool, retry_failed: bool):
    """What to do with each trainee: (outcomes kept as they are, [(student, hash, kept-or-None)] to do)."""
    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[str, str, Outcome | None]] = []
    unchanged: list[tuple[str, str, Outcome]] = []
    for s in everyone:
        h = submission_hash(course.submitted / s / course.assignment, *course.editions("source").values())
        kept = previous_outcome(course, s, h, force=force, retry_failed=retry_failed)
        if kept is None:
            todo.append((s, h, None))
        elif kept.status == "unchanged":
            unchanged.append((s, h, kept))
        else:
            outcomes[s] = kept
    stale = stale_feedback(course, unchanged)
    for s, h, kept in unchanged:
        if s in stale:
            todo.append((s, h, kept))
        else:
            outcomes[s] = kept
    return outcomes, todo


def grade_class(course: Course, *, workers: int | None = None, timeout: int = 300, cell_timeout: int = 120,
                force: bool = False, retry_failed: bool = False, students: list[str] | None = None,
                sandbox: str = "auto", progress: bool = True, kernels: str = "warm",
                scheduler: str | None = None) -> RunResult:
    """Autograde every submission of `course.assignment` (or `students`), `workers` at a time.

    `timeout` is the wall-clock limit per notebook (the worker is killed past it), `cell_timeout` the limit
    per cell (nbgrader interrupts the cell and grades the rest). Submissions unchanged since their last
    grading are skipped (graded ones unless `force`, failed ones unless `force` or `retry_failed`).
    `kernels` is warm (forked by the run's zygote where it can run) or cold; `scheduler` the address of a Dask
    scheduler to grade on instead of this machine. Returns every trainee's outcome; never raises for a bad
    submission.
    """
    t_start = time.monotonic()
    workers = max(1, workers or os.cpu_count() or 1)
    everyone = _select(course, students)
    run_id = f"{time.time():.6f}-{os.getpid()}"
    if scheduler:
        return _grade_on_cluster(course, scheduler, everyone, run_id, t_start, workers=workers, timeout=timeout,
                                 cell_timeout=cell_timeout, force=force, retry_failed=retry_failed,
                                 sandbox=sandbox, progress=progress, kernels=kernels)
    session = Session(course, timeout=timeout, cell_timeout=cell_timeout, sandbox=sandbox, kernels=kernels)
    try:
        session.open()
        outcomes, todo = _plan(course, everyone, force, retry_failed)
        bar = _progress(len(todo), course.assignment, progress)
        refreshed: list[str] = []
        interrupted = _run_local(session, todo, workers, run_id, bar, outcomes, refreshed)
    finally:
        session.close()
    ordered = [outcomes[s] for s in everyone if s in outcomes]
    return RunResult(ordered, session.notes, session.mode, interrupted, time.monotonic() - t_start,
                     course.assignment, sorted(refreshed), session.kernels)


def _run_local(session: Session, todo: list, workers: int, run_id: str, bar, outcomes: dict,
               refreshed: list) -> bool:
    """Fork a worker per entry of `todo`, `workers` at a time, until all are done; True if interrupted."""
    course = session.course
    deadline_s = session.deadline
    ctx = multiprocessing.get_context("fork")
    running: dict[int, tuple] = {}
    interrupted = False
    failed = 0
    previous = _stop_on_signals()
    try:
        queue = list(todo)
        while queue or running:
            while queue and len(running) < workers:
                s, h, kept = queue.pop(0)
                p = session.spawn(ctx, s, h, run_id, kept)
                running[p.sentinel] = (p, s, h, time.monotonic(), kept)
            ready = multiprocessing.connection.wait(list(running), timeout=0.5)
            now = time.monotonic()
            for key in list(running):
                p, s, h, t0, kept = running[key]
                if key not in ready and now - t0 <= deadline_s:
                    continue
                if key not in ready:  # past its deadline: kill the worker; its kernel dies with it
                    p.kill()
                    p.join()
                    if kept is not None:  # only its feedback was being written: the grades stand
                        out = kept
                    else:
                        out = Outcome(s, "failed", failures.timed_out(deadline_s), seconds=now - t0)
                        clear_outputs(course, s)
                        write_state(course, out, h, run_id)
                else:
                    p.join()
                    st = read_state(course, s)
                    if st and st.get("run") == run_id:
                        out = Outcome.from_state(st)
                        if kept is not None and out.status != "failed":
                            refreshed.append(s)
                    elif kept is not None:
                        out = kept
                    else:
                        out = Outcome(s, "failed", failures.worker_died(p.exitcode), seconds=now - t0)
                        write_state(course, out, h, run_id)
                del running[key]
                outcomes[s] = out
                failed += out.status == "failed"
                if bar is not None:
                    bar.set_postfix(failed=failed, refresh=False)
                    bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
        for p, _s, _h, _t, _k in running.values():
            p.kill()
            p.join()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if bar is not None:
            bar.close()
    return interrupted


def _grade_on_cluster(course: Course, scheduler: str, everyone: list[str], run_id: str, t_start: float, *,
                      workers: int, timeout: int, cell_timeout: int, force: bool, retry_failed: bool, sandbox: str,
                      progress: bool, kernels: str) -> RunResult:
    """Grade the new submissions on the Dask cluster at `scheduler`, merging each result here as it arrives;
    feedback that only needs regenerating (and feedback whose grades this gradebook changed: manual grades,
    late penalties) is written here, by local workers."""
    from course.grading.remote import ClusterRun, merge

    notes = ensure_gradebook(course)
    prepare_gradebook_for_workers(course.db_path)
    outcomes, todo = _plan(course, everyone, force, retry_failed)
    remote = [(s, h) for s, h, kept in todo if kept is None]
    local = [(s, h, kept) for s, h, kept in todo if kept is not None]
    bar = _progress(len(todo), course.assignment, progress)
    failed = 0
    regenerate: list[str] = []
    interrupted = False
    options = {"timeout": timeout, "cell_timeout": cell_timeout, "sandbox": sandbox, "kernels": kernels,
               "deadline": timeout * max(1, len(course.notebooks)) + 20}

    def on_result(student: str, h: str, result: dict) -> None:
        nonlocal failed
        try:
            out = merge(course, result)
        except Exception as exc:  # noqa: BLE001 (one trainee only)
            out = Outcome(student, "failed", failures.unexpected(exc))
        if out.status != "failed":
            here = grades_digest(course.db_url, course.assignment, student)
            if here != result.get("digest"):  # this gradebook knows more (manual grades, due date)
                out.feedback_digest = ""
                regenerate.append(student)
                local.append((student, h, out))
        write_state(course, out, h, run_id)
        outcomes[student] = out
        failed += out.status == "failed"
        if bar is not None and student not in regenerate:
            bar.set_postfix(failed=failed, refresh=False)
            bar.update(1)

    stop = threading.Event()
    previous = _stop_on_signals()
    with ClusterRun(course, scheduler, options) as run:
        try:
            if remote:
                run.run(remote, on_result, stop)
        except KeyboardInterrupt:
            interrupted = True
            stop.set()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    refreshed: list[str] = []
    mode = "/".join(sorted(run.sandboxes)) or sandbox
    if local and not interrupted:
        session = Session(course, timeout=timeout, cell_timeout=cell_timeout, sandbox=sandbox, kernels="none",
                          register=False)
        try:
            session.open()
            interrupted = _run_local(session, local, workers, run_id, bar, outcomes, refreshed)
        finally:
            session.close()
        for s in regenerate:  # graded this run: feedback rewritten from this gradebook, still "graded"
            o = outcomes.get(s)
            if o is not None and o.status == "unchanged":
                o.status = "graded"
                h = next(h for st, h, _k in local if st == s)
                write_state(course, o, h, run_id)
        refreshed = [s for s in refreshed if s not in regenerate]
    elif bar is not None:
        bar.close()
    notes += run.notes
    hosts = dict(run.hosts)
    notes.append(f"graded on the Dask cluster at {scheduler}: "
                 + (", ".join(f"{n} on {h}" for h, n in sorted(hosts.items())) or "nothing new"))
    ordered = [outcomes[s] for s in everyone if s in outcomes]
    return RunResult(ordered, notes, mode, interrupted, time.monotonic() - t_start, course.assignment,
                     sorted(refreshed), "/".join(sorted(run.kernels)) or kernels, hosts)


def stale_feedback(course: Course, unchanged: list[tuple[str, str, Outcome]]) -> set[str]:
    """The unchanged, graded trainees whose feedback is out of date: their grades or comments in the gradebook
    differ from those the feedback was written from (state's feedback_digest), or a feedback page is missing."""
    if not unchanged:
        return set()
    digests = grades_digests(course.db_url, course.assignment)
    stale = set()
    for s, _h, kept in unchanged:
        folder = course.feedback / s / course.assignment
        pages = [folder / f"{name}.html" for name in course.notebooks]
        if digests.get(s, "") != kept.feedback_digest or not all(p.is_file() for p in pages):
            stale.add(s)
    return stale


def _stop_on_signals() -> dict:
    """Treat SIGTERM and SIGHUP (a closed terminal, `kill`) like Ctrl-C, so that an interrupted run still ends
    with its summary and CSV of what finished. Returns the handlers to put back."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    return {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}


def _progress(total: int, desc: str, enabled: bool):
    if not enabled or total == 0:
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: we fork
    return tqdm(total=total, desc=f"grading {desc}", unit="nb", file=sys.stderr, dynamic_ncols=True)
