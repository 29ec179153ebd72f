"""Completion and certificates on the test class: the rule from the configuration, one A4 certificate per trainee who
met it, in the trainee's language (Chinese for the trainee who handed in the Chinese edition), and the list of who
did not and why."""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
from pathlib import Path

import pytest

from course.trainer import certificates

HAN = re.compile(r"[\u4e00-\u9fff]")


def run_command(argv: list[str]) -> int:
    """`course certificates ARGS` (through course/cli.py once the verb is registered there)."""
    from course.cli import COMMANDS, main

    if "certificates" in COMMANDS:
        return main(["certificates", *argv])
    p = argparse.ArgumentParser()
    certificates.add_arguments(p)
    return certificates.run(p.parse_args(argv))


@pytest.mark.slow
@pytest.mark.nbgrader
def test_the_rule_decides_who_completed(test_class):
    got = {o.student_id: o for o in certificates.evaluate(test_class)}
    assert {s for s, o in got.items() if o.completed} == {"key", "amy", "ben"}
    assert got["ben"].lang == "zh" and got["amy"].lang == "en" and got["ben"].name == "陈斌"
    assert got["cara"].reasons == ["post-test 62.5 % is below 70 %"]
    assert "post-test (assessment-b) not handed in" in got["dan"].reasons[0]
    assert "04-key-accounts" in got["dan"].reasons[1] and "03-attentive-service" not in got["dan"].reasons[1]
    assert got["blank"].reasons[0] == "post-test 0 % is below 70 %"


@pytest.mark.slow
@pytest.mark.nbgrader
def test_the_instructor_sets_the_rule_in_the_config(test_class):
    config = test_class / "nbgrader_config.py"
    before = config.read_text(encoding="utf-8")
    try:
        config.write_text(before + '\nc.Completion.post_test_min = 60\nc.Completion.exercise_rule = "none"\n'
                          "c.Completion.pre_test_required = True\n", encoding="utf-8")
        got = {o.student_id: o for o in certificates.evaluate(test_class)}
        assert {s for s, o in got.items() if o.completed} == {"key", "amy", "ben", "cara"}
        assert len(got["dan"].reasons) == 1, "exercises do not count under exercise_rule 'none'"
    finally:
        config.write_text(before, encoding="utf-8")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
@pytest.mark.nbgrader
def test_course_certificates_prints_one_a4_page_per_completer(test_class, tmp_path, chromium, poppler, cjk_font):
    out = tmp_path / "certificates"
    assert run_command(["--root", str(test_class), "--out", str(out), "--chromium", chromium]) == 0
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert made == ["en/amy.pdf", "en/key.pdf", "zh/ben.pdf"]
    for pdf in out.rglob("*.pdf"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), pdf
        w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert (round(w), round(h)) == (842, 595), "A4 landscape"
    en = re.sub(r"\s+", " ", pdf_text(out / "en/amy.pdf"))
    assert "Certificate of completion" in en and "Amy Adams" in en and "Post-test score 88 %" in en
    zh = re.sub(r"\s+", "", pdf_text(out / "zh/ben.pdf"))
    assert "结业证书" in zh and "陈斌" in zh and "客户投诉处理与客户价值管理" in zh and len(HAN.findall(zh)) > 50
    missed = (out / "not-completed.txt").read_text(encoding="utf-8")
    assert missed.startswith("3 of 6 trainees did not complete the course:")
    assert "Cara Diaz (cara): post-test 62.5 % is below 70 %" in missed
    with open(out / "completion.csv", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert rows["ben"]["completed"] == "yes" and rows["ben"]["language"] == "zh" and rows["ben"]["gain"] == "62.5"


def test_a_trainee_name_is_printed_as_text_not_markup():
    o = certificates.Outcome("x", "<b>Eve</b> & co", "en", True, post=90.0, pre=40.0)
    page = certificates.certificate_html(o, issuer="HR", date="2026-01-31")
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in page and "<b>Eve" not in page and "+50 points" in page
