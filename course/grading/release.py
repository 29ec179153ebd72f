"""Regenerate exercises/ from solutions/ with nbgrader's own generate_assignment (what `course exercises` runs).

exercises/ is exactly what nbgrader writes (nothing is normalised by hand), for both editions: exercises/<id>/
from solutions/<id>/ and the Chinese exercises/zh/<id>/ from solutions/zh/<id>/. By default nothing is written to
a gradebook; with `gradebook` every assignment is also registered in _work/gradebook.db (what `nbgrader
autograde` needs), from its English source only: the gradebook holds one assignment per module, and a Chinese
source never overwrites its cells (the Chinese edition is always generated with --no-db). `check` regenerates into a temporary folder and reports the files that differ, writing nothing.
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

from course.grading import editions
from course.grading.layout import GradingError
from course.paths import env_for_tools

__all__ = ["Difference", "Release", "ReleaseError", "assignment_ids", "check", "compare", "edition_ids", "fix_hint",
           "generate", "generate_edition", "regenerate"]


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
    removed: list[str] = field(default_factory=list)  # exercises/<id>/ (or zh/<id>/) folders without a source
    editions: dict[str, list[str]] = field(default_factory=dict)  # other editions -> their assignments

    @property
    def changed(self) -> list[str]:
        """The assignments whose release changed: <id>, or zh/<id> for the Chinese edition's."""
        out = set()
        for d in self.differences:
            parts = d.path.split("/")
            out.add("/".join(parts[:2]) if editions.is_edition_folder(parts[0]) and len(parts) > 2 else parts[0])
        return sorted(out)


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}"]
    env = env_for_tools()
    env.pop("COURSE_NBGRADER_ROOT", None)  # the root is passed explicitly
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)


def assignment_ids(root: Path) -> list[str]:
    """The assignments present in solutions/: folders holding a notebook of the same name (zh/ is an edition
    folder, not an assignment)."""
    return editions.assignments_of(root / "solutions")


def edition_ids(root: Path, edition: str) -> list[str]:
    """The assignments with a source in `edition` (solutions/zh/<id>/<id>.ipynb for 'zh')."""
    return editions.assignments_of(root / "solutions", edition)


def generate_edition(root: Path, dest: Path, edition: str, ids: list[str] | None = None) -> list[str]:
    """Run `nbgrader generate_assignment --no-db --force` on the sources of a non-English `edition`
    (solutions/zh/) into dest/ (exercises/zh/), with the edition's answer stubs (editions.STUBS): never into a
    gradebook. Returns the assignment ids."""
    folder = editions.FOLDERS[edition]
    have = edition_ids(root, edition)
    english = set(assignment_ids(root))
    orphans = [aid for aid in have if aid not in english]
    if orphans:
        raise ReleaseError(f"solutions/{folder}/{orphans[0]}/ has no English source solutions/{orphans[0]}/: every "
                           "edition of an assignment needs the English one (the gradebook is registered from it).")
    wanted = [aid for aid in (ids if ids is not None else have) if aid in have]
    if not wanted:
        return []
    dest.mkdir(parents=True, exist_ok=True)
    pattern = wanted[0] if len(wanted) == 1 else "*"
    proc = _nbgrader(root, "generate_assignment", pattern, "--no-db", "--force",
                     f"--CourseDirectory.source_directory=solutions/{folder}",
                     f"--CourseDirectory.release_directory={dest.resolve()}", *editions.stub_flags(edition))
    if proc.returncode != 0:
        log = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
        raise ReleaseError(f"nbgrader generate_assignment of solutions/{folder}/ failed (exit {proc.returncode}):\n{log}")
    for extra in sorted(p.name for p in dest.iterdir() if p.is_dir() and p.name not in wanted):
        shutil.rmtree(dest / extra)  # `*` generated every source; keep only the ones asked for
    missing = [aid for aid in wanted if not (dest / aid / f"{aid}.ipynb").is_file()]
    if missing:
        raise ReleaseError(f"nbgrader wrote no release for {folder}/{', '.join(missing)}; check "
                           f"solutions/{folder}/<id>/<id>.ipynb.")
    return wanted


def generate(root: Path, dest: Path, gradebook: bool = False) -> list[str]:
    """Run `nbgrader generate_assignment --force` for every assignment in root/solutions into dest/<id>/.

    Without `gradebook` this uses --no-db (no database side effects at all); with it, each assignment is also
    created/updated in the gradebook configured in nbgrader_config.py (root/_work/gradebook.db).
    The Chinese edition's sources (solutions/zh/) are generated into dest/zh/, always with --no-db.
    Returns the (English) assignment ids; raises ReleaseError with nbgrader's log if any assignment fails.
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
    for edition, folder in editions.FOLDERS.items():
        generate_edition(root, dest / folder, edition)
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
        return Release(ids, compare(fresh, root / "exercises"), editions=_editions(fresh))


def _editions(fresh: Path) -> dict[str, list[str]]:
    """Edition -> the assignments released in it, from a fresh release folder."""
    return {e: editions.assignments_of(fresh, e) for e in editions.FOLDERS}


def regenerate(root: Path, gradebook: bool = False) -> Release:
    """Regenerate root/exercises from root/solutions, both editions (each exercises/<id>/ and exercises/zh/<id>/
    replaced whole, folders without a source removed); with `gradebook`, register every assignment (from its
    English source) in the gradebook too."""
    with tempfile.TemporaryDirectory(prefix="course-exercises-") as tmp:
        fresh = Path(tmp) / "exercises"
        ids = generate(root, fresh, gradebook=gradebook)
        current = root / "exercises"
        result = Release(ids, compare(fresh, current), editions=_editions(fresh))
        _replace(fresh, current, ids, result.removed, "")
        for edition, folder in editions.FOLDERS.items():
            if result.editions[edition] or (current / folder).is_dir():
                _replace(fresh / folder, current / folder, result.editions[edition], result.removed, f"{folder}/")
            if (current / folder).is_dir() and not any((current / folder).iterdir()):
                (current / folder).rmdir()
        return result


def _replace(fresh: Path, current: Path, ids: list[str], removed: list[str], prefix: str) -> None:
    """Make current/<id>/ a copy of fresh/<id>/ for each id, and remove current/ folders without a source."""
    current.mkdir(parents=True, exist_ok=True)
    for entry in sorted(current.iterdir()):
        if entry.is_dir() and entry.name not in ids and not (prefix == "" and editions.is_edition_folder(entry.name)):
            shutil.rmtree(entry)
            removed.append(prefix + entry.name)
    for aid in ids:
        shutil.rmtree(current / aid, ignore_errors=True)
        shutil.copytree(fresh / aid, current / aid)
