"""What to run on the self-study site's runtime: every lesson's code cells, and every exercise with the solution
pasted in (from solutions/, which the site never holds), as the Node harness (harness.mjs) and the Chromium
tests (tests/browser/test_lite.py) both run them."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def nbgrader_id(cell: dict) -> str | None:
    return (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")


def is_solution(cell: dict) -> bool:
    return bool((cell.get("metadata", {}).get("nbgrader") or {}).get("solution"))


def solution_sources(exercise: Path, root: Path = ROOT) -> dict[str, str]:
    """grade_id → the solution notebook's source, for the solution cells of `exercise` (a notebook of the site
    or of the repo under exercises/NN-slug/ or exercises/zh/NN-slug/)."""
    edition = ("zh",) if exercise.parent.parent.name == "zh" else ()  # exercises/zh/NN-slug/ -> solutions/zh/NN-slug/
    sol = root.joinpath("solutions", *edition, exercise.parent.name, exercise.name)
    nb = json.loads(sol.read_text(encoding="utf-8"))
    return {nbgrader_id(c): "".join(c["source"]) for c in nb["cells"] if is_solution(c) and nbgrader_id(c)}


def is_exercise(nb_path: Path) -> bool:
    """exercises/NN-slug/NN-slug.ipynb or exercises/zh/NN-slug/NN-slug.ipynb."""
    return nb_path.parent.parent.name == "exercises" or nb_path.parent.parent.parent.name == "exercises" and \
        nb_path.parent.parent.name == "zh"


def passed_line(qid: str, path: str | Path) -> str:
    """The line a visible check prints when it passes, in the notebook's language (course.checks.passed)."""
    from course import checks, i18n

    with i18n.language("zh" if "/zh/" in Path(path).as_posix() else "en"):
        return checks._("✔ {qid}: visible checks passed").format(qid=qid)


def code_cells(nb_path: Path, skip_marker: str | None, root: Path = ROOT) -> list[dict]:
    """The notebook's code cells to run, in order: [{"id", "source", "check"}]. The cell whose id is
    `skip_marker` (the site's install cell) is left out; in an exercise each solution cell gets the solution's
    code, and `check` marks nbgrader's test cells (the visible checks)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    exercise = is_exercise(nb_path)
    solutions = solution_sources(nb_path, root) if exercise else {}
    cells = []
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] != "code" or (skip_marker and c.get("id") == skip_marker):
            continue
        src = "".join(c["source"])
        gid = nbgrader_id(c)
        if exercise and is_solution(c):
            if gid not in solutions:
                raise KeyError(f"{nb_path.name}: no solution for {gid}")
            src = solutions[gid]
        if src.strip():
            grade = bool((c.get("metadata", {}).get("nbgrader") or {}).get("grade"))
            cells.append({"id": c.get("id") or gid or str(i), "source": src, "check": exercise and grade})
    return cells


def site_notebooks(site: Path) -> list[Path]:
    """Every notebook of the built site: lessons (each language folder) and exercises."""
    files = site / "files"
    return sorted(p for d in ("lessons", "exercises") for p in (files / d).rglob("*.ipynb"))


def plan(site: Path, packages: list[str], skip_marker: str, root: Path = ROOT) -> dict:
    """The harness's plan for every notebook of the site."""
    files = site / "files"
    notebooks = []
    for nb in site_notebooks(site):
        rel = nb.relative_to(files)
        notebooks.append({"name": rel.as_posix(), "cwd": rel.parent.as_posix(),
                          "cells": code_cells(nb, skip_marker, root)})
    return {"packages": packages, "notebooks": notebooks}
