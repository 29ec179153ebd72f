"""No untranslated string: with the language set to zh, every widget's summary, control labels and chart texts
(the figure's text artists) read in Chinese, with no English sentence left; in English they stay English.

"An English sentence" is a run of three or more ASCII words. Left out of the check: the terms a trainee meets in
English (ALLOWED), and the values of the data the widget was given (firm, guest and branch names are the data's
business, translated by course.datasets for the Chinese edition), except the codes the widgets translate
themselves (course.widgets.base.CODES).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

import matplotlib
import pandas as pd
import pytest

from course import i18n
from course.datasets import load

matplotlib.use("Agg")

ALLOWED = ("SERVQUAL", "CRM", "HHI", "CLV", "RFM", "CNY", "TARP", "VIP", "Kaplan-Meier", "Ctrl/Cmd", "B2B",
           "Subramanian", "Raju", "Zhang", "Fortune 500", "Charles Schwab", "Fidelity", "Aramark", "EchoStar",
           "Sprint Nextel", "Marsh & McLennan", "AT&T", "FedEx", "Allstate", "Nationwide", "TXU", "SEC",
           "course start", "course hint", "pip install jupyterlab-language-pack-zh-cn")
"""Terms a trainee meets in English, kept in English (in brackets or as names) in the Chinese edition."""
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,.;:!?()/&-]+[A-Za-z][A-Za-z'’-]*){2,}")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """HTML or markdown as the words a trainee reads."""
    return html.unescape(TAG.sub(" ", str(text)))


def english_runs(text: str, exempt: tuple[str, ...] = ()) -> list[str]:
    """The runs of three or more ASCII words in `text`, once the allowed terms and `exempt` (data) are set aside."""
    text = plain(text)
    for term in sorted({*ALLOWED, *exempt}, key=len, reverse=True):
        if term:
            text = text.replace(term, " · ")
    return [" ".join(run.split()) for run in ENGLISH_RUN.findall(text)]


def test_the_detector_can_fail():
    assert english_runs("<b>Most tickets</b> break the promise") == ["Most tickets break the promise"]
    assert english_runs("服务质量差距（SERVQUAL）：客户关系管理（CRM），Kaplan-Meier 估计") == []
    assert english_runs("头号客户Longteng Hengtong Packaging Ltd.占 44%", exempt=("Longteng Hengtong Packaging Ltd.",)) == []
    assert english_runs("style='color:#b2182b'") == [] and english_runs("<b style='color:#1b7837'>保留</b>") == []


# ------------------------------------------------------------------------------------------- what a widget shows
def widget_texts(w) -> Iterator[str]:
    """Every text of a widget tree a trainee reads: descriptions, option labels, placeholders, HTML, titles."""
    import ipywidgets as W

    for attr in ("description", "placeholder", "tooltip"):
        value = getattr(w, attr, None)
        if isinstance(value, str) and value:
            yield value
    if isinstance(w, W.HTML) and w.value:
        yield w.value
    yield from (str(x) for x in getattr(w, "_options_labels", ()) or ())
    yield from (t for t in getattr(w, "titles", ()) or () if t)
    for child in getattr(w, "children", ()) or ():
        yield from widget_texts(child)


def figure_texts(fig) -> list[str]:
    """Every text artist of a figure (titles, axis labels, tick labels, legends, annotations, colour bars)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()] if fig is not None else []


def data_values(*frames: pd.DataFrame) -> tuple[str, ...]:
    """The text values of the data a widget was given, without the codes the widgets translate."""
    from course.widgets.base import CODES

    out: set[str] = set()
    for df in frames:
        for col in df.columns:
            if df[col].dtype == object or isinstance(df[col].dtype, pd.CategoricalDtype | pd.StringDtype):
                out.update(str(v) for v in df[col].dropna().unique())
    return tuple(v for v in out if v not in CODES and not v.isdigit())


def _chart(plot: Callable) -> Callable[[], list[str]]:
    import matplotlib.pyplot as plt

    def texts() -> list[str]:
        ax = plot()
        found = figure_texts(ax.figure)
        plt.close("all")
        return found

    return texts


def explorer_states(ex, moves: list[tuple[str, object]]) -> Iterator[list[str]]:
    """The widget's texts (controls, summary, chart) now and after each move (control name, value)."""
    yield [*widget_texts(getattr(ex, "widget", ex)), *figure_texts(getattr(ex, "figure", None))]
    for name, value in moves:
        target = ex.presets if name == "presets" else ex.controls[name]
        target.value = value
        yield [*widget_texts(ex.widget), *figure_texts(getattr(ex, "figure", None))]


COMPLAINT = "报告又晚了。Third month in a row the monthly report is late."
"""The complaint the reply coach is opened on: data, quoted as it is in either edition."""


def cases(d: dict[str, pd.DataFrame]) -> dict[str, tuple[Callable[[], Iterator[list[str]]], tuple[str, ...]]]:
    """Every widget, chart and trainee-facing text of course.widgets (and the topic texts they show), each with
    the states to visit and the data values it may quote."""
    from course.topics import guests as G
    from course.topics import triage as T
    from course.widgets import (
        churn,
        competition,
        guests,
        iceberg,
        network,
        profitability,
        promises,
        replies,
        segmentation,
        servqual,
        triage,
    )

    def states(make: Callable, moves: list[tuple[str, object]] = ()) -> Callable[[], Iterator[list[str]]]:
        return lambda: explorer_states(make(), list(moves))

    def charts(*plots: Callable) -> Callable[[], Iterator[list[str]]]:
        return lambda: (_chart(p)() for p in plots)

    def texts(*make: Callable[[], str]) -> Callable[[], Iterator[list[str]]]:
        return lambda: ([m()] for m in make)

    first_root = T.deduplicate(d["complaint_queue"])["root_cause"].iloc[0]
    summary = T.summary_values(d["complaint_queue"], d["accounts"])
    return {
        "promise_explorer": (states(lambda: promises.promise_explorer(d["tickets"]),
                                    [("promise_hours", 4), ("promise_hours", 96),
                                     ("category", sorted(d["tickets"]["category"].astype(str).unique())[0])]),
                             data_values(d["tickets"])),
        "plot_hours": (charts(lambda: promises.plot_hours(d["tickets"])), data_values(d["tickets"])),
        "servqual_explorer": (states(lambda: servqual.servqual_explorer(d["servqual"], d["servqual_weights"]),
                                     [("branch", sorted(d["servqual"]["branch"].astype(str).unique())[0])]),
                              data_values(d["servqual"])),
        "iceberg_explorer": (states(lambda: iceberg.iceberg_explorer(d["tarp_repurchase"]),
                                    [("quick_share", 1.0), ("complaints", 0), ("problem_size", "over USD 100")]),
                             data_values(d["tarp_repurchase"])),
        "iceberg_impossible": (states(lambda: iceberg.iceberg_explorer(d["tarp_repurchase"], complaints=2000,
                                                                       customers=40_000)), ()),
        "plot_tarp": (charts(lambda: iceberg.plot_tarp(d["tarp_repurchase"])), data_values(d["tarp_repurchase"])),
        "guest_card": (states(lambda: guests.guest_card(d["guests"], d["stays"])),
                       data_values(d["guests"], d["stays"])),
        "birthday_list": (states(lambda: guests.birthday_list(d["guests"], d["stays"]),
                                 [("vip_only", True), ("month", 2)]), data_values(d["guests"], d["stays"])),
        "guest_charts": (charts(lambda: guests.plot_hit_rates({c: G.prediction_hit_rate(d["stays"], c)
                                                               for c in ("seat", "breakfast")}),
                                lambda: guests.plot_time_away(d["stays"])), ()),
        "greetings": (texts(lambda: G.arrival_greeting(d["guests"], d["stays"], "G0001"),
                            lambda: G.arrival_greeting(d["guests"], d["stays"], "G0001", on="2022-03-14")),
                      data_values(d["guests"], d["stays"])),
        "pareto_explorer": (states(lambda: segmentation.pareto_explorer(d["customers"]),
                                   [("rank_by", "profit"), ("cutoff_pct", 0), ("cutoff_pct", 100)]),
                            data_values(d["customers"])),
        "balance_explorer": (states(segmentation.balance_explorer,
                                    [("performance_pct", 100), ("performance_pct", 0), ("stage", "mature")]), ()),
        "keyaccount_explorer": (states(lambda: network.keyaccount_explorer(d["b2b_accounts"]),
                                       [("presets", "the seed's 45 (15%)"), ("k", 0)]),
                                data_values(d["b2b_accounts"])),
        "contagion_explorer": (states(lambda: network.contagion_explorer(d["b2b_accounts"], d["referrals"], runs=60),
                                      [("persuasion", 0.0), ("persuasion", 1.5)]),
                               data_values(d["b2b_accounts"])),
        "decision_board": (states(lambda: profitability.decision_board(d["accounts"]), [("max_calls", 50)]),
                           data_values(d["accounts"])),
        "plot_whale_curve": (charts(lambda: profitability.plot_whale_curve(d["accounts"])), ()),
        "steps_panel": (lambda: iter([list(widget_texts(profitability.steps_panel()))]), ()),
        "lesson_6_tables": (texts(lambda: profitability.as_markdown(profitability.profitability.FIRING_STEPS
                                                                    .drop(columns="name_en")),
                                  lambda: profitability.as_markdown(
                                      profitability.profitability.DIVESTMENT_STEPS[["step", "name_zh", "case"]]),
                                  lambda: profitability.as_markdown(profitability.profitability.DIVESTMENT_REASONS)),
                            ()),
        "competition_simulator": (states(competition.competition_simulator,
                                         [("drop_share", 1.0), ("rival", False)]), ()),
        "churn_explorer": (states(lambda: churn.churn_explorer(d["subscribers"]),
                                  [("price_promotion", 0)]), data_values(d["subscribers"])),
        "churn_all_zero": (states(lambda: churn.churn_explorer(d["subscribers"]),
                                  [(k, 0) for k in ("price_promotion", "referral", "advertising", "direct_sales")]),
                           ()),
        "crisis_explorer": (states(churn.crisis_explorer, [("delay_weeks", 0), ("delay_weeks", 12),
                                                           ("overpromise", True)]), ()),
        "staff_explorer": (states(lambda: churn.staff_explorer(d["branch_survey"]), [("staff_gain", 10)]),
                           data_values(d["branch_survey"])),
        "churn_charts": (charts(lambda: churn.plot_retention(churn.C.survival_curves(d["subscribers"], months=30)),
                                lambda: churn.plot_cohorts(churn.C.cohort_retention(d["subscribers"])),
                                lambda: churn.plot_clv(churn.C.churn_by_channel(d["subscribers"]))),
                         data_values(d["subscribers"])),
        "plot_pareto": (charts(lambda: triage.plot_pareto(T.pareto(T.deduplicate(d["complaint_queue"])))),
                        data_values(d["complaint_queue"])),
        "triage_board": (states(lambda: triage.triage_board(d["complaint_queue"], d["accounts"]), [("top", 3)]),
                         data_values(d["complaint_queue"], d["accounts"])),
        "recovery_choice": (states(lambda: triage.recovery_choice(first_root),
                                   [("actions", ("Standard form letter",)),
                                    ("actions", tuple(T.recommend(first_root)))]), ()),
        "management_summary": (texts(lambda: T.render_summary(summary), lambda: T.render_summary(summary, "html")),
                               data_values(d["complaint_queue"], d["accounts"])),
        "reply_coach": (lambda: iter([list(widget_texts(replies.reply_coach(complaint=COMPLAINT).widget))]),
                        (COMPLAINT,)),
    }


DATASETS = ("tickets", "servqual", "servqual_weights", "tarp_repurchase", "guests", "stays", "customers",
            "b2b_accounts", "referrals", "accounts", "subscribers", "branch_survey", "complaint_queue")


@pytest.fixture(scope="module")
def in_chinese():
    """The widgets' cases with the data as the Chinese edition loads it."""
    with i18n.language("zh"):
        yield cases({name: load(name) for name in DATASETS})


@pytest.fixture(scope="module")
def in_english():
    with i18n.language("en"):
        yield cases({name: load(name) for name in DATASETS})


NAMES = ("promise_explorer", "plot_hours", "servqual_explorer", "iceberg_explorer", "iceberg_impossible", "plot_tarp",
         "guest_card", "birthday_list", "guest_charts", "greetings", "pareto_explorer", "balance_explorer",
         "keyaccount_explorer", "contagion_explorer", "decision_board", "plot_whale_curve", "steps_panel",
         "lesson_6_tables", "competition_simulator", "churn_explorer", "churn_all_zero", "crisis_explorer",
         "staff_explorer", "churn_charts", "plot_pareto", "triage_board", "recovery_choice", "management_summary",
         "reply_coach")


def test_every_case_is_checked(in_chinese):
    assert sorted(in_chinese) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_no_english_sentence_left_in_chinese(in_chinese, name):
    run, exempt = in_chinese[name]
    with i18n.language("zh"):
        for n, texts in enumerate(run()):
            left = [(text[:70], runs) for text in texts if (runs := english_runs(text, exempt))]
            assert not left, f"{name}, state {n}: English left in the Chinese edition: {left[:3]}"
            assert sum(len(HAN.findall(t)) for t in texts) >= 4, f"{name}, state {n}: hardly any Chinese: {texts[:5]}"


# Chinese a widget's English text may hold: the course's own bracketed terms, and the data's names.
ENGLISH_HAS_CHINESE = ("承诺与实际", "服务质量差距", "投诉冰山估算", "客户剥离五步", "炒掉客户六步")


@pytest.mark.parametrize("name", NAMES)
def test_english_stays_english(in_english, name):
    run, exempt = in_english[name]
    with i18n.language("en"):
        for n, texts in enumerate(run()):
            for text in texts:
                rest = plain(text)
                for term in (*ENGLISH_HAS_CHINESE, *exempt):
                    rest = rest.replace(term, " ")
                if name in ("steps_panel", "lesson_6_tables"):  # the steps' Chinese names stand beside the English
                    rest = HAN.sub("", rest)
                assert not HAN.search(rest), f"{name}, state {n}: Chinese in the English edition: {text[:80]!r}"
            assert any(english_runs(t) for t in texts), f"{name}, state {n}: no English text at all"


def test_a_widget_follows_the_language_when_it_redraws(tickets):
    """One widget, two languages: the session's switch applies at the next update, summary and chart alike."""
    from course.widgets.promises import promise_explorer

    with i18n.language("en"):
        ex = promise_explorer(tickets)
        assert "resolved tickets took longer" in ex.summary.value
        with i18n.language("zh"):
            ex.controls["promise_hours"].value = 48
            assert "张已解决的工单中有" in ex.summary.value
            assert any("承诺 48 小时" in t for t in figure_texts(ex.figure))
        ex.controls["promise_hours"].value = 24
        assert "Advertise 24 h" in ex.summary.value


def test_money_in_summaries_follows_the_edition(tarp_repurchase):
    from course.widgets.iceberg import iceberg_explorer

    with i18n.language("zh"):
        zh = iceberg_explorer(tarp_repurchase).summary.value
    with i18n.language("en"):
        en = iceberg_explorer(tarp_repurchase).summary.value
    assert "万元" in zh and "CNY" not in zh
    assert "CNY" in en and "million" in en


def test_option_values_stay_the_codes_the_code_uses():
    """Labels are translated, values are not: answers and tests keep working in both editions."""
    from course.topics import triage as T
    from course.widgets.segmentation import balance_explorer
    from course.widgets.triage import recovery_choice

    with i18n.language("zh"):
        ex = recovery_choice()
        assert ex.controls["actions"].options[0] == ("退还涉及的款项", "Refund the amount at stake")
        ex.controls["actions"].value = tuple(T.recommend("late report"))
        assert ex.result["complete"]
        bal = balance_explorer()
        assert dict(bal.controls["stage"].options) == {"初创期": "start-up", "成熟期": "mature"}
        assert bal.result["verdict"] == "in balance" and "保持平衡" in bal.summary.value


def test_chinese_charts_draw_every_glyph(in_chinese):
    """Every chart of the Chinese edition renders with no 'Glyph missing' warning (the CJK font is registered
    when course.widgets is imported)."""
    import warnings

    import matplotlib.pyplot as plt

    from course.widgets.churn import crisis_explorer
    from course.widgets.iceberg import plot_tarp

    with i18n.language("zh"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fig in (crisis_explorer().figure, plot_tarp().figure):
            fig.canvas.draw()
        plt.close("all")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert not missing, missing[:3]


# ------------------------------------------------------------------------------------------- what the commands print
COMMANDS = ("course grade", "course report", "course exercises", "Formgrader", "Dask", "bubblewrap")
"""Commands and tools the instructor's messages name, as they are typed or called in either edition."""
PATH_LIKE = re.compile(r"[\w<>*~$-]*\w[/.:][\w<>*./:-]*", re.ASCII)
"""Paths, files and addresses (`_work/gradebook.db`, `docs/INSTRUCTORS.md`, `tcp://10.0.0.5:8786`): not words."""


def command_text(text: str, exempt: tuple[str, ...] = ()) -> str:
    """A command's output or --help page as the sentences it says: no usage lines, option names, choice lists,
    assignment ids or paths (argparse's and the file system's, not the course's words), nor `exempt` (data)."""
    for term in sorted(exempt, key=len, reverse=True):
        text = text.replace(term, " · ")
    if text.startswith(("usage: ", "用法：")):
        body = text.split("\n\n", 1)[1]
        text = "\n".join((ln.strip().split("  ", 1) + [""])[1] if ln.startswith("  -") else ln
                         for ln in body.splitlines())
    from course import syllabus

    text = re.sub(r"\{[^}]*\}", " ", text)
    for m in syllabus.LESSONS:  # assignment ids, as they are typed
        text = text.replace(m.id, " ")
    return PATH_LIKE.sub(" ", text)


def _outcome(student: str, status: str, edition: str = "en", seconds: float = 3.0, reason: str = "",
             flags: tuple[str, ...] = (), notes: tuple[str, ...] = ()):
    from types import SimpleNamespace

    return SimpleNamespace(student=student, status=status, edition=edition, seconds=seconds, reason=reason,
                           flags=list(flags), notes=list(notes))


FAILED_REASON = "the kernel died (os._exit or a crash)"
FLAG = "redefines the built-in `abs`"
NOTE = "repaired: a cell's metadata was missing"
"""What course.grading records about a submission: data, quoted as it is in the summary."""


@pytest.fixture
def grade_run():
    """A finished `course grade` run: fresh, unchanged, failed, flagged and repaired submissions of both editions,
    feedback regenerated for one."""
    from types import SimpleNamespace

    outcomes = [_outcome("amy", "graded"), _outcome("ben", "graded", "zh", flags=(FLAG,)),
                _outcome("cara", "unchanged", "zh", seconds=0, notes=(NOTE,)),
                _outcome("dan", "failed", seconds=0, reason=FAILED_REASON)]
    return SimpleNamespace(outcomes=outcomes, seconds=12.4, sandbox="bwrap", kernels="warm", refreshed=["cara"],
                           assignment="01-why-customers-complain")


def test_the_grade_summary_in_english_is_as_before(grade_run):
    from pathlib import Path

    from course.grading.cli import summary_lines

    with i18n.language("en"):
        lines = summary_lines(grade_run, Path("_work/grades/a.csv"), Path("_work/feedback"))
    assert lines == [
        "graded 3 of 4 submissions (2 this run, 1 unchanged since the last run), failed 1  "
        "[12 s, sandbox: bwrap, kernels: warm]",
        "editions: 1 English, 2 Chinese (zh: ben, cara); the CSV's edition column has everyone's",
        "feedback regenerated for 1 unchanged submission(s) (the gradebook changed since it was written, e.g. manual "
        "grades or comments in the Formgrader): cara",
        "(failures of unchanged submissions are from an earlier run: --retry-failed grades them again)",
        "failed:", f"  dan: {FAILED_REASON}",
        "flagged (tampering seen; marks come from the trusted tests only, check these by hand):", f"  ben: {FLAG}",
        "graded with repairs or warnings:", f"  cara: {NOTE}",
        "grades:   _work/grades/a.csv", "feedback: _work/feedback/<trainee>/01-why-customers-complain/"]


def test_the_grade_summary_in_chinese(grade_run):
    from pathlib import Path

    from course.grading.cli import summary_lines

    with i18n.language("zh"):
        lines = summary_lines(grade_run, Path("_work/grades/a.csv"), Path("_work/feedback"))
    assert lines[0] == ("已评分 3/4 份作业（本次 2 份，1 份自上次运行以来没有改动），失败 1 份  "
                        "[12 秒，沙箱：bwrap，内核：warm]"), lines[0]
    assert lines[1] == "版本：1 份英文版，2 份中文版（zh：ben, cara）；每位学员的版本见 CSV 的 edition 列", lines[1]
    assert "评分失败：" in lines and "反馈：_work/feedback/<学员>/01-why-customers-complain/" in lines
    left = [(ln, runs) for ln in lines
            if (runs := english_runs(command_text(ln, (FAILED_REASON, FLAG, NOTE)), COMMANDS))]
    assert not left, left


@pytest.mark.parametrize("verb", ["grade", "report", "exercises"])
def test_the_instructors_help_in_chinese(verb, capsys):
    from course.cli import main

    with i18n.language(i18n.current()), pytest.raises(SystemExit):
        main([verb, "--help", "--lang", "zh"])
    zh = capsys.readouterr().out
    runs = english_runs(command_text(zh), COMMANDS)
    assert zh.startswith("用法：") and not runs, runs
    assert len(HAN.findall(zh)) > 30
    with i18n.language(i18n.current()), pytest.raises(SystemExit):
        main([verb, "--help"])
    en = capsys.readouterr().out
    assert en.startswith("usage: ") and not HAN.search(en), en
    assert english_runs(command_text(en), COMMANDS), "the detector finds the English help's sentences"
    assert "course root (default: found from here)" in en


def test_course_grade_errors_follow_the_language(capsys, tmp_path):
    """A set-up problem (no course here) is reported in the language in use; the problem itself is quoted."""
    from course.cli import main

    for lang, word in (("zh", "course grade："), ("en", "course grade: ")):
        with i18n.language(i18n.current()):
            code = main(["grade", "01-why-customers-complain", "--root", str(tmp_path / "nowhere"), "--lang", lang,
                         "--no-progress"])
        err = capsys.readouterr().err
        assert code == 1 and err.startswith(word), err
