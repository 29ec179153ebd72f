"""Importing an LMS export by identity: the LMS's own ids, display names, late flags and file times, and every
file that cannot be trusted (symlinks, zip slip, nested folders, duplicates) refused with a reason."""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import parse_utc

from course.grading import importers

A = "01-why-customers-complain"
NB = f"{A}.ipynb"
UTC = timezone.utc


def nb_bytes(marker: str) -> bytes:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"x = {marker!r}")])
    return nbformat.writes(nb).encode()


def make_zip(path: Path, members: dict[str, bytes | str], when=(2024, 3, 1, 10, 0, 0)) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, nb_bytes(name) if data is None else data)
    return path


def make_dir(root: Path, members: dict[str, bytes | None]) -> Path:
    for name, data in members.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(nb_bytes(name) if data is None else data)
    return root


def run(source: Path, tmp_path: Path, **kw) -> importers.ImportReport:
    return importers.import_export(source, tmp_path / "submitted", A, [A], **kw)


def got(tmp_path: Path, trainee: str) -> bytes:
    return (tmp_path / "submitted" / trainee / A / NB).read_bytes()


def refusal(report: importers.ImportReport, file: str) -> importers.Refusal:
    found = [r for r in report.refused if r.file == file]
    assert found, (file, report.lines())
    return found[0]


def everything_written(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((tmp_path / "submitted").rglob("*")) if p.is_file())


# ------------------------------------------------------------------------------------------ identity
def test_two_canvas_trainees_with_the_same_name_stay_two(tmp_path):
    one, two = f"wangli_12345_67890_{NB}", f"wangli_54321_9876_{NB}"
    rep = run(make_zip(tmp_path / "x.zip", {one: None, two: None}), tmp_path)
    assert sorted(rep.imported) == ["canvas-12345", "canvas-54321"]
    assert one.encode() in got(tmp_path, "canvas-12345") and two.encode() in got(tmp_path, "canvas-54321")
    t = rep.trainees["canvas-12345"]
    assert (t.display_name, t.lms, t.lms_id, t.submission_id) == ("wangli", "canvas", "12345", "67890")
    assert rep.csv_columns()["canvas-54321"]["display_name"] == "wangli"
    # a folder from the older, login-based import is pointed out (it would be graded as a trainee of its own)
    (tmp_path / "submitted" / "wangli" / A).mkdir(parents=True)
    rep = run(make_zip(tmp_path / "y.zip", {one: None}), tmp_path)
    assert any("submitted/wangli/ may be canvas-12345 (wangli)" in n for n in rep.notes)


def test_canvas_late_flag_makes_the_submission_late(tmp_path):
    rep = run(make_zip(tmp_path / "x.zip", {f"wangli_LATE_12345_67890_{NB}": None,
                                            f"lisa_222_333_{NB}": None, f"amy_{NB}": None}), tmp_path)
    late = rep.trainees["canvas-12345"]
    assert late.late is True and "_LATE_" in late.late_reason
    assert rep.trainees["canvas-222"].late is False  # Canvas said so
    assert rep.trainees["amy"].late is None  # a plain export without a deadline: nobody can tell
    assert rep.csv_columns()["canvas-12345"]["late"] == "yes"
    assert any("late: canvas-12345 (wangli)" in line for line in rep.lines())


def test_deadline_compares_the_file_time(tmp_path):
    src = tmp_path / "x.zip"
    make_zip(src, {f"amy_{NB}": None}, when=(2024, 3, 1, 10, 0, 0))
    rep = run(src, tmp_path, deadline=datetime(2024, 3, 1, 9, 0, tzinfo=UTC), zip_timezone=UTC)
    assert rep.trainees["amy"].late is True and "after the deadline" in rep.trainees["amy"].late_reason
    rep = run(src, tmp_path, deadline="2024-03-01T11:00:00+00:00", zip_timezone=UTC)
    assert rep.trainees["amy"].late is False


def test_moodle_ids_and_a_folder_nested_in_another_trainees_is_refused(tmp_path):
    anna, bert = "Anna Berg_111_assignsubmission_file_", "Bert Ek_222_assignsubmission_file_"
    first = run(make_dir(tmp_path / "e1", {f"{bert}/{NB}": b"bert's own work"}), tmp_path)
    assert first.trainees["moodle-222"].display_name == "Bert Ek"
    # Anna hands in Bert's folder inside hers: it must not replace Bert's submission (nor become Anna's)
    nested = f"{anna}/{bert}/{NB}"
    rep = run(make_dir(tmp_path / "e2", {f"{anna}/{NB}": b"anna's work", nested: b"forged for bert"}), tmp_path)
    assert got(tmp_path, "moodle-222") == b"bert's own work"  # the earlier good import is untouched
    assert got(tmp_path, "moodle-111") == b"anna's work"
    r = refusal(rep, nested)
    assert not r.ignored and "nested" in r.reason and r.trainee == "moodle-111 (Anna Berg)"
    assert "import it separately" in r.todo
    assert sorted(rep.imported) == ["moodle-111"]
    # the flat Moodle name (no folders) gives the same id
    rep = run(make_zip(tmp_path / "f.zip", {f"Bert Ek_222_assignsubmission_file_{NB}": b"flat"}), tmp_path)
    assert sorted(rep.imported) == ["moodle-222"] and got(tmp_path, "moodle-222") == b"flat"


def test_non_ascii_names_are_kept(tmp_path):
    rep = run(make_zip(tmp_path / "x.zip", {f"王丽/{NB}": None, f"José Núñez_{NB}": None,
                                            f"王丽_777_assignsubmission_file_/{NB}": None}), tmp_path)
    assert sorted(rep.imported) == sorted(["王丽", "José Núñez", "moodle-777"])
    assert f"王丽/{NB}".encode() in got(tmp_path, "王丽")
    assert rep.trainees["moodle-777"].display_name == "王丽"
    assert rep.trainees["José Núñez"].display_name == "José Núñez"
    assert (tmp_path / "submitted" / "王丽" / A / NB).is_file()
    # an old zip tool: UTF-8 names without the UTF-8 flag (Python reads them as cp437)
    raw = make_zip(tmp_path / "old.zip", {f"丽_{NB}": None})
    data = bytearray(raw.read_bytes())
    for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # clear the UTF-8 flag of both headers
        i = data.index(sig) + at
        data[i:i + 2] = (int.from_bytes(data[i:i + 2], "little") & ~0x800).to_bytes(2, "little")
    raw.write_bytes(bytes(data))
    assert zipfile.ZipFile(raw).namelist() != [f"丽_{NB}"]  # Python alone would read it as cp437
    rep = run(raw, tmp_path / "old")
    assert list(rep.imported) == ["丽"]


def test_names_that_differ_stay_different_trainees(tmp_path):
    rep = run(make_dir(tmp_path / "e", {f"a b/{NB}": b"space", f"a_b/{NB}": b"underscore",
                                        f"a*b/{NB}": b"star", f"a?b/{NB}": b"question",
                                        f"a\nb/{NB}": b"newline", f".hidden/{NB}": b"dot"}), tmp_path)
    ids = sorted(rep.imported)
    assert "a b" in ids and "a_b" in ids and got(tmp_path, "a b") == b"space" and got(tmp_path, "a_b") == b"underscore"
    star = importers.plain_id("a*b")
    assert star != importers.plain_id("a?b") and star.startswith("a_b-") and star == importers.plain_id("a*b")
    assert got(tmp_path, star) == b"star" and got(tmp_path, importers.plain_id("a?b")) == b"question"
    assert rep.trainees[star].display_name == "a*b"
    assert got(tmp_path, importers.plain_id("a\nb")) == b"newline"
    assert len(ids) == 5  # a hidden folder is not a trainee
    assert importers.plain_id("..") != ".." and not importers.plain_id(".x").startswith(".")
    assert importers.plain_id("canvas-12345") != "canvas-12345"  # a plain name never poses as a Canvas id


def test_ids_equal_up_to_case_are_refused_naming_each_other(tmp_path):
    rep = run(make_dir(tmp_path / "e", {f"Alice/{NB}": None, f"alice/{NB}": None, f"bob/{NB}": None}), tmp_path)
    assert sorted(rep.imported) == ["bob"]
    r = refusal(rep, f"Alice/{NB}")
    assert f"alice, from alice/{NB}" in r.reason and r.trainee == "Alice" and "rename" in r.todo


def test_long_names_are_shortened_and_stay_distinct(tmp_path):
    stem = "x" * 200
    one, two = f"{stem}{'a' * 18}_{NB}", f"{stem}{'b' * 18}_{NB}"
    assert len(one) == 250
    cjk = "王" * 240 + f"_{NB}"  # 720+ bytes: longer than any folder name may be
    src = make_zip(tmp_path / "x.zip", {one: None, two: None, cjk: None})
    rep = run(src, tmp_path)
    assert len(rep.imported) == 3
    for tid in rep.imported:
        assert len(tid.encode()) <= importers.MAX_ID_BYTES
        assert got(tmp_path, tid)
    assert {t.display_name for t in rep.trainees.values()} == {one[:-len(NB) - 1], two[:-len(NB) - 1], "王" * 240}
    assert sorted(run(src, tmp_path).imported) == sorted(rep.imported)  # a rerun: same ids, no crash
    # in a folder export too (250 characters is still a valid file name there)
    rep = run(make_dir(tmp_path / "d", {one: None, two: None}), tmp_path / "d2")
    assert len(rep.imported) == 2


# ---------------------------------------------------------------------------------------- refusals
def test_symlinks_are_refused_in_a_folder_export(tmp_path):
    secret = tmp_path / "gradebook-secret.ipynb"
    secret.write_bytes(nb_bytes("THE-SECRET"))
    solutions = tmp_path / "solutions"
    make_dir(solutions, {NB: nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("'SOLUTION'")])).encode()})
    src = make_dir(tmp_path / "e", {f"carol/{NB}": None})
    (src / "alice").mkdir()
    (src / "alice" / NB).symlink_to(secret)
    (src / "bob").symlink_to(solutions)
    (src / f"dave_{NB}").symlink_to(secret)
    os.link(secret, src / f"erin_{NB}")  # a hard link is a way out of the export too
    rep = run(src, tmp_path)
    assert sorted(rep.imported) == ["carol"]
    assert b"THE-SECRET" not in everything_written(tmp_path) and b"SOLUTION" not in everything_written(tmp_path)
    for file, who in [(f"alice/{NB}", "alice"), ("bob", "bob"), (f"dave_{NB}", "dave"), (f"erin_{NB}", "erin")]:
        r = refusal(rep, file)
        assert r.trainee == who and not r.ignored and ("symbolic link" in r.reason or "hard link" in r.reason)
        assert r.todo
    assert "symbolic link to a folder" in refusal(rep, "bob").reason
    # the folder the instructor names may itself be a link (only what is inside is never followed)
    (tmp_path / "export-link").symlink_to(src)
    assert sorted(run(tmp_path / "export-link", tmp_path / "again").imported) == ["carol"]
    # a link planted in submitted/ is not written through either
    (tmp_path / "submitted" / "zed").symlink_to(solutions)
    rep = run(make_dir(tmp_path / "z", {f"zed_{NB}": None}), tmp_path)
    assert not rep.imported and "symbolic link" in refusal(rep, f"zed_{NB}").reason
    assert not (solutions / A).exists()


def test_symlink_entries_in_a_zip_are_refused(tmp_path):
    src = tmp_path / "x.zip"
    with zipfile.ZipFile(src, "w") as zf:
        link = zipfile.ZipInfo(f"alice_{NB}")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "../../gradebook.db")
        zf.writestr(f"bob_{NB}", nb_bytes("bob"))
    rep = run(src, tmp_path)
    assert sorted(rep.imported) == ["bob"]
    r = refusal(rep, f"alice_{NB}")
    assert "symbolic link" in r.reason and r.trainee == "alice"
    assert not (tmp_path / "submitted" / "alice").exists()


def test_zip_slip_is_refused(tmp_path):
    src = make_zip(tmp_path / "x.zip", {f"../../evil_{NB}": None, f"/etc/abs_{NB}": None,
                                        f"C:\\Users\\win_{NB}": None, f"ok/{NB}": None})
    rep = run(src, tmp_path / "deep" / "er")
    assert sorted(rep.imported) == ["ok"]
    for name in (f"../../evil_{NB}", f"/etc/abs_{NB}", f"C:/Users/win_{NB}"):
        r = refusal(rep, name)
        assert "zip slip" in r.reason and r.todo
    assert refusal(rep, f"../../evil_{NB}").trainee == "evil"
    assert not list(tmp_path.rglob(f"evil_{NB}")) and not (tmp_path / "deep" / "er" / "submitted" / "evil").exists()


def test_duplicates_are_both_refused_and_the_earlier_import_is_kept(tmp_path):
    run(make_zip(tmp_path / "1.zip", {f"alice_{NB}": b"first", f"bob_{NB}": b"bob 1"}), tmp_path)
    rep = run(make_zip(tmp_path / "2.zip", {f"alice_{NB}": b"again", f"alice/{NB}": b"other",
                                            f"bob_{NB}": b"bob 2"}), tmp_path)
    assert sorted(rep.imported) == ["bob"] and got(tmp_path, "bob") == b"bob 2"
    assert got(tmp_path, "alice") == b"first"  # neither duplicate is graded; the earlier import stays
    r = refusal(rep, f"alice_{NB}")
    assert f"alice/{NB}" in r.reason and r.trainee == "alice" and "remove all but the right one" in r.todo
    assert any("alice not updated" in n and "kept" in n for n in rep.notes)
    # a closer name wins over a fallback one, with a note (not a duplicate)
    rep = run(make_dir(tmp_path / "d", {f"carol/{NB}": b"real", "carol/Untitled.ipynb": b"scratch"}), tmp_path)
    assert got(tmp_path, "carol") == b"real" and refusal(rep, "carol/Untitled.ipynb").ignored


def test_files_that_are_not_the_notebooks_are_ignored_with_a_note(tmp_path):
    rep = run(make_dir(tmp_path / "e", {f"dan/{NB}": None, "dan/helper.py": b"import os", "dan/data.csv": b"a\n",
                                        "readme.txt": b"hi", "__MACOSX/._x": b"junk", "dan/.secret": b"x"}),
              tmp_path)
    assert sorted(p.name for p in (tmp_path / "submitted" / "dan" / A).iterdir()) == [NB, "timestamp.txt"]
    for name in ("dan/helper.py", "dan/data.csv", "readme.txt", "dan/.secret"):
        assert refusal(rep, name).ignored
    assert refusal(rep, "dan/helper.py").trainee == "dan"
    assert not [r for r in rep.refused if "MACOSX" in r.file]


def test_timestamp_txt_holds_the_files_own_time(tmp_path):
    when = datetime(2024, 3, 1, 10, 0, 0, tzinfo=UTC)
    # a zip with exact (extended timestamp) times, one with DOS times only, and a folder's mtime
    src = tmp_path / "x.zip"
    with zipfile.ZipFile(src, "w") as zf:
        info = zipfile.ZipInfo(f"amy_{NB}", date_time=(1999, 1, 1, 0, 0, 0))
        info.extra = struct.pack("<HHBi", 0x5455, 5, 1, int(when.timestamp()))
        zf.writestr(info, nb_bytes("amy"))
        zf.writestr(zipfile.ZipInfo(f"ben_{NB}", date_time=(2024, 2, 29, 23, 30, 0)), nb_bytes("ben"))
    rep = run(src, tmp_path, zip_timezone=UTC)
    stamp = (tmp_path / "submitted" / "amy" / A / "timestamp.txt").read_text().strip()
    assert parse_utc(stamp) == datetime(2024, 3, 1, 10, 0, 0)  # what nbgrader will see (UTC)
    assert datetime.fromisoformat(stamp) == when == rep.trainees["amy"].submitted_at
    ben = (tmp_path / "submitted" / "ben" / A / "timestamp.txt").read_text().strip()
    assert parse_utc(ben) == datetime(2024, 2, 29, 23, 30, 0)
    d = make_dir(tmp_path / "d", {f"cat_{NB}": None})
    os.utime(d / f"cat_{NB}", (when.timestamp() + 60, when.timestamp() + 60))
    rep = run(d, tmp_path / "d2")
    stamp = (tmp_path / "d2" / "submitted" / "cat" / A / "timestamp.txt").read_text()
    assert parse_utc(stamp.strip()) == datetime(2024, 3, 1, 10, 1, 0)
    assert rep.csv_columns()["cat"]["submitted_at"].startswith("2024-03-01T10:01:00")


def test_identities_are_recorded_across_runs(tmp_path):
    run(make_zip(tmp_path / "1.zip", {f"wangli_LATE_1_2_{NB}": None}), tmp_path)
    run(make_zip(tmp_path / "2.zip", {f"王丽_{NB}": None}), tmp_path)
    seen = importers.load_manifest(tmp_path / "submitted", A)
    assert seen["canvas-1"]["display_name"] == "wangli" and seen["canvas-1"]["late"] is True
    assert seen["王丽"]["display_name"] == "王丽"
    # the record is next to the submission folder, not in it (not graded, not hashed), and not a trainee
    assert sorted(p.name for p in (tmp_path / "submitted").iterdir()) == ["canvas-1", "王丽"]
    assert sorted(p.name for p in (tmp_path / "submitted" / "王丽" / A).iterdir()) == [NB, "timestamp.txt"]


def test_a_wrapper_folder_is_read_from_inside(tmp_path):
    rep = run(make_zip(tmp_path / "x.zip", {f"export/alice/{NB}": None, f"export/wangli_5_6_{NB}": None}),
              tmp_path)
    assert sorted(rep.imported) == ["alice", "canvas-5"] and any("wrapped" in n for n in rep.notes)
    # a single trainee's own folder is not a wrapper
    rep = run(make_zip(tmp_path / "y.zip", {f"zoe/{NB}": None}), tmp_path)
    assert sorted(rep.imported) == ["zoe"]


@pytest.mark.parametrize("member", [f"{A}.ipynb", "notes.txt"])
def test_nothing_to_import_is_an_error(tmp_path, member):
    with pytest.raises(importers.ImportError_, match="no notebook"):
        run(make_zip(tmp_path / "x.zip", {member: None}), tmp_path)
