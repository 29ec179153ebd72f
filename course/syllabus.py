"""The syllabus: the one registry that joins each module's lesson, topics, widgets, self-checks, exercise and data.

Everything that discovers lessons, assignments, hints, self-checks or topics reads it (the start page, the CLI,
`nbgrader_config.py`, the tests). A module's id is its lesson's file stem and its nbgrader assignment id; a
topic is a module of `course.topics` (pure analysis) with a widget module of the same name in `course.widgets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.i18n import current, normalise, translator

_ = translator("course")


@dataclass(frozen=True)
class Module:
    """One module: a lesson notebook, the topics it teaches, and (from module 1 on) an nbgrader exercise."""

    number: int
    slug: str
    title: str
    title_zh: str
    seeds: str
    topics: tuple[str, ...]
    datasets: tuple[str, ...]
    graded: bool = True

    @property
    def id(self) -> str:
        """Lesson file stem and nbgrader assignment id, e.g. '02-complaint-iceberg'."""
        return f"{self.number:02d}-{self.slug}"

    @property
    def lesson(self) -> str:
        """The lesson notebook, relative to the course root."""
        return f"lessons/{self.id}.ipynb"

    def title_in(self, lang: str | None = None) -> str:
        """The module's title in `lang` (default: the language in use)."""
        return self.title_zh if (normalise(lang) if lang else current()) == "zh" else self.title

    def lesson_in(self, lang: str | None = None) -> str:
        """The lesson notebook of `lang`'s edition (lessons/zh/NN-slug.ipynb for Chinese), relative to the course
        root."""
        return f"lessons/zh/{self.id}.ipynb" if (normalise(lang) if lang else current()) == "zh" else self.lesson

    @property
    def assignment(self) -> str | None:
        """The nbgrader assignment id, or None for a lesson without an exercise (the start page)."""
        return self.id if self.graded else None

    @property
    def exercise(self) -> str | None:
        """The released exercise notebook, relative to the course root."""
        return f"exercises/{self.id}/{self.id}.ipynb" if self.graded else None

    @property
    def solution(self) -> str | None:
        """The nbgrader source notebook, relative to the course root."""
        return f"solutions/{self.id}/{self.id}.ipynb" if self.graded else None


LESSONS: tuple[Module, ...] = (
    Module(0, "start-here", "Start here: how this course works", "从这里开始：课程怎么学", "003 (overview)",
           (), (), graded=False),
    Module(1, "why-customers-complain", "Why customers complain", "客户为什么投诉", "003 lecture 1",
           ("promises", "servqual"), ("tickets", "servqual", "servqual_items", "servqual_weights")),
    Module(2, "complaint-iceberg", "The complaint iceberg", "投诉冰山", "003 lecture 1",
           ("iceberg",), ("complaints_monthly", "tarp_repurchase")),
    Module(3, "attentive-service", "Attentive service and personalisation", "用心服务与个性化", "003 lecture 1",
           ("guests",), ("guests", "stays")),
    Module(4, "key-accounts", "Is the customer really god? Key accounts and the 20/80 rule",
           "顾客真的是上帝吗？大客户与二八法则", "003 lecture 2", ("segmentation",), ("customers",)),
    Module(5, "segmenting-key-accounts", "Segmenting big accounts without the pitfalls", "大客户细分的陷阱",
           "003 lecture 3", ("segmentation", "network"), ("b2b_accounts", "referrals")),
    Module(6, "worst-customers", "Worst customers: keep, fix, or let go?", "最差的客户：保留、修复还是放弃？",
           "000, 001, 004", ("profitability", "competition"), ("accounts",)),
    Module(7, "keeping-relationships", "Keeping relationships: churn, lifecycle, crisis, people",
           "维护客户关系：流失、生命周期、危机与员工", "002", ("churn",), ("subscribers", "branch_survey")),
    Module(8, "capstone", "Capstone: handle a complaint end to end", "综合案例：端到端处理投诉", "all",
           ("triage", "replies", "profitability"), ("complaint_queue", "accounts", "tickets")),
)

# The graded modules: one nbgrader assignment each, with the lesson's id.
MODULES: tuple[Module, ...] = tuple(m for m in LESSONS if m.graded)

# The pre/post test: two parallel forms, nbgrader assignments of no module (course/trainer/assessment.py).
ASSESSMENTS: tuple[str, ...] = ("assessment-a", "assessment-b")


def assessments() -> list[str]:
    """The pre/post test's assignment ids (form A, form B)."""
    return list(ASSESSMENTS)


def by_id(key: str | int) -> Module:
    """A module by number (3, '03', '3') or full id ('03-attentive-service'); KeyError listing the ids."""
    s = str(key).strip()
    for m in LESSONS:
        if s in (m.id, f"{m.number:02d}", str(m.number)):
            return m
    raise KeyError(f"no module {key!r}; modules are {', '.join(m.id for m in LESSONS)}")


def assignments() -> list[str]:
    """The nbgrader assignment ids, in course order."""
    return [m.id for m in MODULES]


def topics() -> list[str]:
    """Every topic module name (a module of course.topics), each once, in course order."""
    seen: dict[str, None] = {}
    for m in LESSONS:
        seen.update(dict.fromkeys(m.topics))
    return list(seen)


def table(lang: str | None = None):
    """The module map as a DataFrame, for the start page and README, in `lang` (default: the language in use):
    the title in that language with the other beside it, that edition's lesson, the exercise and the data."""
    import pandas as pd

    zh = (normalise(lang) if lang else current()) == "zh"
    rows = []
    for m in MODULES:
        if zh:
            rows.append({"#": m.number, _("module"): m.title_zh, "English": m.title, _("lesson"): m.lesson_in("zh"),
                         _("exercise"): m.exercise, _("data"): ", ".join(m.datasets)})
        else:
            rows.append({"#": m.number, "module": m.title, "中文": m.title_zh, "lesson": m.lesson,
                         "exercise": m.exercise, "data": ", ".join(m.datasets)})
    return pd.DataFrame(rows).set_index("#")
