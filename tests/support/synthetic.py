"""Synthetic classes for the grading tests and benchmark: good, blank, partial and deliberately broken
submissions made from an assignment's solution (instructor) and release (trainee) notebooks, and an attacker.

`BROKEN` lists each kind of bad submission `course grade` must survive; `make_class` writes a class in
nbgrader's submitted layout. Nothing here is committed as a fixture: everything is generated on the fly. It
lives with the tests, not in the installed package (tests/test_packaging.py checks the wheel).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import nbformat

from course.grading.cells import answer_ids, index_of, test_ids

# kind -> what the grader must do with it
BROKEN = {
    "loop": "graded: the looping cell is interrupted (cell timeout), the other questions still count",
    "stubborn_loop": "failed: a loop that swallows interrupts is stopped at the notebook timeout / CPU limit",
    "crash": "failed: os._exit kills the kernel",
    "invalid_json": "failed: not valid JSON",
    "empty": "failed: empty file",
    "missing": "failed: no notebook in the submission",
    "misnamed": "graded: the only notebook, misnamed, is graded under the right name",
    "edited_test": "graded: nbgrader's checksum restores the edited test, so the wrong answer still fails",
    "deleted_test": "graded: the deleted test cell is put back",
    "duplicate_cell": "graded: a copy-pasted answer cell does not abort anything",
    "emptied_metadata": "graded: emptied nbgrader metadata is repaired",
    "no_schema": "graded: a missing schema_version is repaired",
    "huge_output": "graded: a 20 MB stored output and a 5 MB printed line are cut down",
}


def _dump(nb) -> bytes:
    return nbformat.writes(nb).encode("utf-8")


def good(sol, rel) -> bytes:
    """The instructor's solution handed in as a trainee's notebook: every auto-graded question right."""
    return _dump(sol)


def blank(sol, rel) -> bytes:
    """The release handed in untouched: every answer raises NotImplementedError."""
    return _dump(rel)


def partial(sol, rel, k: int = 1) -> bytes:
    """The release with only the first `k` answers filled in from the solution."""
    nb = copy.deepcopy(rel)
    for gid in answer_ids(rel)[:k]:
        nb.cells[index_of(nb, gid)].source = sol.cells[index_of(sol, gid)].source
    return _dump(nb)


def _with_answer(sol, gid: str, code: str, before: bool = True) -> nbformat.NotebookNode:
    nb = copy.deepcopy(sol)
    cell = nb.cells[index_of(nb, gid)]
    cell.source = (code + "\n" + cell.source) if before else (cell.source + "\n" + code)
    return nb


def loop(sol, rel) -> bytes:
    gid = answer_ids(sol)[1]
    return _dump(_with_answer(sol, gid, "while True:\n    pass"))


def stubborn_loop(sol, rel) -> bytes:
    gid = answer_ids(sol)[0]
    code = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"
    return _dump(_with_answer(sol, gid, code))


def crash(sol, rel) -> bytes:
    gid = answer_ids(sol)[0]
    return _dump(_with_answer(sol, gid, "import os\nos._exit(3)"))


def invalid_json(sol, rel) -> bytes:
    return _dump(sol)[: len(_dump(sol)) // 2]  # a truncated upload


def empty(sol, rel) -> bytes:
    return b""


def edited_test(sol, rel) -> bytes:
    """Release (wrong answers) whose first test cell was replaced by one that always passes."""
    nb = copy.deepcopy(rel)
    nb.cells[index_of(nb, test_ids(rel)[0])].source = "print('all good')"
    ans = answer_ids(rel)[0]
    nb.cells[index_of(nb, ans)].source = "# I give up\n"
    return _dump(nb)


def deleted_test(sol, rel) -> bytes:
    nb = copy.deepcopy(sol)
    del nb.cells[index_of(nb, test_ids(sol)[1])]
    return _dump(nb)


def duplicate_cell(sol, rel) -> bytes:
    nb = copy.deepcopy(sol)
    i = index_of(nb, answer_ids(sol)[0])
    twin = copy.deepcopy(nb.cells[i])
    twin["id"] = "pasted-copy"  # JupyterLab gives a pasted cell a new id, and keeps its nbgrader metadata
    nb.cells.insert(i + 1, twin)
    return _dump(nb)


def emptied_metadata(sol, rel) -> bytes:
    nb = copy.deepcopy(sol)
    nb.cells[index_of(nb, answer_ids(sol)[2])].metadata = {"nbgrader": {}}
    nb.cells[index_of(nb, test_ids(sol)[-1])].metadata = {}
    return _dump(nb)


def no_schema(sol, rel) -> bytes:
    nb = copy.deepcopy(sol)
    for cell in nb.cells:
        (cell.metadata.get("nbgrader") or {}).pop("schema_version", None)
    return _dump(nb)


def huge_output(sol, rel) -> bytes:
    nb = _with_answer(sol, answer_ids(sol)[0], "print('x' * 5_000_000)", before=False)
    cell = nb.cells[index_of(nb, answer_ids(sol)[0])]
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * 20_000_000)]
    return _dump(nb)


def attack(sol, rel, targets: dict[str, str]) -> bytes:
    """A correct notebook whose first answer also tries to damage the class; it prints what worked.

    `targets`: gradebook (file), other (another trainee's notebook), hidden (a source notebook with the
    hidden tests), autograded (the folder of autograded copies)."""
    code = f"""
import os, sqlite3
_report = []
def _try(label, fn):
    try:
        fn()
        _report.append(label + ': DONE')
    except Exception as exc:
        _report.append(label + ': blocked (' + type(exc).__name__ + ')')
_try('append to gradebook', lambda: open({targets['gradebook']!r}, 'ab').write(b'garbage'))
_try('sql on gradebook', lambda: sqlite3.connect({targets['gradebook']!r}).execute(
    'UPDATE grade SET auto_score = 999').connection.commit())
_try('overwrite other trainee', lambda: open({targets['other']!r}, 'w').write('{{}}'))
_try('read hidden tests', lambda: open({targets['hidden']!r}).read())
_try('list autograded', lambda: os.listdir({targets['autograded']!r}))
_try('symlink trap', lambda: os.symlink({targets['gradebook']!r}, {Path(targets['hidden']).name!r}))
print('\\n'.join(_report))
"""
    return _dump(_with_answer(sol, answer_ids(sol)[0], code, before=False))


KINDS: dict[str, Callable] = {"good": good, "blank": blank, "partial": partial, "loop": loop,
                               "stubborn_loop": stubborn_loop, "crash": crash, "invalid_json": invalid_json,
                               "empty": empty, "edited_test": edited_test, "deleted_test": deleted_test,
                               "duplicate_cell": duplicate_cell, "emptied_metadata": emptied_metadata,
                               "no_schema": no_schema, "huge_output": huge_output}


def write_submission(submitted: Path, student: str, assignment: str, notebook: str, data: bytes | None,
                     filename: str | None = None) -> Path:
    """Write one trainee's submission folder (data None: a folder without any notebook)."""
    folder = submitted / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.ipynb"):
        old.unlink()
    (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000")
    if data is None:
        (folder / "notes.txt").write_text("I forgot to attach my notebook")
        return folder
    path = folder / (filename or f"{notebook}.ipynb")
    path.write_bytes(data)
    return path


def load_pair(source_nb: Path, release_nb: Path):
    """The solution and release notebooks of an assignment, read with nbformat."""
    return nbformat.read(source_nb, as_version=4), nbformat.read(release_nb, as_version=4)


def make_class(submitted: Path, assignment: str, notebook: str, sol, rel, kinds: list[str]) -> dict[str, str]:
    """Write one submission per entry of `kinds` (student ids `s000-<kind>`, ...); return id -> kind."""
    out = {}
    for i, kind in enumerate(kinds):
        student = f"s{i:03d}-{kind.replace('_', '-')}"
        if kind == "missing":
            write_submission(submitted, student, assignment, notebook, None)
        elif kind == "misnamed":
            write_submission(submitted, student, assignment, notebook, good(sol, rel), "Untitled.ipynb")
        else:
            write_submission(submitted, student, assignment, notebook, KINDS[kind](sol, rel))
        out[student] = kind
    return out


def benchmark_kinds(n: int) -> list[str]:
    """N submissions as a class looks: mostly good or partial answers, a few broken ones (one in ten)."""
    broken = ["invalid_json", "crash", "no_schema", "duplicate_cell", "empty", "deleted_test"]
    kinds = []
    for i in range(n):
        if i % 10 == 9:
            kinds.append(broken[(i // 10) % len(broken)])
        else:
            kinds.append(["good", "partial", "good", "blank"][i % 4])
    return kinds


def describe(kinds: list[str]) -> str:
    counts: dict[str, int] = {}
    for k in kinds:
        counts[k] = counts.get(k, 0) + 1
    return json.dumps(counts)
