"""Packaging: pyproject.toml and environment.yml list the same dependencies (runtime and the dev extra), so they
cannot drift; and the wheel (what pip installs and JupyterLite's piplite serves) holds the package and nothing
of the tests."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from course import hints
from course.paths import repo_root

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = repo_root()
# conda-forge packages whose name is not the one on PyPI
CONDA_NAMES = {"build": "python-build", "playwright": "playwright-python"}


def _norm(req: str) -> str:
    """A requirement without its environment marker (conda has none), spaces, case or _/- differences."""
    req = re.sub(r"\s+", "", req.split(";")[0]).lower().replace("_", "-")
    name = re.match(r"[a-z0-9.-]+", req).group(0)
    return CONDA_NAMES.get(name, name) + req[len(name):]


def _conda_dependencies() -> list[str]:
    env = (ROOT / "environment.yml").read_text()
    conda = []
    in_deps = False
    for line in env.splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - (?!pip\b)(\S.*)$", line)
        if in_deps and m and not re.match(r"python(?![\w-])", m.group(1)):  # the interpreter, not python-build
            conda.append(m.group(1))
    return conda


def test_pyproject_and_environment_yml_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    conda = _conda_dependencies()
    assert sorted(map(_norm, deps)) == sorted(map(_norm, conda))
    for tool in ("pytest", "nbval", "ruff", "playwright-python"):  # what conda users expect to find
        assert any(_norm(c).startswith(tool) for c in conda), tool
    assert "- -e .[dev]" in (ROOT / "environment.yml").read_text(), "environment.yml must install the kit with pip"


def test_console_script_is_declared():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["scripts"]["course"] == "course.cli:main"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[set[str], Path, dict[str, bytes]]:
    """A wheel built from a copy of the checkout (package, tests, benchmarks, configuration): its names, the
    copy's package folder, and the text of its source and data files."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # build from a copy: the build writes build/ and *.egg-info next to the sources
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")
    for folder in ("course", "tests", "benchmarks"):
        shutil.copytree(ROOT / folder, src / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "nbgrader_config.py"):
        shutil.copy(ROOT / name, src / name)
    # An isolated build (it fetches setuptools>=68, which the project's build-system needs).
    if importlib.util.find_spec("build"):  # the dev extra installs `build`
        cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp)]
    else:
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp), "."]
    proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    with zipfile.ZipFile(next(tmp.glob("course-*.whl"))) as zf:
        names = set(zf.namelist())
        texts = {n: zf.read(n) for n in names if n.endswith((".py", ".ipynb", ".json"))}
    return names, src / "course", texts


@pytest.mark.slow
def test_wheel_holds_the_package_and_nothing_of_the_tests(wheel) -> None:
    names, package, texts = wheel
    modules = {f"course/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    assert modules and modules <= names, sorted(modules - names)
    for real in ("course/cli.py", "course/paths.py", "course/syllabus.py", "course/grading/preprocessors.py",
                 "course/grading/cells.py", "course/grading/pool.py", "course/grading/sandbox.py"):
        assert real in names, real
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/")) or "/tests/" in n]
    assert not [n for n in names if "synthetic" in n or "attack" in n]  # the synthetic-submission generator
    assert not [n for n, data in texts.items() if b"symlink trap" in data or b"def attack(" in data]
    assert not [n for n in names if n.endswith(".ipynb")]  # no notebook at all: lessons and attacks stay out


@pytest.mark.slow
def test_hint_json_ships_in_the_wheel(wheel) -> None:
    """package-data `**/*.json` puts the hint files into a built wheel."""
    names = wheel[0]
    for aid in hints.assignments():
        assert f"course/hints/{aid}.json" in names
