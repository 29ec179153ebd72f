"""Turn a learning-management-system export (a zip or a folder of files named by trainee) into nbgrader's
submitted layout: submitted/<trainee-id>/<assignment>/<notebook>.ipynb (+ timestamp.txt).

Recognised names (the trainee id is what nbgrader will use; characters other than letters, digits, `.`, `_`
and `-` become `_`):
* `<id>.ipynb`, or `<id>_<notebook>.ipynb` / `<id>-<notebook>.ipynb` (any spelling of the notebook name);
* Canvas: `<login>_<user-number>_<submission-number>_<original name>.ipynb` (also with `_LATE_`) -> `<login>`;
* Moodle: a folder `<Full Name>_<number>_assignsubmission_file_/` holding the notebook -> `<number>`;
* any folder `<id>/` holding the notebook (and other files, which are kept next to it).
Everything else (not a notebook, hidden files, `__MACOSX/`) is skipped with a message saying why.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

MAX_MEMBER_MB = 256
SAFE = re.compile(r"[^A-Za-z0-9._-]+")
CANVAS = re.compile(r"^(?P<login>[A-Za-z0-9.\-]+?)(?:_LATE)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<rest>.+)$")
MOODLE_DIR = re.compile(r"^(?P<name>.+?)_(?P<num>\d+)_assignsubmission_(?:file|onlinetext)_?$")


class ImportError_(ValueError):
    """The export cannot be imported at all (not a zip, no notebook in it): the message says what to do."""


@dataclass
class ImportReport:
    """Who was imported (trainee id -> files written) and what was skipped, with the reason."""

    imported: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"imported {len(self.imported)} trainee(s)"]
        out += [f"  skipped {name}: {why}" for name, why in self.skipped]
        return out


def safe_id(text: str) -> str:
    """A trainee id nbgrader accepts as a folder name."""
    out = SAFE.sub("_", text.strip()).strip("._-")
    return out or "unknown"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def trainee_for(path: PurePosixPath, notebooks: list[str]) -> tuple[str | None, str, str]:
    """(trainee id, notebook name to store, why-not) for one file of an export, path relative to its root."""
    parts = [p for p in path.parts if p not in ("", ".")]
    name = parts[-1]
    stem = name[:-len(".ipynb")] if name.lower().endswith(".ipynb") else None
    if stem is None:
        if len(parts) >= 2:  # a data file next to the notebook in a per-trainee folder
            return _folder_id(parts[-2]), name, ""
        return None, name, "not a notebook (.ipynb) and not inside a trainee's folder"
    target = notebooks[0] if len(notebooks) == 1 else None
    for nb in notebooks:
        if _norm(nb) and _norm(nb) in _norm(stem):
            target = nb
    if target is None:
        return None, name, f"cannot tell which notebook this is (expected one of: {', '.join(notebooks)})"
    if len(parts) >= 2:
        return _folder_id(parts[-2]), f"{target}.ipynb", ""
    m = CANVAS.match(stem)
    if m:
        return safe_id(m["login"]), f"{target}.ipynb", ""
    trainee = stem
    for nb in sorted(notebooks, key=len, reverse=True):
        low, key = stem.lower(), nb.lower()
        if low.endswith(key) and len(stem) > len(nb):
            trainee = stem[:-len(nb)].rstrip("_- .")
            break
        if low == key:
            return None, name, "named like the assignment itself: the file name must start with the trainee id"
    return safe_id(trainee), f"{target}.ipynb", ""


def _folder_id(folder: str) -> str:
    m = MOODLE_DIR.match(folder)
    return safe_id(m["num"] if m else folder)


def _skip_silently(parts: tuple[str, ...]) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" or p == ".ipynb_checkpoints" for p in parts)


def _members(source: Path):
    """(relative path, reader, timestamp) for every file of a zip or folder export."""
    if source.is_dir():
        for p in sorted(source.rglob("*")):
            if p.is_file():
                rel = PurePosixPath(p.relative_to(source).as_posix())
                yield rel, p.read_bytes, datetime.fromtimestamp(p.stat().st_mtime), p.stat().st_size
        return
    if not zipfile.is_zipfile(source):
        raise ImportError_(f"{source} is not a zip file (nor a folder): pass the export the LMS gave you")
    with zipfile.ZipFile(source) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            rel = PurePosixPath(info.filename.replace("\\", "/"))
            # never trust paths inside an archive: only the names are used, never written as given
            rel = PurePosixPath(*[p for p in rel.parts if p not in ("..", "/", "")])
            data = zf.read(info) if info.file_size <= MAX_MEMBER_MB * 1024 * 1024 else b""
            yield rel, (lambda d=data: d), datetime(*info.date_time), info.file_size


def import_export(source: Path, submitted: Path, assignment: str, notebooks: list[str]) -> ImportReport:
    """Copy each trainee's notebook from an LMS export (zip or folder) to
    submitted/<id>/<assignment>/, with the export's file time as nbgrader's timestamp.txt."""
    source = Path(source)
    if not source.exists():
        raise ImportError_(f"{source} does not exist")
    report = ImportReport()
    chosen: dict[tuple[str, str], tuple] = {}
    extras: dict[str, list[tuple]] = {}
    for rel, read, stamp, size in _members(source):
        if _skip_silently(rel.parts):
            continue
        trainee, target, why = trainee_for(rel, notebooks)
        if trainee is None:
            report.skipped.append((str(rel), why))
            continue
        if size > MAX_MEMBER_MB * 1024 * 1024:
            report.skipped.append((str(rel), f"larger than {MAX_MEMBER_MB} MB"))
            continue
        if not target.endswith(".ipynb"):
            extras.setdefault(trainee, []).append((rel, read, stamp, target))
            continue
        key = (trainee, target)
        if key in chosen:
            old = chosen[key]
            keep, drop = (old, (rel, read, stamp)) if old[2] >= stamp else ((rel, read, stamp), old)
            report.skipped.append((str(drop[0]), f"{trainee} handed in more than one {target}: kept the newer "
                                   f"{keep[0]}"))
            chosen[key] = keep
        else:
            chosen[key] = (rel, read, stamp)
    if not chosen:
        raise ImportError_(f"no notebook for {assignment} found in {source} "
                           f"({len(report.skipped)} file(s) skipped: see the list above)"
                           + "".join(f"\n  {n}: {w}" for n, w in report.skipped[:20]))
    for (trainee, target), (_rel, read, stamp) in sorted(chosen.items()):
        dest = submitted / trainee / assignment
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        (dest / target).write_bytes(read())
        (dest / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f"))
        report.imported.setdefault(trainee, []).append(target)
        for _rel, read_extra, _stamp, fname in extras.get(trainee, []):
            if fname in ("timestamp.txt",) or fname.endswith(".ipynb"):
                continue
            (dest / safe_id(fname)).write_bytes(read_extra())
            report.imported[trainee].append(safe_id(fname))
    for trainee, items in extras.items():
        if trainee not in report.imported:
            report.skipped.extend((str(r), f"no notebook from {trainee}") for r, *_ in items)
    return report
