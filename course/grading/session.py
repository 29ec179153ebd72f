"""One grading run's machinery, prepared once and shared by every trainee's worker.

`Session(course, ...).open()` makes the gradebook ready for parallel writers, a scratch folder for the kernels,
the warm-kernel zygote (course.grading.zygote: grading as root with bubblewrap), nbgrader's API on the grading
configuration (course.grading.layout.grading_config: the warm kernel manager, the cached feedback exporter),
the parsed datasets and the imports every worker needs. `spawn()` then forks one short-lived worker
per trainee, which grades with nbgrader's API (course.grading.trainee) and records its outcome in the grading
state; `close()` ends the zygote and removes the scratch folder.

course.grading.pool runs a class through a Session on this machine; course.grading.remote runs one on each Dask
worker's machine. Neither adds a preprocessor: the pipelines are those of nbgrader_config.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

from course.grading import failures
from course.grading.cleanup import make_scratch, remove_stale_scratch
from course.grading.layout import Course, ensure_gradebook, grading_config, prepare_gradebook_for_workers
from course.grading.state import Outcome, write_state

KERNELS = ("warm", "cold", "none")  # none: this run only rewrites feedback, no kernel starts


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class Session:
    """What a run prepares once for all its workers (see the module docstring)."""

    def __init__(self, course: Course, *, timeout: int = 300, cell_timeout: int = 120, sandbox: str = "auto",
                 kernels: str = "warm", register: bool = True) -> None:
        if kernels not in KERNELS:
            raise ValueError(f"unknown kernels {kernels!r}: choose warm or cold")
        # "none" (feedback only) still configures the sandbox: a kernel that did start would need bubblewrap
        self.course = course
        self.timeout = timeout
        self.cell_timeout = cell_timeout
        self.requested_sandbox = sandbox
        self.requested_kernels = kernels
        self.register = register
        self.mode = ""
        self.kernels = "cold"
        self.notes: list[str] = []
        self.api = None
        self.scratch: Path | None = None
        self.zygote = None
        self.timings: dict[str, float] = {}

    @property
    def per_notebook(self) -> int:
        return self.timeout * max(1, len(self.course.notebooks))

    @property
    def deadline(self) -> int:
        """Wall-clock seconds a worker may take for one trainee before it is killed (+ start-up and feedback)."""
        return self.per_notebook + 20

    def open(self) -> Session:
        from nbgrader.apps import NbGraderAPI

        from course.grading import caches
        from course.grading.sandbox import resolve_mode

        t0 = time.monotonic()
        if self.requested_kernels == "none":
            self.mode, warning = "bwrap", ""
        else:
            self.mode, warning = resolve_mode(self.requested_sandbox)
        if warning:
            self.notes.append(f"sandbox: {warning}")
        if self.register:
            self.notes += ensure_gradebook(self.course)
        prepare_gradebook_for_workers(self.course.db_path)
        remove_stale_scratch()
        self.scratch = make_scratch()
        cfg = grading_config(self.course, cell_timeout=self.cell_timeout, sandbox=self.mode, scratch=self.scratch,
                             cpu_seconds=self.per_notebook + 30)
        want_warm = self.requested_kernels == "warm" and self.mode == "bwrap"
        if want_warm and not _is_root():
            want_warm = False
            self.notes.append("kernels: cold (warm kernels need a uid of their own per kernel, i.e. grading as "
                              "root)")
        if want_warm:
            from course.grading.warm import kernel_environment
            from course.grading.zygote import Zygote

            k = cfg.SandboxKernelManager
            self.zygote = Zygote(str(self.scratch), list(k.hide), kernel_environment(),
                                 shm_mb=k.get("shm_mb", 64), tmp_mb=k.get("tmp_mb", 256),
                                 home_mb=k.get("home_mb", 256)).start()
        caches.use_template_cache(self.scratch / ".templates")
        warm_imports()
        caches.preload(self.course)
        self.timings["prepare"] = time.monotonic() - t0
        if self.zygote is not None:
            t1 = time.monotonic()
            if self.zygote.wait_ready():
                cfg.WarmKernelManager.zygote = self.zygote.socket
                self.kernels = "warm"
            else:
                self.notes.append(f"kernels: cold (the warm-kernel zygote could not start: {self.zygote.error})")
                self.zygote = None
            self.timings["zygote_wait"] = time.monotonic() - t1
        self.api = NbGraderAPI(config=cfg)
        self.api.log.setLevel("ERROR")
        caches.warm_feedback(self.course)
        return self

    def spawn(self, ctx, student: str, input_hash: str, run_id: str, kept: Outcome | None = None):
        """Fork the worker that grades `student` (or, given the `kept` outcome, only rewrites its feedback)."""
        p = ctx.Process(target=worker, args=(self.api, self.course, student, input_hash, run_id, kept),
                        daemon=False)
        p.start()
        return p

    def close(self) -> None:
        if self.zygote is not None:
            self.zygote.stop()
            self.zygote = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def __enter__(self) -> Session:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()


def worker(api, course: Course, student: str, input_hash: str, run_id: str, kept: Outcome | None = None) -> None:
    """Body of a forked worker: grade (or, given the `kept` outcome of an unchanged submission, only regenerate
    its feedback), record the outcome, exit without running the parent's cleanups."""
    code = 0
    for sig in (signal.SIGTERM, signal.SIGHUP):  # the parent's "stop and summarise" handlers are not ours
        signal.signal(sig, signal.SIG_DFL)
    try:
        from course.grading import caches
        from course.grading.kernel_launcher import die_with_parent
        from course.grading.trainee import grade_one, refresh_feedback

        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_WRONLY)  # nbgrader/nbclient chatter stays out of the progress bar
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        caches.install()
        try:
            outcome = grade_one(api, course, student) if kept is None else refresh_feedback(api, course, kept)
        except Exception as exc:  # a bug or an environment problem: still one trainee only
            outcome = Outcome(student, "failed", failures.unexpected(exc))
        write_state(course, outcome, input_hash, run_id)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def warm_imports() -> None:
    """Import, once in the parent, what every worker needs, so a fork starts ready."""
    import ipykernel.kernelspec  # noqa: F401
    import IPython  # noqa: F401  (jupyter_client's kernel spec lookup imports it)
    import jupyter_client.provisioning  # noqa: F401
    import matplotlib  # noqa: F401  (the sandbox copies its font cache for each kernel)
    import nbclient  # noqa: F401
    import nbconvert.exporters  # noqa: F401
    import nbgrader.converters  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401

    import course.checks  # noqa: F401  (the trusted tests' setup cells import these)
    import course.grading.caches  # noqa: F401
    import course.grading.preprocessors  # noqa: F401
    import course.grading.sandbox  # noqa: F401
    import course.grading.trainee  # noqa: F401
    import course.grading.warm  # noqa: F401
    import course.hints  # noqa: F401
