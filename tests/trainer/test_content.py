"""The trainer content keeps its contract: a guide in both languages for every module, plans and agendas that add
up to their stated length, the same blocks in English and Chinese, lesson sections and widgets that exist, a
role-play card for every module and the five seed dialogues, an answer sheet kept apart for every case."""

from __future__ import annotations

import re

import pytest

from course import syllabus
from course.cli import COMMANDS, main
from course.trainer import content, render

KIT = content.load()
MODULES = [m.id for m in syllabus.MODULES]
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_the_content_has_no_problems():
    assert content.problems(KIT) == []


@pytest.mark.parametrize("module", MODULES)
def test_every_module_has_a_guide_in_both_languages(module):
    g = KIT.guides[module]
    en, zh = render.guide(KIT, module, "en"), render.guide(KIT, module, "zh")
    assert "Session plan" in en.markdown and "课程安排" in zh.markdown
    assert not HAN.search(en.title.split(":")[0]) and HAN.search(zh.markdown)
    assert content.block_minutes(g) == g["length"], "the blocks must add up to the stated length"


@pytest.mark.parametrize("module", MODULES)
def test_both_languages_have_the_same_blocks(module):
    """The rendered plan tables agree row by row on clock time, minutes and lesson section."""
    def rows(md):
        table = [r for r in md.splitlines() if re.match(r"\| \d+:\d\d \|", r)]
        cells = ([x.strip() for x in r.strip().strip("|").split(" | ")] for r in table)
        return [(c[0], c[1], c[4]) for c in cells]
    en = rows(render.guide(KIT, module, "en").markdown)
    zh = rows(render.guide(KIT, module, "zh").markdown)
    assert en and en == zh
    assert len(en) == len(KIT.guides[module]["plan"])


@pytest.mark.parametrize("module", MODULES)
def test_guide_sections_and_widgets_exist_in_the_lesson(module):
    m = syllabus.by_id(module)
    heads = render.lesson_headings(m)
    if not heads:
        pytest.skip(f"{m.lesson} is not in this checkout")
    g = KIT.guides[module]
    for b in [*g["plan"], *g["widgets"]]:
        if b.get("section"):
            assert any(h.startswith(b["section"]) for h in heads), f"{module}: no lesson section {b['section']!r}"
    import importlib
    for w in g["widgets"]:
        assert w["topic"] in m.topics, f"{module}: widget topic {w['topic']} is not the module's"
        assert hasattr(importlib.import_module(f"course.widgets.{w['topic']}"), w["name"]), w["name"]


def test_guides_use_the_seed_questions():
    text = "".join(render.guide(KIT, m, "zh").markdown for m in MODULES)
    text = text.translate(str.maketrans("，？：；！", ",?:;!"))  # the seeds' half-width punctuation, set full-width
    for q in ("客户真的是上帝吗?", "为什么银行不在满意度的这个问题上下功夫?", "能经营一天可以做到,但是一年能不能做到?"):
        assert q in text, q


def test_every_discussion_question_has_notes_and_good_answer_points():
    for g in KIT.guides.values():
        for d in g["discussion"]:
            assert d["notes"] and len(d["good_answer"]) >= 2


@pytest.mark.parametrize("agenda", [a["id"] for a in KIT.agendas])
def test_agenda_days_add_up(agenda):
    a = next(x for x in KIT.agendas if x["id"] == agenda)
    for day in a["days"]:
        assert sum(content.slot_minutes(KIT, s) for s in day["slots"]) == day["length"]


def test_the_two_day_agenda_runs_every_module_in_full_and_the_one_day_touches_each():
    two = next(a for a in KIT.agendas if a["id"] == "two-day")
    full = [s["module"] for d in two["days"] for s in d["slots"] if "module" in s and "blocks" not in s]
    assert full == MODULES
    one = next(a for a in KIT.agendas if a["id"] == "one-day")
    assert [s["module"] for d in one["days"] for s in d["slots"] if "module" in s] == MODULES


def test_a_role_play_per_module_and_the_five_seed_dialogues():
    by_module = {c["module"] for c in KIT.cards}
    assert by_module >= set(MODULES)
    text = " ".join(render.card(KIT, c, "zh").markdown for c in KIT.cards)
    for must in ("你是我们公司的小客户", "85%", "首问负责制", "破口大骂", "靠窗第二个座位"):
        assert must in text, must
    for c in KIT.cards:
        doc = render.card(KIT, c, "en")
        assert doc.pages == len(c["roles"]) + 1
        assert doc.markdown.count("* * *") == len(c["roles"])


def test_observer_checklists_carry_the_course_models():
    used = {k for c in KIT.cards for k in c["observer"]["models"]}
    assert {"justice", "attentive", "six_steps"} <= used
    assert len(KIT.models["attentive"]["items"]) == 7 and len(KIT.models["six_steps"]["items"]) == 6
    assert len(KIT.models["justice"]["items"]) == 3


def test_cases_cover_the_curriculum_and_answers_are_kept_apart():
    ids = {c["id"] for c in KIT.cases}
    assert ids >= {"peninsula", "oriental-hotel", "citibank-bank-queue", "panda-ericsson", "steel-trader",
                   "xiaoshan-textile", "zhihong", "sprint", "txu"}
    assert set(KIT.answers) == ids
    for c in KIT.cases:
        handout = render.case(KIT, c, "en").markdown + render.case(KIT, c, "zh").markdown
        for pts in KIT.answers[c["id"]]["answers"]:
            for p in pts:
                assert p["en"] not in handout and p["zh"] not in handout, "an answer leaked into the handout"


def test_sprint_fact_check_corrects_the_seed_date():
    sprint = next(c for c in KIT.cases if c["id"] == "sprint")
    assert "29 June 2007" in sprint["fact_check"]["en"] and "6 月 29 日" in sprint["fact_check"]["zh"]


def test_problems_reports_a_plan_that_does_not_add_up():
    broken = content.load()
    broken.guides[MODULES[0]]["plan"][0]["minutes"] += 5
    broken.guides[MODULES[1]]["objectives"][0] = {"en": "only English"}
    found = "\n".join(content.problems(broken))
    assert "blocks add up to" in found and "must have non-empty en and zh" in found


def test_the_command_is_registered_and_checks(capsys):
    assert COMMANDS["handouts"][0] == "course.trainer.cli"
    assert main(["handouts", "--check"]) == 0
    assert "trainer content OK" in capsys.readouterr().out


def test_kirkpatrick_forms_in_both_languages():
    """A level-1 reaction survey and a level-3 follow-up (a behaviour per module, a manager's page), both languages,
    printed by `course handouts` on the pages they state."""
    forms = {f["level"]: f for f in KIT.evaluations}
    assert set(forms) == {1, 3}
    assert len(forms[3]["behaviours"]) == len(MODULES) and "manager" in forms[3]
    for f in KIT.evaluations:
        en, zh = (render.documents(KIT, (lang,)) for lang in ("en", "zh"))
        doc_en = next(d for d in en if d.kind == "evaluation" and d.slug == f["id"])
        doc_zh = next(d for d in zh if d.kind == "evaluation" and d.slug == f["id"])
        assert doc_en.pages == doc_zh.pages == f["pages"] == doc_en.markdown.count("* * *") + 1
        assert doc_en.markdown.count("☐") == doc_zh.markdown.count("☐") > 20
        assert HAN.search(doc_zh.markdown) and not HAN.search(doc_en.header)
    broken = content.load()
    broken.evaluations = [f for f in broken.evaluations if f["level"] != 3]
    assert "no Kirkpatrick level-3 form" in "\n".join(content.problems(broken))


def test_the_trainer_commands_are_registered():
    assert COMMANDS["slides"][0] == "course.trainer.slides_cli"
    assert COMMANDS["certificates"][0] == "course.trainer.certificates"
