"""Where things are: the checkout, the course root, the data folder, and the PATH nbgrader needs. Once, here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The kit's own JupyterLab settings, one application settings folder per `course start` mode (course.launch).
JUPYTER_SETTINGS = PACKAGE_DIR / "jupyter"


def repo_root() -> Path:
    """The checkout this package was installed from (editable install), else the working directory."""
    root = PACKAGE_DIR.parent
    return root if (root / "lessons").is_dir() else Path.cwd()


def course_root(start: Path | None = None) -> Path | None:
    """The nbgrader course root: the nearest folder at or above `start` (default: cwd) holding
    nbgrader_config.py and solutions/, else the checkout of an editable install; None if there is none."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "nbgrader_config.py").is_file() and (d / "solutions").is_dir():
            return d
    guess = PACKAGE_DIR.parent
    return guess if (guess / "nbgrader_config.py").is_file() else None


def data_dir(start: Path | None = None) -> Path:
    """Where the datasets live: $COURSE_DATA_DIR, else the nearest data/ at or above `start` (default: cwd)
    that holds the datasets, else the data/ next to the package (an editable install)."""
    env = os.environ.get("COURSE_DATA_DIR")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "data" / "tickets.csv").is_file():
            return d / "data"
    return PACKAGE_DIR.parent / "data"


def trainee_dir() -> Path:
    """Where `course start` keeps the trainee's own course folder: $COURSE_TRAINEE_DIR, else ~/complaint-course."""
    env = os.environ.get("COURSE_TRAINEE_DIR")
    return Path(env).expanduser() if env else Path.home() / "complaint-course"


def bin_first(path: str | None = None) -> str:
    """A PATH with this interpreter's bin folder first: nbgrader runs `alembic` and `jupyter` by name."""
    bindir = str(Path(sys.executable).parent)
    parts = (os.environ.get("PATH", "") if path is None else path).split(os.pathsep)
    return os.pathsep.join([bindir, *[p for p in parts if p and p != bindir]])


def ensure_bin_on_path() -> None:
    """Put this interpreter's bin folder first on this process's PATH (children inherit it)."""
    os.environ["PATH"] = bin_first()


def env_for_tools(**extra: str) -> dict[str, str]:
    """A copy of the environment for nbgrader/jupyter subprocesses, bin folder first on PATH."""
    env = dict(os.environ)
    env["PATH"] = bin_first(env.get("PATH", ""))
    env.update(extra)
    return env
