"""The course's named cases, each with its one Chinese name: lessons, self-checks and the glossary use these.

A Chinese reader notices when one firm goes by two names, so every case has exactly one: the name a lesson
gives the first time the case appears ("the Jiangyin joint venture (江阴中美合资公司)"), the name in the self-checks,
and the row of `course/glossary.csv` for the case. `tests/test_glossary_cases.py` checks all three against this
table. `stem` is the part of the Chinese name that only this case uses, so a test can find any other spelling.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """One named case: its English name, its one Chinese name, the module that tells it, and a unique stem."""

    key: str
    en: str
    zh: str
    pinyin: str
    module: int
    stem: str
    about: str


CASES: tuple[Case, ...] = (
    Case("peninsula", "Peninsula Hotel, Hong Kong", "香港半岛酒店", "Xiānggǎng Bàndǎo jiǔdiàn", 3, "半岛",
         "Case: the waiter who sent every guest a birthday card each year and greeted returning guests by name."),
    Case("oriental", "Oriental Hotel, Bangkok", "泰国东方大饭店", "Tàiguó Dōngfāng dà fàndiàn", 3, "东方大饭店",
         "Case (a training parable): staff who know each guest's name the next morning and the usual seat and "
         "breakfast three years later."),
    Case("panda_ericsson", "Nanjing Ericsson Panda", "南京爱立信熊猫通信有限公司",
         "Nánjīng Àilìxìn Xióngmāo tōngxìn yǒuxiàn gōngsī", 4, "熊猫",
         "Case: the Nanjing joint venture that moved 5 billion of credit business to Citibank in 2002."),
    Case("steel_trader", "Hong Kong steel trader", "香港钢铁贸易公司", "Xiānggǎng gāngtiě màoyì gōngsī", 5, "钢",
         "Case: a trader with about 300 active customers that named only 10 key accounts."),
    Case("jiangyin", "Jiangyin joint venture", "江阴中美合资公司", "Jiāngyīn Zhōng-Měi hézī gōngsī", 5, "江阴",
         "Case: the steel trader's top account, which learned its status and stretched its payment terms."),
    Case("xiaoshan", "Xiaoshan textile firm", "萧山纺织公司", "Xiāoshān fǎngzhī gōngsī", 5, "萧山",
         "Case: a firm that told a customer 'you are a small customer'; it left and took three others along."),
    Case("zhihong", "Zhihong", "智虹公司", "Zhìhóng gōngsī", 6, "智虹",
         "Case: the industry-information firm with demanding, low-paying, late-paying clients (lessons 6 and 8)."),
    Case("capstone", "Capstone: handle a complaint end to end", "综合案例:端到端处理投诉",
         "zōnghé ànlì: duān dào duān chǔlǐ tóusù", 8, "综合案例",
         "The course's final case: one morning's complaint queue at Zhihong, from triage to a report."),
)

BY_KEY: dict[str, Case] = {c.key: c for c in CASES}


def zh(key: str) -> str:
    """The one Chinese name of a case, by key ('jiangyin' -> '江阴中美合资公司')."""
    return BY_KEY[key].zh


def label(key: str) -> str:
    """English and Chinese together, as a lesson names a case the first time: 'Zhihong (智虹公司)'."""
    c = BY_KEY[key]
    return f"{c.en} ({c.zh})"
