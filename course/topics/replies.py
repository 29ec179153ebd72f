"""Module 8: a reply-writing coach. Checks a draft reply to an angry customer against a six-point rubric and
explains every miss, so a trainee can revise before anything is sent.

The checks are keyword and pattern rules (English, with a few Chinese equivalents): a pass means the draft
contains the element, not that it is well written. A human still reads the reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

_WEEKDAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|december"
           r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

PATTERNS: dict[str, list[str]] = {
    "acknowledges": [
        r"\bi understand\b", r"\bwe understand\b", r"\byou are right\b", r"\byou're right\b",
        r"\bthank you for (telling|letting|writing|reporting|raising|your)", r"\bthanks for (telling|letting)",
        r"\bour (mistake|error|fault)\b", r"\bwe (made|got) (a|an|the) (mistake|error)",
        r"\bwe let you down\b", r"\bwe failed\b", r"\bwe did not\b", r"\bwe didn't\b",
        r"\bi can see\b", r"\bi see that\b", r"\bshould not have happened\b", r"\bshouldn't have happened\b",
        r"\bfrustrat", r"\binconvenien", r"理解", r"我们的(错|失误|问题)",
    ],
    "apologises": [r"\bsorry\b", r"\bapologi[sz]e", r"\bapology\b", r"\bapologies\b", r"\bregret\b",
                   r"抱歉", r"对不起", r"致歉", r"道歉"],
    "remedy": [
        r"\brefund", r"\bcredit", r"\breplace", r"\bre-?send", r"\bre-?issue", r"\bcorrect(ed|ion)?\b",
        r"\bwaive", r"\bcompensat", r"\breimburs", r"\bfix(ed)?\b", r"\brestor", r"\bdeliver",
        r"\bsend you\b", r"\bcall you\b", r"\bwill (call|send|email|deliver|restore|refund|credit)",
        r"退款", r"补偿", r"更正", r"重新发送",
    ],
    "time_frame": [
        r"\btoday\b", r"\btonight\b", r"\btomorrow\b", r"\bthis (morning|afternoon|evening|week)\b",
        r"\bwithin \d+\s*(minutes?|hours?|h|days?|working days?|business days?)\b",
        r"\bwithin (one|two|three|four|five|24|48) (hours?|days?|working days?)\b",
        rf"\bby ({_WEEKDAYS})\b", rf"\bon ({_WEEKDAYS})\b", rf"\bby \d{{1,2}}(st|nd|rd|th)? ({_MONTHS})\b",
        rf"\bby ({_MONTHS}) \d{{1,2}}\b", r"\bby \d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)",
        r"\bby (noon|midday|end of (the )?day)\b", r"\bbefore \d{1,2}(:\d{2})?\s*(am|pm)", r"今天", r"明天",
        r"\d+\s*(小时|天)内",
    ],
    "blaming": [
        r"\byou should have\b", r"\byour (own )?fault\b", r"\byou failed\b", r"\byou did not read\b",
        r"\byou didn't read\b", r"\bas (we|i) (already )?(told|explained|said)", r"\bcalm down\b",
        r"\bnot our fault\b", r"\bnot our responsibility\b", r"\byou misunderstood\b",
        r"\byou must have\b", r"\bour policy clearly\b", r"\bclearly states\b", r"\byou need to understand\b",
        r"\bunfortunately,? you\b", r"\bif you had\b", r"\byou forgot\b", r"\bthere is nothing we can do\b",
        r"\bnothing we can do\b", r"\bnot possible\b", r"你们自己", r"不是我们的(责任|错)",
    ],
}

_GENERIC_NAMES = r"(customer|client|sir|madam|sir or madam|sir/madam|valued customer|user|all)"

LABELS = {
    "acknowledges": "Acknowledges the problem",
    "apologises": "Apologises",
    "names_customer": "Names the customer",
    "remedy": "Gives a concrete remedy",
    "time_frame": "Gives a time frame",
    "no_blame": "Avoids blaming language",
}

EXPLAIN_MISS = {
    "acknowledges": "Say in your own words what went wrong for the customer (e.g. 'I understand the 27 October "
                    "report never arrived and your board met without it'). An angry customer first needs to "
                    "hear that you got it.",
    "apologises": "Add a plain apology ('I am sorry', 'we apologise'). Apologising for the experience is not an "
                  "admission of legal fault; leaving it out reads as indifference (interactional justice).",
    "names_customer": "Address the customer by name ('Dear Ms Wang'), not 'Dear customer'. A name shows a person "
                      "read the complaint, not a template.",
    "remedy": "Say exactly what you will do: re-send the corrected report, refund or credit an amount, restore "
              "access, have a named manager call. 'We will look into it' is not a remedy (distributive justice).",
    "time_frame": "Give a time the customer can hold you to: 'today by 5 pm', 'within 24 hours', 'by Friday'. "
                  "Without it the customer cannot tell a promise from a brush-off (procedural justice).",
    "no_blame": "Remove language that puts the blame on the customer: {found}. Even if the customer erred, "
                "explain the fix, not their fault.",
}

EXPLAIN_PASS = {
    "acknowledges": "You state the problem back to the customer.",
    "apologises": "You apologise.",
    "names_customer": "You address the customer by name.",
    "remedy": "You say what you will do about it.",
    "time_frame": "You say by when.",
    "no_blame": "No blaming language found.",
}


@dataclass(frozen=True)
class Criterion:
    """One rubric line: its key, label, whether the draft passed, and why (what to change if it missed)."""

    key: str
    label: str
    passed: bool
    explanation: str


@dataclass(frozen=True)
class ReplyCheck:
    """The coach's verdict on one draft: per-criterion results, the score and an overall message."""

    criteria: tuple[Criterion, ...]
    message: str
    evidence: dict[str, list[str]] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return sum(c.passed for c in self.criteria)

    @property
    def max_score(self) -> int:
        return len(self.criteria)

    @property
    def misses(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.passed]

    def as_dict(self) -> dict[str, bool]:
        return {c.key: c.passed for c in self.criteria}

    def html(self) -> str:
        """The verdict as an HTML list, misses explained, for the reply-coach widget."""
        rows = "".join(
            f'<li class="course-criterion {"pass" if c.passed else "miss"}" data-key="{c.key}">'
            f'{"✔" if c.passed else "✘"} <b>{escape(c.label)}</b>: {escape(c.explanation)}</li>'
            for c in self.criteria)
        return (f'<div class="course-reply-verdict"><p><b>Score: {self.score} / {self.max_score}.</b> '
                f"{escape(self.message)}</p><ul>{rows}</ul></div>")


def _find(text: str, patterns: list[str]) -> list[str]:
    hits = []
    for pat in patterns:
        m = re.search(pat, text, flags=re.IGNORECASE)
        if m:
            hits.append(m.group(0))
    return hits


def _names_customer(text: str, customer_name: str | None) -> tuple[bool, str]:
    if customer_name and customer_name.strip():
        name = customer_name.strip()
        parts = [p for p in re.split(r"\s+", name) if len(p) > 1]
        found = name.lower() in text.lower() or any(re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE)
                                                     for p in parts)
        return found, name
    m = re.search(r"\b(?i:(dear|hello|hi|good (morning|afternoon|evening)))\s+((?i:mr|mrs|ms|miss|dr|prof)\.?\s+)?"
                  r"(?P<name>[A-Z][\w'-]+)", text)
    if m and not re.fullmatch(_GENERIC_NAMES, m.group('name'), flags=re.IGNORECASE):
        return True, m.group(0)
    m = re.search(r"(尊敬的|亲爱的)\s*(\S{1,4})(先生|女士|经理|总)", text)
    return (True, m.group(0)) if m else (False, "")


def check_reply(text: str, customer_name: str | None = None) -> ReplyCheck:
    """Check a draft reply against the six-point rubric; every miss comes with what to change.

    `customer_name`, if given, must appear in the reply; otherwise a salutation with a name ('Dear Ms Wang')
    counts. Raises TypeError for anything that is not text; empty or blank drafts score 0 with a message."""
    if not isinstance(text, str):
        raise TypeError(f"check_reply expects the draft reply as text (a str), got {type(text).__name__}; "
                        "paste your reply between quotes, e.g. check_reply('Dear Ms Wang, ...')")
    if customer_name is not None and not isinstance(customer_name, str):
        raise TypeError(f"customer_name must be text or None, got {type(customer_name).__name__}")
    if not text.strip():
        empty = "The draft is empty: there is nothing to check yet."
        return ReplyCheck(tuple(Criterion(k, v, False, f"{empty} {EXPLAIN_MISS[k].format(found='-')}")
                                for k, v in LABELS.items() if k != "no_blame")
                          + (Criterion("no_blame", LABELS["no_blame"], False,
                                       f"{empty} Write a reply first; blame can only be judged in a real draft."),),
                          "The draft is empty (or only spaces). Write your reply in the box, then check it.")
    evidence = {k: _find(text, PATTERNS[k]) for k in ("acknowledges", "apologises", "remedy", "time_frame",
                                                       "blaming")}
    named, who = _names_customer(text, customer_name)
    evidence["names_customer"] = [who] if named else []
    passed = {"acknowledges": bool(evidence["acknowledges"]), "apologises": bool(evidence["apologises"]),
              "names_customer": named, "remedy": bool(evidence["remedy"]),
              "time_frame": bool(evidence["time_frame"]), "no_blame": not evidence["blaming"]}
    crit = []
    for key, label in LABELS.items():
        if passed[key]:
            explanation = EXPLAIN_PASS[key]
        elif key == "names_customer" and customer_name:
            explanation = f"The customer's name ({customer_name.strip()}) does not appear. " + EXPLAIN_MISS[key]
        else:
            found = ", ".join(f"'{h}'" for h in evidence["blaming"])
            explanation = EXPLAIN_MISS[key].format(found=found)
        crit.append(Criterion(key, label, passed[key], explanation))
    result = ReplyCheck(tuple(crit), "", evidence)
    if result.score == result.max_score:
        message = "All six elements are there. Read it aloud once more for tone, then send."
    else:
        message = (f"{result.max_score - result.score} element(s) missing: "
                   + ", ".join(c.label.lower() for c in result.misses) + ".")
    return ReplyCheck(result.criteria, message, evidence)


GOOD_EXAMPLE = (
    "Dear Ms Wang,\n\nThank you for telling us. You are right: the market report due on 27 October never "
    "reached you, and your board met without it. I am sorry; that should not have happened.\n\n"
    "I have re-sent the full report to your inbox this morning, and we will credit one month's fee "
    "(2,000 yuan) to your account today. Our data team lead, Mr Li, will call you by 5 pm tomorrow to explain "
    "what went wrong and what we changed so it does not happen again.\n\nChen Jing, client service manager")

BAD_EXAMPLE = (
    "Dear customer,\n\nAs we already told you, reports are published on the portal. You should have checked "
    "there before calling. We will look into it.\n\nCustomer service")
