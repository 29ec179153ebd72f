"""Regenerate exercises/ from solutions/ with nbgrader's own generate_assignment (what `course exercises` runs).

exercises/ is exactly what nbgrader writes (nothing is normalised by hand). By default nothing is written to a
gradebook; with `gradebook` every assignment is also registered in _work/gradebook.db (what `nbgrader autograde`
needs). `check` regenerates into a temporary folder and reports the files that differ, writing nothing.
What JupyterLab or Python leave in a release folder (.ipynb_checkpoints/, any dot-file, __pycache__/) is not
part of the release and never counts as a difference.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course.grading.layout import GradingError
from course.paths import env_for_tools

__all__ = ["Difference", "Release", "ReleaseError", "assignment_ids", "check", "compare", "fix_hint", "generate",
           "regenerate"]


class ReleaseError(GradingError):
    """nbgrader could not generate an assignment; the message holds nbgrader's own log."""


@dataclass(frozen=True, order=True)
class Difference:
    """One file that differs between a fresh release and the committed one."""

    path: str  # relative to the release folder, e.g. 01-why-customers-complain/01-why-customers-complain.ipynb
    kind: str  # missing (nbgrader makes it, the folder lacks it) | extra (not made by nbgrader) | differs

    def describe(self, folder: str = "exercises") -> str:
        return {"missing": f"{self.path} (missing from {folder}/)",
                "extra": f"{self.path} (not made by nbgrader from solutions/)",
                "differs": f"{self.path} (differs)"}[self.kind]


@dataclass
class Release:
    """What `check` or `regenerate` found: the assignments, how exercises/ differed, what was removed."""

    ids: list[str]
    differences: list[Difference]
    removed: list[str] = field(default_factory=list)  # exercises/<id>/ folders without a source

    @property
    def changed(self) -> list[str]:
        return sorted({d.path.split("/", 1)[0] for d in self.differences})


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}"]
    env = env_for_tools()
    env.pop("COURSE_NBGRADER_ROOT", None)  # the root is passed explicitly
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)


def assignment_ids(root: Path) -> list[str]:
    """The assignments present in solutions/: folders holding a notebook of the same name."""
    src = root / "solutions"
    return sorted(p.name for p in src.iterdir() if p.is_dir() and (p / f"{p.name}.ipynb").is_file())


def generate(root: Path, dest: Path, gradebook: bool = False) -> list[str]:
    """Run `nbgrader generate_assignment --force` for every assignment in root/solutions into dest/<id>/.

    Without `gradebook` this uses --no-db (no database side effects at all); with it, each assignment is also
    created/updated in the gradebook configured in nbgrader_config.py (root/_work/gradebook.db).
    Returns the assignment ids; raises ReleaseError with nbgrader's log if any assignment fails.
    """
    ids = assignment_ids(root)
    if not ids:
        raise ReleaseError(f"{root / 'solutions'} holds no assignment (solutions/<id>/<id>.ipynb).")
    dest.mkdir(parents=True, exist_ok=True)
    runs = [["*", "--no-db"]] if not gradebook else [[aid] for aid in ids]
    for extra in runs:
        proc = _nbgrader(root, "generate_assignment", *extra, "--force",
                         f"--CourseDirectory.release_directory={dest.resolve()}")
        if proc.returncode != 0:
            log = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
            raise ReleaseError(f"nbgrader generate_assignment {extra[0]} failed (exit {proc.returncode}):\n{log}")
    missing = [aid for aid in ids if not (dest / aid / f"{aid}.ipynb").is_file()]
    if missing:
        raise ReleaseError(f"nbgrader wrote no release for {', '.join(missing)}; check solutions/<id>/<id>.ipynb.")
    return ids


def _files(folder: Path) -> set[str]:
    """The release files below `folder`: what JupyterLab and Python leave there (dot-files and -folders such
    as .ipynb_checkpoints/, __pycache__/) is not part of a release."""
    if not folder.is_dir():
        return set()
    out = set()
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if p.is_file() and "__pycache__" not in rel.parts and not any(s.startswith(".") for s in rel.parts):
            out.add(rel.as_posix())
    return out


def compare(fresh: Path, current: Path) -> list[Difference]:
    """The files that differ between a fresh release folder and the current one (missing, extra, changed)."""
    a, b = _files(fresh), _files(current)
    out = [Difference(p, "missing") for p in a - b] + [Difference(p, "extra") for p in b - a]
    out += [Difference(p, "differs") for p in a & b if not filecmp.cmp(fresh / p, current / p, shallow=False)]
    return sorted(out)


def fix_hint(differences: list[Difference], folder: str = "exercises") -> str:
    """What to do about the `differences` of the release folder `folder` (exercises/ or one exercises/<id>/):
    regenerate it for files that are missing or differ, delete the files nbgrader does not make."""
    stale = [d for d in differences if d.kind != "extra"]
    extra = [d for d in differences if d.kind == "extra"]
    advice = []
    if stale:
        advice.append("run `course exercises` to regenerate exercises/ from solutions/")
    if extra:
        advice.append("delete what nbgrader does not make: " + " ".join(f"{folder}/{d.path}" for d in extra))
    return "; ".join(advice)


def check(root: Path) -> Release:
    """Regenerate every release into a temporary folder and compare it with root/exercises; writes nothing."""
    with tempfile.TemporaryDirectory(prefix="course-exercises-") as tmp:
        fresh = Path(tmp) / "exercises"
        ids = generate(root, fresh)
        return Release(ids, compare(fresh, root / "exercises"))


def regenerate(root: Path, gradebook: bool = False) -> Release:
    """Regenerate root/exercises from root/solutions (each exercises/<id>/ replaced whole, folders without a
    source removed); with `gradebook`, register every assignment in the gradebook too."""
    with tempfile.TemporaryDirectory(prefix="course-exercises-") as tmp:
        fresh = Path(tmp) / "exercises"
        ids = generate(root, fresh, gradebook=gradebook)
        current = root / "exercises"
        result = Release(ids, compare(fresh, current))
        current.mkdir(exist_ok=True)
        for entry in sorted(current.iterdir()):
            if entry.is_dir() and entry.name not in ids:
                shutil.rmtree(entry)
                result.removed.append(entry.name)
        for aid in ids:
            shutil.rmtree(current / aid, ignore_errors=True)
            shutil.copytree(fresh / aid, current / aid)
        return result
