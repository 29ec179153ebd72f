"""Round-trip answer specs for the exercises: tests/exercises/specs/<assignment id>.py defines WRONG and
ALTERNATIVE (see /work/briefs/EXERCISES.md). File names start with a digit and contain dashes, so they are
loaded by path with load_spec() rather than imported."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from course.paths import repo_root

SPECS = repo_root() / "tests" / "exercises" / "specs"


def spec_path(assignment_id: str) -> Path:
    """Where the spec of one assignment lives."""
    return SPECS / f"{assignment_id}.py"


def load_spec(assignment_id: str) -> ModuleType:
    """The spec module of one assignment (with WRONG and ALTERNATIVE dicts); FileNotFoundError if missing."""
    path = spec_path(assignment_id)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: every assignment in solutions/ needs WRONG and ALTERNATIVE "
                                "answers there (see tests/exercises/specs/01-why-customers-complain.py).")
    spec = importlib.util.spec_from_file_location(f"exercise_spec_{assignment_id.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    for name in ("WRONG", "ALTERNATIVE"):
        if not isinstance(getattr(module, name, None), dict):
            raise AttributeError(f"{path}: must define a dict {name} = {{'q1': '<code>', ...}}")
    return module
