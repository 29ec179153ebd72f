"""pyproject.toml and environment.yml list the same runtime dependencies, so they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _norm(req: str) -> str:
    return re.sub(r"\s+", "", req).lower().replace("_", "-")


def test_pyproject_and_environment_yml_agree():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = (ROOT / "environment.yml").read_text()
    conda = []
    in_deps = False
    for line in env.splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - (?!pip\b)(\S.*)$", line)
        if in_deps and m and not m.group(1).startswith("python"):
            conda.append(m.group(1))
    assert sorted(map(_norm, deps)) == sorted(map(_norm, conda))
    assert "- -e .[dev]" in env, "environment.yml must install the kit itself with pip"


def test_console_script_is_declared():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["scripts"]["course"] == "course.cli:main"
