"""Turn a learning-management-system export (a zip or a folder) into nbgrader's submitted layout:
submitted/<trainee-id>/<assignment>/<notebook>.ipynb + timestamp.txt, by the LMS's own identity, never by trust.

Trainee ids (nbgrader's student id, the folder name under submitted/):
* Canvas `<name>_<user id>_<submission id>_<file>.ipynb` (or `<name>_LATE_<user id>_...`) -> `canvas-<user id>`;
  the `_LATE_` flag makes the submission late;
* Moodle folder `<Full Name>_<participant id>_assignsubmission_file_/<file>.ipynb` (or the same name flat,
  `<Full Name>_<participant id>_assignsubmission_file_<file>.ipynb`) -> `moodle-<participant id>`;
* plain `<trainee>.ipynb`, `<trainee>_<notebook>.ipynb` / `<trainee>-<notebook>.ipynb`, or
  `<trainee>/<notebook>.ipynb` -> `<trainee>` exactly as written (non-ASCII, spaces kept; Unicode NFC). A name
  that cannot be an nbgrader folder id as it is (`/`, `\\`, NUL and other control characters, the glob
  characters `* ? [ ]` nbgrader's path lookup would expand, a leading dot, leading/trailing blanks, more than
  MAX_ID_BYTES bytes, or the shape `canvas-<digits>` / `moodle-<digits>` reserved for LMS ids) becomes a
  readable form of it plus `-` and 8 hex digits of the SHA-256 of the original name: deterministic, the same
  in every export, and two different names never share an id (`a b` and `a_b` stay `a b` and `a_b`). If two
  different trainees still end up with ids equal up to upper/lower case (they would share one folder on a
  case-insensitive disk), both are refused, naming each other.
The LMS's name for the trainee (original characters) is kept as `display_name` for the CSV.

Refused, with a reason naming the file and the trainee and saying what to do, and never followed or written:
symbolic links (and other non-regular files, and hard-linked files) in a folder export, symlink entries in a
zip, zip members with an absolute path or `..` (zip slip), unreadable or oversized members, notebooks inside a
folder nested in a trainee's folder (e.g. one Moodle folder inside another's), and duplicates: two files that
are equally good candidates for the same trainee's notebook are BOTH refused (which one to grade is a guess).
Files that are not expected notebooks are ignored with a note (only the notebooks are imported, never a
trainee's data or code files). A trainee with a refused notebook file is not updated in this run: an earlier
import of that trainee stays as it was; other trainees are imported as usual, each folder replaced whole and
atomically, so a rerun never loses a good import.

The ImportReport carries, per imported trainee, the display name, the file time of the submission (zip member
time, or file mtime) and whether it is late (Canvas `_LATE_`, or the file time after an optional deadline); the
file time is written to timestamp.txt (ISO 8601, UTC) so that nbgrader's late penalties see real times. The
same facts go to submitted/<id>/.lms-import-<assignment>.json (read them back with `load_manifest`), so they
outlive the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from pathlib import Path, PurePosixPath

MAX_MEMBER_MB = 256
MAX_ID_BYTES = 100  # nbgrader's gradebook declares 128 characters; folder names allow 255 bytes
HASH_LEN = 8
SAFE = re.compile(r"[^A-Za-z0-9._-]+")
CANVAS = re.compile(r"^(?P<name>.+?)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<rest>.+)$", re.S)
MOODLE_DIR = re.compile(r"^(?P<name>.+?)_(?P<num>\d+)_assignsubmission_(?:file|onlinetext)_?$", re.S)
MOODLE_FILE = re.compile(r"^(?P<name>.+?)_(?P<num>\d+)_assignsubmission_file_(?P<rest>.+)$", re.S)
RESERVED = re.compile(r"^(?:canvas|moodle)-\d+$", re.I)
JUNK_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git", ".svn"}
JUNK_FILES = {".DS_Store", "Thumbs.db", "desktop.ini", ".localized"}
GLOB_CHARS = set("*?[]")


class ImportError_(ValueError):
    """The export cannot be imported at all (not a zip, no notebook in it): the message says what to do."""


@dataclass
class Trainee:
    """One trainee imported in this run."""

    id: str  # nbgrader's student id = the folder under submitted/
    display_name: str  # the LMS's name for the trainee, original characters (for the CSV)
    lms: str  # "canvas", "moodle" or "plain"
    lms_id: str | None  # Canvas user id / Moodle participant id (None for a plain export)
    submission_id: str | None  # Canvas's submission (attachment) number
    submitted_at: datetime  # timezone-aware: the newest file time of the notebooks imported
    late: bool | None  # None: nobody can tell (no LMS flag, no deadline given)
    late_reason: str
    files: dict[str, str] = field(default_factory=dict)  # notebook written -> export member it came from

    def as_json(self) -> dict:
        return {"display_name": self.display_name, "lms": self.lms, "lms_id": self.lms_id,
                "submission_id": self.submission_id, "submitted_at": self.submitted_at.isoformat(),
                "late": self.late, "late_reason": self.late_reason, "files": self.files}


@dataclass
class Refusal:
    """A file of the export that was not imported: why, for whom, and what to do about it."""

    file: str  # the member's path inside the export
    trainee: str | None  # the trainee it belongs to (id, with the display name if it differs), None if nobody
    reason: str
    todo: str = ""
    ignored: bool = False  # True: only a note (a file that is not an expected notebook)

    def text(self) -> str:
        who = f"trainee {self.trainee}" if self.trainee else "no trainee"
        return f"{self.reason} [{who}]" + (f"; {self.todo}" if self.todo else "")


@dataclass
class ImportReport:
    """Who was imported (trainee id -> files written), who they are (`trainees`), and what was not imported.

    `skipped` lists (file, text) for every refusal and ignored file, as before; `refused` holds the same as
    Refusal records."""

    imported: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    trainees: dict[str, Trainee] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    deadline: datetime | None = None

    def add(self, refusal: Refusal) -> None:
        self.refused.append(refusal)
        self.skipped.append((refusal.file, refusal.text()))

    def lines(self) -> list[str]:
        late = [t for t in self.trainees.values() if t.late]
        out = [f"imported {len(self.imported)} trainee(s)" + (f", {len(late)} late" if late else "")]
        out += [f"  late: {t.id} ({t.display_name}): {t.late_reason}" for t in late]
        out += [f"  {'ignored' if r.ignored else 'refused'} {r.file}: {r.text()}" for r in self.refused]
        out += [f"  note: {n}" for n in self.notes]
        return out

    def csv_columns(self) -> dict[str, dict[str, str]]:
        """Per trainee id, the extra CSV cells: display_name, late (yes/no/empty if unknown), submitted_at."""
        return {t.id: {"display_name": t.display_name,
                       "late": "" if t.late is None else ("yes" if t.late else "no"),
                       "submitted_at": t.submitted_at.isoformat()} for t in self.trainees.values()}


# --------------------------------------------------------------------------------------------- names
def safe_id(text: str) -> str:
    """ASCII-only folder name (kept for compatibility; trainee ids come from `plain_id`, which never merges)."""
    out = SAFE.sub("_", text.strip()).strip("._-")
    return out or "unknown"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _bad_char(ch: str) -> bool:
    return ch in "/\\\0" or ch in GLOB_CHARS or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:HASH_LEN]


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


def plain_id(name: str) -> str:
    """The trainee id of a plain export's name: the name itself (NFC) when nbgrader can use it as a folder id,
    else a readable form of it + `-` + a hash of the name, so that two different names never share an id."""
    name = _nfc(name)
    ok = (name not in ("", ".", "..") and not name.startswith(".") and name == name.strip()
          and not any(_bad_char(c) for c in name) and _utf8_len(name) <= MAX_ID_BYTES
          and not RESERVED.match(name))
    if ok:
        return name
    readable = "".join("_" if _bad_char(c) else c for c in name).strip().lstrip(".").strip()
    readable = readable.encode("utf-8")[:MAX_ID_BYTES - HASH_LEN - 1].decode("utf-8", "ignore")
    readable = readable.rstrip() or "trainee"
    return f"{readable}-{_digest(name)}"


def display(text: str) -> str:
    """A name as the LMS wrote it, for a CSV cell: NFC, control characters as spaces, no surrounding blanks."""
    out = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else
                  ("\ufffd" if unicodedata.category(c) == "Cs" else c) for c in _nfc(text))
    return out.strip()


def _fold(tid: str) -> str:
    return _nfc(tid).casefold()


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _is_notebook(name: str) -> bool:
    return name.lower().endswith(".ipynb") and len(name) > len(".ipynb")


def _stem(name: str) -> str:
    return name[:-len(".ipynb")]


def _match_notebook(stem: str, notebooks: list[str]) -> tuple[str | None, int]:
    """(expected notebook, rank) for a file stem: 0 same name, 1 same letters and digits, 2 contains the
    notebook's name, 3 the only notebook of the assignment; (None, 9) when it cannot be told."""
    best: tuple[str | None, int] = (None, 9)
    for nb in sorted(notebooks, key=len, reverse=True):
        key = _norm(nb)
        rank = 0 if stem == nb else 1 if key and _norm(stem) == key else 2 if key and key in _norm(stem) else 9
        if rank < best[1]:
            best = (nb, rank)
    if best[0] is None and len(notebooks) == 1:
        best = (notebooks[0], 3)
    return best


# ------------------------------------------------------------------------------------ who is it?
@dataclass
class _Who:
    lms: str
    key: str  # the LMS id, or the plain name (NFC)
    display_name: str
    submission_id: str | None = None
    late_flag: bool | None = None

    @property
    def id(self) -> str:
        return f"{self.lms}-{self.key}" if self.lms in ("canvas", "moodle") else plain_id(self.key)

    def label(self) -> str:
        return self.id if self.display_name == self.id else f"{self.id} ({self.display_name})"


@dataclass
class _Claim:
    """What one file of the export is: whose (`who`), which expected notebook (`target`, or None), and how sure
    (`rank`); `problem` when it is not a notebook to import (ignored if `ignore`, else refused)."""

    who: _Who | None
    target: str | None = None
    rank: int = 9
    problem: str = ""
    todo: str = ""
    ignore: bool = False
    blocks: bool = False  # a refusal that leaves the trainee's earlier import untouched this run


def _folder_who(folder: str) -> _Who:
    m = MOODLE_DIR.match(folder)
    if m:
        return _Who("moodle", m["num"], display(m["name"]))
    return _Who("plain", _nfc(folder), display(folder))


def _classify(parts: tuple[str, ...], notebooks: list[str]) -> _Claim:
    """The claim of one file, path `parts` relative to the export's root (after any wrapper folder)."""
    name = parts[-1]
    expected = ", ".join(f"{n}.ipynb" for n in notebooks)
    if len(parts) >= 3:
        who = _folder_who(parts[0])
        if _is_notebook(name):
            return _Claim(who, problem="notebook in a folder nested inside this trainee's folder: only "
                                       f"{parts[0]}/<notebook>.ipynb is read",
                          todo=f"if it is this trainee's notebook, move it up to {parts[0]}/; if it is another "
                               "trainee's submission, take it out and import it separately")
        return _Claim(who, problem="not a notebook (.ipynb), in a sub-folder of the trainee's folder", ignore=True)
    if len(parts) == 2:
        who = _folder_who(parts[0])
        if not _is_notebook(name):
            return _Claim(who, problem="not a notebook (.ipynb): only the notebook is imported", ignore=True)
        target, rank = _match_notebook(_stem(name), notebooks)
        if target is None:
            return _Claim(who, problem=f"not one of the expected notebooks ({expected})", ignore=True,
                          todo="rename it to the expected name if it is the trainee's work")
        return _Claim(who, target, rank)
    if not _is_notebook(name):
        return _Claim(None, problem="not a notebook (.ipynb) and not inside a trainee's folder", ignore=True)
    stem = _stem(name)
    m = CANVAS.match(stem)
    if m:
        who = _Who("canvas", m["uid"], display(m["name"]), m["sid"], bool(m["late"]))
        rest = m["rest"]
        target, rank = _match_notebook(_stem(rest) if _is_notebook(rest) else rest, notebooks)
    elif (m := MOODLE_FILE.match(stem)) is not None:
        who = _Who("moodle", m["num"], display(m["name"]))
        rest = m["rest"]
        target, rank = _match_notebook(_stem(rest) if _is_notebook(rest) else rest, notebooks)
    else:
        trainee, target, rank = stem, None, 9
        for nb in sorted(notebooks, key=len, reverse=True):
            found = list(re.finditer(re.escape(nb), stem, re.I))
            if not found:
                continue
            at, end = found[-1].span()
            trainee = stem[:at].rstrip("_- .")
            if not trainee:
                return _Claim(None, problem="named like the assignment itself: the file name must start with "
                                            "the trainee id", todo=f"rename it <trainee>_{nb}.ipynb")
            target, rank = nb, (0 if end == len(stem) else 2)
            break
        if target is None:
            target, rank = _match_notebook(stem, notebooks)
            if rank < 2:  # a file named like a notebook without a trainee part
                return _Claim(None, problem="named like the assignment itself: the file name must start with "
                                            "the trainee id", todo=f"rename it <trainee>_{target}.ipynb")
            if rank == 2:
                return _Claim(None, problem="the trainee's name cannot be told apart from the notebook's",
                              todo=f"rename it <trainee>_{target}.ipynb")
        who = _Who("plain", _nfc(trainee), display(trainee))
    if target is None:
        return _Claim(who, problem=f"cannot tell which notebook this is (expected one of: {expected})",
                      ignore=True, todo="rename it after the notebook it answers")
    return _Claim(who, target, rank)


def trainee_for(path: PurePosixPath, notebooks: list[str]) -> tuple[str | None, str, str]:
    """(trainee id, notebook name to store, why-not) for one file of an export, path relative to its root."""
    parts = tuple(_nfc(p) for p in PurePosixPath(path).parts if p not in ("", "."))
    claim = _classify(parts, notebooks)
    tid = claim.who.id if claim.who else None
    if claim.problem:
        return (None if claim.ignore or claim.who is None else tid), parts[-1], claim.problem
    return tid, f"{claim.target}.ipynb", ""


# ------------------------------------------------------------------------------------ reading the export
@dataclass
class _Member:
    rel: str  # path inside the export, as shown in messages
    parts: tuple[str, ...]
    size: int
    mtime: datetime  # timezone-aware
    read: Callable[[], bytes]
    problem: str = ""  # the member itself cannot be read or trusted (symlink, zip slip, special file, ...)
    todo: str = ""
    is_dir: bool = False


def _shown(text: str) -> str:
    """A path for a message: undecodable bytes as U+FFFD, control characters (a newline...) as `?`."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("?" if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)


def _junk(parts: tuple[str, ...]) -> bool:
    return (any(p in JUNK_DIRS for p in parts[:-1]) or parts[-1] in JUNK_FILES or parts[-1] in JUNK_DIRS
            or parts[-1].startswith("._"))


def _too_big(size: int) -> bool:
    return size > MAX_MEMBER_MB * 1024 * 1024


def _dir_members(source: Path) -> Iterator[_Member]:
    """Every entry of a folder export, walked without following any symbolic link."""
    root = os.path.realpath(source)  # the folder the instructor named (itself maybe a link); nothing below it
    for dirpath, dirnames, filenames, dirfd in os.fwalk(root, follow_symlinks=False):
        base = os.path.relpath(dirpath, root)
        for name in sorted(dirnames + filenames):
            raw = name if base == "." else f"{base}/{name}".replace(os.sep, "/")
            rel, parts = _shown(raw), tuple(_nfc(p) for p in raw.split("/"))
            try:
                st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
            except OSError as exc:
                yield _Member(rel, parts, 0, _epoch(), bytes, f"cannot be read ({exc.strerror})",
                              "check the file's permissions")
                continue
            mtime = datetime.fromtimestamp(st.st_mtime, timezone.utc)
            if stat.S_ISDIR(st.st_mode):
                if name.startswith(".") and name not in JUNK_DIRS:
                    dirnames.remove(name)  # hidden folder: not descended, one note
                    yield _Member(rel, parts, 0, mtime, bytes, "hidden folder, not read", is_dir=True)
                elif name in JUNK_DIRS:
                    dirnames.remove(name)
                continue
            if stat.S_ISLNK(st.st_mode):
                linked_dir = name in dirnames
                if linked_dir:
                    dirnames.remove(name)
                try:
                    target = _shown(os.readlink(name, dir_fd=dirfd))
                except OSError:
                    target = "?"
                what = "folder" if linked_dir else "file"
                yield _Member(rel, parts, 0, mtime, bytes, f"a symbolic link to a {what} ({target}), never "
                              "followed", f"put the real {what} in the export instead of a link", is_dir=linked_dir)
                continue
            if not stat.S_ISREG(st.st_mode):
                yield _Member(rel, parts, 0, mtime, bytes, "not a regular file (a device, socket or pipe)",
                              "remove it from the export")
                continue
            if st.st_nlink > 1:
                yield _Member(rel, parts, st.st_size, mtime, bytes,
                              f"a hard link ({st.st_nlink} names for one file), which may be a file from "
                              "outside the export", "put a copy (cp, not ln) of the file in the export")
                continue
            yield _Member(rel, parts, st.st_size, mtime, _file_reader(os.path.join(dirpath, name), st))


def _file_reader(path: str, seen: os.stat_result) -> Callable[[], bytes]:
    def read() -> bytes:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            now = os.fstat(fh.fileno())
            if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (seen.st_dev, seen.st_ino):
                raise OSError("the file was replaced while the export was being read")
            return fh.read(MAX_MEMBER_MB * 1024 * 1024 + 1)
    return read


def _epoch() -> datetime:
    return datetime.fromtimestamp(0, timezone.utc)


def _zip_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # no UTF-8 flag: Python read cp437; most tools really wrote UTF-8
        with contextlib.suppress(UnicodeError):
            name = name.encode("cp437").decode("utf-8")
    return _nfc(name.replace("\\", "/"))


def _zip_time(info: zipfile.ZipInfo, tz: tzinfo | None, fallback: datetime) -> datetime:
    """The member's modification time: the exact UTC time of an 'extended timestamp' extra field if the zip
    has one, else its DOS date and time read in `tz` (default: this computer's time zone)."""
    extra, i = info.extra, 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i:i + 4])
        data = extra[i + 4:i + 4 + size]
        if tag == 0x5455 and len(data) >= 5 and data[0] & 1:
            return datetime.fromtimestamp(struct.unpack("<i", data[1:5])[0], timezone.utc)
        i += 4 + size
    try:
        naive = datetime(*info.date_time)
    except ValueError:
        return fallback
    return naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()


def _zip_members(zf: zipfile.ZipFile, source: Path, tz: tzinfo | None) -> Iterator[_Member]:
    fallback = datetime.fromtimestamp(source.stat().st_mtime, timezone.utc)
    for info in zf.infolist():
        name = _zip_name(info)
        shown = _shown(name)
        raw_parts = name.split("/")
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        parts = tuple(p for p in raw_parts if p not in ("", "."))
        mtime = _zip_time(info, tz, fallback)
        if not parts:
            continue
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            apparent = tuple(p for p in parts if p != ".." and not re.match(r"^[A-Za-z]:$", p))
            yield _Member(shown, apparent or parts, info.file_size, mtime, bytes,
                          "an absolute path or '..' in a zip (zip slip): never written anywhere",
                          "ask for a fresh export from the LMS; do not unpack this zip by hand")
            continue
        if stat.S_ISLNK(mode):
            yield _Member(shown, parts, info.file_size, mtime, bytes, "a symbolic link stored in the zip, "
                          "never followed", "put the real file in the export instead of a link")
            continue
        if info.is_dir() or stat.S_ISDIR(mode):
            continue
        if kind and not stat.S_ISREG(kind):
            yield _Member(shown, parts, info.file_size, mtime, bytes, "not a regular file (a device, socket or "
                          "pipe entry)", "remove it from the export")
            continue
        yield _Member(shown, parts, info.file_size, mtime, _zip_reader(zf, info))


def _zip_reader(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            with zf.open(info) as fh:
                return fh.read(MAX_MEMBER_MB * 1024 * 1024 + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as exc:
            raise OSError(f"cannot be unpacked ({exc})") from exc
    return read


def _strip_wrapper(members: list[_Member], report: ImportReport) -> None:
    """An export zipped with its folder (`export/alice/nb.ipynb`, `export/<Canvas file>`): read it from inside
    that folder. Only a single top folder, not named like a Moodle trainee folder and holding no notebook
    itself other than LMS-named ones, is taken for a wrapper."""
    tops = {m.parts[0] for m in members}
    if len(tops) != 1 or any(len(m.parts) < 2 for m in members):
        return
    top = tops.pop()
    if MOODLE_DIR.match(top):
        return
    for m in members:  # a notebook right inside it must be named by the LMS (Canvas/Moodle), else it is a
        name = m.parts[-1]  # trainee's folder
        if len(m.parts) == 2 and _is_notebook(name) and not (CANVAS.match(_stem(name))
                                                               or MOODLE_FILE.match(_stem(name))):
            return
    for m in members:
        m.parts = m.parts[1:]
    report.notes.append(f"the export is wrapped in a folder {top}/: read the trainees inside it")


# --------------------------------------------------------------------------------------------- manifest
def manifest_path(submitted: Path, trainee: str, assignment: str) -> Path:
    """Where the import records who a trainee is: submitted/<id>/.lms-import-<assignment>.json, next to (not
    in) the submission folder, so it is neither graded, nor hashed, nor a trainee folder."""
    return Path(submitted) / trainee / f".lms-import-{assignment}.json"


def load_manifest(submitted: Path, assignment: str) -> dict[str, dict]:
    """Per trainee id, what the last import of each trainee's `assignment` recorded: display_name, late,
    late_reason, submitted_at (ISO), lms, lms_id, submission_id, files (unreadable records are left out)."""
    out: dict[str, dict] = {}
    submitted = Path(submitted)
    if not submitted.is_dir():
        return out
    for folder in sorted(submitted.iterdir()):
        path = manifest_path(submitted, folder.name, assignment)
        if folder.name.startswith(".") or folder.is_symlink() or not path.is_file() or path.is_symlink():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            out[folder.name] = data
    return out


def _save_manifest(submitted: Path, trainee: Trainee, assignment: str) -> None:
    path = manifest_path(submitted, trainee.id, assignment)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(trainee.as_json(), ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


# ------------------------------------------------------------------------------------------- the import
def _as_deadline(deadline: datetime | str | None) -> datetime | None:
    if deadline is None:
        return None
    if isinstance(deadline, str):
        deadline = datetime.fromisoformat(deadline.strip())
    return deadline if deadline.tzinfo is not None else deadline.astimezone()


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _write_submission(submitted: Path, tid: str, assignment: str, files: dict[str, bytes],
                      stamp: datetime) -> None:
    """Replace submitted/<tid>/<assignment>/ whole with `files` + timestamp.txt; on any error the earlier folder
    is left as it was."""
    base = submitted / tid
    if base.is_symlink() or (base / assignment).is_symlink():
        raise OSError(f"{base} (or its {assignment} folder) is a symbolic link: remove it")
    base.mkdir(parents=True, exist_ok=True)
    dest, new, old = base / assignment, base / f".{assignment}.import-new", base / f".{assignment}.import-old"
    _remove(new)
    _remove(old)
    new.mkdir()
    try:
        for name, data in files.items():
            (new / name).write_bytes(data)
        (new / "timestamp.txt").write_text(stamp.astimezone(timezone.utc).isoformat() + "\n")
        if dest.exists():
            dest.rename(old)
        try:
            new.rename(dest)
        except OSError:
            if old.exists() and not dest.exists():
                old.rename(dest)
            raise
    finally:
        _remove(new)
    _remove(old)


def import_export(source: Path, submitted: Path, assignment: str, notebooks: list[str], *,
                  deadline: datetime | str | None = None, zip_timezone: tzinfo | None = None) -> ImportReport:
    """Copy each trainee's notebook from an LMS export (zip or folder) to submitted/<id>/<assignment>/, with
    the submission's file time as nbgrader's timestamp.txt.

    `deadline` (aware, naive = this computer's local time, or an ISO string) marks later files late;
    `zip_timezone` is the time zone of the zip's DOS times (default this computer's) when the zip does not
    carry exact times."""
    source, submitted = Path(source), Path(submitted)
    if not source.exists():
        raise ImportError_(f"{source} does not exist")
    report = ImportReport(deadline=_as_deadline(deadline))
    with contextlib.ExitStack() as stack:
        if source.is_dir():
            members = list(_dir_members(source))
        else:
            if not zipfile.is_zipfile(source):
                raise ImportError_(f"{source} is not a zip file (nor a folder): pass the export the LMS gave you")
            try:
                zf = stack.enter_context(zipfile.ZipFile(source))
                members = list(_zip_members(zf, source, zip_timezone))
            except (zipfile.BadZipFile, OSError) as exc:
                raise ImportError_(f"{source} cannot be read as a zip ({exc}): download the export again") from exc
        members = [m for m in members if not _junk(m.parts)]
        _strip_wrapper(members, report)
        _import(members, submitted, assignment, list(notebooks), report)
    if not report.imported and not any(r.trainee and not r.ignored for r in report.refused):
        raise ImportError_(f"no notebook for {assignment} found in {source} "
                           f"({len(report.skipped)} file(s) skipped: see the list above)"
                           + "".join(f"\n  {n}: {w}" for n, w in report.skipped[:20]))
    return report


def _import(members: list[_Member], submitted: Path, assignment: str, notebooks: list[str],
            report: ImportReport) -> None:
    claims: list[tuple[_Member, _Claim]] = []
    for m in members:
        if m.is_dir:  # a hidden or linked folder: whose it would be
            claim = _Claim(_folder_who(m.parts[0]) if not m.parts[0].startswith(".") else None)
        elif not m.parts or m.parts[-1].startswith("."):
            claim = _Claim(None if len(m.parts) < 2 else _folder_who(m.parts[0]),
                           problem="hidden file, not read", ignore=True)
        else:
            claim = _classify(m.parts, notebooks)
        if m.problem:  # the member itself is refused: it still blocks whoever it would have been
            claim = _Claim(claim.who, claim.target, problem=m.problem, todo=m.todo,
                           ignore=m.problem.startswith("hidden"), blocks=not m.problem.startswith("hidden"))
        elif not claim.problem and _too_big(m.size):
            claim = _Claim(claim.who, claim.target, problem=f"larger than {MAX_MEMBER_MB} MB",
                           todo="ask the trainee to clear the outputs and hand it in again", blocks=True)
        claims.append((m, claim))

    blocked: dict[str, tuple[_Who, list[str]]] = {}  # trainee id -> (who, the files that stop the update)

    def refuse(m: _Member, claim: _Claim, reason: str | None = None, todo: str | None = None) -> None:
        who = claim.who
        report.add(Refusal(m.rel, who.label() if who else None, reason or claim.problem,
                           claim.todo if todo is None else todo, ignored=claim.ignore))
        if who is not None and claim.blocks:
            blocked.setdefault(who.id, (who, []))[1].append(m.rel)

    # one id for one trainee: different trainees whose ids are equal up to case are both refused
    owners: dict[str, dict[tuple[str, str], str]] = {}
    for m, claim in claims:
        if claim.who is not None and not claim.problem:
            owners.setdefault(_fold(claim.who.id), {}).setdefault((claim.who.lms, claim.who.key),
                                                                  f"{claim.who.label()}, from {m.rel}")
    clash = {fold: who for fold, who in owners.items() if len(who) > 1}
    existing = {}
    if submitted.is_dir():
        existing = {_fold(p.name): p.name for p in submitted.iterdir() if not p.name.startswith(".")}

    candidates: dict[tuple[str, str], list[tuple[_Member, _Claim]]] = {}
    whos: dict[str, _Who] = {}
    for m, claim in claims:
        if claim.problem:
            refuse(m, claim)
            continue
        who = claim.who
        fold = _fold(who.id)
        if fold in clash:
            others = [f for k, f in clash[fold].items() if k != (who.lms, who.key)]
            claim.blocks = True
            refuse(m, claim, f"trainee id {who.id!r} is the same, up to upper/lower case, as that of another "
                             f"trainee: {', '.join(others)}; neither is imported",
                   "rename one of the two in the export so that the names differ by more than case")
            continue
        if fold in existing and existing[fold] != who.id:
            claim.blocks = True
            refuse(m, claim, f"submitted/{existing[fold]} already exists for a trainee whose id differs from "
                             f"{who.id!r} only in upper/lower case", "rename one of the two and rerun")
            continue
        whos.setdefault(who.id, who)
        candidates.setdefault((who.id, claim.target), []).append((m, claim))

    chosen: dict[str, dict[str, tuple[_Member, _Claim]]] = {}
    for (tid, target), found in sorted(candidates.items()):
        best = min(c.rank for _m, c in found)
        top = [(m, c) for m, c in found if c.rank == best]
        for m, c in found:
            if c.rank > best:
                c.ignore = True
                refuse(m, c, f"not graded: {top[0][0].rel} is a closer match for {target}.ipynb")
        if len(top) > 1:
            for i, (m, c) in enumerate(top):
                c.blocks = True
                others = ", ".join(o.rel if o.rel != m.rel else f"another {o.rel} (the same name twice)"
                                   for j, (o, _c) in enumerate(top) if j != i)
                refuse(m, c, f"more than one file for {target}.ipynb: this one and {others}; none of them is "
                             "imported", "remove all but the right one from the export (or copy it to "
                       f"submitted/{tid}/{assignment}/{target}.ipynb by hand) and rerun")
            continue
        chosen.setdefault(tid, {})[f"{target}.ipynb"] = top[0]

    for tid, (who, files) in sorted(blocked.items()):
        kept = (submitted / tid / assignment).is_dir()
        report.notes.append(f"{who.label()} not updated because of {', '.join(files)} (see above): "
                            + ("the earlier import in submitted/ is kept" if kept else "nothing imported"))
    for tid in sorted(chosen):
        who = whos[tid]
        if tid in blocked:
            continue
        files, problems = {}, []
        for target, (m, _c) in chosen[tid].items():
            try:
                data = m.read()
            except OSError as exc:
                problems.append((m, f"cannot be read ({exc.strerror or exc})"))
                continue
            if _too_big(len(data)):
                problems.append((m, f"larger than {MAX_MEMBER_MB} MB"))
                continue
            files[target] = data
        if problems:
            for m, why in problems:
                report.add(Refusal(m.rel, who.label(), why, "check the file in the export and rerun; the "
                                   "trainee's earlier import, if any, is kept"))
            continue
        stamp = max(m.mtime for m, _c in chosen[tid].values())
        try:
            _write_submission(submitted, tid, assignment, files, stamp)
        except OSError as exc:
            report.add(Refusal(", ".join(m.rel for m, _c in chosen[tid].values()), who.label(),
                               f"could not be written to submitted/{tid}/{assignment}/ ({exc})",
                               "fix the disk or permission problem and rerun; the earlier import is kept"))
            continue
        flagged = any(c.who.late_flag for _m, c in chosen[tid].values())
        late, why = _lateness(who.lms, flagged, stamp, report.deadline)
        report.trainees[tid] = Trainee(tid, who.display_name, who.lms, who.key if who.lms != "plain" else None,
                                       who.submission_id, stamp, late, why,
                                       {t: m.rel for t, (m, _c) in chosen[tid].items()})
        report.imported[tid] = sorted(files)
        try:
            _save_manifest(submitted, report.trainees[tid], assignment)
        except OSError as exc:
            report.notes.append(f"could not record {who.label()}'s name and lateness in "
                                f"{manifest_path(submitted, tid, assignment)} ({exc}); the submission is imported")
        _note_legacy_folder(submitted, assignment, who, report)


def _note_legacy_folder(submitted: Path, assignment: str, who: _Who, report: ImportReport) -> None:
    """The importer before this one named Canvas trainees by login and Moodle ones by bare number, and made
    names ASCII: such a folder, with no record of this importer, may be the same trainee graded twice."""
    legacy = safe_id(who.display_name if who.lms == "canvas" else who.key)
    if legacy == who.id or legacy in report.imported or not (submitted / legacy / assignment).is_dir():
        return
    if manifest_path(submitted, legacy, assignment).exists():
        return
    report.notes.append(f"submitted/{legacy}/ may be {who.label()} imported under an older id: if so, delete "
                        "it, or it is graded as a trainee of its own")


def _lateness(lms: str, flagged: bool, stamp: datetime, deadline: datetime | None) -> tuple[bool | None, str]:
    if flagged:
        return True, "Canvas marked the submission _LATE_"
    if deadline is not None:
        if stamp > deadline:
            return True, f"file time {stamp.isoformat()} is after the deadline {deadline.isoformat()}"
        return False, f"file time {stamp.isoformat()} is before the deadline"
    if lms == "canvas":
        return False, "Canvas did not mark it late"
    return None, "no deadline given"
