"""The course's named cases, each with its one Chinese name: lessons, self-checks and the glossary use these.

A Chinese reader notices when one firm goes by two names, so every case has exactly one: the name a lesson
gives the first time the case appears ("the Jiangyin joint venture (江阴中美合资公司)"), the name in the self-checks,
the name throughout the Chinese edition, and the row of `course/glossary.csv` for the case.
`tests/test_glossary_cases.py` checks all of them against this table. `stems` are pieces of Chinese that only
this case uses (the first is part of its name, the others are spellings a writer might reach for instead), so a
test can find any other spelling; a stem names the firm, not the trade ("钢材贸易的毛利" is no name).
"""

from __future__ import annotations

from dataclasses import dataclass

from course.i18n import pick


@dataclass(frozen=True)
class Case:
    """One named case: its English and one Chinese name, the module that tells it, the stems that betray another
    spelling, and what it is about in each language (the glossary's two definitions)."""

    key: str
    en: str
    zh: str
    pinyin: str
    module: int
    stems: tuple[str, ...]
    about: str
    about_zh: str

    @property
    def stem(self) -> str:
        """The stem that is part of the one Chinese name."""
        return self.stems[0]


CASES: tuple[Case, ...] = (
    Case("peninsula", "Peninsula Hotel, Hong Kong", "香港半岛酒店", "Xiānggǎng Bàndǎo jiǔdiàn", 3, ("半岛",),
         "Case: the waiter who sent every guest a birthday card each year and greeted returning guests by name.",
         "案例：香港半岛酒店的一位服务员，每年都给自己服务过的每位客人寄去生日卡，客人再次光临时能叫出对方的名字。"),
    Case("oriental", "Oriental Hotel, Bangkok", "泰国东方大饭店", "Tàiguó Dōngfāng dà fàndiàn", 3,
         ("东方大饭店", "东方饭店", "东方酒店", "文华东方"),
         "Case (a training parable): staff who know each guest's name the next morning and the usual seat and "
         "breakfast three years later.",
         "案例（培训中流传的故事）：新客人入住的第二天早上，员工就能叫出他的名字；三年后客人再来，员工仍记得他常坐的"
         "位子和惯点的早餐。"),
    Case("panda_ericsson", "Nanjing Ericsson Panda", "南京爱立信熊猫通信有限公司",
         "Nánjīng Àilìxìn Xióngmāo tōngxìn yǒuxiàn gōngsī", 4, ("熊猫", "爱立信"),
         "Case: the Nanjing joint venture that moved 5 billion of credit business to Citibank in 2002.",
         "案例：这家南京的合资企业在 2002 年把 50 亿元人民币的授信业务转给了花旗银行。"),
    Case("steel_trader", "Hong Kong steel trader", "香港钢铁贸易公司", "Xiānggǎng gāngtiě màoyì gōngsī", 5,
         ("香港钢", "钢铁贸易公司", "钢铁贸易商", "钢材贸易公司", "钢材贸易商", "钢贸公司"),
         "Case: a trader with about 300 active customers that named only 10 key accounts.",
         "案例：一家有约 300 个活跃客户的贸易商，只把其中 10 家定为大客户。"),
    Case("jiangyin", "Jiangyin joint venture", "江阴中美合资公司", "Jiāngyīn Zhōng-Měi hézī gōngsī", 5, ("江阴",),
         "Case: the steel trader's top account, which learned its status and stretched its payment terms.",
         "案例：香港钢铁贸易公司的头号客户，得知自己的分量后要求降价，并把付款期从 1 个月拖到 3 个月。"),
    Case("xiaoshan", "Xiaoshan textile firm", "萧山纺织公司", "Xiāoshān fǎngzhī gōngsī", 5, ("萧山",),
         "Case: a firm that told a customer 'you are a small customer'; it left and took three others along.",
         "案例：这家企业对一位客户直说“你们是小客户”，对方随即转投别家，还带走了另外三家客户。"),
    Case("zhihong", "Zhihong", "智虹公司", "Zhìhóng gōngsī", 6, ("智虹",),
         "Case: the industry-information firm with demanding, low-paying, late-paying clients (lessons 6 and 8).",
         "案例：一家行业信息服务公司，它的一些客户要求多、付费少、回款慢（第 6 课和第 8 课）。"),
    Case("capstone", "Capstone: handle a complaint end to end", "综合案例：端到端处理投诉",
         "zōnghé ànlì: duān dào duān chǔlǐ tóusù", 8, ("综合案例：", "综合案例:"),
         "The course's final case: one morning's complaint queue at Zhihong, from triage to a report.",
         "课程的最后一个案例：智虹公司一个上午的投诉队列，从分级分派一直做到给管理层的报告。"),
)

BY_KEY: dict[str, Case] = {c.key: c for c in CASES}


def zh(key: str) -> str:
    """The one Chinese name of a case, by key ('jiangyin' -> '江阴中美合资公司')."""
    return BY_KEY[key].zh


def name(key: str, lang: str | None = None) -> str:
    """The case's name in the language in use (or `lang`): 'Jiangyin joint venture' / '江阴中美合资公司'."""
    c = BY_KEY[key]
    return pick(c.en, c.zh, lang)


def about(key: str, lang: str | None = None) -> str:
    """What the case is about, in the language in use (or `lang`)."""
    c = BY_KEY[key]
    return pick(c.about, c.about_zh, lang)


def label(key: str, lang: str | None = None) -> str:
    """A case named the first time: English with its Chinese name, 'Zhihong (智虹公司)'; the Chinese edition
    names it in Chinese only, '智虹公司'."""
    c = BY_KEY[key]
    return pick(f"{c.en} ({c.zh})", c.zh, lang)
