"""Module 8: a reply-writing coach. Judges a draft reply to an angry customer the way a trainer marks it, against
a six-point rubric, and explains every point (in English or Chinese, the language of the draft).

The six points follow the three kinds of justice of lesson 8 (Tax, Brown & Chandrashekaran 1998):

* **acknowledges** the specific problem and **apologises** sincerely (interactional justice);
* **addresses** the customer by name (interactional justice: a person read the complaint);
* promises a **concrete remedy** (distributive justice, the outcome);
* commits to a **time** the customer can hold you to (procedural justice);
* **no blame and no policy wall** (interactional and procedural justice).

Each point is 1; penalties are then subtracted (the score never goes below 0): blaming the customer, hiding
behind a rule or addressing the customer by someone else's name costs one more point each, a draft that is a
string of rubric keywords rather than sentences costs 3, and a draft too short to be a reply costs 2. So no draft
that blames, refuses behind a policy, gets the name wrong or games the keywords can get full marks.

The rules read sentences, not just keywords: a remedy counts only when it is promised ("we will refund",
"我们明天退还服务费"), not when it is refused ("we will not refund", "无法退款"), hedged ("we will try to") or left
to the customer ("you can apply for a refund"); a time counts only when it is a commitment ("by 10 am
tomorrow", "明天上午十点前") and not a vague "as soon as possible" / "尽快"; a name counts only when the customer
is addressed ("Dear Ms Wang", "王女士您好"), not when someone is mentioned. Chinese text is segmented with jieba
(loaded only when a draft contains Chinese). They are still rules: a human reads the reply before it is sent.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import escape

from course.i18n import current, normalise

__all__ = ["check_reply", "detect_language", "ReplyCheck", "Criterion", "Penalty", "GOOD_EXAMPLE",
"BAD_EXAMPLE",
           "GOOD_EXAMPLE_ZH", "BAD_EXAMPLE_ZH", "CRITERIA", "PENALTY_POINTS", "MESSAGES"]

CRITERIA = ("acknowledges", "apologises", "names_customer", "remedy", "time_frame", "no_blame")
PENALTY_POINTS = {"blame": 1, "policy_wall": 1, "wrong_name": 1, "stuffing": 3, "too_short": 2}
MIN_WORDS = 12          # fewer words (English words + Chinese words) than this is not a reply yet
STUFFING_DENSITY = 0.45  # share of words that are rubric keywords
EMPTY_PIECE_SHARE = 0.7  # share of comma/full-stop pieces with no word beyond the rubric's keywords

# ---------------------------------------------------------------------------------------------------------------
# Chinese segmentation (lazy: jieba's dictionary loads on the first Chinese draft, quietly)

_TOKENIZER = None
_ZH_WORDS = ("退还", "退款", "上门", "服务费", "不予", "不能", "无法", "没法", "操作不当", "按规定", "工作日",
             "再次", "概不", "深表歉意", "全额", "补发", "重新发送", "换货", "退货", "不制冷", "不便")


def _tokenizer():
    global _TOKENIZER
    if _TOKENIZER is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        for w in _ZH_WORDS:
            tok.add_word(w)
        _TOKENIZER = tok
    return _TOKENIZER


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")


def _cut(text: str) -> list[str]:
    """jieba tokens of text (no whitespace tokens); plain split when there is no Chinese."""
    if not _HAN.search(text):
        return text.split()
    return [t for t in _tokenizer().cut(text) if t.strip()]


def detect_language(text: str) -> str:
    """'zh' if the text is mostly Chinese (by characters vs English words), else 'en'."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    return "zh" if han >= 4 and han >= 1.5 * latin else "en"


# ---------------------------------------------------------------------------------------------------------------
# Sentences and clauses

def _normalise(text: str) -> str:
    t = (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
         .replace("\u3000", " ").replace("\u00a0", " "))
    t = re.sub(r"\b(Mr|Mrs|Ms|Mx|Dr|Prof|St)\.", r"\1", t)
    t = re.sub(r"\b([ap])\.m\.", r"\1m", t, flags=re.IGNORECASE)
    t = re.sub(r"\b(e\.g|i\.e|etc|approx|no)\.", lambda m: m.group(1).replace(".",
    ""), t, flags=re.IGNORECASE)
    return t


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|(?<=[。!?!?])|\n+", text)
    return [p.strip() for p in parts if p and p.strip()]


_EN_SPLIT = re.compile(
    r",(?!\d)|(?<!\d),|[;:,;:、]"
    r"|\s+(?=(?:but|however|although|though|whereas|while|because|since|unless|otherwise|instead)\b)"
    r"|\s+(?=and\s+(?:we|i|you|our|then|also|we'll|i'll|it|this|that|your|he|she|they|mr|ms|mrs)\b)",
    re.IGNORECASE)
_ZH_CONNECTIVES = {"但是", "但", "不过", "可是", "然而", "而且", "并且", "并", "同时", "另外", "此外", "否则", "所以",
                   "因此", "因为", "如果", "若", "只是", "却"}
_NO_SUBJECT_START = re.compile(r"^\s*(and|or|then|also|并|并且|而且|同时|再|还|也|另外)\b|^\s*(并|并且|而且|同时|再|还|也)",
                               re.IGNORECASE)


@dataclass
class _Clause:
    text: str
    sentence: int
    joined: bool  # continues the previous clause's verb phrase (and ..., 并 ...): may inherit its commitment


def _clauses(sentences: list[str]) -> list[_Clause]:
    out: list[_Clause] = []
    for si, sent in enumerate(sentences):
        for piece in _EN_SPLIT.split(sent):
            if not piece or not piece.strip():
                continue
            if _HAN.search(piece):
                buf = ""
                for tok in _cut(piece):
                    if tok in _ZH_CONNECTIVES and buf.strip():
                        out.append(_Clause(buf.strip(), si, bool(_NO_SUBJECT_START.match(buf))))
                        buf = tok
                    else:
                        buf += tok
                if buf.strip():
                    out.append(_Clause(buf.strip(), si, bool(_NO_SUBJECT_START.match(buf))))
            else:
                out.append(_Clause(piece.strip(), si, bool(_NO_SUBJECT_START.match(piece))))
    return out


def _rx(*patterns: str, flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


# ---------------------------------------------------------------------------------------------------------------
# Word lists

_EN_STOP = set("""
a an the and or but so of to in on at by for from with without into onto about over under up down out off as than
then that this these those there here it its it's is are was were be been being am do does did done have has had
having will would shall should can could may might must i me my mine we us our ours you your yours he him his she
her they them their what which who whom whose when where why how all any some no not very so too just also
really truly sincerely deeply fully completely totally quite much more most such own same again once please dear
hello hi mr mrs ms miss dr prof sir madam thank thanks sorry apologise apologize apologies apology regret
understand understood see can't won't don't didn't isn't wasn't aren't weren't i'm we're you're it's that's
i've we've i'll we'll let know feel feeling feelings frustration frustrating frustrated inconvenience
inconvenienced upset upsetting disappointed disappointing disappointment experience situation issue issues
problem problems concern concerns matter matters caused cause causing any everything anything something
happened happen happens telling letting writing contacting reaching getting touch bringing raising attention
patience understanding right wrong must imagine annoying annoyed stress stressful difficult hard time
""".split())

_ZH_STOP = set("""
我们 我 您 你 的 了 是 在 和 与 及 对 为 给 让 被 把 这 那 这次 此次 本次 这个 那个 一下 一些 有 也 都 就 还 很 非常
十分 特别 真的 实在 深感 深表 万分 心情 感受 不便 困扰 麻烦 不愉快 理解 抱歉 歉意 对不起 道歉 致歉 不好意思 感谢
谢谢 反馈 您好 你好 女士 先生 小姐 尊敬 亲爱 问题 情况 事情 一切 任何 所有 带来 造成 遇到 表示 深表歉意 敬请 谅解
体谅 支持 配合 感谢您 谢谢您 对此 为此 在此 向您 给您 为您 您们 贵方 本人 我司 公司 如有 如 着 过 吗 呢 啊
吧 能 会 将 可以 一定 心 方面 这样 那样 已经 已 客户 顾客 用户 感到 觉得 自己
""".split())

_EN_PROBLEM = _rx(r"\blate\b", r"\bdelay", r"\bnever (arrived|reached|came|got|called|replied|turned up)",
                  r"\bmissing\b", r"\bwrong\b", r"\bincorrect", r"\berror", r"\bmistake", r"\btwice\b",
                  r"\bdouble", r"\bduplicate", r"\bbroken\b", r"\bbroke\b", r"\bfaulty\b", r"\bfail(ed|ure)", r"\bfault\b",
                  r"\b(was|went|is) down\b", r"\boutage", r"\brude\b", r"\bdismissive", r"\bovercharg",
                  r"\bdamaged\b", r"\blost\b", r"\bwait(ed|ing)\b", r"\b(did not|didn't|does not|doesn't) "
                  r"(arrive|work|reach|come|call|reply|cool|start|open)", r"\bnot working\b",
                  r"\bstopped working\b", r"\bno one\b", r"\bnobody\b", r"\bunacceptable\b",
                  r"\blet you down\b", r"\bpromised\b", r"\bpassed from\b", r"\bcharged\b")
_EN_DENIAL = _rx(r"\b(no|not|nothing|never|wasn't|isn't|weren't|aren't|there was no|there is no)\s+(\w+\s+){0,2}"
                 r"(late|error|mistake|wrong|fault|problem|delay)")
_ZH_PROBLEM = _rx(r"延误|延迟|迟到|晚到|晚了|没(有)?收到|未收到|没到|未到|错误|出错|有误|弄错|错了|多扣|重复扣|扣了两次|两次扣|"
                  r"故障|坏了|损坏|破了|破损|划痕|缺件|送错|不制冷|没修好|未修好|修不好|不能用|无法使用|无法登录|"
                  r"登录不了|无法访问|用不了|打不开|宕机|态度|冷漠|怠慢|没有回电|没回电|"
                  r"没人|无人|等了|久等|失误|疏忽|没做好|漏发|少发|发错|丢失|两次|维修后|仍然|还是没|一直没")

# acknowledgement cues
_ACK_EN = _rx(
    r"\b(i|we) (fully |completely |really |totally |do )?understand\b", r"\bi can (see|understand|imagine)\b",
    r"\bi see (that|why|how)\b", r"\byou('re| are| were) (quite |absolutely |completely |entirely )?right\b",
    r"\bthanks? (you )?for (telling|letting|writing|reporting|raising|bringing|flagging|pointing|contacting"
    r"|getting in touch|taking the time|sharing|explaining|calling|your)\b",
    r"\b(our|my) (own )?(mistake|error|fault|failure|oversight)\b",
    r"\b(it|this|that) (was|is) (our|my) (mistake|error|fault|failure|responsibility)\b",
    r"\bwe (made|got) (a |an |the )?(mistake|error|it wrong)\b", r"\bwe let you down\b", r"\bwe failed\b",
    r"\bwe (did not|didn't|have not|haven't|never) (\w+ )?(deliver|send|sent|call|keep|meet|reply|respond|do|follow"
    r"|tell|inform|honour|honor|use)\b", r"\b(should not|shouldn't|should never) have happened\b",
    r"\b(that|this|it) (is|was) (not|un)acceptable\b", r"\bunacceptable\b",
    r"\bi (have )?(checked|looked into|looked at|reviewed|read)\b",
    r"\byou (were|have been) (charged|billed|kept waiting|left|passed|sent|told|promised|given|treated)\b",
    r"\byou (had|have had) to\b", r"\bnot (the|how) (service|we)\b")
_ACK_ZH = _rx(r"(我|我们)(都|也)?(非常|完全|十分|很|特别)?(能|可以)?理解", r"理解您", r"您说得(对|没错)",
              r"您说的(对|没错)", r"确实", r"是我们的(错|失误|问题|责任|疏忽|过错)",
              r"我们的(失误|疏忽|过错|责任|错)", r"我们没(有)?(做好|做到|及时)", r"我们做得不(好|够)",
              r"(感谢|谢谢)您(的)?(反馈|告诉|指出|提醒|来信|来电|及时|耐心)", r"您反映的", r"您提到的", r"您遇到的",
              r"关于您", r"(经|经过|已|已经)(核实|查明|查实|了解)", r"查实", r"给您(带来|造成)了?(麻烦|困扰|损失)",
              flags=0)

# apology
_APOLOGY_EN = _rx(r"\bsorry\b", r"\bapologi[sz]e", r"\bapolog(y|ies)\b", r"\bregret\b")
_APOLOGY_ZH = _rx(r"抱歉", r"对不起", r"致歉", r"道歉", r"歉意", r"不好意思", flags=0)
_APOLOGY_NEGATED = _rx(r"\b(not|n't|never|no need to|nothing to)\s+(\w+\s+)?(sorry|apologi)",
                       r"(不用|不必|无需|没有必要|没必要)(向您)?(道歉|抱歉|致歉)")
_APOLOGY_CONDITIONAL = _rx(
    r"\b(sorry|apologi[sz]e|apolog(y|ies)|regret)\b[^.!?]{0,40}\b(if|in case)\b",
    r"\b(if|in case) (this|that|we|you|there|it|any)\b[^.!?]{0,50}\b(sorry|apologi|apolog|regret)",
    r"\bsorry (that )?(you )?(feel|felt|think|thought|believe|see it|are upset|were upset|perceive)",
    r"\bsorry (that )?you('re| are| were) (upset|unhappy|disappointed|frustrated|dissatisfied)\b",
    r"(如果|如|若|假如|倘若)[^。!?]{0,20}(抱歉|歉意|对不起|道歉|不便)")
_APOLOGY_BOILERPLATE = _rx(r"\bany inconvenience\b",
                           r"\binconvenience (this|that|it) (may|might) have caused\b",
                           r"如有不便", r"任何不便", r"敬请谅解")
_APOLOGY_DEFLECT = _rx(r"\b(sorry|apologi[sz]e|apolog(y|ies))\b[^.!?]*?\b(but|however|although)\b",
                       r"(抱歉|对不起|歉意|道歉|不好意思)[^。!?]*?(但是|但|不过|可是|然而)")
_REGRET_REFUSAL = _rx(r"\bregret (to (inform|tell|say)|that)\b", r"很遗憾|遗憾地")

# remedy vocabulary
_REMEDY_EN = _rx(
    r"\brefund\w*", r"\breimburs\w*", r"\bcredit(ed|ing|s)?\b(?! card)", r"\bcompensat\w*",
    r"\breplac(e|ed|es|ing|ement)\b", r"\bre-?sen[dt]\w*", r"\bresen[dt]\b", r"\bre-?issu\w*",
    r"\bre-?deliver\w*", r"\bre-?ship\w*",
    r"\bsend(ing)? (you )?(a |the |your )?(new|replacement|corrected|correct|full|missing|another"
    r"|fresh|right)\b", r"\bdeliver(ed|ing)? (the|your|a)\b", r"\bcorrect(ed|ing)? (the|your|it|this)\b",
    r"\bcorrected\b", r"\bfix(ed|es|ing)?\b", r"\brepair(ed|s|ing)?\b", r"\brestor\w*", r"\bwaiv\w*",
    r"\brevers(e|ed|ing) (the|this|that|your) (\w+ )?(charge|fee|payment)\b",
    r"\b(money|amount|fee|payment|charge) will be (back|returned|refunded|repaid)\b",
    r"\bsend(ing)? (you )?(a|an|our) (technician|engineer)\b",
    r"\bcancel(l?ed|ling)? (the|this|that|your) (duplicate |second )?"
    r"(charge|fee|invoice|payment)\b", r"\bmoney back\b", r"\bfree of charge\b",
    r"\bat no (extra )?(cost|charge)\b",
    r"\bvoucher\b", r"\bdiscount\b", r"\bupgrade\b", r"\bcomplimentary\b", r"\bwith our compliments\b",
    r"\bgoodwill (gesture|payment|credit)\b",
    r"\bextend(ed|ing)? (the|your) (warranty|subscription|contract|plan)\b",
    r"\badd (one|two|three|a|an|\d+) (free |extra |additional )?(month|months|week|weeks)\b",
    r"\b(re-?)?install\w*", r"\breconnect\w*", r"\bre-?open\w*", r"\bunblock\w*", r"\breschedul\w*",
    r"\brebook\w*", r"\b(technician|engineer) (will )?(come|visit|call round)\b",
    r"\bassign(ed|ing)?\b.{0,30}\b(manager|contact|engineer|technician)\b", r"\b(handled|looked after) by\b",
    r"\bmake (it|this|things) right\b")
_REMEDY_ZH = _rx(
    r"退款", r"退钱", r"退费", r"退还", r"退回", r"返还", r"全额退", r"赔偿", r"补偿", r"赔付", r"补发", r"补寄",
    r"重新(发送|发|寄|安排|上门|安装|开具|出具|派送|配送)", r"重发", r"更换", r"换(一台|一个|个|台|新|货)", r"调换",
    r"退货", r"维修", r"修好", r"修复", r"上门", r"免费", r"减免", r"免除", r"免单", r"更正", r"改正", r"冲正",
    r"撤销", r"作废", r"取消(扣费|费用|收费)", r"恢复", r"送达", r"代金券", r"优惠券", r"折扣", r"报销",
    r"延长(保修|服务|会员|有效期|保质|[^,。]{0,4}订阅)", r"送到", r"(发|寄|送)(给|到)您", r"补上", r"补回", r"返现",
    r"换", r"退", flags=0)
_VAGUE_REMEDY = _rx(r"\blook(ing)? into\b", r"\binvestigat\w*", r"\bpass(ed|ing)? (this|it|your \w+) on\b",
                    r"\bforward(ed|ing)?\b", r"\bescalat\w*", r"\bget back to you\b", r"\bfollow(ing)? up\b",
                    r"\bdo (our|my) best\b", r"\btake (this|your \w+) on board\b", r"\bnote(d)? your\b",
                    r"\bimprove\w*\b", r"\bwe value your\b",
                    r"(向上级|向领导|向相关部门)?反映", r"反馈给", r"研究(一下)?", r"跟进", r"调查", r"改进", r"重视", r"核查")

# negation, hedges, burden, mention, commitment
_EN_NEG_MASK = _rx(r"\bno later than\b", r"\bno (extra )?(charge|cost)\b", r"\bno questions asked\b",
                   r"\bno matter\b", r"\bnot only\b", r"\bnever (happens|happen) again\b",
                   r"\b(does|do|did|will|would) not (happen|occur) again\b", r"\bnot happen again\b")
_EN_NEG = _rx(r"\b(not|never|no|nothing|cannot|unable|impossible|refuse[sd]?|decline[sd]?|neither|nor|without)\b",
              r"n't\b", r"\binstead of\b", r"\brather than\b")
_EN_NEG_AFTER = _rx(r"^\w*(\s+\w+){0,2}?\s+(is|are|was|were|has been|have been|will be|would be|can be|cannot be"
                    r"|can't be|won't be)\s*(not\b|n't\b|never\b|impossible|unavailable|out of the question|rejected"
                    r"|declined|denied|refused|delayed|postponed)",
                    r"^\w*(\s+\w+){0,2}?\s+(not possible|not available|impossible|unavailable|out of the question)")
_EN_CANCEL_NEG = _rx(r"\b(will|shall|going to)\b", r"'ll\b")
_EN_HEDGE = _rx(r"\b(try|tries|trying|attempt|attempting|may|might|maybe|perhaps|possibly|hopefully|hope to"
                r"|consider|considering|look into|looking into|see if|see whether|check (if|whether)|investigate"
                r"|if possible|where possible|if we can|depending|subject to|pending|cannot promise|can't promise"
                r"|cannot guarantee|can't guarantee)\b")
_EN_BURDEN = _rx(r"\byou (can|could|may|need to|have to|must|should|will need to|'ll need to|are required to|might "
                 r"want to|would need to)\b", r"\byou'll need to\b",
                 r"\bplease (submit|fill|apply|send us|send|contact|call|visit|go|check|bring|return|provide|email"
                 r"|write|complete|request|register|log in|download|upload)\b")
_EN_MENTION = _rx(r"\b(you|your)\s+(\w+\s+)?(asked|requested|request|requests|want|wanted|wish|demanded|demand"
                  r"|mentioned|claim|claimed|query|question|enquiry|inquiry)\b",
                  r"\b(regarding|concerning|about|re)\s+(your|the)\b")
_EN_CUSTOMER = _rx(r"\byou\s+(have|has|had|'ve|were|was|are|'re|did|do)\b")
_EN_COMMIT = _rx(
    r"\b(will|shall|going to)\b", r"'ll\b",
    r"\b(have|has|'ve)\s+(now\s+|just\s+|already\s+|personally\s+)?(been\s+)?"
    r"[a-z-]+(ed|en|t|wn|ne)\b",
    r"\b(i am|i'm|we are|we're)\s+(now\s+|already\s+|personally\s+)?[a-z-]+ing\b",
    r"\b(is|are) (now )?being\b",
    r"\b(i|we)\s+(now\s+|just\s+|already\s+|personally\s+)?(re-?sent|resent|sent|made"
    r"|put|spoke|rang|gave|set|paid|[a-z-]+ed)\b", r"\blet me\b", r"\b(we|i) can\b",
    r"\bwould (like|be glad|be happy|be pleased) to\b", r"\b(happy|glad|pleased) to\b", r"\bplease find\b",
    r"\battached\b", r"\benclosed\b", r"\bwould you like\b", r"\b(is|are) (on (its|their) way|in the post)\b",
    r"\b(is|are) (already |now )?(packed|booked|scheduled|arranged|ready|dispatched|shipped|attached"
    r"|on (its|their) way)\b")

_ZH_NEG = {"不", "没", "没有", "无法", "不能", "不会", "不可", "不可以", "不予", "不行", "未", "未能", "无", "拒绝", "难以",
           "无权", "不得", "不准", "不允许", "没法", "暂不", "并未", "并不", "从不", "别", "概不", "恕", "不了", "办不到",
           "做不到", "不支持", "不接受", "不提供", "不办理", "不受理"}
_ZH_FACT_NEG = {"没", "没有", "未", "并未", "从不"}  # 'did not arrive': a fact about the problem, not a refusal
_EN_FACT_NEG = _rx(r"\b(did|does|was|were|has|have|had|is|are)(n't| not)\b", r"\bnever\b")
_ZH_NEG_AFTER = re.compile(r"^.{0,6}?(无法|不能|不予|不可能|不可以|不行|不了|做不到|办不到|不支持|不接受|不提供|不办理"
                           r"|不受理|不在|是不可能|没(有)?办法)")
_ZH_NEG_AFTER_TIME = re.compile(r"^.?(无法|不能|不予|不可能|不可以|不行|做不到|办不到|没(有)?办法)")
_ZH_ASK = re.compile(r"能不能|可不可以|会不会|行不行|是否|能否")
_ZH_CANCEL_NEG = {"我们", "我", "将", "会", "将会", "一定", "保证", "已", "已经", "已为", "师傅", "工程师"}
_ZH_HEDGE = re.compile(r"尽量|争取|可能|也许|或许|看看|研究|考虑|视情况|酌情|尝试|试着|试试|看能否|看能不能|是否能|能否"
                       r"|有机会|待定|等通知|帮您申请|为您申请|替您申请|向上级申请|申请一下|不一定|无法保证|不能保证")
_ZH_BURDEN = re.compile(r"(您|你)(可以|可(?!能)|需要|须|需|必须|得|要(?!求)|应该|应当|自行|自己)|请(您)?(自行|先|自己|提供|填写|提交|申请|"
                        r"前往|联系|致电|拨打|携带|保留|到)")
_ZH_MENTION = re.compile(r"(您|你)(所)?(要求|希望|想要|想|提出|提到|申请|询问|说|反映)(的)?")
_ZH_COMMIT_TOKENS = {"会", "将", "将会", "一定", "保证", "确保", "承诺", "马上", "立即", "立刻", "已", "已经", "为", "为您",
                     "给", "帮", "替", "帮您", "给您", "安排", "负责", "派", "派遣", "我们", "我", "本公司", "公司", "师傅",
                     "工程师", "技术员", "技术人员", "专员", "同事", "经理", "客服", "于", "再次", "亲自", "专门"}
_ZH_ACTION_TOKENS = {"上门", "回电", "联系", "处理", "发送", "发", "寄", "送", "到账", "完成", "修", "维修", "更换", "退",
                     "退还", "退款", "答复", "回复", "致电", "检查", "安装", "解决", "补发", "赔偿", "补偿", "送达", "致电您"}
_ZH_CUSTOMER = re.compile(r"^\s*(您|你)(?!.*(会|将|可以收到|能收到|收到|到账|预计))(.*(了|过|曾|之前|上次|反映|说|提到|来电|投诉|要求))")

# time
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|december"
           r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_NUM_EN = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty-four|twenty four|forty-eight|a|an"
_TIME_EN = _rx(
    r"\b(today|tonight|this (morning|afternoon|evening|week))\b",
    r"\btomorrow( (morning|afternoon|evening|night))?\b",
    rf"\b(by|before|on|until|no later than|this|next) (the end of )?(next )?({_DAYS}|weekend)\b",
    r"\bnext week\b",
    r"\b\d{1,2}([:.]\d{2})?\s*(am|pm|o'clock)\b", r"\b(by|before|at) \d{1,2}[:.]\d{2}\b",
    rf"\b(by|before|on|until|no later than) (the )?\d{{1,2}}(st|nd|rd|th)? (of )?({_MONTHS})\b",
    rf"\b(by|before|on|until|no later than) ({_MONTHS}) \d{{1,2}}(st|nd|rd|th)?\b",
    rf"\bwithin (the next )?({_NUM_EN})\s*(minutes?|hours?|h|days?|working days?|business days?|weeks?)\b",
    rf"\bin (the next )?({_NUM_EN}) (minutes?|hours?|days?|working days?|business days?)\b",
    r"\b(by|before) (noon|midday|close of business|the end of (the |this |today|tomorrow)?(day|week)?|end of (the )?"
    r"(day|week)|cob|eod)\b")
_VAGUE_TIME_EN = _rx(r"\bas soon as (possible|we can)\b", r"\basap\b", r"\bsoon\b", r"\bshortly\b",
                     r"\bin due course\b",
                     r"\bat the earliest\b", r"\bpromptly\b", r"\bin the near future\b", r"\bat some point\b",
                     r"\bin a timely manner\b", r"\bimmediately\b", r"\bright away\b", r"\blater\b",
                     r"\bquickly\b",
                     r"\bwhen (we|it) can\b", r"\bcannot say when\b", r"\bcan't say when\b")
_N = r"[零〇一二三四五六七八九十两百\d]+"
_TIME_ZH = _rx(r"今天|今日|今晚|今早|当天|明天|明日|明早|明晚|后天|本周[一二三四五六日天末]?|这周[一二三四五六日天末]?"
               r"|下周[一二三四五六日天]?|周[一二三四五六日末]前?|星期[一二三四五六日天]|礼拜[一二三四五六日天]",
               rf"{_N}月{_N}[日号]", rf"(上午|下午|中午|晚上|早上|傍晚){_N}(点|时)", r"\d{1,2}(点|时|:\d\d)",
               rf"{_N}(点|时)(半|{_N}分)?(前|之前|以前|以内)",
               rf"{_N}\s*(个)?(小时|分钟|工作日|天|日|周|星期)(内|之内|以内)", r"月底前|本月内|周末前|年底前", flags=0)
_DONE = _rx(r"\b(i|we) (have|'ve) (now |just |already |personally )?\w+",
            r"\b(has|have) (now |just |already )?been "
            r"\w+", r"\battached\b", r"\benclosed\b", r"\bplease find\b",
            r"\b(i|we) (re-?sent|resent|sent|refunded"
            r"|credited|replaced|fixed|repaired|restored|corrected|cancell?ed|reversed|issued)\b", r"已")
_VAGUE_TIME_ZH = re.compile(r"尽快|尽早|稍后|随后|近期|近日|过几天|晚些时候|第一时间|马上|立即|立刻|及时|抓紧|择日|另行通知")

# blame and policy walls
_BLAME_EN = _rx(
    r"\byou should(n't| not)? have (?!(been|received|got|gotten|had|found|heard|seen|enjoyed|expected|a |the "
    r"|your )\b)\w+", r"\byou should've (?!(been|received|got|had|found|heard)\b)\w+",
    r"\b(it is|it's|this is|that is|that's|it was|this was) (entirely |completely |all |clearly )?(your|the "
    r"customer's) (own )?(fault|responsibility|problem|mistake|error)\b", r"\byour (own )?fault\b",
    r"\byou (failed|forgot|neglected|refused|chose not) to\b",
    r"\byou (ignored|missed) (our|the) (reminder|warning|email|instructions|notice|deadline)",
    r"\byou (did not|didn't|do not|don't|never) (read|follow|check|provide|tell|inform|notice|look|pay attention"
    r"|understand|register|attach|keep|save|contact|call)\b",
    r"\bas (we|i) (have )?(already |previously |clearly )?(told|explained|said|mentioned|stated|informed|advised"
    r"|pointed out)\b", r"\bas (already |previously )(stated|explained|mentioned)\b", r"\bcalm down\b",
    r"\b(not|isn't|is not|wasn't|was not) (our|my) (fault|problem|responsibility|concern)\b",
    r"\bwe (are|were) not (responsible|to blame|liable)\b", r"\bwe cannot be held (responsible|liable)\b",
    r"\byou (must have|misunderstood|misread|misused|obviously)\b", r"\byou need to understand\b",
    r"\bif you had (read|followed|checked|looked|paid|called|listened|asked)\b", r"\buser error\b",
    r"\b(caused|damaged) by (you|your own|improper|incorrect|misuse)\b",
    r"\b(improper|incorrect|wrong) (use|usage|handling|installation|operation)\b", r"\bmisuse\b",
    r"\b(clearly|plainly) (state|stated|states|written|explained|marked|shown)\b",
    r"\byou (are|were) wrong\b",
    r"\bread the (manual|instructions|terms|fine print|small print)\b")
_BLAME_ZH = re.compile(
    r"是(您|你)自己|(您|你)自己(操作|使用|弄|没|不|造成|的原因|的问题|的责任)|(您|你)(的)?(操作|使用)(不当|错误|有误)"
    r"|人为(损坏|原因)|(您|你)(应该|本应|早该|应当)(先|仔细|自己|提前|认真)|(您|你)[^,。!?]{0,3}?没(有)?(仔细|认真)?(看|阅读|按照|按|遵守)"
    r"|不是我们的(责任|错|问题)|与我们无关|跟我们没(有)?关系|我们(没有|不负|不承担)(任何)?责任|(早就|已经)(告诉|说|提醒)过(您|你)"
    r"|(您|你)误会了|是(您|你)的(责任|问题|错)|怪(您|你)|(您|你)理解错|请(您|你)冷静|你们自己|说明书上(写|写得)"
    r"|(您|你)自己(的)?(问题|原因|责任)")
_POLICY_EN = _rx(
    r"\b(company|our|the|store|shop|bank)\s+(policy|policies|rules?|regulations?|terms|procedures?|system)\s+(does "
    r"not|doesn't|do not|don't|will not|won't|cannot|can't)\s+(allow|permit|let|cover|provide|support)\b",
    r"\bagainst (our|company|the) (policy|policies|rules|procedure)\b",
    r"\b(we|i) (am|are|'m|'re) not (allowed|permitted|authori[sz]ed)\b", r"\bno exceptions?\b",
    r"\bour hands are tied\b", r"\bnothing (more |else )?(we|i) can do\b",
    r"\b(that|this|it) is (just |simply )?(our|the|company) (policy|rule|procedure)\b",
    r"\bpolicy is policy\b",
    r"\brules are rules\b",
    r"\b(policy|rules|terms|regulations) (clearly )?(prohibit|prohibits|forbid|forbids)\b",
    r"\bnot (eligible|entitled|covered)\b",
    r"\b(outside|beyond|past) (the|our) (warranty|return|refund|guarantee) (period|window)\b",
    r"\bthe system (does not|doesn't|won't|will not|cannot|can't) (allow|let)\b")
_POLICY_REF_EN = _rx(r"\b(policy|policies|rules|terms|regulations|t&cs|conditions) (clearly |explicitly )?"
                     r"(state|states|stated|say|says|said|stipulate|stipulates)\b",
                     r"\b(according to|as per|per|under|in line with|in accordance with|due to|because of)\s+"
                     r"(our|the|company|its)\s+(\w+\s+)?(policy|policies|rules|regulations|terms|procedures|t&cs"
                     r"|guidelines)\b")
_POLICY_ZH = re.compile(
    r"(规定|政策|制度|流程|条款|规章)(是|上|里)?[^,。!?]{0,8}?(不能|不可以|无法|不予|不允许|不支持|不接受|不办理|不受理|不可|"
    r"不退|不换|没有办法)|规定就是规定|这(是|就是)(公司的?|我们的?)?(规定|政策|制度)|没有办法|没办法|无能为力|爱莫能助"
    r"|系统(不|无法)(允许|支持|操作)|(没有|无)(这个)?权限|不在(保修|退换|退款|三包|服务)(范围|期)|(超过|超出|过了)"
    r"(保修期|退换期|退货期|期限|时限)|概不(退|换)|一律不(退|换)|恕不(退|换|办理|接受)")
_POLICY_REF_ZH = re.compile(r"(按|按照|根据|依据|依照)[^,。!?,]{0,6}?(规定|政策|制度|流程|条款)|按规定")

# stuffing
_KEYWORDS_EN = set("""sorry apologise apologize apologies apology regret understand understood refund refunded
replace replacement credit compensate compensation fix fixed repair today tomorrow tonight within hours hour days
minutes week am pm mistake promise guarantee immediately resolve resolved solution empathy acknowledge remedy
""".split())
_KEYWORDS_ZH = {"抱歉", "对不起", "道歉", "歉意", "致歉", "深表歉意", "理解", "退款", "退还", "补偿", "赔偿", "补发",
                "重新发送", "更换", "维修", "修复", "上门", "免费", "明天", "今天", "小时", "小时内", "工作日", "您好", "女士",
                "先生", "保证", "承诺", "马上", "立即", "解决", "谢谢", "感谢", "尽快", "非常", "王女士", "李先生"}

# names
_TITLES_EN = r"mr|mrs|ms|miss|mx|dr|prof|professor"
_GENERIC_EN = {"customer", "customers", "client", "clients", "sir", "madam", "valued", "user", "users", "team",
               "all", "there", "friend", "friends", "colleague", "colleagues", "member", "guest", "guests",
               "or", "to", "whom", "it", "concern", "everyone", "name", "patient", "subscriber", "account",
               "holder", "again", "folks", "everybody", "both", "you"}
_GENERIC_ZH = ("客户", "用户", "顾客", "会员", "业主", "家长", "朋友", "同学", "消费者", "客人", "贵宾", "先生", "女士")
_TITLES_ZH = (r"先生|女士|小姐|博士|教授|医生|律师|总监|经理|董事长|主席|院长|校长|局长|处长|科长|总|老师|师傅|阿姨|叔叔|老板"
              r"|主任|同学|大姐|大哥")
_SALUTE_EN = re.compile(
    rf"^\s*(?:dear|hello|hi|hey|good (?:morning|afternoon|evening))\b[ ,]*"
    rf"(?:(?P<title>{_TITLES_EN})(?:\s*/\s*(?:{_TITLES_EN}))?\s+)?(?!(?:{_TITLES_EN})\b)"
    r"(?P<name>\[[^\]]*\]|[A-Za-z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?)", re.IGNORECASE | re.MULTILINE)
_VOCATIVE_EN = re.compile(
    rf"(?:^|[,.!?;]\s*|\b(?:thank you|thanks|sorry|yes|again)\s*,?\s+)\b(?P<title>{_TITLES_EN})\s+"
    r"(?P<name>[A-Z][\w'-]*)\s*(?=[,!?]|\.(?:\s|$)|$)(?!,\s*(?:our|the|a|who|from|will|would|is|has|can|head|"
    r"manager|lead|director)\b)", re.IGNORECASE | re.MULTILINE)
_SALUTE_ZH = [
    re.compile(rf"(?:^|\n)\s*(?:尊敬的|亲爱的)?\s*(?P<name>[\u4e00-\u9fff]{{1,4}}?)(?P<title>{_TITLES_ZH})"
               r"\s*(?:您好|你好|,|,|:|:|!|!|\s|$)"),
    re.compile(rf"(?:^|\n)\s*(?:您好|你好)\s*[,,!!]?\s*(?P<name>[\u4e00-\u9fff]{{1,4}}?)(?P<title>{_TITLES_ZH})"),
    re.compile(r"(?:^|\n)\s*(?:尊敬的|亲爱的)?\s*(?P<name>[\u4e00-\u9fff]{2,3})\s*[,,]?\s*(?:您好|你好)"),
    re.compile(r"[。!?!?]\s*(?P<name>[\u4e00-\u9fff]{1,3}?)(?P<title>先生|女士|小姐)\s*[,,!!]"),
]
_GENERIC_SALUTE = re.compile(r"^\s*(dear|hello|hi)\s+(valued\s+)?(customer|client|sir|madam|user|member|guest)"
                             r"|(尊敬的|亲爱的)(客户|用户|顾客|会员|业主|朋友|先生|女士|消费者|客人|贵宾)", re.IGNORECASE | re.M)
# the 100 most common surnames in pinyin, to match 王女士 with "Wang Fang" (and Ms Wang with 王芳)
_SURNAMES = dict(zip(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie song tang "
    "xu han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai yu du ye cheng su wei lu ding ren shen yao "
    "lu jiang cui zhong tan lu wang fan jin shi liao jia xia wei fu fang bai zou meng xiong qin qiu jiang yin xue "
    "yan duan lei hou long shi tao li he gu mao hao gong shao wan qian yan qin wu dai mo kong xiang tang".split(),
    strict=True))


# ---------------------------------------------------------------------------------------------------------------
# Messages (the explanation is written in the draft's language)

MESSAGES: dict[str, dict] = {
    "en": {
        "labels": {
            "acknowledges": "Acknowledges the specific problem",
            "apologises": "Apologises sincerely",
            "names_customer": "Addresses the customer by name",
            "remedy": "Promises a concrete remedy",
            "time_frame": "Commits to a time",
            "no_blame": "No blame, no policy wall",
        },
        "penalties": {
            "blame": "Blames the customer",
            "policy_wall": "Hides behind a rule",
            "wrong_name": "Someone else's name",
            "stuffing": "A string of keywords, not a reply",
            "too_short": "Too short to be a reply",
        },
        "pass": {
            "acknowledges": "You state the customer's problem back in specific words: {found}.",
            "apologises": "You apologise plainly, without 'if' or 'but': {found}.",
            "names_customer": "You address the customer by name: {found}.",
            "remedy": "You promise what you will do to put it right: {found}.",
            "time_frame": "You commit to a time the customer can hold you to: {found}.",
            "time_frame/done": "You say the remedy is already done: {found}.",
            "no_blame": "No blame on the customer and no rule used as a wall.",
        },
        "miss": {
            "acknowledges/generic": "{found} is a stock phrase. Say in your own words what went wrong for this "
                                    "customer (e.g. 'you are right: the 27 October report never reached you and "
                                    "your board met without it'). An angry customer first needs to hear that "
                                    "you got it (interactional justice).",
            "acknowledges": "Say in your own words what went wrong for the customer (e.g. 'I understand the 27 "
                            "October report never arrived and your board met without it'). An angry customer "
                            "first needs to hear that you got it (interactional justice).",
            "apologises/conditional": "{found} is a conditional apology: it suggests the problem may be in the "
                                      "customer's feelings. Apologise for what happened, without 'if'.",
            "apologises/boilerplate": "{found} is a template phrase that plays the problem down. Say what you "
                                      "are sorry for ('I am sorry the report was late').",
            "apologises/deflected": "The 'but' (or 'however') in {found} takes the apology back. End the "
                                    "apology with a full stop; explain or fix in the next sentence.",
            "apologises/refusal": "{found} apologises for a refusal, not for the problem. Apologise for what "
                                  "went wrong, then say what you will do.",
            "apologises/negated": "{found} refuses to apologise. Apologising for the experience is not an "
                                  "admission of legal fault.",
            "apologises/generic": "A bare {found} with nothing about what went wrong sounds curt. Say what you "
                                  "are sorry for.",
            "apologises": "Add a plain apology for what happened ('I am sorry the report was late'). Apologising "
                          "for the experience is not an admission of legal fault; leaving it out reads as "
                          "indifference (interactional justice).",
            "names_customer/wrong_name": "You address {found}, but the customer is {name}. Check the name before "
                                         "you send: a wrong name is worse than none.",
            "names_customer/mentioned": "{found} is mentioned, but the customer is not addressed by name. Open "
                                        "with 'Dear Ms Wang,' (or '王女士您好').",
            "names_customer/generic": "{found} is a template greeting. Address the customer by name "
                                      "('Dear Ms Wang'): a name shows a person read the complaint.",
            "names_customer/placeholder": "{found} is still a placeholder: put in the customer's name.",
            "names_customer/not_found": "The customer's name ({name}) does not appear. Open with 'Dear Ms Wang,' "
                                        "rather than 'Dear customer'.",
            "names_customer": "Address the customer by name ('Dear Ms Wang'), not 'Dear customer'. A name shows a "
                              "person read the complaint, not a template.",
            "remedy/negated": "You mention a remedy but refuse it: {found}. A refusal is not a remedy: say what "
                              "you will do (re-send, refund, repair, credit) (distributive justice).",
            "remedy/hedged": "{found} is hedged: the customer cannot tell whether it will happen. Promise it "
                             "('we will refund the fee'), or offer what you can promise.",
            "remedy/burden": "{found} leaves the work to the customer. Do it for them: 'we will refund you', not "
                             "'you can apply for a refund'.",
            "remedy/mentioned": "{found} is mentioned but not promised. Say what you will do: 'we will re-send "
                                "the corrected report'.",
            "remedy/vague": "{found} is not a remedy. Say exactly what you will do: re-send the corrected report, "
                            "refund or credit an amount, repair, restore access (distributive justice).",
            "remedy": "Say exactly what you will do: re-send the corrected report, refund or credit an amount, "
                      "repair, restore access. 'We will look into it' is not a remedy (distributive justice).",
            "time_frame/negated": "{found} refuses or cancels the time. Give a time you can keep: 'today by 5 pm', "
                                  "'within 24 hours', 'by Friday' (procedural justice).",
            "time_frame/vague": "{found} is not a time the customer can hold you to. Say 'today by 5 pm', 'within "
                                "24 hours' or 'by Friday' (procedural justice).",
            "time_frame/uncommitted": "{found} is a time, but not one you commit to. Say by when you will act: "
                                      "'we will call you by 5 pm tomorrow'.",
            "time_frame": "Give a time the customer can hold you to: 'today by 5 pm', 'within 24 hours', 'by "
                          "Friday'. Without it the customer cannot tell a promise from a brush-off (procedural "
                          "justice).",
            "no_blame/blame": "Remove the language that puts the blame on the customer: {found}. Even if the "
                              "customer erred, explain the fix, not their fault.",
            "no_blame/policy_wall": "Remove the rule used as a wall: {found}. Say what you can do, and if a rule "
                                    "really applies, explain it and offer an alternative.",
            "no_blame/both": "Remove the blame and the rule used as a wall: {found}. Explain the fix, not the "
                             "customer's fault or the rule book.",
        },
        "penalty_text": {
            "blame": "Blaming the customer costs one more point: {found}.",
            "policy_wall": "A rule used to refuse costs one more point: {found}.",
            "wrong_name": "Addressing the customer by someone else's name ({found}) costs one more point.",
            "stuffing": "Most of the draft is rubric keywords without sentences around them ({found}). Write "
                        "sentences to the customer; the coach reads them, not keywords.",
            "too_short": "The draft has {found} words: too short to acknowledge the problem, apologise, promise a "
                         "remedy and a time. Write the whole reply.",
        },
        "score": "Score",
        "all_pass": "All six elements are there, with nothing that undoes them. Read it aloud once more for tone, "
                    "then send.",
        "missing": "{n} element(s) missing: {items}.",
        "penalised": "Penalties: {items}.",
        "empty": "The draft is empty: there is nothing to check yet.",
        "empty_message": "The draft is empty (or only spaces). Write your reply in the box, then check it.",
        "empty_blame": "Write a reply first; blame can only be judged in a real draft.",
        "sep": "; ",
    },
    "zh": {
        "labels": {
            "acknowledges": "具体承认问题",
            "apologises": "真诚道歉",
            "names_customer": "称呼客户姓名",
            "remedy": "承诺具体补救",
            "time_frame": "承诺时间",
            "no_blame": "不指责、不搬规定",
        },
        "penalties": {
            "blame": "指责客户",
            "policy_wall": "拿规定挡客户",
            "wrong_name": "叫错名字",
            "stuffing": "堆砌关键词,不成回复",
            "too_short": "太短,不成回复",
        },
        "pass": {
            "acknowledges": "您用具体的话复述了客户遇到的问题:{found}。",
            "apologises": "您明确道歉,没有“如果”或“但是”:{found}。",
            "names_customer": "您称呼了客户的姓名:{found}。",
            "remedy": "您承诺了具体的补救:{found}。",
            "time_frame": "您承诺了客户可以追究的时间:{found}。",
            "time_frame/done": "您说明补救已经完成:{found}。",
            "no_blame": "没有指责客户,也没有拿规定挡客户。",
        },
        "miss": {
            "acknowledges/generic": "{found}是套话。请用自己的话说出客户遇到了什么问题(例如“空调两次维修后仍不制冷,"
                                    "让您在高温天里等了三天”)。生气的客户首先需要知道您听懂了(互动公平)。",
            "acknowledges": "请用自己的话说出客户遇到了什么问题(例如“您反映的空调两次维修后仍不制冷”)。"
                            "生气的客户首先需要知道您听懂了(互动公平)。",
            "apologises/conditional": "{found}是有条件的道歉,暗示问题出在客户的感受上。请为发生的事道歉,不要用“如果”。",
            "apologises/boilerplate": "{found}是淡化问题的套话。请说清楚为什么道歉(“空调没修好,非常抱歉”)。",
            "apologises/deflected": "{found}里的转折(“但是”“不过”)把道歉收回了。道歉后用句号结束,下一句再解释或补救。",
            "apologises/refusal": "{found}是为拒绝道歉,而不是为问题道歉。先为出错的事道歉,再说您会做什么。",
            "apologises/negated": "{found}拒绝道歉。为客户的遭遇道歉并不等于承认法律责任。",
            "apologises/generic": "只有一句{found},没有说明为什么道歉,显得敷衍。请说清楚为什么道歉。",
            "apologises": "请为发生的事明确道歉(“空调没修好,非常抱歉”)。道歉不等于承认法律责任;不道歉会显得漠不关心"
                          "(互动公平)。",
            "names_customer/wrong_name": "您称呼的是{found},但客户是{name}。发送前请核对姓名:叫错名字比不叫更糟。",
            "names_customer/mentioned": "回复提到了{found},但没有用姓名称呼客户。请以“王女士您好”(或“Dear Ms Wang”)开头。",
            "names_customer/generic": "{found}是模板式称呼。请称呼客户的姓名(“王女士您好”):这说明有人认真读了投诉。",
            "names_customer/placeholder": "{found}还是占位符:请填上客户的姓名。",
            "names_customer/not_found": "回复中没有出现客户的姓名({name})。请以“王女士您好”开头,而不是“尊敬的客户”。",
            "names_customer": "请称呼客户的姓名(“王女士您好”),不要用“尊敬的客户”。称呼姓名说明有人认真读了投诉。",
            "remedy/negated": "您提到了补救,却拒绝了它:{found}。拒绝不是补救:请说明您会做什么(退款、更换、维修、补发)"
                              "(结果公平/分配公平)。",
            "remedy/hedged": "{found}说得含糊,客户无法确定会不会兑现。请明确承诺(“我们将退还服务费”)。",
            "remedy/burden": "{found}把事情推给了客户。请替客户办好:“我们为您退款”,而不是“您可以申请退款”。",
            "remedy/mentioned": "{found}只是提到,并没有承诺。请说明您会做什么:“我们明天为您更换新机”。",
            "remedy/vague": "{found}不是补救。请说明具体做什么:退款、更换、维修、补发、减免费用(结果公平/分配公平)。",
            "remedy": "请说明具体做什么:退款、更换、维修、补发、减免费用。“我们会研究一下”不是补救(结果公平/分配公平)。",
            "time_frame/negated": "{found}拒绝或取消了时间。请给出能兑现的时间:“今天下午五点前”“24小时内”“周五前”"
                                  "(程序公平)。",
            "time_frame/vague": "{found}不是客户可以追究的时间。请说“今天下午五点前”“24小时内”或“周五前”(程序公平)。",
            "time_frame/uncommitted": "{found}是一个时间,但不是您承诺的时间。请说明您何时行动:“我们明天上午十点前上门”。",
            "time_frame": "请给出客户可以追究的时间:“今天下午五点前”“24小时内”“周五前”。没有时间,客户分不清是承诺还是"
                          "敷衍(程序公平)。",
            "no_blame/blame": "请删去指责客户的话:{found}。即使客户有错,也请说明怎么解决,而不是谁的错。",
            "no_blame/policy_wall": "请删去拿规定挡客户的话:{found}。说明您能做什么;如果确实有规定,请解释并提供替代方案。",
            "no_blame/both": "请删去指责客户和拿规定挡客户的话:{found}。说明怎么解决,而不是客户的错或规章制度。",
        },
        "penalty_text": {
            "blame": "指责客户再扣一分:{found}。",
            "policy_wall": "拿规定拒绝客户再扣一分:{found}。",
            "wrong_name": "用别人的名字称呼客户({found})再扣一分。",
            "stuffing": "草稿大多是评分关键词,没有成句({found})。请写给客户的完整句子:教练读的是句子,不是关键词。",
            "too_short": "草稿只有{found}个词,太短,无法承认问题、道歉、承诺补救和时间。请写出完整的回复。",
        },
        "score": "得分",
        "all_pass": "六项都做到了,也没有抵消它们的话。发送前再读一遍,注意语气。",
        "missing": "缺少{n}项:{items}。",
        "penalised": "扣分:{items}。",
        "empty": "草稿是空的:还没有可检查的内容。",
        "empty_message": "草稿是空的(或只有空格)。请在框中写下回复,然后检查。",
        "empty_blame": "请先写回复;只有真实的草稿才能判断是否指责客户。",
        "sep": "、",
    },
}

# Kept for code written against the first version of the coach.
LABELS = MESSAGES["en"]["labels"]
EXPLAIN_PASS = {k: MESSAGES["en"]["pass"][k] for k in CRITERIA}
EXPLAIN_MISS = {k: MESSAGES["en"]["miss"][k] for k in CRITERIA if k in MESSAGES["en"]["miss"]}


# ---------------------------------------------------------------------------------------------------------------
# Results

@dataclass(frozen=True)
class Criterion:
    """One rubric line: its key, label, whether the draft passed, and why (what to change if it missed)."""

    key: str
    label: str
    passed: bool
    explanation: str
    reason: str = ""


@dataclass(frozen=True)
class Penalty:
    """Points taken off for something that undoes a reply (blame, a policy wall, keyword stuffing, too short)."""

    key: str
    label: str
    points: int
    explanation: str


@dataclass(frozen=True)
class ReplyCheck:
    """The coach's verdict on one draft: per-criterion results, penalties, the score and an overall message.

    score = criteria passed − penalty points, never below 0; max_score = number of criteria (6)."""

    criteria: tuple[Criterion, ...]
    message: str
    evidence: dict[str, list[str]] = field(default_factory=dict)
    penalties: tuple[Penalty, ...] = ()
    language: str = "en"

    @property
    def score(self) -> int:
        return max(0, sum(c.passed for c in self.criteria) - sum(p.points for p in self.penalties))

    @property
    def max_score(self) -> int:
        return len(self.criteria)

    @property
    def misses(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.passed]

    def as_dict(self) -> dict[str, bool]:
        """{criterion key: passed} for the six criteria (penalties are in `.penalties`)."""
        return {c.key: c.passed for c in self.criteria}

    def html(self) -> str:
        """The verdict as an HTML list, misses and penalties explained, for the reply-coach widget."""
        m = MESSAGES[self.language]
        rows = "".join(
            f'<li class="course-criterion {"pass" if c.passed else "miss"}" data-key="{escape(c.key)}">'
            f'{"✔" if c.passed else "✘"} <b>{escape(c.label)}</b>: {escape(c.explanation)}</li>'
            for c in self.criteria)
        rows += "".join(
            f'<li class="course-penalty" data-key="{escape(p.key)}">−{p.points} <b>{escape(p.label)}</b>: '
            f"{escape(p.explanation)}</li>" for p in self.penalties)
        colon = ":" if self.language == "zh" else ": "
        stop = "。" if self.language == "zh" else "."
        return (f'<div class="course-reply-verdict" lang="{self.language}"><p><b>{m["score"]}{colon}{self.score} / '
                f"{self.max_score}{stop}</b> {escape(self.message)}</p><ul>{rows}</ul></div>")


# ---------------------------------------------------------------------------------------------------------------
# Analysis helpers

def _quote(snippets: list[str], lang: str) -> str:
    uniq = list(dict.fromkeys(s.strip() for s in snippets if s and s.strip()))[:3]
    uniq = [s if len(s) <= 90 else s[:88].rstrip() + "…" for s in uniq]
    if lang == "zh":
        return "、".join(f"“{s}”" for s in uniq)
    return ", ".join(f"'{s}'" for s in uniq)


def _content_words(text: str, exclude: re.Pattern | None = None) -> list[str]:
    """Words that carry the substance of a sentence: not function words, not the rubric's own keywords, not the
    salutation, names after a title or time expressions."""
    if exclude is not None:
        text = exclude.sub(" ", text)
    text = _SALUTE_EN.sub(" ", text)
    for rx in _SALUTE_ZH:
        text = rx.sub(" ", text)
    text = re.sub(rf"\b({_TITLES_EN})\s+[A-Z][\w'-]*", " ", text, flags=re.IGNORECASE)
    text = _TIME_ZH.sub(" ", _TIME_EN.sub(" ", text))
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*|\d+", text)]
    out = [w for w in words if w not in _EN_STOP and w not in _KEYWORDS_EN and (len(w) > 2 or w.isdigit())]
    if _HAN.search(text):
        out += [t for t in _cut(text) if _HAN.search(t) and len(t) >= 2 and t not in _ZH_STOP
                and t not in _KEYWORDS_ZH and not re.fullmatch(_TITLES_ZH, t)]
    return out


def _masked(text: str) -> str:
    return _EN_NEG_MASK.sub(lambda m: "_" * len(m.group(0)), text)


def _en_commit(text: str) -> bool:
    customer = [m.span() for m in _EN_CUSTOMER.finditer(text)]
    for m in _EN_COMMIT.finditer(text):
        if not any(a <= m.start() < b for a, b in customer):
            return True
    return False


def _status(clause: _Clause, start: int, end: int, prev: str | None, is_time: bool = False) -> str:
    """How the target at clause.text[start:end] is said: promised ('yes'), 'neg', 'hedge', 'burden',
    'mention', 'customer' (the customer's own action) or 'none'."""
    text = clause.text
    before, after = text[:start], text[end:]
    # negation before the target (unless a later modal or a new subject takes over), or right after it;
    # 'did not arrive' (a fact about the problem) is told apart from 'cannot refund' (a refusal)
    if _ZH_ASK.search(before):
        return "hedge"
    if _HAN.search(text):
        toks = _cut(before)
        neg_at = max((i for i, t in enumerate(toks) if t in _ZH_NEG), default=-1)
        if neg_at >= 0 and not any(t in _ZH_CANCEL_NEG or t.startswith("已") for t in toks[neg_at + 1:]):
            return "fact" if toks[neg_at] in _ZH_FACT_NEG else "neg"
        if (_ZH_NEG_AFTER_TIME if is_time else _ZH_NEG_AFTER).match(after):
            return "neg"
    mb = _masked(before)
    negs = list(_EN_NEG.finditer(mb))
    if negs and not _EN_CANCEL_NEG.search(mb[negs[-1].end():]):
        return "fact" if _EN_FACT_NEG.search(mb[max(0, negs[-1].start() - 12):negs[-1].end()]) else "neg"
    if _EN_NEG_AFTER.search(text[start:]):
        return "neg"
    if _EN_HEDGE.search(text) or _ZH_HEDGE.search(text):
        return "hedge"
    if _EN_BURDEN.search(before) or _ZH_BURDEN.search(text):
        return "burden"
    m = _ZH_MENTION.search(before)
    if m and not any(t in _ZH_CANCEL_NEG for t in _cut(before[m.end():])):
        return "mention"
    m = _EN_MENTION.search(before)
    if m and not _EN_CANCEL_NEG.search(before[m.end():]):
        return "mention"
    if _ZH_CUSTOMER.search(text):
        return "customer"
    if _en_commit(text):
        return "yes"
    if _HAN.search(text):
        toks = _cut(text)
        if any(t in _ZH_COMMIT_TOKENS or t.startswith("已") for t in toks):
            return "yes"
        if (is_time and any(t in _ZH_ACTION_TOKENS for t in _cut(after))) or (
                not is_time and _TIME_ZH.search(text)):
            return "yes"
    if prev is not None and (clause.joined or _HAN.search(text)):
        return prev
    return "none"


def _clause_state(clause: _Clause, prev: str | None) -> str | None:
    """The commitment carried by a whole clause (for the next joined clause to inherit)."""
    st = _status(clause, len(clause.text), len(clause.text), prev)
    return st if st != "none" else prev if clause.joined else None


def _scan(clauses: list[_Clause], pattern: re.Pattern, is_time: bool = False) -> list[tuple[str, str, int]]:
    """(status, snippet, sentence index) for every match of pattern, in order."""
    found = []
    prev: str | None = None
    last_sentence = -1
    for i, cl in enumerate(clauses):
        if cl.sentence != last_sentence:
            prev, last_sentence = None, cl.sentence
        for m in pattern.finditer(cl.text):
            st = _status(cl, m.start(), m.end(), prev, is_time)
            if st == "none" and is_time and len(cl.text.split()) <= 6 and i + 1 < len(clauses) \
                    and clauses[i + 1].sentence == cl.sentence:  # a fronted 'Tomorrow, we will ...'
                nxt = _status(clauses[i + 1], len(clauses[i + 1].text), len(clauses[i + 1].text), None)
                st = "yes" if nxt == "yes" else st
            found.append((st, m.group(0), cl.sentence))
        prev = _clause_state(cl, prev)
    return found


def _blame_and_policy(sentences: list[str]) -> tuple[list[str], list[str]]:
    blame, policy = [], []
    for s in sentences:
        blame += [m.group(0) for m in _BLAME_EN.finditer(s)] + [m.group(0) for m in _BLAME_ZH.finditer(s)]
        policy += [m.group(0) for m in _POLICY_EN.finditer(s)] + [m.group(0) for m in _POLICY_ZH.finditer(s)]
        ms = _masked(s)
        m = _POLICY_REF_EN.search(s)
        if m and _EN_NEG.search(ms):
            policy.append(m.group(0))
        m = _POLICY_REF_ZH.search(s)
        if m and any(t in _ZH_NEG for t in _cut(s)):
            policy.append(m.group(0))
    return list(dict.fromkeys(blame)), list(dict.fromkeys(policy))


def _acknowledges(sentences: list[str], bad_sentences: set[int]) -> tuple[bool, str, list[str]]:
    """A cue ('you are right', 'our mistake', '您说得对') in a sentence that says what went wrong, or a plain
    statement of the problem to the customer. A cue with nothing specific around it is only a stock phrase."""
    generic = []
    cue_rx = re.compile(_ACK_EN.pattern + "|" + _ACK_ZH.pattern, re.IGNORECASE)

    def usable(i: int) -> bool:
        s = sentences[i]
        return not (i in bad_sentences or s.rstrip().endswith(("?", "?")) or _APOLOGY_CONDITIONAL.search(s)
                    or _EN_DENIAL.search(s))

    for i, s in enumerate(sentences):
        if not usable(i):
            continue
        cues = [m.group(0) for m in _ACK_EN.finditer(s)] + [m.group(0) for m in _ACK_ZH.finditer(s)]
        if cues:
            if len(_content_words(s, cue_rx)) >= 2:
                return True, "", [s]
            # 'That was our mistake.' right after the sentence that says what went wrong
            if i > 0 and usable(i - 1) and len(_content_words(sentences[i - 1])) >= 3 and re.match(
                    r"\s*(that|this|it|这|那|此)", s, re.IGNORECASE):
                return True, "", [f"{sentences[i - 1]} {s}"]
            generic += cues
            continue
        prob = _EN_PROBLEM.search(s) or _ZH_PROBLEM.search(s)
        if prob and len(_content_words(s)) >= 3 and (
                re.search(r"\b(you|your|we|our|us)\b", s, re.IGNORECASE) or re.search(r"您|你|我们", s)):
            return True, "", [s]
    return (False, "generic", generic) if generic else (False, "", [])


def _apologises(sentences: list[str], acknowledged: bool,
                refusal_sentences: set[int]) -> tuple[bool, str, list[str]]:
    problems: list[tuple[str, str]] = []
    for i, s in enumerate(sentences):
        cues = [m.group(0) for m in _APOLOGY_EN.finditer(s)] + [m.group(0) for m in _APOLOGY_ZH.finditer(s)]
        if not cues:
            continue
        for rx, reason in ((_APOLOGY_NEGATED, "negated"), (_APOLOGY_CONDITIONAL, "conditional"),
                           (_APOLOGY_BOILERPLATE, "boilerplate"), (_APOLOGY_DEFLECT, "deflected")):
            m = rx.search(s)
            if m:
                problems.append((reason, m.group(0)))
                break
        else:
            m = _REGRET_REFUSAL.search(s)
            if i in refusal_sentences or (m and _EN_NEG.search(_masked(s))) or (m and _HAN.search(s)):
                problems.append(("refusal", s))
                continue
            if re.fullmatch(r"\W*regret\W*", cues[0], re.IGNORECASE) and len(cues) == 1 and not acknowledged:
                problems.append(("generic", cues[0]))
                continue
            specific = _content_words(s, re.compile(_APOLOGY_EN.pattern + "|" + _APOLOGY_ZH.pattern, re.I))
            if acknowledged or len(specific) >= 2:
                return True, "", [s]
            problems.append(("generic", cues[0]))
    if problems:
        return False, problems[0][0], [problems[0][1]]
    return False, "", []


def _latin_tokens(name: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", name)} - set(_TITLES_EN.split("|"))


def _han_name(name: str) -> str:
    return re.sub(_TITLES_ZH, "", "".join(_HAN.findall(name)))


def _name_matches(addressed: str, customer: str) -> bool:
    a_lat, c_lat = _latin_tokens(addressed), _latin_tokens(customer)
    a_han, c_han = _han_name(addressed), _han_name(customer)
    if a_lat and c_lat:  # 'Ms Wang', 'Fang', 'Wang Fang' for "Wang Fang" (the first word is the name used)
        first = re.findall(r"[A-Za-z][\w'-]*", re.sub(rf"(?i)^\s*({_TITLES_EN})\b", "", addressed))
        return bool(first) and first[0].lower() in c_lat
    if a_han and c_han:
        return a_han == c_han or c_han.startswith(a_han) or (len(a_han) >= 2 and a_han in c_han)
    if a_han and c_lat:  # 王女士 for "Wang Fang"
        return _SURNAMES.get(a_han[0]) in c_lat
    if a_lat and c_han:  # Ms Wang for 王芳
        return _SURNAMES.get(c_han[0]) in a_lat
    return False


def _addressed(text: str) -> list[tuple[str, str]]:
    """(name, snippet) for every salutation or vocative with a name."""
    out = []
    head = "\n".join(text.splitlines()[:3])
    for m in _SALUTE_EN.finditer(head):
        name = m.group("name")
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", name)]
        if name.startswith("["):  # 'Dear Mr/Ms [name]': a placeholder
            out.append((name, m.group(0).strip()))
        elif words and not any(w in _GENERIC_EN for w in words) and (
                m.group("title") or (name[0].isupper() and words[0] not in _EN_STOP)):
            out.append((name, m.group(0).strip()))
    for m in _VOCATIVE_EN.finditer(text):
        out.append((m.group("name"), f"{m.group('title')} {m.group('name')}"))
    for rx in _SALUTE_ZH:
        for m in rx.finditer(text):
            name = m.group("name")
            name = re.sub(r"^(尊敬的|亲爱的|尊敬|亲爱)", "", name)
            if name and not any(g in name for g in _GENERIC_ZH):
                title = m.groupdict().get("title") or ""
                out.append((name + title, (name + title).strip()))
    return out


def _names_customer(text: str, customer_name: str | None) -> tuple[bool, str, list[str]]:
    addressed = _addressed(text)
    real = [(n, s) for n, s in addressed if not n.startswith("[")]
    cname = (customer_name or "").strip()
    if cname:
        good = [s for n, s in real if _name_matches(n, cname)]
        if good:
            return True, "", good
        if real:
            return False, "wrong_name", [real[0][1]]
    elif real:
        return True, "", [real[0][1]]
    placeholder = [s for n, s in addressed if n.startswith("[")]
    if placeholder:
        return False, "placeholder", placeholder
    g = _GENERIC_SALUTE.search(text)
    if g:
        return False, "generic", [g.group(0).strip()]
    mentioned = _mentioned(text, cname)
    if mentioned:
        return False, "mentioned", [mentioned]
    return False, "not_found" if cname else "", []


def _mentioned(text: str, cname: str) -> str:
    """A name said about the customer but not to them: the given name's, or (none given) any titled name."""
    if not cname:
        m = re.search(rf"\b({_TITLES_EN})\s+[A-Z][\w'-]*", text, re.IGNORECASE) or re.search(
            rf"[\u4e00-\u9fff]({_TITLES_ZH})", text)
        return m.group(0) if m else ""
    found = [m.group(0) for w in _latin_tokens(cname)
             for m in [re.search(rf"\b({_TITLES_EN})?\s*{re.escape(w)}\b", text, re.IGNORECASE)] if m]
    han = _han_name(cname)
    if han:
        hit = re.search(rf"{re.escape(han)}|{re.escape(han[0])}({_TITLES_ZH})", text)
        found += [hit.group(0)] if hit else []
    return found[0].strip() if found else ""


def _is_salutation(piece: str) -> bool:
    return bool(_SALUTE_EN.fullmatch(piece.strip()) or any(rx.search(piece) for rx in _SALUTE_ZH[:3])
                or _GENERIC_SALUTE.fullmatch(piece.strip()))


def _stuffing(text: str) -> tuple[str | None, str]:
    """('too_short' | 'stuffing' | None, evidence)."""
    latin = [w.lower() for w in _LATIN_WORD.findall(text)]
    han_tokens = [t for t in _cut(text) if _HAN.search(t)] if _HAN.search(text) else []
    n = len(latin) + len(han_tokens)
    if n < MIN_WORDS:
        return "too_short", str(n)
    kw = [w for w in latin if w in _KEYWORDS_EN] + [t for t in han_tokens if t in _KEYWORDS_ZH]
    pieces = [p for p in re.split(r",(?!\d)|(?<!\d),|[.;:!?,。;:!?、\n]+", text) if p.strip()]
    sizes = [len(_LATIN_WORD.findall(p)) + len([t for t in _cut(p) if _HAN.search(t)]) for p in pieces]
    keep = [bool(size) and not _is_salutation(p) for p, size in zip(pieces, sizes, strict=True)]
    pieces = [p for p, k in zip(pieces, keep, strict=True) if k]
    sizes = [size for size, k in zip(sizes, keep, strict=True) if k]
    sample = ", ".join(list(dict.fromkeys(kw))[:6])
    if len(kw) / n >= STUFFING_DENSITY:
        return "stuffing", sample
    # pieces between commas and full stops that say nothing but rubric words ('we will refund', '非常抱歉')
    empty = [p.strip() for p, size in zip(pieces, sizes, strict=True) if size and not _content_words(p)]
    if len(pieces) >= 4 and len(empty) / len(pieces) >= EMPTY_PIECE_SHARE:
        return "stuffing", sample or ", ".join(empty[:5])
    return None, ""


# ---------------------------------------------------------------------------------------------------------------
# The coach

def _explain(lang: str, key: str, passed: bool, reason: str, found: list[str], name: str = "") -> str:
    m = MESSAGES[lang]
    table = m["pass"] if passed else m["miss"]
    tmpl = table.get(f"{key}/{reason}") if reason else None
    tmpl = tmpl or table[key]
    return tmpl.format(found=_quote(found, lang) or "-", name=name)


def check_reply(text: str, customer_name: str | None = None, lang: str | None = None) -> ReplyCheck:
    """Judge a draft reply against the six-point rubric; every point comes with why it passed or what to change.

    `customer_name`, if given, must be the name the reply addresses ('Dear Ms Wang' or '王女士您好' for
    "Wang Fang" / "王芳"); otherwise any salutation with a real name counts. The explanations are in the draft's
    language (English or Chinese). Raises TypeError for anything that is not text; empty or blank drafts score 0
    with a message in `lang` (default: the language in use), since there is no draft to take the language from."""
    if not isinstance(text, str):
        raise TypeError(f"check_reply expects the draft reply as text (a str), got {type(text).__name__}; "
                        "paste your reply between quotes, e.g. check_reply('Dear Ms Wang, ...')")
    if customer_name is not None and not isinstance(customer_name, str):
        raise TypeError(f"customer_name must be text or None, got {type(customer_name).__name__}")
    if not text.strip():
        blank = normalise(lang) if lang else current()
        m = MESSAGES[blank]
        space = "" if blank == "zh" else " "
        crit = tuple(Criterion(k, m["labels"][k], False, f"{m['empty']}{space}"
                               + (m["empty_blame"] if k == "no_blame" else m["miss"][k]), "empty")
                     for k in CRITERIA)
        return ReplyCheck(crit, m["empty_message"], language=blank)

    lang = detect_language(text)
    norm = _normalise(text)
    sentences = _sentences(norm)
    clauses = _clauses(sentences)

    blame, policy = _blame_and_policy(sentences)
    remedies = _scan(clauses, _REMEDY_EN) + _scan(clauses, _REMEDY_ZH)
    times = _scan(clauses, _TIME_EN, is_time=True) + _scan(clauses, _TIME_ZH, is_time=True)
    refused = {si for st, _, si in remedies if st == "neg"}
    bad_sentences = {i for i, s in enumerate(sentences) if _BLAME_EN.search(s) or _BLAME_ZH.search(s)}

    evidence: dict[str, list[str]] = {}
    passed: dict[str, bool] = {}
    reasons: dict[str, str] = {}

    ok, reason, found = _acknowledges(sentences, bad_sentences)
    passed["acknowledges"], reasons["acknowledges"], evidence["acknowledges"] = ok, reason, found

    policy_sentences = {i for i, s in enumerate(sentences) if any(p in s for p in policy)}
    ok, reason, found = _apologises(sentences, passed["acknowledges"], refused | policy_sentences | bad_sentences)
    passed["apologises"], reasons["apologises"], evidence["apologises"] = ok, reason, found

    ok, reason, found = _names_customer(norm, customer_name)
    passed["names_customer"], reasons["names_customer"], evidence["names_customer"] = ok, reason, found

    promised = [s for st, s, _ in remedies if st == "yes"]
    evidence["remedy"] = promised
    passed["remedy"] = bool(promised)
    if not promised:
        for st in ("neg", "hedge", "burden", "mention"):
            hits = [s for s2, s, _ in remedies if s2 == st]
            if hits:
                reasons["remedy"] = {"hedge": "hedged", "mention": "mentioned", "neg": "negated"}.get(st, st)
                evidence["remedy"] = hits
                break
        else:
            vague = [m.group(0) for m in _VAGUE_REMEDY.finditer(norm)]
            hits = [s for s2, s, _ in remedies]
            reasons["remedy"] = "vague" if vague else "mentioned" if hits else ""
            evidence["remedy"] = vague or hits

    committed = [s for st, s, _ in times if st == "yes"]
    done = [cl.text for cl in clauses if any(r in cl.text for r in promised) and _DONE.search(cl.text)]
    passed["time_frame"] = bool(committed or done)
    evidence["time_frame"] = committed or done
    reasons["time_frame"] = "" if committed else "done" if done else ""
    if not passed["time_frame"]:
        neg = [s for st, s, _ in times if st == "neg"]
        vague = [m.group(0) for rx in (_VAGUE_TIME_EN, _VAGUE_TIME_ZH) for m in rx.finditer(norm)]
        other = [s for st, s, _ in times if st != "yes"]
        if neg:
            reasons["time_frame"], evidence["time_frame"] = "negated", neg
        elif vague:
            reasons["time_frame"], evidence["time_frame"] = "vague", vague
        elif other:
            reasons["time_frame"], evidence["time_frame"] = "uncommitted", other

    passed["no_blame"] = not blame and not policy
    evidence["no_blame"] = blame + policy
    reasons["no_blame"] = "" if passed["no_blame"] else "both" if blame and policy else "blame" if blame \
        else "policy_wall"
    evidence["blaming"] = blame
    evidence["policy_wall"] = policy

    m = MESSAGES[lang]
    name = customer_name.strip() if customer_name else ""
    crit = tuple(Criterion(k, m["labels"][k], passed[k],
                           _explain(lang, k, passed[k], reasons.get(k, ""), evidence.get(k, []), name),
                           reasons.get(k, ""))
                 for k in CRITERIA)

    penalties = []
    if blame:
        penalties.append(Penalty("blame", m["penalties"]["blame"], PENALTY_POINTS["blame"],
                                 m["penalty_text"]["blame"].format(found=_quote(blame, lang))))
    if policy:
        penalties.append(Penalty("policy_wall", m["penalties"]["policy_wall"], PENALTY_POINTS["policy_wall"],
                                 m["penalty_text"]["policy_wall"].format(found=_quote(policy, lang))))
    if reasons["names_customer"] == "wrong_name":
        penalties.append(Penalty("wrong_name", m["penalties"]["wrong_name"], PENALTY_POINTS["wrong_name"],
                                 m["penalty_text"]["wrong_name"].format(
                                     found=_quote(evidence["names_customer"], lang))))
    kind, what = _stuffing(norm)
    if kind:
        penalties.append(Penalty(kind, m["penalties"][kind], PENALTY_POINTS[kind],
                                 m["penalty_text"][kind].format(found=what)))
        evidence[kind] = [what]

    result = ReplyCheck(crit, "", evidence, tuple(penalties), lang)
    if result.score == result.max_score:
        message = m["all_pass"]
    else:
        parts = []
        if result.misses:
            parts.append(m["missing"].format(n=len(result.misses), items=m["sep"].join(
                c.label if lang == "zh" else c.label.lower() for c in result.misses)))
        if penalties:
            parts.append(m["penalised"].format(items=m["sep"].join(
                f"{p.label if lang == 'zh' else p.label.lower()} (−{p.points})" for p in penalties)))
        message = " ".join(parts)
    return ReplyCheck(crit, message, evidence, tuple(penalties), lang)


GOOD_EXAMPLE = (
    "Dear Ms Wang,\n\nThank you for telling us. You are right: the market report due on 27 October never "
    "reached you, and your board met without it. I am sorry; that should not have happened.\n\n"
    "I have re-sent the full report to your inbox this morning, and we will credit one month's fee "
    "(2,000 yuan) to your account today. Our data team lead, Mr Li, will call you by 5 pm tomorrow to explain "
    "what went wrong and what we changed so it does not happen again.\n\nChen Jing, client service manager")

BAD_EXAMPLE = (
    "Dear customer,\n\nAs we already told you, reports are published on the portal. You should have checked "
    "there before calling. We will look into it.\n\nCustomer service")

GOOD_EXAMPLE_ZH = (
    "王女士您好:\n\n感谢您告诉我们。您家的空调两次维修后仍然不制冷,让您在高温天里等了三天,这是我们的问题,非常抱歉。\n\n"
    "我们的维修主管张师傅明天上午十点前再次上门检查,如果压缩机有故障,当场免费更换;同时退还本次服务费200元。"
    "如果明天下午五点前还没有修好,我会亲自给您打电话。\n\n客服经理 陈静")

BAD_EXAMPLE_ZH = (
    "尊敬的客户:\n\n经核查,是您自己操作不当造成的故障。按规定不能免费维修,如需上门请您自行预约。如有不便,敬请谅解。")
