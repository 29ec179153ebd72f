"""Where one assignment's inputs and outputs live, and the nbgrader set-up `course grade` runs with.

`open_course` reads the course's nbgrader_config.py (nbgrader's own CourseDirectory resolves the folders);
`grading_config` adds only what parallel, sandboxed grading needs and no preprocessor: the autograde and
feedback pipelines are exactly those of nbgrader_config.py, so plain `nbgrader autograde` grades the same way.
"""

from __future__ import annotations

import copy
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from course.paths import course_root, ensure_bin_on_path

# The kernel manager nbgrader's Execute preprocessor (and any subclass of it) starts kernels with: the sandbox's,
# forking warm kernels from the run's zygote when there is one (course.grading.warm, course.grading.zygote).
KERNEL_MANAGER = "course.grading.warm.WarmKernelManager"
# nbconvert's HTMLExporter with a shared cache of compiled templates (same pages: course.grading.caches).
FEEDBACK_EXPORTER = "course.grading.caches.FeedbackExporter"


class GradingError(RuntimeError):
    """A problem with the course set-up (not with a submission): the message says what to do."""


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

    def editions(self, kind: str = "source") -> dict[str, Path]:
        """Edition -> the assignment's source folder (`kind` 'source': solutions/<id>/, solutions/zh/<id>/) or
        release folder ('release': exercises/<id>/, exercises/zh/<id>/), for the editions that have one."""
        from course.grading.editions import ENGLISH, FOLDERS, folder

        top = self.source if kind == "source" else self.release
        found = {ENGLISH: top}
        for edition in FOLDERS:
            where = folder(top.parent, self.assignment, edition)
            if where.is_dir():
                found[edition] = where
        return found

    @property
    def state_dir(self) -> Path:
        return self.work / "grading" / self.assignment / "state"

    @property
    def staged(self) -> Path:
        return self.work / "grading" / "staged"

    @property
    def csv_path(self) -> Path:
        return self.work / "grades" / f"{self.assignment}.csv"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def students(self) -> list[str]:
        """Trainee ids with a folder for this assignment under submitted/."""
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir()
                      if (p / self.assignment).is_dir() and not p.name.startswith("."))


def find_root(root: Path | None = None) -> Path:
    """`root` if given, else the course root at or above the working directory (course.paths.course_root)."""
    found = Path(root) if root is not None else course_root()
    if found is None:
        raise GradingError(f"no course root found at or above {Path.cwd()}: it is the folder with "
                           "nbgrader_config.py and solutions/. Run this command inside the course kit, or pass "
                           "--root.")
    return found.resolve()


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
        known = ", ".join(sorted(p.name for p in course.source.parent.iterdir() if p.is_dir())) or "none"
        raise GradingError(f"no assignment {assignment!r}: {course.source} holds no notebook "
                           f"(assignments: {known})")
    return course


def grading_config(course: Course, *, cell_timeout: int, sandbox: str, scratch: Path,
                   cpu_seconds: int | None = None, zygote: str = ""):
    """The course's config plus what parallel grading needs: staged input, sandboxed kernels (the sandbox is
    nbgrader's kernel manager class; `zygote` the socket of the run's warm-kernel zygote, '' for cold kernels),
    a per-cell time limit, a gradebook URL with a long busy timeout and the feedback exporter with cached
    templates. The preprocessor lists are left as nbgrader_config.py sets them."""
    from nbgrader.coursedir import CourseDirectory

    from course.grading.sandbox import hidden_paths_for

    cfg = copy.deepcopy(course.config)
    original = CourseDirectory(config=course.config)
    original.root = str(course.root)
    hide = hidden_paths_for(original) + [str(course.work)]
    cfg.CourseDirectory.root = str(course.root)
    cfg.CourseDirectory.submitted_directory = str(course.staged)
    cfg.CourseDirectory.db_url = f"{course.db_url}?timeout=300"
    # Execute's settings also reach a preprocessor that subclasses it.
    old_timeout = cfg.Execute.get("timeout", 120)
    cfg.Execute.timeout = min(int(old_timeout or cell_timeout), cell_timeout)
    cfg.Execute.kernel_manager_class = KERNEL_MANAGER
    cfg.SandboxKernelManager.sandbox = sandbox
    cfg.SandboxKernelManager.hide = hide
    cfg.SandboxKernelManager.scratch_root = str(scratch)
    if cpu_seconds is not None:
        cfg.SandboxKernelManager.cpu_seconds = cpu_seconds
    cfg.WarmKernelManager.zygote = zygote
    cfg.GenerateFeedback.exporter_class = FEEDBACK_EXPORTER
    return cfg


def grading_api(course: Course, **options):
    """nbgrader's NbGraderAPI on `grading_config(course, **options)`, quiet: what every worker calls."""
    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=grading_config(course, **options))
    api.log.setLevel("ERROR")
    return api


def ensure_gradebook(course: Course) -> list[str]:
    """Create the gradebook and register the assignment in it if needed (as `nbgrader generate_assignment`
    does, but into a throw-away release folder so exercises/ is untouched). Returns notes."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.apps import NbGraderAPI

    ensure_bin_on_path()  # a new gradebook runs `alembic` by name
    notes = []
    course.work.mkdir(parents=True, exist_ok=True)
    with Gradebook(course.db_url) as gb:
        try:
            gb.find_assignment(course.assignment)
            return notes
        except MissingEntry:
            pass
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
