"""Why nbgrader could not grade a submission, in one line an instructor can act on."""

from __future__ import annotations


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


def timed_out(seconds: int) -> str:
    """The reason for a worker killed at the notebook deadline."""
    return f"timed out: still running after {seconds} s (an endless loop that ignores interrupts?)"


def worker_died(exitcode: int | None) -> str:
    """The reason for a worker that ended without recording an outcome."""
    return f"the grading worker died (exit code {exitcode})"


def unexpected(exc: BaseException) -> str:
    """The reason for a bug or an environment problem met while grading one trainee."""
    return f"unexpected error: {type(exc).__name__}: {exc}"
