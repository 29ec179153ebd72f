"""`course exercises`: regenerate exercises/ from solutions/ with nbgrader's own generate_assignment.

exercises/ is exactly what nbgrader writes (nothing is normalised by hand). By default nothing is written to a
gradebook; `--gradebook` also registers every assignment in _work/gradebook.db (what `nbgrader autograde` needs).
`--check` regenerates into a temporary folder and fails, listing the files that differ, if exercises/ is stale.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["add_arguments", "compare", "find_root", "generate", "run"]


class ReleaseError(RuntimeError):
    """nbgrader could not generate an assignment; the message holds nbgrader's own log."""


def find_root(start: Path | None = None) -> Path:
    """The course root: the nearest folder at or above `start` (default: cwd) with nbgrader_config.py and
    solutions/, else the folder above the installed package (an editable install)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "nbgrader_config.py").is_file() and (d / "solutions").is_dir():
            return d
    guess = Path(__file__).resolve().parents[2]
    if (guess / "nbgrader_config.py").is_file():
        return guess
    raise ReleaseError(f"no course root found at or above {here}: it is the folder with nbgrader_config.py and "
                       "solutions/. Run this command inside the course kit, or pass --root.")


def _env() -> dict[str, str]:
    """The environment for nbgrader subprocesses: this interpreter's bin folder first on PATH (nbgrader runs
    `alembic` and `jupyter` by name)."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bindir, *[p for p in env.get("PATH", "").split(os.pathsep) if p != bindir]])
    env.pop("COURSE_NBGRADER_ROOT", None)  # the root is passed explicitly below
    return env


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}"]
    return subprocess.run(cmd, cwd=root, env=_env(), capture_output=True, text=True)


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
    if not folder.is_dir():
        return set()
    out = set()
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if p.is_file() and "__pycache__" not in rel.parts and not any(s.startswith(".") for s in rel.parts):
            out.add(rel.as_posix())
    return out


def compare(fresh: Path, current: Path) -> list[str]:
    """Relative paths that differ between two release folders (missing, extra or changed), sorted."""
    a, b = _files(fresh), _files(current)
    out = [f"{p} (missing from {current.name}/)" for p in sorted(a - b)]
    out += [f"{p} (not made by nbgrader from solutions/)" for p in sorted(b - a)]
    out += [f"{p} (differs)" for p in sorted(a & b) if not filecmp.cmp(fresh / p, current / p, shallow=False)]
    return sorted(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="do not write: regenerate into a temporary folder and fail if exercises/ differs")
    parser.add_argument("--gradebook", action="store_true",
                        help="also register the assignments in _work/gradebook.db (needed before autograding)")
    parser.add_argument("--root", type=Path, default=None, help="course root (default: found from here)")


def run(args: argparse.Namespace) -> int:
    """Regenerate exercises/ (or --check it)."""
    try:
        root = (args.root or find_root()).resolve()
        with tempfile.TemporaryDirectory(prefix="course-exercises-") as tmp:
            fresh = Path(tmp) / "exercises"
            ids = generate(root, fresh, gradebook=args.gradebook and not args.check)
            current = root / "exercises"
            diff = compare(fresh, current)
            if args.check:
                if diff:
                    print("exercises/ is out of date with solutions/ — run `course exercises` to regenerate it. "
                          "Differing files:", file=sys.stderr)
                    for line in diff:
                        print(f"  exercises/{line}", file=sys.stderr)
                    return 1
                print(f"exercises/ matches solutions/ ({len(ids)} assignments).")
                return 0
            current.mkdir(exist_ok=True)
            for entry in current.iterdir():
                if entry.is_dir() and entry.name not in ids:
                    print(f"removing exercises/{entry.name}/ (no solutions/{entry.name}/{entry.name}.ipynb)")
                    shutil.rmtree(entry)
            for aid in ids:
                shutil.rmtree(current / aid, ignore_errors=True)
                shutil.copytree(fresh / aid, current / aid)
            changed = sorted({line.split("/", 1)[0] for line in diff})
            print(f"exercises/ regenerated for {len(ids)} assignments"
                  + (f"; changed: {', '.join(changed)}" if changed else "; nothing changed") + "."
                  + (" Registered in the gradebook (_work/gradebook.db)." if args.gradebook else ""))
            return 0
    except ReleaseError as exc:
        print(f"course exercises: {exc}", file=sys.stderr)
        return 1
