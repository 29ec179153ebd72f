"""The Chinese edition in a real JupyterLab and Chromium: a trainee opens a Chinese lesson, plays with its
widget and reads its summary in Chinese, and answers a self-check whose options and feedback are Chinese."""

from __future__ import annotations

import json
import re

import pytest
from labpage import ROOT, errors, open_notebook, run_all, shown_tracebacks
from test_lab import drag_slider

from course import i18n
from course.selfcheck import for_lesson

pytestmark = pytest.mark.browser

START_ZH = "lessons/zh/00-start-here.ipynb"
ICEBERG_ZH = "lessons/zh/02-complaint-iceberg.ipynb"
HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){3,}\b")


def first_selfcheck(path: str) -> str:
    """The id of the first self-check a lesson draws (`checks["0-1"].widget()`)."""
    nb = json.loads((ROOT / path).read_text(encoding="utf-8"))
    for c in nb["cells"]:
        m = re.search(r'(?:checks|for_lesson\(\d+\))\["([^"]+)"\]\.widget\(\)', "".join(c["source"]))
        if c["cell_type"] == "code" and m:
            return m.group(1)
    raise AssertionError(f"{path} draws no self-check")


def test_chinese_iceberg_widget_speaks_chinese(page, lab):
    """Lesson 2 in Chinese runs without errors; moving the explorer's slider changes its Chinese summary."""
    open_notebook(page, lab, ICEBERG_ZH)
    result = run_all(page)
    assert errors(result) == [] and shown_tracebacks(page) == []
    explorer = page.locator(".course-iceberg").first
    explorer.wait_for()
    explorer.scroll_into_view_if_needed()
    summary = explorer.locator(".course-summary")
    before = summary.inner_text()
    assert HAN.search(before) and not ENGLISH_SENTENCE.search(before), before
    labels = explorer.locator(".widget-label").all_inner_texts()
    assert labels and all(HAN.search(t) for t in labels if t.strip()), labels
    slider = explorer.locator(".widget-slider").first
    readout = slider.locator(".widget-readout")
    value_before = readout.inner_text()
    width = slider.locator(".noUi-target").bounding_box()["width"]
    drag_slider(page, slider, width * 0.3)
    if readout.inner_text() == value_before:
        drag_slider(page, slider, -width * 0.6)
    page.wait_for_function("([el, t]) => el.innerText !== t", arg=[summary.element_handle(), before])
    after = summary.inner_text()
    assert after != before and HAN.search(after)


def test_chinese_selfcheck_right_and_wrong(page, lab):
    """On the Chinese start page, a wrong option gets a Chinese explanation, the right one a Chinese 'correct'."""
    qid = first_selfcheck(START_ZH)
    with i18n.language("zh"):
        q = for_lesson(0)[qid]
        options = q.shown_options()
        check = q.check(q.answer)
        wrong_index = next(i for i in range(len(options)) if i != q.answer)
        wrong_fb = q.check(wrong_index)
        from course.selfcheck.engine import _ as sc

        button = sc("Check")
    assert HAN.search(options[q.answer]) and HAN.search(button)
    open_notebook(page, lab, START_ZH)
    run_all(page)
    quiz = page.locator(".course-selfcheck").first
    quiz.scroll_into_view_if_needed()
    quiz.get_by_text(options[wrong_index], exact=True).click()
    quiz.get_by_role("button", name=button).click()
    wrong = quiz.locator(".course-feedback.wrong")
    wrong.wait_for()
    assert HAN.search(wrong.inner_text()) and not wrong_fb.correct
    quiz.get_by_text(options[q.answer], exact=True).click()
    quiz.get_by_role("button", name=button).click()
    ok = quiz.locator(".course-feedback.ok")
    ok.wait_for()
    assert HAN.search(ok.inner_text()) and check.correct
    assert quiz.locator(".course-feedback.wrong").count() == 0
