"""Grade a whole class with nbgrader's own machinery, several submissions at a time, in one process.

Plain `nbgrader autograde` grades one trainee after another and each CLI call pays seconds of imports. Here the
parent imports nbgrader once, then forks one short-lived worker per submission (at most `workers` at a time);
a fork starts in milliseconds with everything imported. Each worker calls nbgrader's Python API for its trainee
(course.grading.trainee) with the course's nbgrader_config.py, so the course's own preprocessors apply. All
workers write to one SQLite gradebook: SQLite serialises the writes (WAL journal, long busy timeout), and every
write is nbgrader's own update-or-create, so nothing is duplicated.

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
import shutil
import signal
import sys
import threading
import time
from dataclasses import dataclass, field

from course.grading import failures
from course.grading.cleanup import clear_outputs, make_scratch, remove_stale_scratch
from course.grading.layout import (
    Course,
    GradingError,
    ensure_gradebook,
    grading_api,
    prepare_gradebook_for_workers,
)
from course.grading.state import (
    Outcome,
    grades_digests,
    previous_outcome,
    read_state,
    submission_hash,
    write_state,
)
from course.grading.trainee import grade_one, refresh_feedback


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


def _worker(api, course: Course, student: str, input_hash: str, run_id: str, kept: Outcome | None = None) -> None:
    """Body of a forked worker: grade (or, given the `kept` outcome of an unchanged submission, only regenerate
    its feedback), record the outcome, exit without running the parent's cleanups."""
    code = 0
    for sig in (signal.SIGTERM, signal.SIGHUP):  # the parent's "stop and summarise" handlers are not ours
        signal.signal(sig, signal.SIG_DFL)
    try:
        from course.grading.kernel_launcher import die_with_parent

        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_WRONLY)  # nbgrader/nbclient chatter stays out of the progress bar
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            outcome = grade_one(api, course, student) if kept is None else refresh_feedback(api, course, kept)
        except Exception as exc:  # a bug or an environment problem: still one trainee only
            outcome = Outcome(student, "failed", failures.unexpected(exc))
        write_state(course, outcome, input_hash, run_id)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


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


def grade_class(course: Course, *, workers: int | None = None, timeout: int = 300, cell_timeout: int = 120,
                force: bool = False, retry_failed: bool = False, students: list[str] | None = None,
                sandbox: str = "auto", progress: bool = True) -> RunResult:
    """Autograde every submission of `course.assignment` (or `students`), `workers` at a time.

    `timeout` is the wall-clock limit per notebook (the worker is killed past it), `cell_timeout` the limit
    per cell (nbgrader interrupts the cell and grades the rest). Submissions unchanged since their last
    grading are skipped (graded ones unless `force`, failed ones unless `force` or `retry_failed`).
    Returns every trainee's outcome; never raises for a bad submission.
    """
    from course.grading.sandbox import resolve_mode

    t_start = time.monotonic()
    workers = max(1, workers or os.cpu_count() or 1)
    mode, warning = resolve_mode(sandbox)
    notes = [f"sandbox: {warning}"] if warning else []
    everyone = _select(course, students)
    notes += ensure_gradebook(course)
    prepare_gradebook_for_workers(course.db_path)
    run_id = f"{time.time():.6f}-{os.getpid()}"
    remove_stale_scratch()
    scratch = make_scratch()
    per_notebook = timeout * max(1, len(course.notebooks))
    api = grading_api(course, cell_timeout=cell_timeout, sandbox=mode, scratch=scratch,
                      cpu_seconds=per_notebook + 30)
    _warm_imports()

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

    deadline_s = per_notebook + 20  # + start-up and feedback
    ctx = multiprocessing.get_context("fork")
    running: dict[int, tuple] = {}
    interrupted = False
    bar = _progress(len(todo), course.assignment, progress)
    failed = 0
    refreshed: list[str] = []
    previous = _stop_on_signals()
    try:
        queue = list(todo)
        while queue or running:
            while queue and len(running) < workers:
                s, h, kept = queue.pop(0)
                p = ctx.Process(target=_worker, args=(api, course, s, h, run_id, kept), daemon=False)
                p.start()
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
        shutil.rmtree(scratch, ignore_errors=True)
    ordered = [outcomes[s] for s in everyone if s in outcomes]
    return RunResult(ordered, notes, mode, interrupted, time.monotonic() - t_start, course.assignment,
                     sorted(refreshed))


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


def _warm_imports() -> None:
    """Import, once in the parent, what every worker needs, so a fork starts ready."""
    import matplotlib  # noqa: F401  (the sandbox copies its font cache for each kernel)
    import nbclient  # noqa: F401
    import nbconvert.exporters  # noqa: F401
    import nbgrader.converters  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401

    import course.grading.preprocessors  # noqa: F401
    import course.grading.sandbox  # noqa: F401


def _progress(total: int, desc: str, enabled: bool):
    if not enabled or total == 0:
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: we fork
    return tqdm(total=total, desc=f"grading {desc}", unit="nb", file=sys.stderr, dynamic_ncols=True)
