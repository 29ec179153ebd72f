"""The editions of an exercise: where each one's notebooks live, and which one a trainee handed in.

An exercise comes in the English edition (source solutions/<aid>/, release exercises/<aid>/) and in a Chinese one
(solutions/zh/<aid>/, exercises/zh/<aid>/), with the same code, the same nbgrader cells and the same hidden tests
(tests/test_editions.py). A trainee hands in either at the same path. The gradebook knows one assignment per
module, registered from the English source; the `zh` folders are never an assignment (`hide_edition_folders`).

`detect` decides which edition a submission is graded as. The notebook's own word (metadata `course.lang`, which
the Chinese release carries) is only a claim: the evidence is which edition's locked cells (question texts,
setup, tests) the notebook holds. A claim the cells contradict, an unknown value, an edition the assignment does
not have, missing metadata on a Chinese notebook, cells mixed from both editions, or edited locked cells of a
Chinese notebook are flagged; the notebook is then graded as the edition its cells are from. Every locked cell
is restored from that edition's source either way and the hidden tests are the same code, so no claim changes a
mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from course.grading import cells
from course.i18n import LANGUAGES, normalise

ENGLISH = "en"
EDITIONS: tuple[str, ...] = tuple(LANGUAGES)
"""Edition codes: 'en' (the notebooks at the top level) and 'zh' (in a zh/ folder beside them)."""
FOLDERS: dict[str, str] = {e: e for e in EDITIONS if e != ENGLISH}
"""Edition -> the folder under solutions/ and exercises/ that holds its notebooks (English has none)."""
NAMES = {"en": "English", "zh": "Chinese"}
STUBS: dict[str, dict[str, str]] = {
    "zh": {"code": "# 在这里写你的代码\nraise NotImplementedError()", "text": "请在这里作答（中文或英文均可）。"},
}
"""What nbgrader's ClearSolutions leaves in an answer cell of a release, per non-English edition (English: nbgrader's
own "# YOUR CODE HERE" / "YOUR ANSWER HERE"). The code stub still raises NotImplementedError: that is how an
unanswered question is told apart."""
METADATA_KEY = "course"  # notebook metadata: {"course": {"lang": "zh"}}


def folder(base: Path, assignment: str, edition: str = ENGLISH) -> Path:
    """The folder of `assignment` in `edition` below `base` (solutions/ or exercises/)."""
    edition = normalise(edition)
    return Path(base) / assignment if edition == ENGLISH else Path(base) / FOLDERS[edition] / assignment


def is_edition_folder(name: str) -> bool:
    """True for the name of an edition folder (zh), which is never an assignment."""
    return name in FOLDERS.values()


def assignments_of(base: Path, edition: str = ENGLISH) -> list[str]:
    """The assignments of `edition` below `base` (solutions/ or exercises/): folders <id> holding <id>.ipynb."""
    top = Path(base) if normalise(edition) == ENGLISH else Path(base) / FOLDERS[normalise(edition)]
    if not top.is_dir():
        return []
    return sorted(p.name for p in top.iterdir()
                  if p.is_dir() and not is_edition_folder(p.name) and (p / f"{p.name}.ipynb").is_file())


# ------------------------------------------------------------------------------------------------ structure
def grade_structure(nb) -> list[tuple]:
    """(cell type, grade_id, grade, solution, locked, points) of every nbgrader cell, in order: what must be the
    same in two editions for one gradebook to grade both."""
    out = []
    for c in nb.cells:
        md = cells.nbgrader_meta(c)
        if md and md.get("grade_id"):
            out.append((c.get("cell_type"), md.get("grade_id"), bool(md.get("grade")), bool(md.get("solution")),
                        bool(md.get("locked")), float(md.get("points") or 0) if md.get("grade") else 0.0))
    return out


def locked_texts(nb) -> dict[str, str]:
    """grade_id -> the text of each locked nbgrader cell (hidden tests left out, so a source and its release
    compare equal); the locked cells are those a trainee cannot change without tampering."""
    return {cells.grade_id(c): cells.without_hidden(_source(c)) for c in nb.cells
            if cells.grade_id(c) and cells.is_locked(c)}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src or "")


# ------------------------------------------------------------------------------------------------ claims
CLAIMS = {"en": "en", "en_us": "en", "en_gb": "en", "zh": "zh", "zh_cn": "zh", "zh_hans": "zh"}
"""The values of metadata course.lang taken as an edition (case and - or _ aside); anything else is odd."""


def claim(nb) -> tuple[str | None, str | None]:
    """(what the notebook says its edition is, shown for a message; the edition code, or None when the value is
    missing or not an edition). English notebooks carry no metadata: (None, None)."""
    meta = (nb.get("metadata") or {}).get(METADATA_KEY)
    if meta is None:
        return None, None
    if not isinstance(meta, Mapping):
        return _show(meta), None
    if "lang" not in meta:
        return None, None
    raw = meta.get("lang")
    code = CLAIMS.get(raw.strip().lower().replace("-", "_")) if isinstance(raw, str) else None
    return _show(raw), code


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Detected:
    """The edition a submission is graded as, what it claimed, and what was odd about it (flags)."""

    edition: str
    claimed: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    matches: Mapping[str, int] = field(default_factory=dict)


def detect(nb, references: Mapping[str, object], unavailable: Mapping[str, str] | None = None) -> Detected:
    """The edition to grade `nb` as, given the `references` (edition -> its source or release notebook) that this
    assignment has; `unavailable` maps an edition that exists but cannot be used to the reason (flagged when
    claimed). English is always among the references."""
    unavailable = dict(unavailable or {})
    raw, code = claim(nb)
    texts = {e: locked_texts(ref) for e, ref in references.items()}
    mine = {cells.grade_id(c): cells.without_hidden(_source(c)) for c in nb.cells if cells.grade_id(c)}
    # only the cells whose text differs between the editions say which one this is
    ids = set().union(*(set(t) for t in texts.values())) if texts else set()
    telling = {g for g in ids if len({texts[e].get(g) for e in texts}) > 1}
    matches = {e: sum(1 for g in telling if g in mine and mine[g] == t.get(g)) for e, t in texts.items()}
    flags: list[str] = []

    def named(e: str) -> str:
        return f"the {NAMES.get(e, e)} edition"

    best = max(sorted(matches), key=lambda e: (matches[e], e == code, e == ENGLISH)) if matches else ENGLISH
    if raw is not None and code is None:
        edition = best
        flags.append(f"the notebook's edition (metadata course.lang) is {raw}, not one of "
                     f"{', '.join(EDITIONS)}: graded as {named(edition)} its cells are from")
    elif code is not None and code not in references:
        edition = best
        reason = unavailable.get(code) or f"this assignment has no {NAMES.get(code, code)} edition"
        flags.append(f"the notebook says course.lang={raw}, but {reason}: graded as {named(edition)}")
    elif code is not None and matches.get(code, 0) < matches.get(best, 0):
        edition = best
        flags.append(f"the notebook says course.lang={raw}, but its locked cells are {named(best)}'s "
                     f"({matches[best]} of {len(telling)}): graded as {named(best)}")
    elif code is None and best != ENGLISH and matches.get(best, 0) > matches.get(ENGLISH, 0):
        edition = best
        flags.append(f"the notebook has no edition metadata (course.lang), but its locked cells are "
                     f"{named(best)}'s: graded as {named(best)}")
    else:
        edition = code or ENGLISH
    if edition in texts:
        others = sorted(g for g in telling if g in mine and mine[g] != texts[edition].get(g)
                        and any(mine[g] == texts[e].get(g) for e in texts if e != edition))
        if others and not flags:
            flags.append(f"locked cells of another edition ({', '.join(others[:6])}) in a notebook graded "
                         f"as {named(edition)}: restored from its source")
        if edition != ENGLISH or code not in (None, ENGLISH):
            edited = sorted(g for g, text in texts[edition].items() if g in mine and mine[g] != text
                            and not any(mine[g] == texts[e].get(g) for e in texts))
            if edited:
                flags.append(f"locked cells edited ({', '.join(edited[:6])}) in a notebook of "
                             f"{named(edition)}: restored from its source, the edits do not count")
    return Detected(edition, raw, tuple(flags), matches)


# ------------------------------------------------------------------------------------------------ notebook metadata
def mark(nb, detected: Detected) -> None:
    """Record in the graded notebook which edition it was graded as and what was flagged, replacing whatever the
    submission itself held under metadata `course` (a trainee's own `course` metadata is never kept)."""
    nb.metadata[METADATA_KEY] = {"lang": detected.edition, "edition_flags": list(detected.flags)}


def graded_edition(nb) -> str:
    """The edition a graded notebook was graded as (metadata written by `mark`); English when it says nothing
    usable."""
    raw, code = claim(nb)
    return code or ENGLISH


def edition_flags(nb) -> list[str]:
    """What `mark` recorded as odd about the edition of a graded notebook."""
    meta = (nb.get("metadata") or {}).get(METADATA_KEY) or {}
    found = meta.get("edition_flags", []) if isinstance(meta, Mapping) else []
    return [str(f)[:300] for f in found if isinstance(f, str)] if isinstance(found, list) else []


# ------------------------------------------------------------------------------------------------ nbgrader
def hide_edition_folders() -> None:
    """Keep nbgrader (its API and so the Formgrader) from listing an edition folder (solutions/zh/) as a source
    assignment. Called from nbgrader_config.py, which every nbgrader application loads; idempotent."""
    from nbgrader.apps.api import NbGraderAPI

    original = NbGraderAPI.get_source_assignments
    if getattr(original, "_course_editions", False):
        return

    def get_source_assignments(self):
        return {a for a in original(self) if not is_edition_folder(a)}

    get_source_assignments.__doc__ = original.__doc__
    get_source_assignments.__wrapped__ = original  # type: ignore[attr-defined]  (nbgrader's own, for the tests)
    get_source_assignments._course_editions = True  # type: ignore[attr-defined]
    NbGraderAPI.get_source_assignments = get_source_assignments


# ------------------------------------------------------------------------------------------------ sources
def source_path(root: Path, source_directory: str, assignment: str, notebook: str, edition: str = ENGLISH) -> Path:
    """Where the source notebook (hidden tests included) of `notebook` in `edition` lives."""
    return folder(Path(root) / source_directory, assignment, edition) / f"{notebook}.ipynb"


def folders(base: Path, assignment: str) -> dict[str, Path]:
    """Edition -> the folder of `assignment` below `base` (solutions/ or exercises/), for every edition."""
    return {e: folder(base, assignment, e) for e in EDITIONS}


def usable(places: Mapping[str, Path], notebook: str) -> tuple[dict[str, object], dict[str, str]]:
    """The notebooks of every edition that can be graded against ({edition: notebook}: English, and each other
    edition present whose nbgrader cells are the English one's), and the editions present that cannot be
    ({edition: why}). `places` maps an edition to the folder holding its <notebook>.ipynb."""
    import nbformat

    refs: dict[str, object] = {}
    unavailable: dict[str, str] = {}
    en = Path(places[ENGLISH]) / f"{notebook}.ipynb"
    if not en.is_file():
        return refs, unavailable
    refs[ENGLISH] = nbformat.read(str(en), as_version=4)
    for edition, where in places.items():
        path = Path(where) / f"{notebook}.ipynb"
        if edition == ENGLISH or not path.is_file():
            continue
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception as exc:  # nbformat raises many kinds; the edition is then left out, and said so
            unavailable[edition] = f"its {NAMES[edition]} notebook {path} cannot be read ({type(exc).__name__})"
            continue
        if grade_structure(nb) != grade_structure(refs[ENGLISH]):
            unavailable[edition] = (f"its {NAMES[edition]} notebook {path} has other nbgrader cells (ids, points, "
                                    "flags) than the English one (run tests/test_editions.py)")
            continue
        refs[edition] = nb
    return refs, unavailable


def sources(root: Path, source_directory: str, assignment: str, notebook: str
            ) -> tuple[dict[str, object], dict[str, str]]:
    """`usable` for the source notebooks (hidden tests included) of one notebook of an assignment: English
    always (FileNotFoundError when it is missing)."""
    places = folders(Path(root) / source_directory, assignment)
    refs, unavailable = usable(places, notebook)
    if ENGLISH not in refs:
        raise FileNotFoundError(f"grading needs the source notebook {places[ENGLISH] / (notebook + '.ipynb')}: it is "
                                "missing. Grade from the course root that holds solutions/.")
    return refs, unavailable


@dataclass(frozen=True)
class SourceCell:
    """What nbgrader's SaveCells records of a source cell in the gradebook (name, type, locked, source,
    checksum), for an edition the gradebook does not hold."""

    name: str
    cell_type: str
    locked: bool
    source: str
    checksum: str | None


def stub_flags(edition: str) -> list[str]:
    """nbgrader command-line options that give a release of `edition` its answer stubs ([] for English; a plain
    string is ClearSolutions' stub for python)."""
    stubs = STUBS.get(edition)
    if not stubs:
        return []
    return [f"--ClearSolutions.code_stub={stubs['code']}", f"--ClearSolutions.text_stub={stubs['text']}"]


def stub_config(edition: str, config=None):
    """`config` (a traitlets Config, or none) with the answer stubs of `edition`, as `stub_flags` sets them."""
    import copy

    from traitlets.config import Config

    out = copy.deepcopy(config) if config is not None else Config()
    stubs = STUBS.get(edition)
    if stubs:
        out.ClearSolutions.code_stub = {"python": stubs["code"]}
        out.ClearSolutions.text_stub = stubs["text"]
    return out


def source_cells(nb, config=None, edition: str = ENGLISH) -> dict[str, SourceCell]:
    """grade_id -> the source cell as `nbgrader generate_assignment` records it from this source notebook of
    `edition` (its answer stubs included): nbgrader's own LockCells, ClearSolutions, ClearOutput and
    ComputeChecksums on a copy, then SaveCells' fields."""
    import copy

    from nbgrader import utils
    from nbgrader.preprocessors import ClearOutput, ClearSolutions, ComputeChecksums, LockCells

    work = copy.deepcopy(nb)
    resources: dict = {}
    config = stub_config(edition, config)
    for kind in (LockCells, ClearSolutions, ClearOutput, ComputeChecksums):
        pp = kind(config=config)
        work, resources = pp.preprocess(work, resources)
    out = {}
    for cell in work.cells:
        gid = cells.grade_id(cell)
        if gid:
            out[gid] = SourceCell(gid, cell.cell_type, utils.is_locked(cell), cell.source,
                                  cell.metadata.nbgrader.get("checksum"))
    return out
