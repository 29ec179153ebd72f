"""Check and repair one submission before nbgrader sees it, so a broken notebook cannot stop the class.

`stage_submission` copies a trainee's submitted folder into a staging folder, one notebook at a time:
* refuses, with a reason the instructor can act on, an empty file, a file that is not JSON or not a notebook,
  a file too large to be a notebook, and a missing notebook (a single misnamed notebook is graded under the
  expected name, with a note);
* removes stored outputs (nbgrader clears them anyway; a huge output would only cost memory);
* repairs the nbgrader metadata that makes plain nbgrader 0.9 abort the WHOLE batch: emptied `nbgrader`
  metadata and a missing `schema_version` (SchemaTooOldError), and copy-pasted cells with a duplicated
  grade_id (nbgrader's DeduplicateIds empties the copy, then fails its own check);
* puts back deleted or untagged test cells from the release, so every test runs. Edited test cells are
  left for nbgrader: its checksums restore the original source. Each repair becomes a note in the summary.
  The release is that of the edition the trainee handed in (English or Chinese: course.grading.editions.detect,
  the same decision nbgrader's sanitising step makes), so a cell is put back in the trainee's language.
The trainee's original files are never changed.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.grading import cells, editions
from course.grading.cells import grade_id, nbgrader_meta, without_hidden

MAX_NOTEBOOK_MB = 256


@dataclass
class Preflight:
    """What staging found: `ok` False means the submission cannot be graded, and `reason` says why."""

    ok: bool = True
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # signs of tampering, for the summary and the CSV


def read_notebook(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    """The notebook at `path`, or None and the reason it cannot be read (empty, not JSON, not a notebook)."""
    size = path.stat().st_size
    if size == 0:
        return None, f"{path.name} is an empty file (0 bytes): the upload failed or the notebook was never saved"
    if size > MAX_NOTEBOOK_MB * 1024 * 1024:
        return None, (f"{path.name} is {size / 2**20:.0f} MB, more than {MAX_NOTEBOOK_MB} MB: clear its outputs "
                      "(Edit > Clear All Outputs) and hand it in again")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return None, (f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                      "the file is damaged: ask the trainee to hand in a fresh copy")
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        return None, f"{path.name} is JSON but not a Jupyter notebook (no list of cells)"
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # nbformat's own errors for impossible versions etc.
        return None, f"{path.name} is not a notebook nbformat can read: {exc}"
    return nb, ""


def _strip_outputs(nb, notes: list[str]) -> None:
    removed = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            removed += len(json.dumps(cell.get("outputs", [])))
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("collapsed", None)
    if removed > 1024 * 1024:
        notes.append(f"removed {removed / 2**20:.0f} MB of stored output")


def repair_metadata(nb, release) -> list[str]:
    """Repair the nbgrader metadata of `nb` in place against the `release` notebook; return notes."""
    notes: list[str] = []
    for i, cell in enumerate(nb.cells):
        md = cell.get("metadata", {}).get("nbgrader", None)
        if md is None:
            continue
        if not isinstance(md, dict) or not md.get("grade_id"):
            del cell.metadata["nbgrader"]
            notes.append(f"cell {i + 1} had emptied nbgrader metadata")
        elif "schema_version" not in md:
            md["schema_version"] = 3
            notes.append(f"cell {md['grade_id']} had no schema_version (set to 3)")
    # copy-pasted cells: keep the LAST copy tagged (what nbgrader's DeduplicateIds keeps)
    seen: set[str] = set()
    for cell in reversed(nb.cells):
        gid = grade_id(cell)
        if gid is None:
            continue
        if gid in seen:
            del cell.metadata["nbgrader"]
            notes.append(f"cell {gid} appears more than once (copy-pasted?): graded the last copy")
        seen.add(gid)
    if release is None:
        return notes
    rel_cells = cells.tagged(release.cells)
    known = {grade_id(c) for c in rel_cells}
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is not None and gid not in known:
            del cell.metadata["nbgrader"]
            notes.append(f"cell {gid} is not part of the assignment: treated as ordinary code")
    # put back what is missing, in release order, next to the previous tagged cell
    for k, rel in enumerate(rel_cells):
        gid = grade_id(rel)
        here = cells.index_of(nb, gid)
        if here is not None:
            if cells.is_test(rel) and without_hidden(nb.cells[here].source) != without_hidden(rel.source):
                notes.append(f"test cell {gid} was edited: nbgrader restored the original")
            continue
        prev_idx = -1
        for earlier in reversed(rel_cells[:k]):
            idx = cells.index_of(nb, grade_id(earlier))
            if idx is not None:
                prev_idx = idx
                break
        next_idx = len(nb.cells)
        for later in rel_cells[k + 1:]:
            idx = cells.index_of(nb, grade_id(later))
            if idx is not None and idx > prev_idx:
                next_idx = idx
                break
        between = [i for i in range(prev_idx + 1, next_idx)
                   if nbgrader_meta(nb.cells[i]) is None and nb.cells[i].cell_type == rel.cell_type]
        md = copy.deepcopy(nbgrader_meta(rel))
        same = [i for i in between if without_hidden(nb.cells[i].source) == without_hidden(rel.source)]
        if same:  # a test or text cell whose tag was lost
            nb.cells[same[0]].metadata["nbgrader"] = md
            notes.append(f"cell {gid} had lost its nbgrader metadata: restored")
        elif not cells.is_locked(rel) and between:  # the trainee's answer cell lost its tag: the last one
            nb.cells[between[-1]].metadata["nbgrader"] = md
            notes.append(f"answer cell {gid} had lost its nbgrader metadata: restored")
        else:
            new = copy.deepcopy(rel)
            new["id"] = f"restored-{gid}"[:64]
            if new.cell_type == "code":
                new["outputs"] = []
                new["execution_count"] = None
            nb.cells.insert(prev_idx + 1, new)
            kind = "test cell" if cells.is_test(rel) else "cell"
            notes.append(f"{kind} {gid} was deleted: put back from the release")
    return notes


def _unique_cell_ids(nb) -> None:
    """Copy-pasted cells share a cell id, which nbformat rejects: give every repeat a fresh id."""
    seen: set[str] = set()
    for i, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if cid is None:
            continue
        if cid in seen:
            cell["id"] = f"dup-{i}-{cid}"[:64]
        seen.add(cell["id"])


def _release_for(nb, release_dir: Path | Mapping[str, Path] | None, name: str):
    """The released notebook `name` of the edition `nb` is (the English one when only a folder is given)."""
    if release_dir is None:
        return None
    places = dict(release_dir) if isinstance(release_dir, Mapping) else {editions.ENGLISH: Path(release_dir)}
    refs, unavailable = editions.usable(places, name)
    if not refs:
        return None
    return refs[editions.detect(nb, refs, unavailable=unavailable).edition]


def stage_submission(src: Path, dest: Path, notebooks: list[str],
                     release_dir: Path | Mapping[str, Path] | None) -> Preflight:
    """Copy submission folder `src` to `dest`, checking and repairing each expected notebook (names without
    .ipynb); `release_dir` holds the released notebooks used to put back deleted cells (or maps each edition to
    its release folder: the trainee's edition is used)."""
    result = Preflight()
    if dest.exists():
        shutil.rmtree(dest)
    if not src.is_dir():
        return Preflight(False, f"no submission folder {src}")
    modules = sorted(p.name for p in src.iterdir() if p.suffix in (".py", ".pth", ".so", ".pyc")
                     or (p.is_dir() and (p / "__init__.py").exists()))
    if modules:
        result.flags.append(f"put Python modules beside the notebook ({', '.join(modules)}): not staged, "
                            "a submission's own modules are never imported when grading")
    shutil.copytree(src, dest, symlinks=False, ignore=shutil.ignore_patterns(
        "*.ipynb", ".ipynb_checkpoints", "__pycache__", "*.pyc", "*.py", "*.pth", "*.so", *modules))
    present = sorted(p for p in src.glob("*.ipynb") if p.is_file())
    expected = {f"{n}.ipynb" for n in notebooks}
    strays = [p for p in present if p.name not in expected]
    graded = 0
    for name in notebooks:
        path = src / f"{name}.ipynb"
        if not path.is_file():
            if len(notebooks) == 1 and len(strays) == 1:
                path = strays[0]
                result.notes.append(f"notebook was named {path.name}; graded it as {name}.ipynb")
            else:
                found = ", ".join(p.name for p in present) or "no notebook at all"
                result.notes.append(f"missing notebook {name}.ipynb (found: {found})")
                continue
        nb, why = read_notebook(path)
        if nb is None:
            result.notes.append(why)
            continue
        _strip_outputs(nb, result.notes)
        result.notes.extend(repair_metadata(nb, _release_for(nb, release_dir, name)))
        _unique_cell_ids(nb)
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, dest / f"{name}.ipynb")
        graded += 1
    if graded == 0:
        result.ok = False
        result.reason = "; ".join(result.notes) or "no notebook to grade"
        result.notes = []
    return result
