"""What grading must not leave behind: outputs of a submission that fails now, scratch folders of killed runs."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.grading.layout import Course

SCRATCH_PREFIX = "course-grade-"  # + <pid>-<random>: the pid tells whether the run is still alive


def clear_outputs(course: Course, student: str) -> None:
    """A submission that fails now must not keep an autograded copy or feedback from an earlier run."""
    for base in (course.autograded, course.feedback):
        shutil.rmtree(base / student / course.assignment, ignore_errors=True)


def make_scratch() -> Path:
    """A fresh scratch folder for one run's kernels (readable by the sandbox's unprivileged user)."""
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
    os.chmod(scratch, 0o755)
    return scratch


def _mounted(path: Path) -> bool:
    """Whether `path` is a mount point, a bind of a folder onto itself included (os.path.ismount misses those)."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as fh:
            return any(line.split()[4] == str(path) for line in fh)
    except OSError:
        return os.path.ismount(path)


def remove_stale_scratch() -> None:
    """Delete the scratch folders of earlier runs that were killed (their process no longer exists)."""
    for d in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        try:
            pid = int(d.name[len(SCRATCH_PREFIX):].split("-")[0])
            os.kill(pid, 0)
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            from course.grading.sandbox import unmount_scratch

            for k in d.glob("kernel-*"):
                if os.path.ismount(k):
                    unmount_scratch(str(k))
            if _mounted(d):  # the spool of a warm-kernel zygote is a bind of itself (course.grading.zygote)
                unmount_scratch(str(d))
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            continue
