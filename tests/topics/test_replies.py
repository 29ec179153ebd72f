"""Tests for course.topics.replies (the reply coach rubric) and the reply-coach widget."""

from __future__ import annotations

import pytest

from course.topics import replies as r


def test_good_example_passes_everything():
    res = r.check_reply(r.GOOD_EXAMPLE)
    assert res.score == res.max_score == 6 and not res.misses
    assert "All six" in res.message


def test_bad_example_misses_everything_with_explanations():
    res = r.check_reply(r.BAD_EXAMPLE)
    assert res.score == 0
    for c in res.misses:
        assert c.explanation and c.explanation != r.EXPLAIN_PASS[c.key]
    blame = next(c for c in res.criteria if c.key == "no_blame")
    assert "you should have" in blame.explanation.lower()


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_and_whitespace(text):
    res = r.check_reply(text)
    assert res.score == 0 and "empty" in res.message.lower()
    assert all("empty" in c.explanation.lower() for c in res.criteria)


@pytest.mark.parametrize("bad", [None, 42, ["Dear Ms Wang"], b"bytes"])
def test_non_string_gets_clear_error(bad):
    with pytest.raises(TypeError, match="expects the draft reply as text"):
        r.check_reply(bad)


def test_each_criterion_can_pass_alone():
    cases = {"acknowledges": "I understand the report was late.", "apologises": "We apologise.",
             "names_customer": "Dear Mr Zhou,", "remedy": "We will refund the fee.",
             "time_frame": "within 24 hours"}
    for key, text in cases.items():
        assert r.check_reply(text).as_dict()[key], key
    assert not r.check_reply("Dear customer, thanks.").as_dict()["names_customer"]


def test_blaming_language_fails():
    res = r.check_reply("Dear Ms Wang, sorry, but this is not our fault. Calm down.")
    assert not res.as_dict()["no_blame"]
    assert "'not our fault'" in next(c for c in res.criteria if c.key == "no_blame").explanation


def test_customer_name_parameter():
    assert r.check_reply(r.GOOD_EXAMPLE, customer_name="Wang Fang").as_dict()["names_customer"]
    miss = r.check_reply(r.GOOD_EXAMPLE, customer_name="Zhao Lei")
    assert not miss.as_dict()["names_customer"] and "Zhao Lei" in miss.misses[0].explanation
    with pytest.raises(TypeError, match="customer_name"):
        r.check_reply("hi", customer_name=5)


def test_chinese_keywords():
    res = r.check_reply("尊敬的王女士:非常抱歉,我们理解您的不便,今天会重新发送报告并退款。")
    assert res.as_dict() == {"acknowledges": True, "apologises": True, "names_customer": True, "remedy": True,
                             "time_frame": True, "no_blame": True}


def test_html_marks_each_criterion():
    html = r.check_reply(r.BAD_EXAMPLE).html()
    assert html.count('class="course-criterion miss"') == 6 and "Score: 0 / 6" in html


def test_reply_coach_widget_updates_on_edit():
    from course.widgets.capstone import reply_coach

    coach = reply_coach(complaint="The report is late.")
    assert "course-reply-coach" in coach.widget._dom_classes
    assert "course-reply-text" in coach.text._dom_classes and "course-reply-result" in coach.summary._dom_classes
    assert coach.result.score == 0 and "empty" in coach.summary.value
    coach.text.value = r.BAD_EXAMPLE
    assert coach.result.score == 0
    assert "you should have" in coach.summary.value.lower()
    coach.text.value = r.GOOD_EXAMPLE
    assert coach.result.score == 6 and "Score: 6 / 6" in coach.summary.value
    coach.text.value = "Dear Mr Zhou, sorry."
    coach.button.click()
    assert coach.result.score == 3 and "Score: 3 / 6" in coach.summary.value
