"""The committed releases leak nothing, in either edition: no hidden test and no solution of solutions/<id>/ is in
exercises/<id>/, none of solutions/zh/<id>/ in exercises/zh/<id>/ (static, no nbgrader run; that the releases are
exactly what nbgrader generates is checked by the round trips)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.exercises import IDS, ROOT

from course.grading import cells

EDITIONS = ("en", "zh")
SOLUTION = re.compile(r"^\s*#*\s*BEGIN SOLUTION\s*$(.*?)^\s*#*\s*END SOLUTION\s*$", re.M | re.S)


def paths(aid: str, edition: str) -> tuple[Path, Path]:
    """The source and the committed release of an assignment in an edition."""
    sub = Path(aid) if edition == "en" else Path(edition) / aid
    return ROOT / "solutions" / sub / f"{aid}.ipynb", ROOT / "exercises" / sub / f"{aid}.ipynb"


def sources(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def secrets(source_cells: list[str]) -> tuple[list[str], list[str]]:
    """(hidden-test lines, solution lines) of a source notebook that appear nowhere else in it: what its release
    must not hold (short lines and lines shared with the visible text, e.g. an import, are left out)."""
    hidden, solution = [], []
    for src in source_cells:
        hidden += [ln for ln in cells.hidden_code(src) if len(ln) > 12]
        for block in SOLUTION.findall(src):
            solution += [ln.strip() for ln in block.splitlines() if len(ln.strip()) > 12]
    public = "\n".join(SOLUTION.sub("", cells.without_hidden(src)) for src in source_cells)
    return [ln for ln in hidden if ln not in public], [ln for ln in solution if ln not in public]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("aid", IDS)
def test_release_holds_no_hidden_test_and_no_solution(aid: str, edition: str) -> None:
    source, release = paths(aid, edition)
    if not source.is_file():
        pytest.skip(f"{aid}: no {edition} edition yet ({source.relative_to(ROOT)})")
    assert release.is_file(), f"{release.relative_to(ROOT)} is missing: run `course exercises`"
    hidden, solution = secrets(sources(source))
    assert hidden and solution, f"{source.relative_to(ROOT)}: found no hidden test or solution to look for"
    text = "\n".join(sources(release))
    assert "BEGIN HIDDEN" not in text and "END HIDDEN" not in text, f"{release.relative_to(ROOT)}: hidden-test markers"
    assert "BEGIN SOLUTION" not in text, f"{release.relative_to(ROOT)}: a solution region"
    leaks = [ln for ln in hidden + solution if ln in text]
    assert not leaks, f"{release.relative_to(ROOT)} holds lines of the hidden tests or solutions: {leaks[:3]}"


@pytest.mark.parametrize("aid", IDS)
def test_the_chinese_release_says_its_edition(aid: str) -> None:
    source, release = paths(aid, "zh")
    if not source.is_file():
        pytest.skip(f"{aid}: no Chinese edition yet ({source.relative_to(ROOT)})")
    assert release.is_file(), f"{release.relative_to(ROOT)} is missing: run `course exercises`"
    meta = json.loads(release.read_text(encoding="utf-8"))["metadata"]
    assert meta.get("course", {}).get("lang") == "zh", f"{release.relative_to(ROOT)}: no course.lang = zh metadata"
    en_meta = json.loads(paths(aid, "en")[1].read_text(encoding="utf-8"))["metadata"]
    assert en_meta.get("course", {}).get("lang", "en") == "en"


def test_the_leak_check_finds_a_leak() -> None:
    """The detector itself: a release that kept a hidden line or a solution line is caught."""
    src = ["### BEGIN SOLUTION\nanswer = compute_the_answer(data)\n### END SOLUTION",
           "check(answer)\n### BEGIN HIDDEN TESTS\nassert answer == expected_value_42\n### END HIDDEN TESTS"]
    hidden, solution = secrets(src)
    assert hidden == ["assert answer == expected_value_42"] and solution == ["answer = compute_the_answer(data)"]
