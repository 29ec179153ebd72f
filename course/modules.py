"""The module map: eight modules, each one lesson notebook and one nbgrader assignment with the same id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    number: int
    slug: str
    title: str
    title_zh: str
    seeds: str
    datasets: tuple[str, ...]

    @property
    def id(self) -> str:
        """Lesson file stem and nbgrader assignment id, e.g. '02-complaint-iceberg'."""
        return f"{self.number:02d}-{self.slug}"

    @property
    def lesson(self) -> str:
        return f"lessons/{self.id}.ipynb"


MODULES: tuple[Module, ...] = (
    Module(1, "why-customers-complain", "Why customers complain", "客户为什么投诉", "003 lecture 1",
           ("tickets", "servqual", "servqual_items", "servqual_weights")),
    Module(2, "complaint-iceberg", "The complaint iceberg", "投诉冰山", "003 lecture 1",
           ("complaints_monthly", "tarp_repurchase")),
    Module(3, "attentive-service", "Attentive service and personalisation", "用心服务与个性化", "003 lecture 1",
           ("guests", "stays")),
    Module(4, "key-accounts", "Is the customer really god? Key accounts and the 20/80 rule",
           "顾客真的是上帝吗?大客户与二八法则", "003 lecture 2", ("customers",)),
    Module(5, "segmenting-key-accounts", "Segmenting big accounts without the pitfalls", "大客户细分的陷阱",
           "003 lecture 3", ("b2b_accounts", "referrals")),
    Module(6, "worst-customers", "Worst customers: keep, fix, or let go?", "最差的客户:保留、改造还是放弃?",
           "000, 001, 004", ("accounts",)),
    Module(7, "keeping-relationships", "Keeping relationships: churn, lifecycle, crisis, people",
           "维护客户关系:流失、生命周期、危机与员工", "002", ("subscribers", "branch_survey")),
    Module(8, "capstone", "Capstone: handle a complaint end to end", "综合案例:端到端处理投诉", "all",
           ("complaint_queue", "accounts", "tickets")),
)


def by_id(key: str | int) -> Module:
    """A module by number (3, '03') or full id ('03-attentive-service')."""
    s = str(key)
    for m in MODULES:
        if s in (m.id, f"{m.number:02d}", str(m.number)):
            return m
    raise KeyError(f"no module {key!r}; modules are {', '.join(m.id for m in MODULES)}")


def table():
    """The module map as a DataFrame, for the start page and README."""
    import pandas as pd

    return pd.DataFrame([
        {"#": m.number, "module": m.title, "中文": m.title_zh, "lesson": m.lesson,
         "exercise": f"exercises/{m.id}/{m.id}.ipynb", "data": ", ".join(m.datasets)}
        for m in MODULES
    ]).set_index("#")
