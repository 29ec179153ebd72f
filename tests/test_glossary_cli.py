"""`course glossary` in both editions: the Chinese definition under `--lang zh` or COURSE_LANG=zh, the English
one otherwise, and a miss explained in the language in use."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course import glossary, glossary_cli, i18n

ROOT = Path(__file__).resolve().parents[1]


def cli(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    glossary_cli.add_arguments(p)
    return p.parse_args(argv)


@pytest.fixture(autouse=True)
def _restore_language():
    before = i18n.current()
    yield
    i18n.use_language(before)


def test_one_term_in_english(capsys):
    i18n.use_language("en")
    assert glossary_cli.run(cli("key account")) == 0
    out = capsys.readouterr().out
    term = glossary.lookup("key account")
    assert out.splitlines()[0] == "key account / 大客户 (dà kèhù), module 4"
    assert term["definition"] in out and term["definition_zh"] not in out


def test_one_term_in_chinese_with_lang(capsys):
    i18n.use_language("en")
    assert glossary_cli.run(cli("客户剥离", "--lang", "zh")) == 0
    out = capsys.readouterr().out
    term = glossary.lookup("客户剥离")
    assert out.splitlines()[0] == "客户剥离 / customer divestment\uff08kèhù bōlí\uff09\uff0c第 6 课"
    assert term["definition_zh"] in out and term["definition"] not in out


def test_the_list_puts_the_edition_first(capsys):
    assert glossary_cli.run(cli("--module", "5", "--lang", "zh")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(glossary.for_module(5)) and lines[0].split()[1] == glossary.for_module(5)["term_zh"][0]
    assert glossary_cli.run(cli("--module", "5", "--lang", "en")) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[1] == glossary.for_module(5)["term_en"][0].split()[0]


def test_a_miss_and_a_bad_language_are_explained(capsys):
    assert glossary_cli.run(cli("zzz", "--lang", "zh")) == 1
    assert "匹配到 0 个词条" in capsys.readouterr().out
    assert glossary_cli.run(cli("zzz", "--lang", "fr")) == 2
    assert "'en', 'zh'" in capsys.readouterr().out


def test_course_lang_zh_shows_the_chinese_definition():
    env = {**os.environ, "COURSE_LANG": "zh"}
    code = "from course.cli import main; raise SystemExit(main(['glossary', 'whale curve']))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert glossary.lookup("whale curve")["definition_zh"] in out.stdout
