"""Tests for course.topics.replies (the reply coach) and the reply-coach widget.

The labelled set in reply_cases.json holds good and bad replies in English and Chinese; the coach must rank every
good reply above every bad one and never give a bad reply full marks. The focused tests below pin each rule in
both languages: promised vs refused remedies, committed vs vague times, addressing vs mentioning a name, blame,
policy walls, sincere vs hollow apologies, and keyword stuffing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from course.topics import replies as r

CASES = json.loads((Path(__file__).with_name("reply_cases.json")).read_text(encoding="utf-8"))["cases"]
GOOD = [c for c in CASES if c["label"] == "good"]
BAD = [c for c in CASES if c["label"] == "bad"]

# padding that makes a draft a real reply (a name, the problem, an apology) so one rule can be tested alone
EN_HEAD = "Dear Ms Wang,\n\nYou are right: the market report due on 27 October never reached you. I am sorry. "
ZH_HEAD = "王女士您好:您家的空调两次维修后仍然不制冷,让您在高温天里等了三天,非常抱歉。"
EN_REMEDY = " We will credit one month's fee to your account today."
ZH_REMEDY = "我们今天会退还本次服务费。"


def check(text: str, name: str | None = None) -> r.ReplyCheck:
    return r.check_reply(text, name)


def passed(text: str, key: str, name: str | None = None) -> bool:
    return check(text, name).as_dict()[key]


def reason(text: str, key: str, name: str | None = None) -> str:
    return next(c.reason for c in check(text, name).criteria if c.key == key)


def penalties(text: str, name: str | None = None) -> set[str]:
    return {p.key for p in check(text, name).penalties}


# ---------------------------------------------------------------------------------------------------------------
# The labelled set

def test_labelled_set_is_big_and_covers_both_languages_and_kinds():
    assert len(CASES) >= 30 and len({c["id"] for c in CASES}) == len(CASES)
    for lang in ("en", "zh"):
        assert sum(c["lang"] == lang and c["label"] == "good" for c in CASES) >= 6
        assert sum(c["lang"] == lang and c["label"] == "bad" for c in CASES) >= 10
    kinds = " ".join(c["kind"] for c in BAD)
    for kind in ("polite", "blame", "vague", "negated", "stuffing", "name", "policy", "short", "hedged",
                 "conditional", "否定", "堆砌", "指责", "规定", "叫错名字", "含糊"):
        assert kind in kinds, kind


def test_every_good_reply_outscores_every_bad_one():
    good = {c["id"]: check(c["text"], c.get("customer_name")).score for c in GOOD}
    bad = {c["id"]: check(c["text"], c.get("customer_name")).score for c in BAD}
    worst_good, best_bad = min(good.values()), max(bad.values())
    assert worst_good > best_bad, (
        f"lowest good {worst_good} ({[k for k, v in good.items() if v == worst_good]}) vs highest bad {best_bad} "
        f"({[k for k, v in bad.items() if v == best_bad]})")


@pytest.mark.parametrize("case", BAD, ids=[c["id"] for c in BAD])
def test_no_bad_reply_gets_full_marks(case):
    res = check(case["text"], case.get("customer_name"))
    assert res.score < res.max_score, [(c.key, c.passed) for c in res.criteria]
    assert res.misses or res.penalties


@pytest.mark.parametrize("case", GOOD, ids=[c["id"] for c in GOOD])
def test_good_replies_get_full_marks_with_reasons(case):
    res = check(case["text"], case.get("customer_name"))
    assert res.score == res.max_score == 6, [(c.key, c.reason, c.explanation) for c in res.misses]
    assert not res.penalties and all(c.explanation for c in res.criteria)


def test_labelled_set_explanations_are_in_the_reply_language():
    for c in CASES:
        res = check(c["text"], c.get("customer_name"))
        if c["lang"] == "zh":
            assert res.language == "zh" and all(r._HAN.search(x.label) for x in res.criteria), c["id"]
        elif c["lang"] == "en":
            assert res.language == "en" and not any(r._HAN.search(x.label) for x in res.criteria), c["id"]


# ---------------------------------------------------------------------------------------------------------------
# The module's examples (lesson 8 prints the English pair)

@pytest.mark.parametrize("text", [r.GOOD_EXAMPLE, r.GOOD_EXAMPLE_ZH])
def test_good_examples_score_max(text):
    res = check(text)
    assert res.score == res.max_score == 6 and not res.misses and not res.penalties
    assert res.message in (r.MESSAGES["en"]["all_pass"], r.MESSAGES["zh"]["all_pass"])


def test_good_example_with_its_customer_name():
    assert check(r.GOOD_EXAMPLE, "Wang Fang").score == 6
    assert check(r.GOOD_EXAMPLE, "王芳").score == 6


@pytest.mark.parametrize("text", [r.BAD_EXAMPLE, r.BAD_EXAMPLE_ZH])
def test_bad_examples_score_low_and_explain_every_miss(text):
    res = check(text)
    assert res.score == 0 and len(res.misses) >= 5
    assert "blame" in {p.key for p in res.penalties}
    lang = res.language
    for c in res.misses:
        assert c.explanation and c.explanation != r.MESSAGES[lang]["pass"][c.key]


def test_bad_example_names_what_to_remove():
    res = check(r.BAD_EXAMPLE)
    blame = next(c for c in res.criteria if c.key == "no_blame")
    assert "you should have checked" in blame.explanation.lower()
    assert "as we already told" in blame.explanation.lower()
    assert next(c for c in res.criteria if c.key == "remedy").reason == "vague"


def test_the_keyword_reply_that_used_to_score_full_marks():
    text = "Dear Mr Wang, I understand. Sorry. We regret that we will not refund or fix anything today."
    res = check(text)
    assert res.score <= 2
    assert {k for k, v in res.as_dict().items() if not v} == {"acknowledges", "apologises", "remedy", "time_frame"}
    assert reason(text, "acknowledges") == "generic" and reason(text, "apologises") == "generic"
    assert reason(text, "remedy") == "negated" and reason(text, "time_frame") == "negated"


def test_the_good_chinese_reply_that_used_to_score_half():
    text = "王女士您好,您家空调两次维修后仍不制冷,是我们的问题,非常抱歉。我们明天上午十点前再次上门检查,并退还本次服务费。"
    assert check(text, "王芳").score == 6


# ---------------------------------------------------------------------------------------------------------------
# Input handling

@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_and_whitespace(text):
    res = check(text)
    assert res.score == 0 and res.max_score == 6 and "empty" in res.message.lower()
    assert all("empty" in c.explanation.lower() for c in res.criteria)


@pytest.mark.parametrize("bad", [None, 42, ["Dear Ms Wang"], b"bytes"])
def test_non_string_gets_clear_error(bad):
    with pytest.raises(TypeError, match="expects the draft reply as text"):
        r.check_reply(bad)


def test_customer_name_must_be_text():
    with pytest.raises(TypeError, match="customer_name"):
        r.check_reply("hi", customer_name=5)


def test_score_is_criteria_minus_penalties_never_negative():
    for c in CASES:
        res = check(c["text"], c.get("customer_name"))
        raw = sum(x.passed for x in res.criteria) - sum(p.points for p in res.penalties)
        assert res.score == max(0, raw) and isinstance(res.score, int) and isinstance(res.max_score, int)
        assert list(res.as_dict()) == list(r.CRITERIA)


# ---------------------------------------------------------------------------------------------------------------
# Remedy: promised, not refused, hedged or left to the customer

@pytest.mark.parametrize("sentence", [
    "We will refund the fee.", "I have refunded the fee to your card.", "Your refund has been processed.",
    "We are replacing the unit free of charge.", "A replacement is on its way.",
    "The corrected invoice is attached.",
    "We will not charge you again and will refund the fee.", "Would you like a refund or a replacement?",
    "We will replace the part that does not work."])
def test_remedy_promised_en(sentence):
    assert passed(EN_HEAD + sentence, "remedy"), sentence


@pytest.mark.parametrize("sentence,why", [
    ("We will not refund the fee.", "negated"), ("We won't refund or replace anything.", "negated"),
    ("A refund is not possible.", "negated"), ("We are unable to offer a refund.", "negated"),
    ("Refunds are not available for this plan.", "negated"),
    ("We will try to refund the fee.", "hedged"), ("We may be able to refund you.", "hedged"),
    ("You can apply for a refund on our website.", "burden"), ("You asked for a refund.", "mentioned"),
    ("We will look into it and get back to you.", "vague")])
def test_remedy_not_promised_en(sentence, why):
    assert not passed(EN_HEAD + sentence, "remedy"), sentence
    assert reason(EN_HEAD + sentence, "remedy") == why


@pytest.mark.parametrize("sentence", [
    "我们将为您全额退款。", "我们已为您办理全额退款。", "我们明天上午十点前再次上门检查,并退还本次服务费。",
    "针对您反映的空调不制冷问题,我们将于明天上门维修。", "我们给您换一台新的。", "维修师傅明天会再来一次,免费更换压缩机。"])
def test_remedy_promised_zh(sentence):
    assert passed(ZH_HEAD + sentence, "remedy"), sentence


@pytest.mark.parametrize("sentence,why", [
    ("我们无法退款。", "negated"), ("不能给您换。", "negated"), ("退款无法办理。", "negated"), ("概不退换。", "negated"),
    ("我们会尽量帮您退款。", "hedged"), ("看能不能给您换一台。", "hedged"), ("您可以自行申请退款。", "burden"),
    ("关于您要求的退款,我们正在研究。", "mentioned"), ("我们会尽快反馈给相关部门。", "vague")])
def test_remedy_not_promised_zh(sentence, why):
    assert not passed(ZH_HEAD + sentence, "remedy"), sentence
    assert reason(ZH_HEAD + sentence, "remedy") == why


def test_negated_remedy_explanation_quotes_it_in_the_reply_language():
    en = next(c for c in check(EN_HEAD + "We will not refund the fee.").criteria if c.key == "remedy")
    assert "'refund'" in en.explanation and "refuse" in en.explanation
    zh = next(c for c in check(ZH_HEAD + "我们无法退款。").criteria if c.key == "remedy")
    assert "“退款”" in zh.explanation and "拒绝" in zh.explanation


# ---------------------------------------------------------------------------------------------------------------
# Time frame: a commitment, not vague, refused or someone else's time

@pytest.mark.parametrize("sentence", [
    "We will call you by 10 am tomorrow.", "We will refund you within 3 working days.",
    "Tomorrow, our technician will visit.", "By 5 pm today, Mr Li will call you.",
    "I will call you on Friday at 9 am.", "You will receive the refund within 5 days."])
def test_time_committed_en(sentence):
    assert passed(EN_HEAD + sentence, "time_frame"), sentence


@pytest.mark.parametrize("sentence,why", [
    ("We cannot say when we will call you.", "vague"), ("We will call you as soon as possible.", "vague"),
    ("We will call you soon.", "vague"), ("We will not be able to visit before Friday.", "negated"),
    ("You called us on Monday.", "uncommitted"), ("We hope to fix it next week.", "uncommitted")])
def test_time_not_committed_en(sentence, why):
    text = "Dear Ms Wang,\n\nYou are right: the market report never reached you. I am sorry. " + sentence
    assert not passed(text, "time_frame"), sentence
    assert reason(text, "time_frame") == why


@pytest.mark.parametrize("sentence", [
    "我们明天上午十点前上门。", "退款将在3个工作日内到账。", "师傅将于明天下午三点前上门维修。", "今天下午五点前我会给您回电话。"])
def test_time_committed_zh(sentence):
    assert passed(ZH_HEAD + sentence, "time_frame"), sentence


@pytest.mark.parametrize("sentence,why", [
    ("我们会尽快处理。", "vague"), ("我们马上处理。", "vague"), ("明天无法上门。", "negated"),
    ("您今天打了三次电话。", "uncommitted"), ("我们争取下周给您答复。", "uncommitted")])
def test_time_not_committed_zh(sentence, why):
    assert not passed(ZH_HEAD + sentence, "time_frame"), sentence
    assert reason(ZH_HEAD + sentence, "time_frame") == why


def test_a_remedy_already_done_counts_as_the_time():
    assert reason(EN_HEAD + "I have refunded the fee to your card.", "time_frame") == "done"
    assert reason(ZH_HEAD + "我们已为您办理全额退款。", "time_frame") == "done"


# ---------------------------------------------------------------------------------------------------------------
# Name: the customer addressed, with the right name

BODY_EN = "\n\nThe report you ordered never reached you. I am sorry. We will re-send it today."
BODY_ZH = "\n您家的空调两次维修后仍不制冷,非常抱歉。我们明天上门维修。"


@pytest.mark.parametrize("opening,name", [
    ("Dear Ms Wang,", None), ("Dear Ms Wang,", "Wang Fang"), ("Dear Fang,", "Wang Fang"), ("Hi Li Fang,", "Li Fang"),
    ("Dear Ms Wang,", "王芳"), ("Hello Mr Zhao,", "Mr Zhao Lei")])
def test_name_addressed_en(opening, name):
    assert passed(opening + BODY_EN, "names_customer", name)


@pytest.mark.parametrize("opening,name", [
    ("王女士您好,", None), ("王女士您好,", "王芳"), ("王女士您好,", "Wang Fang"), ("尊敬的王芳女士:", "王芳"),
    ("您好,王女士!", None), ("尊敬的陈总:", "陈辉")])
def test_name_addressed_zh(opening, name):
    assert passed(opening + BODY_ZH, "names_customer", name)


def test_vocative_counts_but_a_colleague_mentioned_does_not():
    assert passed("Ms Wang, I am so sorry the report never reached you. We will re-send it today.",
                  "names_customer")
    text = "The report never reached you, and I am sorry. Our manager, Mr Li, will call you today."
    assert not passed(text, "names_customer") and reason(text, "names_customer") == "mentioned"
    text = "空调两次维修后仍不制冷,非常抱歉。我们的李经理会联系您。"
    assert not passed(text, "names_customer") and reason(text, "names_customer") == "mentioned"


def test_sign_off_and_colleague_do_not_count_for_the_customer():
    text = "Hello,\n\nThe report never reached you. I am sorry. Mr Li will re-send it today.\n\nChen Jing"
    assert not passed(text, "names_customer", "Chen Jing Wang")


@pytest.mark.parametrize("opening,body,why", [
    ("Dear customer,", BODY_EN, "generic"), ("Dear Sir or Madam,", BODY_EN, "generic"),
    ("Dear Valued Customer,", BODY_EN, "generic"), ("尊敬的客户:", BODY_ZH, "generic"),
    ("Dear Mr/Ms [name],", BODY_EN, "placeholder")])
def test_template_greetings_do_not_count(opening, body, why):
    assert not passed(opening + body, "names_customer")
    assert reason(opening + body, "names_customer") == why


@pytest.mark.parametrize("opening,body,name", [
    ("Dear Ms Zhang,", BODY_EN, "Wang Fang"), ("Dear Ms Wang,", BODY_EN, "Zhao Lei"), ("张女士您好,", BODY_ZH, "王芳"),
    ("王女士您好,", BODY_ZH, "Zhao Lei")])
def test_someone_elses_name_misses_and_costs_a_point(opening, body, name):
    res = check(opening + body, name)
    c = next(c for c in res.criteria if c.key == "names_customer")
    assert not c.passed and c.reason == "wrong_name" and name in c.explanation
    assert "wrong_name" in {p.key for p in res.penalties}


def test_customer_name_not_in_the_reply():
    res = check(r.GOOD_EXAMPLE.replace("Dear Ms Wang", "Hello"), "Zhao Lei")
    c = next(c for c in res.criteria if c.key == "names_customer")
    assert not c.passed and "Zhao Lei" in c.explanation


# ---------------------------------------------------------------------------------------------------------------
# Blame and policy walls

@pytest.mark.parametrize("sentence", [
    "You should have read the manual.", "This is not our fault.", "As I already explained, the portal works.",
    "Calm down, please.", "If you had read the terms you would know.",
    "Unfortunately you ignored our reminder emails.",
    "是您自己操作不当。", "您应该先仔细阅读说明书。", "这不是我们的责任。", "我们早就告诉过您了。", "您当时没有按说明书操作。"])
def test_blame_fails_and_costs_a_point(sentence):
    text = EN_HEAD + EN_REMEDY + " " + sentence
    res = check(text)
    assert not res.as_dict()["no_blame"] and "blame" in {p.key for p in res.penalties}
    assert res.score <= 4


@pytest.mark.parametrize("sentence", [
    "You should have received it on Monday, and that is our failure.", "You should have been told.",
    "It is our fault, not yours.", "您本来应该在周一收到,这是我们的责任。"])
def test_owning_the_failure_is_not_blame(sentence):
    assert passed(EN_HEAD + EN_REMEDY + " " + sentence, "no_blame"), sentence


@pytest.mark.parametrize("sentence", [
    "Company policy does not allow refunds.", "Under our policy, we cannot refund you.",
    "There is nothing we can do.",
    "Our terms state that we cannot refund renewals.", "按规定不能退款。", "这是公司的规定。", "我们也没有办法。",
    "不在保修范围内。", "根据三包规定,我们不能给您换新机。"])
def test_policy_wall_fails_and_costs_a_point(sentence):
    res = check(EN_HEAD + EN_REMEDY + " " + sentence)
    assert not res.as_dict()["no_blame"] and "policy_wall" in {p.key for p in res.penalties}, sentence


@pytest.mark.parametrize("sentence", [
    "In line with our policy, we will refund you in full.", "Our terms state that refunds take 5 days.",
    "根据公司规定,我们将为您全额退款。"])
def test_policy_used_for_the_customer_is_not_a_wall(sentence):
    assert passed(EN_HEAD + EN_REMEDY + " " + sentence, "no_blame"), sentence


def test_blame_explanation_in_chinese():
    c = next(c for c in check(ZH_HEAD + ZH_REMEDY + "是您自己操作不当。").criteria if c.key == "no_blame")
    assert "“是您自己”" in c.explanation and "指责" in c.explanation


# ---------------------------------------------------------------------------------------------------------------
# Apology and acknowledgement: sincere and specific

@pytest.mark.parametrize("sentence,ok,why", [
    ("I am sorry the report was late.", True, ""), ("Please accept my apologies for the late report.", True, ""),
    ("I am sorry.", False, "generic"), ("We apologise for any inconvenience.", False, "boilerplate"),
    ("Sorry if you feel upset.", False, "conditional"), ("I'm sorry, but that's how it works.", False, "deflected"),
    ("We regret that we cannot refund you.", False, "refusal"), ("对报告延误给您造成的影响,我们深表歉意。", True, ""),
    ("非常抱歉。", False, "generic"), ("如果给您带来不便,我们表示歉意。", False, "conditional"),
    ("抱歉,我们无法退款。", False, "refusal"), ("报告晚了,很抱歉,不过这是因为数据来得太晚。", False, "deflected"),
    ("如有不便,敬请谅解。", False, "")])
def test_apology_must_be_sincere_and_specific(sentence, ok, why):
    text = "Dear Ms Wang, " + sentence + " We will credit the fee today."
    assert passed(text, "apologises") is ok, sentence
    assert reason(text, "apologises") == why


def test_bare_apology_counts_when_the_problem_is_stated():
    assert passed("Dear Ms Wang,\n\nThe 27 October report never reached you. I am sorry." + EN_REMEDY, "apologises")
    assert passed("王女士您好,空调两次维修后仍不制冷。非常抱歉。" + ZH_REMEDY, "apologises")


@pytest.mark.parametrize("text,ok", [
    ("I understand the 27 October report never reached you and your board met without it.", True),
    ("You are right: we charged your card twice for the March invoice.", True),
    ("The invoice used the old price. That was our mistake.", True),
    ("I understand your frustration.", False), ("I understand how upsetting this must be.", False),
    ("Thank you for your feedback.", False), ("We are sorry if you feel our agent was rude.", False),
    ("您说得对,我们把3月份的账单扣了两次。", True), ("您反映的空调不制冷问题我们已经核实。", True),
    ("我们非常理解您的心情。", False), ("感谢您的反馈。", False), ("感谢您的理解与支持。", False)])
def test_acknowledgement_must_name_the_problem(text, ok):
    assert passed(text, "acknowledges") is ok, text


# ---------------------------------------------------------------------------------------------------------------
# Keyword stuffing and length

@pytest.mark.parametrize("text", [
    "Dear Ms Wang. Sorry, apologies, I understand, our mistake, refund, replace, credit, fix, today, tomorrow.",
    "Dear Ms Wang, sorry sorry, we apologise, I understand, you are right, we will refund, we will replace, "
    "we will fix it today, tomorrow, within 24 hours, by 5 pm.",
    "sorry sorry sorry refund refund refund today today tomorrow understand apologise fix",
    "王女士您好,抱歉,对不起,理解,退款,更换,补偿,明天,今天,24小时内。",
    "王女士您好!非常抱歉!非常理解!我们会退款!我们会更换!明天!今天!马上!"])
def test_keyword_stuffing_is_penalised(text):
    res = check(text, "Wang Fang")
    assert "stuffing" in {p.key for p in res.penalties} and res.score <= 2
    p = next(p for p in res.penalties if p.key == "stuffing")
    assert p.points == r.PENALTY_POINTS["stuffing"] and p.explanation


@pytest.mark.parametrize("text", ["Sorry Ms Wang, refund tomorrow.", "Dear Mr Zhou, sorry.", "王女士,抱歉,明天退款。"])
def test_too_short_is_penalised(text):
    res = check(text)
    assert "too_short" in {p.key for p in res.penalties} and res.score <= 2


def test_real_replies_are_not_flagged_as_stuffing():
    for c in GOOD:
        assert not {"stuffing", "too_short"} & penalties(c["text"], c.get("customer_name")), c["id"]
    terse = "Dear Ms Wang,\n\nThe report was late. Sorry about that. We will refund the fee today."
    assert not penalties(terse)


# ---------------------------------------------------------------------------------------------------------------
# Language, output and start-up

@pytest.mark.parametrize("text,lang", [
    (r.GOOD_EXAMPLE, "en"), (r.GOOD_EXAMPLE_ZH, "zh"), ("Dear Ms Wang, 非常抱歉,我们明天上门维修。", "zh"),
    ("Dear Ms Wang, the order 王 arrived late.", "en")])
def test_language_detection(text, lang):
    assert r.detect_language(text) == lang
    assert check(text).language == lang


def test_html_escapes_the_reply_and_lists_penalties():
    text = ("Dear Ms Wang,\n\nYou are right: the <script>alert(1)</script> report never reached you. I am sorry. "
            "You should have checked the <b>portal</b>. We will re-send it today.")
    html = check(text).html()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>portal</b>" not in html
    assert html.count('class="course-criterion ') == 6 and 'class="course-penalty" data-key="blame"' in html
    assert f"Score: {check(text).score} / 6" in html


def test_html_of_the_bad_example():
    html = check(r.BAD_EXAMPLE).html()
    assert html.count('class="course-criterion miss"') == 6 and "Score: 0 / 6" in html


def test_html_in_chinese():
    html = check(r.GOOD_EXAMPLE_ZH).html()
    assert "得分:6 / 6" in html and 'lang="zh"' in html and html.count('class="course-criterion pass"') == 6


def test_import_is_light_and_chinese_checks_are_quiet():
    code = ("import sys; from course.topics import replies as r; assert 'jieba' not in sys.modules; "
            "r.check_reply(r.GOOD_EXAMPLE); assert 'jieba' not in sys.modules; "
            "res = r.check_reply(r.GOOD_EXAMPLE_ZH); assert res.score == 6; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok" and out.stderr == ""


# ---------------------------------------------------------------------------------------------------------------
# The widget (it uses check_reply(text, customer_name), .score, .max_score and .html() only)

def _reply_coach():
    from course.widgets.replies import reply_coach

    return reply_coach


def test_reply_coach_widget_updates_on_edit():
    coach = _reply_coach()(complaint="The report is late.")
    assert "course-reply-coach" in coach.widget._dom_classes
    assert "course-reply-text" in coach.text._dom_classes and "course-reply-result" in coach.summary._dom_classes
    assert coach.result.score == 0 and "empty" in coach.summary.value
    coach.text.value = r.BAD_EXAMPLE
    assert coach.result.score == 0 and "you should have" in coach.summary.value.lower()
    coach.text.value = r.GOOD_EXAMPLE
    assert coach.result.score == 6 and "Score: 6 / 6" in coach.summary.value
    coach.text.value = "Dear Mr Zhou, sorry."
    coach.button.click()
    assert coach.result.score == 0 and "Too short" in coach.summary.value


def test_reply_coach_widget_with_customer_name_and_chinese():
    coach = _reply_coach()(customer_name="王芳", complaint="空调修了两次还是不制冷。")
    coach.text.value = r.GOOD_EXAMPLE_ZH
    assert coach.result.score == 6 and "得分:6 / 6" in coach.summary.value
    coach.text.value = r.GOOD_EXAMPLE_ZH.replace("王女士", "张女士")
    assert coach.result.score == 4 and "叫错名字" in coach.summary.value
