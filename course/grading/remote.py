"""`course grade --scheduler ADDRESS`: a class graded on a Dask distributed cluster, one task per submission.

The instructor's process stays the only writer of the gradebook and of `_work/`. It sends each worker one
bundle of the course (nbgrader_config.py, the assignment's source and release folders of every edition, the
data; scattered once) and, per task, one trainee's submitted files. A worker (`dask worker`, on a machine with
the same kit installed: the bundle names the kit's digest and a worker with another kit refuses) hands the task
to a grading service of its own, a process that keeps, for the run, an unpacked copy of the course with a
scratch gradebook, the warm-kernel zygote and the caches (course.grading.session, as a local run has them), and
forks one worker per submission exactly as `course grade` does on one machine. The task returns plain data:
the outcome, the autograded notebook and feedback files, and whether and when nbgrader registered the
submission.

Back in the instructor's process, each result as it arrives (the same progress bar) is merged: the files go
to autograded/ and feedback/, and the gradebook gets the trainee, the submission and its grades through
nbgrader's own SaveAutoGrades and AssignLatePenalties run on the returned autograded notebook, so the marks are
nbgrader's for those outputs, in the instructor's gradebook (due dates and manual grades included). When that
gradebook holds what the worker's scratch gradebook could not (a manual grade, a late penalty), the feedback is
regenerated locally, from the instructor's gradebook, before the run ends.

Robustness: a worker that dies is replaced by Dask (the task runs again elsewhere; after repeated deaths it
fails with that reason); a submission that runs past its deadline is killed by the service and failed as
timed out, like locally; a service that stops answering is killed and the submission failed with a reason.
Reruns are idempotent: the grading state decides what to grade, every gradebook write is update-or-create.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from course.grading.state import Outcome

if TYPE_CHECKING:
    from course.grading.layout import Course

BUNDLE_VERSION = 1
KIT_SUFFIXES = (".py", ".j2", ".html", ".json", ".csv", ".mo")
FIRST_JOB_GRACE = 300  # seconds a worker's first submission may add for unpacking and opening its session


# ------------------------------------------------------------------------------------------- the kit
@functools.cache
def kit_digest() -> str:
    """A digest of the course package's files and of nbgrader's version: workers must grade with the same."""
    import nbgrader

    import course

    base = Path(course.__file__).resolve().parent
    h = hashlib.sha256(f"nbgrader {nbgrader.__version__}\n".encode())
    for p in sorted(base.rglob("*")):
        if p.is_file() and p.suffix in KIT_SUFFIXES and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(base)).encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _add_folder(tar: tarfile.TarFile, folder: Path, name: str) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts:
            tar.add(str(p), arcname=f"{name}/{p.relative_to(folder).as_posix()}", recursive=False)


def bundle(course: Course) -> bytes:
    """The course as a worker needs it, as one gzipped tar: nbgrader_config.py, the assignment's source and
    release folders of every edition, the data folder, and a manifest (assignment, kit digest)."""
    from course.paths import data_dir

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        manifest = {"version": BUNDLE_VERSION, "assignment": course.assignment, "kit": kit_digest()}
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        tar.add(str(course.root / "nbgrader_config.py"), arcname="nbgrader_config.py")
        for kind in ("source", "release"):
            for folder in course.editions(kind).values():
                if folder.is_dir():
                    _add_folder(tar, folder, folder.relative_to(course.root).as_posix())
        _add_folder(tar, Path(data_dir()), "data")
    return buf.getvalue()


def submission_files(folder: Path) -> dict[str, bytes]:
    """Every file of one trainee's submission folder, by path relative to it (links are not followed)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink() and ".ipynb_checkpoints" not in p.parts:
            out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return out


def _safe_path(base: Path, rel: str) -> Path:
    """`base/rel`, refusing anything that would land outside `base`."""
    target = (base / rel).resolve()
    if not str(target).startswith(str(base.resolve()) + os.sep):
        raise ValueError(f"refusing a path outside {base}: {rel!r}")
    return target


def _write_files(base: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = _safe_path(base, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _read_files(base: Path) -> dict[str, bytes]:
    return submission_files(base) if base.is_dir() else {}


# ------------------------------------------------------------------------------------------- the Dask task
_service = None
_service_lock = threading.Lock()


def grade_task(course_bundle: bytes, job: dict, options: dict) -> dict:
    """A Dask task: grade one trainee's submission on this worker's machine; plain data back."""
    global _service
    with _service_lock:  # one service per worker process, one submission at a time through it
        if _service is None or not _service.alive():
            _service = _Service()
        try:
            result = _service.grade(course_bundle, job, options)
        except _ServiceGone as exc:
            _service.stop()
            _service = None
            result = {"student": job["student"], "status": "failed", "reason": str(exc)}
    result["host"] = _worker_name()
    return result


def _worker_name() -> str:
    """host/worker-name of the Dask worker running this task (the host alone outside one)."""
    try:
        from distributed import get_worker

        return f"{_host()}/{get_worker().name}"
    except (ImportError, ValueError):
        return _host()


def _host() -> str:
    import socket

    return socket.gethostname()


class _ServiceGone(RuntimeError):
    pass


class _Service:
    """The dask worker's end of its grading service (`python -m course.grading.remote serve`)."""

    def __init__(self) -> None:
        import subprocess
        from multiprocessing.connection import Connection

        self._log_path = Path(tempfile.gettempdir()) / f"course-remote-{os.getpid()}.log"
        self._log = open(self._log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen([sys.executable, "-m", "course.grading.remote", "serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log)
        self._send = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.known: set[str] = set()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def grade(self, course_bundle: bytes, job: dict, options: dict) -> dict:
        digest = hashlib.sha256(course_bundle).hexdigest()
        first = digest not in self.known
        msg = {"op": "grade", "digest": digest, "bundle": course_bundle if first else None, "job": job,
               "options": options}
        limit = float(options.get("deadline", 600)) + 120 + (FIRST_JOB_GRACE if first else 0)
        try:
            self._send.send(msg)
            if not self._recv.poll(limit):
                raise _ServiceGone(f"the grading service on {_host()} did not answer within {limit:.0f} s")
            reply = self._recv.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise _ServiceGone(f"the grading service on {_host()} died ({type(exc).__name__})") from None
        self.known.add(digest)
        return reply

    def stop(self) -> None:
        for conn in (self._send, self._recv):
            try:
                conn.close()
            except OSError:
                pass
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except Exception:  # noqa: BLE001
            self.proc.kill()
            self.proc.wait()
        self._log.close()
        self._log_path.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------- the service
def serve() -> int:
    """The grading service: one unpacked course and Session per bundle, one forked worker per submission."""
    import multiprocessing
    import multiprocessing.connection
    import signal
    from multiprocessing.connection import Connection

    def stop(_signum, _frame):  # the dask worker is stopping: clean up below
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)  # nbgrader's chatter must not reach the pipe
    ctx = multiprocessing.get_context("fork")
    opened: dict[tuple, object] = {}
    roots: dict[str, Path] = {}
    try:
        while True:
            try:
                msg = inbox.recv()
            except (EOFError, OSError):
                return 0  # the dask worker went away
            job = msg["job"]
            try:
                reply = _serve_one(ctx, msg, opened, roots)
            except Exception as exc:  # noqa: BLE001 (an environment problem on this machine: one trainee only)
                reply = {"student": job["student"], "status": "failed", "host": _host(),
                         "reason": f"could not grade on {_host()}: {type(exc).__name__}: {exc}"}
            outbox.send(reply)
    finally:
        for session in opened.values():
            session.close()
        for root in roots.values():
            shutil.rmtree(root, ignore_errors=True)


def _unpack(data: bytes, digest: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix=f"course-remote-{digest[:12]}-"))
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        tar.extractall(root, filter="data")
    return root


def _serve_one(ctx, msg: dict, opened: dict, roots: dict) -> dict:
    import multiprocessing.connection

    from course.grading import failures
    from course.grading.cleanup import clear_outputs
    from course.grading.layout import open_course
    from course.grading.session import Session
    from course.grading.state import grades_digest, read_state, write_state

    job, options, digest = msg["job"], msg["options"], msg["digest"]
    student = job["student"]
    if digest not in roots:
        if msg.get("bundle") is None:
            raise RuntimeError("the service lost the course bundle")
        roots[digest] = _unpack(msg["bundle"], digest)
    root = roots[digest]
    manifest = json.loads((root / "manifest.json").read_text())
    if manifest.get("kit") != kit_digest():
        return {"student": student, "status": "failed", "host": _host(),
                "reason": f"the course kit on {_host()} differs from the instructor's: install the same kit on "
                          "every worker and restart its dask worker"}
    os.environ["COURSE_DATA_DIR"] = str(root / "data")
    key = (digest, options.get("timeout"), options.get("cell_timeout"), options.get("sandbox"),
           options.get("kernels"))
    session = opened.get(key)
    if session is None:
        for old in opened.values():
            old.close()
        opened.clear()
        course = open_course(root, manifest["assignment"])
        session = Session(course, timeout=int(options.get("timeout", 300)),
                          cell_timeout=int(options.get("cell_timeout", 120)), sandbox=options.get("sandbox", "auto"),
                          kernels=options.get("kernels", "warm")).open()
        opened[key] = session
    course = session.course
    folder = course.submitted / student / course.assignment
    shutil.rmtree(course.submitted / student, ignore_errors=True)
    clear_outputs(course, student)
    _write_files(folder, job["files"])
    run_id = f"remote-{time.time():.6f}-{os.getpid()}"
    t0 = time.monotonic()
    p = session.spawn(ctx, student, job["hash"], run_id)
    ready = multiprocessing.connection.wait([p.sentinel], timeout=session.deadline)
    if not ready:
        p.kill()
        p.join()
        outcome = Outcome(student, "failed", failures.timed_out(session.deadline), seconds=time.monotonic() - t0)
        write_state(course, outcome, job["hash"], run_id)
    else:
        p.join()
        st = read_state(course, student)
        outcome = (Outcome.from_state(st) if st and st.get("run") == run_id else
                   Outcome(student, "failed", failures.worker_died(p.exitcode), seconds=time.monotonic() - t0))
    reply = {"student": student, "status": outcome.status, "outcome": outcome.__dict__, "host": _host(),
             "kernels": session.kernels, "sandbox": session.mode,
             "notes": [n for n in session.notes if not n.startswith("registered ")],
             "autograded": _read_files(course.autograded / student / course.assignment),
             "feedback": _read_files(course.feedback / student / course.assignment),
             "submission": _submission_in_gradebook(course, student),
             "digest": grades_digest(course.db_url, course.assignment, student) if outcome.status != "failed" else ""}
    shutil.rmtree(course.submitted / student, ignore_errors=True)
    shutil.rmtree(course.staged / student, ignore_errors=True)
    clear_outputs(course, student)
    return reply


def _submission_in_gradebook(course: Course, student: str) -> bool:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gb:
        try:
            gb.find_submission(course.assignment, student)
            return True
        except MissingEntry:
            return False


# ------------------------------------------------------------------------------------------- merging
def merge(course: Course, result: dict) -> Outcome:
    """Write one worker's result into this course: files, then the gradebook through nbgrader's own
    SaveAutoGrades and AssignLatePenalties on the returned autograded notebooks. Returns the outcome, with the
    score from this gradebook."""
    import warnings

    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():  # nbgrader's update-or-create is noisy about its own session
        warnings.simplefilter("ignore", SAWarning)
        return _merge(course, result)


def _merge(course: Course, result: dict) -> Outcome:
    from course.grading.cleanup import clear_outputs
    from course.grading.trainee import score

    student = result["student"]
    data = result.get("outcome")
    outcome = Outcome(**data) if data else Outcome(student, "failed", result.get("reason", "no result"))
    clear_outputs(course, student)
    if result.get("submission"):
        _record_submission(course, student)
    if outcome.status == "failed":
        return outcome
    base_a = course.autograded / student / course.assignment
    base_f = course.feedback / student / course.assignment
    _write_files(base_a, result.get("autograded", {}))
    _write_files(base_f, result.get("feedback", {}))
    _replay_grades(course, student)
    outcome.score, outcome.max_score = score(course, course.db_url, student)
    return outcome


def _timestamp(course: Course, student: str):
    from nbgrader.coursedir import CourseDirectory

    cd = CourseDirectory(config=course.config)
    return cd.get_existing_timestamp(str(course.submitted / student / course.assignment))


def _record_submission(course: Course, student: str) -> None:
    """The student and the submission (with its timestamp), as nbgrader's autograde records them."""
    from nbgrader.api import Gradebook

    ts = _timestamp(course, student)
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        if ts:
            gb.update_or_create_submission(course.assignment, student, timestamp=ts)
        else:
            gb.update_or_create_submission(course.assignment, student)


def _replay_grades(course: Course, student: str) -> None:
    """nbgrader's SaveAutoGrades and AssignLatePenalties, on each autograded notebook, into this gradebook (and a
    notebook that is missing scores zero, as nbgrader's autograde does)."""
    import nbformat
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    base = course.autograded / student / course.assignment
    for name in course.notebooks:
        path = base / f"{name}.ipynb"
        if not path.is_file():
            with Gradebook(course.db_url) as gb:
                nb = gb.find_submission_notebook(name, course.assignment, student)
                for grade in nb.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
                gb.db.commit()
            continue
        nb = nbformat.read(str(path), as_version=4)
        resources = {"nbgrader": {"notebook": name, "assignment": course.assignment, "student": student,
                                  "db_url": course.db_url}}
        for pp in (SaveAutoGrades(config=course.config), AssignLatePenalties(config=course.config)):
            nb, resources = pp.preprocess(nb, resources)


# ------------------------------------------------------------------------------------------- the client
class ClusterRun:
    """The instructor's side: connect, send the bundle once, submit one task per submission, merge results."""

    def __init__(self, course: Course, address: str, options: dict) -> None:
        self.course = course
        self.address = address
        self.options = options
        self.client = None
        self.notes: list[str] = []
        self.hosts: dict[str, int] = {}
        self.kernels: set[str] = set()
        self.sandboxes: set[str] = set()

    def __enter__(self) -> ClusterRun:
        try:
            from distributed import Client
        except ImportError:
            from course.grading.layout import GradingError

            raise GradingError("--scheduler needs Dask's distributed package (pip install distributed)") from None
        try:
            self.client = Client(self.address, timeout=30, set_as_default=False)
        except OSError as exc:
            from course.grading.layout import GradingError

            raise GradingError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()

    def run(self, todo: list[tuple[str, str]], on_result, stop: threading.Event | None = None) -> None:
        """Grade `todo` ([(student, input_hash)]) on the cluster; `on_result(student, input_hash, result)` is
        called in this thread as each result arrives (a failed task becomes a failed result with a reason)."""
        from distributed import as_completed

        course_bundle = self.client.scatter(bundle(self.course), broadcast=True, hash=True)
        hashes = {}
        futures = []
        for student, h in todo:
            job = {"student": student, "hash": h,
                   "files": submission_files(self.course.submitted / student / self.course.assignment)}
            key = f"course-grade-{self.course.assignment}-{student}-{h[:16]}-{time.time_ns()}"
            fut = self.client.submit(grade_task, course_bundle, job, self.options, key=key, pure=False, retries=1)
            hashes[fut.key] = (student, h)
            futures.append(fut)
        pending = as_completed(futures, loop=self.client.loop, with_results=True, raise_errors=False)
        try:
            for fut, result in pending:
                student, h = hashes[fut.key]
                if isinstance(result, BaseException) or fut.status == "error":
                    result = {"student": student, "status": "failed", "reason": _task_failure(result)}
                else:
                    self.hosts[result.get("host", "?")] = self.hosts.get(result.get("host", "?"), 0) + 1
                    if result.get("kernels"):
                        self.kernels.add(result["kernels"])
                    if result.get("sandbox"):
                        self.sandboxes.add(result["sandbox"])
                    for note in result.get("notes", []):
                        if note not in self.notes:
                            self.notes.append(note)
                on_result(student, h, result)
                if stop is not None and stop.is_set():
                    break
        finally:
            for fut in futures:
                if not fut.done():
                    fut.cancel()


def _task_failure(exc) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return "the Dask workers running it died repeatedly (a worker crashed, ran out of memory or was stopped)"
    if name == "CancelledError":
        return "the Dask task was cancelled (the scheduler lost it)"
    return f"the Dask task failed: {name}: {exc}"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        from course.grading import skip_unused_schema_grammar

        skip_unused_schema_grammar()
        return serve()
    print("usage: python -m course.grading.remote serve", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
