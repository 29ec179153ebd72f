"""The trainer's commands speak the language in use: `course certificates`, `course slides` and `course handouts`
print (and write, for the not-completed list) in Chinese with `--lang zh` or COURSE_LANG=zh, with no English
sentence left, and exactly as before in English. `--lang` of `course slides`/`course handouts` still chooses the
edition to make as well."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

from course import i18n, syllabus
from course.trainer import certificates
from tests.test_i18n_ui import HAN, command_text, english_runs

COMMANDS = ("course certificates", "course slides", "course handouts", "apt-get install chromium fonts-noto-cjk")
"""Commands quoted in the Chinese messages, as a trainer types them."""

POST, PRE = "assessment-b", "assessment-a"
EX1, EX2 = "01-why-customers-complain", "02-complaint-iceberg"
KERNEL_DIED = "the kernel died"
"""A grading failure's reason, as course.grading records it (data, quoted as it is)."""


def graded(percent: float | None, edition: str = "en", name: str = "") -> dict:
    return {"status": "graded", "percent": percent, "edition": edition, "display_name": name}


ROWS = {
    POST: {"amy": graded(90, name="Amy Adams"), "ben": graded(80, "zh", "陈斌"), "cara": graded(62.5, name="Cara Diaz"),
           "eve": {"status": "failed", "reason": KERNEL_DIED}, "fay": graded(None)},
    PRE: {"amy": graded(40), "ben": graded(20), "cara": graded(50), "fay": graded(30)},
    EX1: {"amy": graded(100), "ben": graded(60, "zh"), "cara": graded(30), "eve": graded(None), "fay": graded(80)},
    EX2: {"amy": graded(100), "ben": graded(70, "zh"), "fay": graded(90)},
}
"""A small class, everyone's gradebook rows: amy and ben complete; the others each miss the rule another way."""

ENGLISH_REASONS = {
    "cara": ["post-test 62.5 % is below 70 %", f"exercises not handed in or not graded: {EX2}",
             f"exercises below 50 %: {EX1} (30 %)"],
    "dan": [f"post-test ({POST}) not handed in", f"pre-test ({PRE}) not handed in",
            f"exercises not handed in or not graded: {EX1}, {EX2}"],
    "eve": [f"post-test ({POST}) not graded (failed: {KERNEL_DIED})", f"pre-test ({PRE}) not handed in",
            f"exercises not handed in or not graded: {EX2}", f"exercises below 50 %: {EX1} (no score)"],
    "fay": [f"post-test ({POST}) has no score"],
}


@pytest.fixture
def small_class(monkeypatch, tmp_path) -> Path:
    """A course at tmp_path whose gradebook holds ROWS, with the rule: post-test >= 70 %, each exercise passed
    (>= 50 %), pre-test required. No nbgrader run: the gradebook's rows are what course.grading.results would read."""
    from course.grading import layout

    config = Config()
    config.Completion.exercise_rule = "passed"
    config.Completion.exercises = [EX1, EX2]
    config.Completion.pre_test_required = True
    config.Assessment.post, config.Assessment.pre = POST, PRE
    monkeypatch.setattr(layout, "load_config", lambda root: config)
    monkeypatch.setattr(layout, "find_root", lambda root=None: tmp_path)
    monkeypatch.setattr(certificates, "_rows", lambda root, aid: dict(ROWS.get(aid, {})))
    monkeypatch.setattr(certificates.gradebook, "names", lambda root: {"dan": "Dan Dorn"})
    return tmp_path


def course(*argv: str, capsys) -> tuple[int, str, str]:
    """`course ARGV` in this process, the session's language put back afterwards."""
    from course.cli import main

    with i18n.language(i18n.current()):
        code = main(list(argv))
    got = capsys.readouterr()
    return code, got.out, got.err


def no_english(text: str, *exempt: str) -> list[str]:
    """The English sentences left in `text`, once the commands, paths, data and names it quotes are set aside."""
    names = ("Amy Adams", "Cara Diaz", "Dan Dorn", KERNEL_DIED)
    ids = (*(m.id for m in syllabus.LESSONS), *syllabus.ASSESSMENTS)
    return english_runs(command_text(text, (*names, *ids, *exempt)), COMMANDS)


# ------------------------------------------------------------------------------------------- course certificates
def test_the_reasons_in_english_are_as_before(small_class):
    with i18n.language("en"):
        got = {o.student_id: o for o in certificates.evaluate(small_class)}
    assert {s for s, o in got.items() if o.completed} == {"amy", "ben"}
    assert {s: o.reasons for s, o in got.items() if not o.completed} == ENGLISH_REASONS


def test_certificates_list_in_english(small_class, capsys):
    code, out, _err = course("certificates", "--list", "--lang", "en", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("2 of 6 trainees completed the course (rule: post-test >= 70 %, exercises: passed, "
                        "pre-test taken)")
    assert f"  not completed: Cara Diaz (cara): {'; '.join(ENGLISH_REASONS['cara'])}" in lines
    assert f"  not completed: Dan Dorn (dan): {'; '.join(ENGLISH_REASONS['dan'])}" in lines
    assert not HAN.search(out.replace("陈斌", "")), out


@pytest.mark.parametrize("how", ["--lang", "COURSE_LANG"])
def test_certificates_list_in_chinese(small_class, capsys, monkeypatch, how):
    if how == "--lang":
        code, out, _err = course("certificates", "--list", "--lang", "zh", capsys=capsys)
    else:  # the session started in Chinese, as COURSE_LANG=zh does it
        monkeypatch.setattr(i18n, "_current", "zh")
        code, out, _err = course("certificates", "--list", capsys=capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "6 名学员中有 2 名完成课程（规则：后测 ≥ 70 %，练习：须逐项及格，须参加前测）", lines[0]
    assert "  未完成：Cara Diaz（cara）：后测 62.5 % 低于 70 %；练习未提交或未评分：02-complaint-iceberg；" \
           "练习低于 50 %：01-why-customers-complain（30 %）" in lines, out
    assert f"  未完成：eve（eve）：后测（{POST}）未评分（failed：{KERNEL_DIED}）；前测（{PRE}）未提交；" in out
    assert f"{EX1}（无成绩）" in out and "后测（assessment-b）没有成绩" in out
    assert len(lines) == 5 and not no_english(out), no_english(out)


def test_certificates_written_lists_follow_the_language(small_class, capsys, tmp_path):
    """not-completed.txt (and the CSV's reasons) in the language in use; the CSV's columns and codes stay."""
    out = tmp_path / "zh-lists"
    code, printed, err = course("certificates", "--html", "--out", str(out), "--lang", "zh", capsys=capsys)
    assert code == 0, err
    assert printed.splitlines()[-1] == (f"已在 {out} 下写入 2 份证书（completion.csv 和 not-completed.txt 在同一文件夹）")
    missed = (out / "not-completed.txt").read_text(encoding="utf-8")
    assert missed.startswith("6 名学员中有 4 名未完成课程：\n- Cara Diaz（cara）：后测 62.5 % 低于 70 %；"), missed
    assert not no_english(missed) and not no_english(printed), (no_english(missed), no_english(printed))
    with open(out / "completion.csv", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert list(rows["cara"]) == ["student_id", "name", "completed", "language", "post_test", "pre_test", "gain",
                                  "exercises_graded", "reasons"]
    assert rows["cara"]["completed"] == "no" and rows["cara"]["reasons"].startswith("后测 62.5 % 低于 70 %；")
    assert rows["ben"]["completed"] == "yes" and rows["ben"]["language"] == "zh"
    assert (out / "zh" / "ben.html").is_file() and (out / "en" / "amy.html").is_file()

    english = tmp_path / "en-lists"
    code, printed, err = course("certificates", "--html", "--out", str(english), capsys=capsys)
    assert code == 0, err
    assert printed.splitlines()[-1] == (f"wrote 2 certificates under {english} (completion.csv and "
                                        "not-completed.txt beside them)")
    missed = (english / "not-completed.txt").read_text(encoding="utf-8")
    assert missed.startswith("4 of 6 trainees did not complete the course:\n- Cara Diaz (cara): post-test 62.5 % "
                             "is below 70 %; ")
    assert not HAN.search(missed)


def test_certificates_errors_follow_the_language(small_class, capsys, monkeypatch):
    monkeypatch.setattr(certificates, "_rows", lambda root, aid: {})
    monkeypatch.setattr(certificates.gradebook, "names", lambda root: {})
    code, _out, err = course("certificates", "--list", "--lang", "zh", capsys=capsys)
    assert code == 1 and err.strip() == "course certificates：成绩库里还没有学员（请先批改后测）"
    code, _out, err = course("certificates", "--list", capsys=capsys)
    assert code == 1 and "the gradebook has no trainees yet (grade the post-test first)" in err


@pytest.mark.slow
@pytest.mark.nbgrader
def test_certificates_in_chinese_on_the_test_class(test_class, tmp_path, capsys):
    """The real gradebook of the test class (two autograde runs): the list and not-completed.txt in Chinese."""
    out = tmp_path / "certificates"
    code, printed, err = course("certificates", "--root", str(test_class), "--html", "--out", str(out),
                                "--lang", "zh", capsys=capsys)
    assert code == 0, err
    assert printed.startswith("6 名学员中有 3 名完成课程（规则：后测 ≥ 70 %，练习：须提交并已评分）"), printed
    assert "  未完成：Cara Diaz（cara）：后测 62.5 % 低于 70 %" in printed
    missed = (out / "not-completed.txt").read_text(encoding="utf-8")
    assert missed.startswith("6 名学员中有 3 名未完成课程：") and "（assessment-b）未提交" in missed
    names = tuple(ln.split("（")[0].removeprefix("- ") for ln in missed.splitlines()[1:])
    assert not no_english(printed, *names) and not no_english(missed, *names), no_english(printed + missed, *names)


# ------------------------------------------------------------------------------------------- course slides
@pytest.mark.parametrize("verb", ["slides", "handouts", "certificates"])
def test_help_in_chinese_and_in_english(verb, capsys):
    with pytest.raises(SystemExit):
        course(verb, "--help", "--lang", "zh", capsys=capsys)
    zh = capsys.readouterr().out
    assert zh.startswith("用法："), zh
    assert len(HAN.findall(zh)) > 40 and not no_english(zh), no_english(zh)
    with pytest.raises(SystemExit):
        course(verb, "--help", capsys=capsys)
    en = capsys.readouterr().out
    assert en.startswith("usage: ") and "show this help message and exit" in en
    assert no_english(en), "the detector finds the English help's sentences"
    assert not HAN.search(en.replace("EN and 中文", "")), en
    assert {"slides": "a module number or id (default: every lesson)",
            "handouts": "only check the content and exit",
            "certificates": "only print who completed and who did not, write nothing"}[verb] in en


def test_slides_lang_chooses_the_edition_and_the_messages(monkeypatch, capsys, tmp_path):
    """`course slides --lang zh` makes the Chinese decks and says so in Chinese; no --lang makes both editions."""
    from course.trainer import slides

    made: list[tuple[str, ...]] = []

    def build(modules, langs, out, **kwargs):
        made.append(tuple(langs))
        return [out / lang / f"{m.id}.html" for lang in langs for m in modules]

    monkeypatch.setattr(slides, "build", build)
    code, out, _err = course("slides", "1", "--out", str(tmp_path), "--lang", "zh", capsys=capsys)
    assert code == 0 and made[-1] == ("zh",)
    assert out.strip() == f"已在 {tmp_path} 下写入 1 套幻灯片（打开 {tmp_path / 'index.html'}；放映时按 S 查看讲者备注）"
    code, out, _err = course("slides", "1", "--out", str(tmp_path), "--lang", "en", capsys=capsys)
    assert code == 0 and made[-1] == ("en",)
    assert out.strip() == (f"wrote 1 decks under {tmp_path} (open {tmp_path / 'index.html'}; press S in a deck for "
                           "the notes)")
    code, out, _err = course("slides", "1", "--out", str(tmp_path), capsys=capsys)
    assert code == 0 and made[-1] == ("en", "zh") and out.startswith("wrote 2 decks under ")
    code, _out, err = course("slides", "42", "--lang", "zh", capsys=capsys)
    assert code == 1 and err.startswith("没有模块 '42'；现有模块：00-start-here, ")
    code, _out, err = course("slides", "42", capsys=capsys)
    assert code == 1 and err.startswith("no module '42'; modules are 00-start-here, ")


def test_slides_annotate_check_speaks_chinese(capsys):
    code, out, _err = course("slides", "--annotate", "--check", "--lang", "zh", capsys=capsys)
    assert code == 0 and out.strip().endswith("个课程笔记本的幻灯片类型均无误"), out
    code, out, _err = course("slides", "--annotate", "--check", capsys=capsys)
    assert code == 0 and out.startswith("slide types OK in ") and out.strip().endswith(" lesson notebooks")


# ------------------------------------------------------------------------------------------- course handouts
def test_handouts_check_follows_course_lang():
    env = {**os.environ, "COURSE_LANG": "zh"}
    cmd = [sys.executable, "-m", "course.cli", "handouts", "--check"]
    zh = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert zh.returncode == 0 and zh.stdout.startswith("讲师资料内容无误：讲师手册 "), zh.stdout + zh.stderr
    assert not no_english(zh.stdout)
    env["COURSE_LANG"] = "en"
    en = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert en.returncode == 0 and en.stdout.startswith("trainer content OK: ") and "role-play cards" in en.stdout


def test_lang_both_reaches_the_trainer_commands_and_no_other(monkeypatch, capsys, tmp_path):
    """`--lang both` is the trainer commands' own choice (both editions, messages in English); elsewhere it is an
    unknown language."""
    from course.trainer import slides

    made: list[tuple[str, ...]] = []
    monkeypatch.setattr(slides, "build", lambda modules, langs, out, **kw: made.append(tuple(langs)) or [])
    code, out, _err = course("slides", "1", "--out", str(tmp_path), "--lang", "both", capsys=capsys)
    assert code == 0 and made[-1] == ("en", "zh") and out.startswith("wrote 0 decks under "), out
    code, _out, err = course("glossary", "queue", "--lang", "both", capsys=capsys)
    assert code == 2 and "both" in err
