"""Grade a whole class with nbgrader's own machinery, several submissions at a time, in one process.

Plain `nbgrader autograde` grades one trainee after another and each CLI call pays seconds of imports. Here the
parent imports nbgrader once, then forks one short-lived worker per submission (at most `workers` at a time);
a fork starts in milliseconds with everything imported. Each worker calls nbgrader's Python API
(`NbGraderAPI.autograde`, then `generate_feedback`) for its trainee with the course's nbgrader_config.py, so the
course's own preprocessors apply. All workers write to one SQLite gradebook: SQLite serialises the writes
(WAL journal, long busy timeout), and every write is nbgrader's own update-or-create, so nothing is duplicated.

Robustness: each submission is first staged and repaired (course.grading.preflight); a worker that runs past
its deadline is killed (its kernel dies with it); any failure is recorded with a reason and never stops the
others. A state file per trainee (input hash, status, score) makes reruns skip unchanged, graded submissions,
so an interrupted run loses nothing: rerun it and it grades what is left.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course.grading.preflight import stage_submission

STATE_VERSION = 1


@dataclass
class Outcome:
    """What happened to one trainee's submission in a run."""

    student: str
    status: str  # graded | failed | unchanged
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0


@dataclass
class Course:
    """Where one assignment's inputs and outputs live, read from the course's nbgrader configuration."""

    root: Path
    assignment: str
    config: object  # traitlets Config
    submitted: Path  # the instructor's submitted/ folder (never modified by grading)
    autograded: Path
    feedback: Path
    source: Path  # solutions/<assignment>/
    release: Path  # exercises/<assignment>/
    db_path: Path
    work: Path  # folder of the gradebook: grading state, staging, CSV and reports go below it

    @property
    def notebooks(self) -> list[str]:
        return sorted(p.stem for p in self.source.glob("*.ipynb"))

    @property
    def state_dir(self) -> Path:
        return self.work / "grading" / self.assignment / "state"

    @property
    def staged(self) -> Path:
        return self.work / "grading" / "staged"

    @property
    def csv_path(self) -> Path:
        return self.work / "grades" / f"{self.assignment}.csv"

    def students(self) -> list[str]:
        """Trainee ids with a folder for this assignment under submitted/."""
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir()
                      if (p / self.assignment).is_dir() and not p.name.startswith("."))


class GradingError(RuntimeError):
    """A problem with the course set-up (not with a submission): the message says what to do."""


def load_config(root: Path):
    """The traitlets Config of `root`/nbgrader_config.py, with the course root pointed at `root`."""
    from traitlets.config.loader import PyFileConfigLoader

    if not (root / "nbgrader_config.py").is_file():
        raise GradingError(f"{root} has no nbgrader_config.py: run this inside the course kit or pass --root")
    old = os.environ.get("COURSE_NBGRADER_ROOT")
    os.environ["COURSE_NBGRADER_ROOT"] = str(root)
    try:
        return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    finally:
        if old is None:
            os.environ.pop("COURSE_NBGRADER_ROOT", None)
        else:
            os.environ["COURSE_NBGRADER_ROOT"] = old


def open_course(root: Path, assignment: str) -> Course:
    """Resolve the folders of `assignment` in the course at `root` (errors name what is missing)."""
    from nbgrader.coursedir import CourseDirectory

    root = Path(root).resolve()
    config = load_config(root)
    cd = CourseDirectory(config=config)
    cd.root = str(root)

    def folder(step: str) -> Path:
        return Path(cd.format_path(step, ".", ".")).resolve()

    db_url = cd.db_url
    if not db_url.startswith("sqlite:///"):
        raise GradingError(f"course grade needs an SQLite gradebook; nbgrader_config.py sets {db_url}")
    db_path = Path(db_url[len("sqlite:///"):].split("?")[0]).resolve()
    course = Course(root=root, assignment=assignment, config=config, submitted=folder(cd.submitted_directory),
                    autograded=folder(cd.autograded_directory), feedback=folder(cd.feedback_directory),
                    source=folder(cd.source_directory) / assignment,
                    release=folder(cd.release_directory) / assignment, db_path=db_path,
                    work=db_path.parent)
    if not course.source.is_dir() or not course.notebooks:
        raise GradingError(f"no assignment {assignment!r}: {course.source} holds no notebook "
                           f"(assignments: {', '.join(sorted(p.name for p in course.source.parent.iterdir() if p.is_dir())) or 'none'})")
    return course


def grading_config(course: Course, *, cell_timeout: int, sandbox: str, scratch: Path):
    """The course's config plus what parallel grading needs: staged input, sandboxed kernels, an output
    cap, and a gradebook URL with a long busy timeout."""
    import copy

    from nbgrader.coursedir import CourseDirectory

    from course.grading.sandbox import hidden_paths_for

    cfg = copy.deepcopy(course.config)
    original = CourseDirectory(config=course.config)
    original.root = str(course.root)
    hide = hidden_paths_for(original) + [str(course.work)]
    cfg.CourseDirectory.root = str(course.root)
    cfg.CourseDirectory.submitted_directory = str(course.staged)
    cfg.CourseDirectory.db_url = f"sqlite:///{course.db_path}?timeout=300"
    old_timeout = cfg.Execute.get("timeout", 120)
    cfg.Execute.timeout = min(int(old_timeout or cell_timeout), cell_timeout)
    cfg.Execute.kernel_manager_class = "course.grading.sandbox.SandboxKernelManager"
    cfg.SandboxKernelManager.sandbox = sandbox
    cfg.SandboxKernelManager.hide = hide
    cfg.SandboxKernelManager.scratch_root = str(scratch)
    from nbgrader.converters.autograde import Autograde

    pps = list(cfg.Autograde.get("autograde_preprocessors", Autograde.autograde_preprocessors.default_value))
    names = [p if isinstance(p, str) else f"{p.__module__}.{p.__name__}" for p in pps]
    cap = "course.grading.output_cap.CapOutputBytes"
    if cap not in names:
        at = next((i + 1 for i, n in enumerate(names) if n.endswith(".Execute")), 1)
        pps.insert(at, cap)
    cfg.Autograde.autograde_preprocessors = pps
    return cfg


def ensure_gradebook(course: Course) -> list[str]:
    """Create the gradebook and register the assignment in it if needed (as `nbgrader generate_assignment`
    does, but into a throw-away release folder so exercises/ is untouched). Returns notes."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.apps import NbGraderAPI

    from course.cli import ensure_env_on_path

    ensure_env_on_path()  # a new gradebook runs `alembic` by name
    notes = []
    course.work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{course.db_path}"
    with Gradebook(url) as gb:
        try:
            gb.find_assignment(course.assignment)
            return notes
        except MissingEntry:
            pass
    import copy

    cfg = copy.deepcopy(course.config)
    with tempfile.TemporaryDirectory(prefix="course-register-") as tmp:
        cfg.CourseDirectory.root = str(course.root)
        cfg.CourseDirectory.release_directory = tmp
        api = NbGraderAPI(config=cfg)
        res = api.generate_assignment(course.assignment, force=True, create=True)
    if not res.get("success"):
        raise GradingError(f"could not register {course.assignment} in the gradebook:\n"
                           f"{(res.get('error') or res.get('log') or '')[-2000:]}")
    notes.append(f"registered {course.assignment} in the gradebook {course.db_path}")
    return notes


def prepare_gradebook_for_workers(db_path: Path) -> None:
    """WAL journal: readers never wait for a writer, so parallel workers only queue for writes."""
    con = sqlite3.connect(str(db_path), timeout=60)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def submission_hash(folder: Path, source: Path) -> str:
    """A digest of every file a trainee handed in and of the assignment's source notebooks (so edited tests
    regrade everyone)."""
    h = hashlib.sha256()
    for base in (folder, source):
        for p in sorted(base.rglob("*")):
            if p.is_file() and ".ipynb_checkpoints" not in p.parts:
                h.update(str(p.relative_to(base)).encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def read_state(course: Course, student: str) -> dict | None:
    path = course.state_dir / f"{student}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def write_state(course: Course, outcome: Outcome, input_hash: str, run_id: str) -> None:
    """Write a trainee's state atomically (a crash never leaves half a file)."""
    course.state_dir.mkdir(parents=True, exist_ok=True)
    data = {"version": STATE_VERSION, "hash": input_hash, "run": run_id, **asdict(outcome)}
    tmp = course.state_dir / f".{outcome.student}.json.tmp"
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, course.state_dir / f"{outcome.student}.json")


def classify_failure(result: dict) -> str:
    """One line saying why nbgrader could not grade a submission, from its captured log and traceback."""
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    if "DeadKernelError" in text or "Kernel died" in text or "kernel died" in text:
        return ("the kernel died while running the notebook (the code calls os._exit/exit, crashed, or hit the "
                "memory or CPU limit)")
    if "UnresponsiveKernelError" in text or "CellTimeoutError" in text or "TimeoutError" in text:
        return "a cell ran past the time limit and could not be interrupted"
    if "SchemaTooOld" in text or "SchemaTooNew" in text or "failed to validate" in text:
        return "the nbgrader metadata of the notebook is damaged beyond repair"
    if "Inconsistent checksums" in text:
        return "a test cell could not be restored from the master copy"
    lines = [ln.strip() for ln in (result.get("error") or result.get("log") or "").splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "nbgrader failed without a message"


def _score(course: Course, db_url: str, student: str) -> tuple[float | None, float | None]:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            sub = gb.find_submission(course.assignment, student)
        except MissingEntry:
            return None, None
        return float(sub.score), float(sub.max_score)


def grade_one(api, course: Course, student: str) -> Outcome:
    """Stage, autograde and generate feedback for one trainee; never raises for a bad submission."""
    t0 = time.monotonic()
    src = course.submitted / student / course.assignment
    pre = stage_submission(src, course.staged / student / course.assignment, course.notebooks,
                           course.release if course.release.is_dir() else None)
    if not pre.ok:
        _clear_outputs(course, student)
        return Outcome(student, "failed", pre.reason, pre.notes, seconds=time.monotonic() - t0)
    res = api.autograde(course.assignment, student, force=True, create=True)
    if not res.get("success"):
        _clear_outputs(course, student)
        return Outcome(student, "failed", classify_failure(res), pre.notes, seconds=time.monotonic() - t0)
    notes = list(pre.notes)
    fb = api.generate_feedback(course.assignment, student, force=True)
    if not fb.get("success"):
        notes.append("feedback could not be generated: " + classify_failure(fb))
    score, max_score = _score(course, api.coursedir.db_url, student)
    return Outcome(student, "graded", "", notes, score, max_score, time.monotonic() - t0)


def _clear_outputs(course: Course, student: str) -> None:
    """A submission that fails now must not keep an autograded copy or feedback from an earlier run."""
    for base in (course.autograded, course.feedback):
        shutil.rmtree(base / student / course.assignment, ignore_errors=True)


def _worker(api, course: Course, student: str, input_hash: str, run_id: str) -> None:
    """Body of a forked worker: grade, record the outcome, exit without running the parent's cleanups."""
    code = 0
    try:
        from course.grading.kernel_launcher import die_with_parent

        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_WRONLY)  # nbgrader/nbclient chatter stays out of the progress bar
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            outcome = grade_one(api, course, student)
        except Exception as exc:  # a bug or an environment problem: still one trainee only
            outcome = Outcome(student, "failed", f"unexpected error: {type(exc).__name__}: {exc}")
        write_state(course, outcome, input_hash, run_id)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


@dataclass
class RunResult:
    """Outcomes of one `grade_class` call, in trainee order, plus set-up notes and the sandbox mode."""

    outcomes: list[Outcome]
    notes: list[str]
    sandbox: str
    interrupted: bool = False
    seconds: float = 0.0


def grade_class(course: Course, *, workers: int | None = None, timeout: int = 300, cell_timeout: int = 120,
                force: bool = False, retry_failed: bool = False, students: list[str] | None = None,
                sandbox: str = "auto", progress: bool = True) -> RunResult:
    """Autograde every submission of `course.assignment` (or `students`), `workers` at a time.

    `timeout` is the wall-clock limit per notebook (the worker is killed past it), `cell_timeout` the limit
    per cell (nbgrader interrupts the cell and grades the rest). Submissions unchanged since their last
    grading are skipped (graded ones unless `force`, failed ones unless `force` or `retry_failed`).
    Returns every trainee's outcome; never raises for a bad submission.
    """
    from nbgrader.apps import NbGraderAPI

    from course.grading.sandbox import resolve_mode

    t_start = time.monotonic()
    workers = max(1, workers or os.cpu_count() or 1)
    mode, warning = resolve_mode(sandbox)
    notes = [f"sandbox: {warning}"] if warning else []
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
    notes += ensure_gradebook(course)
    prepare_gradebook_for_workers(course.db_path)
    run_id = f"{time.time():.6f}-{os.getpid()}"
    _remove_stale_scratch()
    scratch = Path(tempfile.mkdtemp(prefix=f"course-grade-{os.getpid()}-"))
    os.chmod(scratch, 0o755)
    cfg = grading_config(course, cell_timeout=cell_timeout, sandbox=mode, scratch=scratch)
    cfg.SandboxKernelManager.cpu_seconds = timeout * max(1, len(course.notebooks)) + 30
    api = NbGraderAPI(config=cfg)
    api.log.setLevel("ERROR")
    _warm_imports()

    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[str, str]] = []
    for s in everyone:
        h = submission_hash(course.submitted / s / course.assignment, course.source)
        st = read_state(course, s)
        same = bool(st) and st.get("hash") == h and not force
        if same and st.get("status") in ("graded", "unchanged") and (
                course.autograded / s / course.assignment).is_dir():
            outcomes[s] = Outcome(s, "unchanged", "", st.get("notes", []), st.get("score"), st.get("max_score"))
        elif same and st.get("status") == "failed" and not retry_failed:
            outcomes[s] = Outcome(s, "failed", st.get("reason", ""), st.get("notes", []))
        else:
            todo.append((s, h))

    deadline_s = timeout * max(1, len(course.notebooks)) + 20  # + start-up and feedback
    ctx = multiprocessing.get_context("fork")
    running: dict[int, tuple] = {}
    interrupted = False
    bar = _progress(len(todo), course.assignment, progress)
    failed = 0
    try:
        queue = list(todo)
        while queue or running:
            while queue and len(running) < workers:
                s, h = queue.pop(0)
                p = ctx.Process(target=_worker, args=(api, course, s, h, run_id), daemon=False)
                p.start()
                running[p.sentinel] = (p, s, h, time.monotonic())
            ready = multiprocessing.connection.wait(list(running), timeout=0.5)
            now = time.monotonic()
            for key in list(running):
                p, s, h, t0 = running[key]
                if key not in ready and now - t0 <= deadline_s:
                    continue
                if key not in ready:  # past its deadline: kill the worker; its kernel dies with it
                    p.kill()
                    p.join()
                    out = Outcome(s, "failed", f"timed out: still running after {deadline_s} s "
                                  "(an endless loop that ignores interrupts?)", seconds=now - t0)
                    _clear_outputs(course, s)
                    write_state(course, out, h, run_id)
                else:
                    p.join()
                    st = read_state(course, s)
                    if st and st.get("run") == run_id:
                        out = Outcome(**{k: st[k] for k in Outcome.__dataclass_fields__})
                    else:
                        out = Outcome(s, "failed", f"the grading worker died (exit code {p.exitcode})",
                                      seconds=now - t0)
                        write_state(course, out, h, run_id)
                del running[key]
                outcomes[s] = out
                failed += out.status == "failed"
                if bar is not None:
                    bar.set_postfix(failed=failed, refresh=False)
                    bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
        for p, _s, _h, _t in running.values():
            p.kill()
            p.join()
    finally:
        if bar is not None:
            bar.close()
        shutil.rmtree(scratch, ignore_errors=True)
    ordered = [outcomes[s] for s in everyone if s in outcomes]
    return RunResult(ordered, notes, mode, interrupted, time.monotonic() - t_start)


def _remove_stale_scratch() -> None:
    """Delete the scratch folders of earlier runs that were killed (their process no longer exists)."""
    for d in Path(tempfile.gettempdir()).glob("course-grade-*-*"):
        try:
            pid = int(d.name.split("-")[2])
            os.kill(pid, 0)
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            continue


def _warm_imports() -> None:
    """Import, once in the parent, what every worker needs, so a fork starts ready."""
    import matplotlib  # noqa: F401  (the sandbox copies its font cache for each kernel)
    import nbclient  # noqa: F401
    import nbconvert.exporters  # noqa: F401
    import nbgrader.converters  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401

    import course.grading.nbgrader_ext  # noqa: F401
    import course.grading.output_cap  # noqa: F401
    import course.grading.sandbox  # noqa: F401


def _progress(total: int, desc: str, enabled: bool):
    if not enabled or total == 0:
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: we fork
    return tqdm(total=total, desc=f"grading {desc}", unit="nb", file=sys.stderr, dynamic_ncols=True)
