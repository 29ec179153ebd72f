"""The Chinese edition of the data: one name table that writes data/zh/ and that the visible checks read back.

`data/zh/<name>.csv` holds the same rows, ids, numbers and dates as `data/<name>.csv`; only the columns named in
`COLUMNS` change. They are the columns a Chinese trainee reads and no code names: branch, product, channel and
city names, firm and customer names, SERVQUAL statements, seats and breakfasts, and the complaint texts (the
WeChat ones written as WeChat messages are). Values that lessons, exercises or `course.topics` name in code stay
the same codes in both editions (ticket status, severity, root cause, plan, segment, SERVQUAL dimension,
acquisition channel, the TARP rows, guest names and countries): `label()` gives their Chinese for display.

The answer keys that do change are mapped back: `to_english("上海浦东")` is "Shanghai Pudong", so
`course.checks.expect_hash` hashes a Chinese label as its English one and one digest serves both editions.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import pandas as pd

from . import generate as g
from .schema import DATASETS, Dataset

# ------------------------------------------------------------------------------------ label tables (en -> zh)
LABELS: dict[str, dict[str, str]] = {
    "branch": {
        "Shanghai Pudong": "上海浦东", "Beijing Chaoyang": "北京朝阳", "Guangzhou Tianhe": "广州天河",
        "Chengdu Jinjiang": "成都锦江", "Hangzhou Xihu": "杭州西湖", "Nanjing Gulou": "南京鼓楼",
    },
    "product": {
        "air conditioner": "空调", "refrigerator": "冰箱", "washing machine": "洗衣机", "television": "电视机",
        "water heater": "热水器",
    },
    "channel": {"phone": "电话", "wechat": "微信", "email": "电子邮件", "web form": "网页表单", "in store": "门店"},
    "ticket_category": {
        "delivery delay": "送货延误", "installation": "安装问题", "repair quality": "维修质量", "billing": "收费问题",
        "staff attitude": "服务态度", "product defect": "产品缺陷",
    },
    "department": {
        "customer service": "客服部", "logistics": "物流部", "installation": "安装部", "repair": "维修部",
        "billing": "账务部", "quality": "质检部",
    },
    "room_type": {"standard": "标准间", "deluxe": "豪华间", "suite": "套房"},
    "seat": {
        "window 1": "靠窗1号", "window 2": "靠窗2号", "window 3": "靠窗3号", "window 4": "靠窗4号",
        "garden 1": "花园1号", "garden 2": "花园2号", "booth 1": "卡座1号", "booth 2": "卡座2号",
        "booth 3": "卡座3号", "bar counter": "吧台", "centre 5": "中区5号", "centre 6": "中区6号",
    },
    "breakfast": {
        "sandwich, fried egg, coffee": "三明治、煎蛋、咖啡", "congee, youtiao, soy milk": "白粥、油条、豆浆",
        "croissant, latte": "牛角包、拿铁", "omelette, toast, orange juice": "欧姆蛋、吐司、橙汁",
        "dim sum, jasmine tea": "点心、茉莉花茶", "fruit plate, yoghurt, green tea": "水果拼盘、酸奶、绿茶",
        "noodle soup, black tea": "汤面、红茶", "pancakes, bacon, coffee": "松饼、培根、咖啡",
        "miso soup, rice, grilled fish": "味噌汤、米饭、烤鱼", "muesli, skimmed milk, espresso": "燕麦片、脱脂奶、浓缩咖啡",
    },
    "region": {"East": "东区", "North": "北区", "South": "南区", "West": "西区"},
    "industry": {
        "construction": "建筑", "machinery": "机械", "shipbuilding": "造船", "appliances": "家电",
        "automotive": "汽车", "textile machinery": "纺织机械",
    },
    "relation": {"referred": "推荐介绍", "industry peer": "同行", "same owner": "同一控股方"},
    "city": {
        "Jiangyin": "江阴", "Wuxi": "无锡", "Suzhou": "苏州", "Ningbo": "宁波", "Dongguan": "东莞", "Foshan": "佛山",
        "Shenzhen": "深圳", "Xiamen": "厦门", "Tianjin": "天津", "Qingdao": "青岛", "Shanghai": "上海",
        "Hong Kong": "香港", "Beijing": "北京", "Guangzhou": "广州", "Taipei": "台北", "Singapore": "新加坡",
        "Tokyo": "东京", "Osaka": "大阪", "Seoul": "首尔", "Sydney": "悉尼", "London": "伦敦", "New York": "纽约",
        "Frankfurt": "法兰克福", "Paris": "巴黎", "Kuala Lumpur": "吉隆坡", "Mumbai": "孟买", "Chengdu": "成都",
        "Hangzhou": "杭州", "Nanjing": "南京", "Wuhan": "武汉", "Xi'an": "西安",
    },
}
"""Category and short-text columns: English value -> the Chinese a trainee reads in data/zh/."""

CODES: dict[str, str] = {
    # ticket status, queue severity and root cause
    "resolved": "已解决", "open": "未解决", "low": "低", "medium": "中", "high": "高",
    "late report": "报告延迟", "data error": "数据错误", "billing error": "账单错误", "system outage": "系统故障",
    "bounced between departments": "部门之间推诿", "missed callback": "未按约回电",
    "rude or unhelpful staff": "员工态度差", "other": "其他",
    # plans, segments, SERVQUAL dimensions, acquisition channels
    "basic": "基础版", "standard": "标准版", "premium": "高级版", "family": "家庭版", "business": "商务版",
    "individual": "个人客户", "small business": "小微企业", "corporate": "公司客户",
    "tangibles": "有形性", "reliability": "可靠性", "responsiveness": "响应性", "assurance": "保证性",
    "empathy": "移情性",
    "price promotion": "低价促销", "referral": "老客户推荐", "advertising": "广告", "direct sales": "直销",
    # TARP rows
    "under USD 5": "损失不足 5 美元", "over USD 100": "损失超过 100 美元", "did not complain": "没有投诉",
    "complained, not resolved": "投诉了，未解决", "complained, resolved": "投诉了，已解决", "resolved quickly": "迅速解决",
}
"""Values that stay codes in both editions (code names them): their Chinese, for labels and legends only."""

COLUMNS: dict[str, dict[str, str]] = {
    "tickets": {"branch": "branch", "channel": "channel", "product": "product", "category": "ticket_category",
                "first_department": "department"},
    "servqual_items": {"statement": "statement"},
    "servqual": {"branch": "branch"},
    "complaints_monthly": {"branch": "branch", "product": "product"},
    "tarp_repurchase": {"source": "source"},
    "guests": {"origin_city": "city"},
    "stays": {"room_type": "room_type", "seat": "seat", "breakfast": "breakfast"},
    "customers": {"name": "customer_name", "region": "region"},
    "b2b_accounts": {"name": "company_name", "city": "city", "industry": "industry"},
    "referrals": {"relation": "relation"},
    "accounts": {"name": "company_name"},
    "branch_survey": {"city": "city"},
    "complaint_queue": {"channel": "channel", "text": "complaint_text"},
}
"""Dataset -> column -> how its Chinese is made (a LABELS table or a text translator below). A dataset not listed
(subscribers, servqual_weights) has nothing to translate and no zh file."""


def has_zh(name: str) -> bool:
    """Whether dataset `name` has a Chinese variant in data/zh/."""
    return name in COLUMNS


def zh_schema(name: str) -> Dataset:
    """The schema of data/zh/<name>.csv: the English one with the category choices in Chinese, same order."""
    ds = DATASETS[name]
    cols = []
    for c in ds.columns:
        how = COLUMNS.get(name, {}).get(c.name)
        if c.choices is not None and how in LABELS:
            c = replace(c, choices=tuple(LABELS[how][v] for v in c.choices))
        cols.append(c)
    return replace(ds, columns=tuple(cols))


# ------------------------------------------------------------------------------------- the reverse direction
def _reverse() -> dict[str, str]:
    out: dict[str, str] = {}
    for table in LABELS.values():
        for en, zh in table.items():
            if out.setdefault(zh, en) != en:
                raise AssertionError(f"the Chinese label {zh!r} stands for both {out[zh]!r} and {en!r}")
    return out


ENGLISH: dict[str, str] = _reverse()
"""Chinese label -> English label, for every table in LABELS (each Chinese label names one English value)."""

_BY_LENGTH = sorted((zh for zh in ENGLISH if len(zh) >= 2), key=len, reverse=True)
_ANY_LABEL = re.compile("|".join(map(re.escape, _BY_LENGTH)))


def to_english(value: str) -> str:
    """The English label of a Chinese data label ('上海浦东' -> 'Shanghai Pudong'); any other text unchanged."""
    return ENGLISH.get(value, value)


def english_words(text: str) -> str:
    """`text` with every Chinese data label inside it replaced by its English label set off by spaces, so a
    phrase check written for 'window 2' finds it in '您常坐的靠窗2号已经备好'."""
    return _ANY_LABEL.sub(lambda m: f" {ENGLISH[m.group(0)]} ", str(text))


def label(value: object, lang: str | None = None) -> str:
    """How `value` (a data label or code) reads in the language in use: Chinese in the zh edition when the table
    knows it, else the value itself. For chart labels and legends; never for filtering."""
    from course import i18n

    text = str(value)
    if i18n.normalise(lang or i18n.current()) != "zh":
        return text
    if text in CODES:
        return CODES[text]
    for table in LABELS.values():
        if text in table:
            return table[text]
    return text


# ---------------------------------------------------------------------------------------------- names
SURNAMES = {"Wang": "王", "Li": "李", "Zhang": "张", "Liu": "刘", "Chen": "陈", "Yang": "杨", "Huang": "黄",
            "Zhao": "赵", "Wu": "吴", "Zhou": "周", "Xu": "徐", "Sun": "孙", "Ma": "马", "Zhu": "朱", "Hu": "胡",
            "Guo": "郭", "He": "何", "Lin": "林", "Gao": "高", "Luo": "罗"}
GIVEN = {"Wei": "伟", "Fang": "芳", "Min": "敏", "Jing": "静", "Lei": "磊", "Yan": "燕", "Jun": "军", "Hui": "慧",
         "Qiang": "强", "Ling": "玲", "Tao": "涛", "Xiu": "秀", "Ping": "平", "Hong": "红", "Bo": "波", "Na": "娜",
         "Chao": "超", "Lan": "兰", "Yong": "勇", "Mei": "梅", "Jie": "杰", "Hao": "浩", "Ying": "英", "Dan": "丹"}
COMPANY_WORDS = {"Huaxin": "华信", "Hengtong": "恒通", "Jinda": "金达", "Xinhua": "新华", "Dongfang": "东方",
                 "Changjiang": "长江", "Tianli": "天利", "Fuxing": "福兴", "Zhongtai": "中泰", "Baoli": "宝利",
                 "Ruifeng": "瑞丰", "Shengda": "盛达", "Yongli": "永利", "Haitong": "海通", "Kaiyuan": "开元",
                 "Minsheng": "民生", "Hongda": "宏达", "Guanghua": "光华", "Jiali": "嘉利", "Sanhe": "三和",
                 "Taiping": "太平", "Xingye": "兴业", "Longteng": "龙腾", "Wanfu": "万福"}
SUFFIXES = {
    "Trading Co.": "贸易有限公司", "Technology Ltd.": "科技有限公司", "Foods Co.": "食品有限公司",
    "Logistics Ltd.": "物流有限公司", "Garments Co.": "服装有限公司", "Electronics Ltd.": "电子有限公司",
    "Construction Co.": "建筑工程有限公司",
    "Steel Products Co.": "钢材制品有限公司", "Machinery Ltd.": "机械有限公司", "Metal Works": "金属制品厂",
    "Engineering Co.": "工程有限公司", "Industrial Ltd.": "实业有限公司", "Shipyard Co.": "造船有限公司",
    "Construction Group": "建设集团",
    "Consulting Co.": "咨询有限公司", "Trading Ltd.": "商贸有限公司", "Materials Co.": "材料有限公司",
    "Chemicals Ltd.": "化工有限公司", "Media Group": "传媒集团", "Investment Co.": "投资有限公司",
    "Textiles Co.": "纺织有限公司", "Packaging Ltd.": "包装有限公司",
}
FIXED_NAMES = {"Jiangyin Huaxin Steel Joint Venture": "江阴中美合资公司"}
"""Names that are a case of course/cases.py: the case's one Chinese name."""


def person_name(name: str) -> str:
    """'Wang Weifang' -> '王伟芳', 'Li Na' -> '李娜': the generator's pinyin names in characters."""
    surname, given = name.split(" ", 1)
    for i in range(1, len(given)):
        a, b = given[:i], given[i:].capitalize()
        if a in GIVEN and b in GIVEN:
            return SURNAMES[surname] + GIVEN[a] + GIVEN[b]
    return SURNAMES[surname] + GIVEN[given]


def company_name(name: str) -> str:
    """'Huaxin Trading Co.' -> '华信贸易有限公司'; the case firms keep their one Chinese name."""
    if name in FIXED_NAMES:
        return FIXED_NAMES[name]
    suffix = next(s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(" " + s))
    words = name[: -len(suffix) - 1].split()
    return "".join(COMPANY_WORDS[w] for w in words) + SUFFIXES[suffix]


def customer_name(name: str) -> str:
    """A bank customer: a company name if it ends like one, else a person's name."""
    if any(name.endswith(" " + s) for s in SUFFIXES):
        return company_name(name)
    return person_name(name)


STATEMENTS = {
    "TAN1": "设备和工具先进、够用", "TAN2": "门店和服务车辆干净整洁", "TAN3": "员工仪表整洁、干练专业",
    "TAN4": "发票、说明书和各类单据清楚易读",
    "REL1": "承诺的事，在承诺的时间内做到", "REL2": "客户遇到问题时，真心想帮客户解决",
    "REL3": "第一次就把服务做对", "REL4": "送货和维修都按说好的时间上门", "REL5": "记录和账单准确无误",
    "RES1": "明确告诉客户服务什么时候完成", "RES2": "服务及时，不让客户久等", "RES3": "员工总是乐意帮忙",
    "RES4": "再忙也会回应客户的请求",
    "ASS1": "员工的言行让人信得过", "ASS2": "客户和公司打交道时感到放心", "ASS3": "员工始终礼貌周到",
    "ASS4": "员工有足够的专业知识解答客户的问题",
    "EMP1": "关注每一位客户的个别情况", "EMP2": "营业时间方便所有客户", "EMP3": "员工给客户贴心的个人照顾",
    "EMP4": "把客户的利益放在心上", "EMP5": "了解客户的具体需要",
}
"""SERVQUAL item code -> the statement as the Chinese questionnaire words it (the firm ...)."""

TARP_SOURCE = "TARP 研究数据，转引自 Barlow 与 Moller 合著的 A Complaint Is a Gift"

# ------------------------------------------------------------------------------------- complaint texts
STYLES = ("wechat", "phone", "email", "web form")
ZH_TEXTS: dict[tuple[str, int], dict[str, tuple[str, ...]]] = {
    ("late report", 0): {
        "wechat": ("你好，在吗？说好{date}发的市场报告到现在还没收到，钱我们是交了的，东西却用不上，这算怎么回事？",
                   "又来催了：{date}该到的市场报告，今天还是没影。我们花钱订的服务，总不能一直干等吧？麻烦尽快给个准话。"),
        "phone": ("我是来问市场报告的事。按约定{date}就该发给我们，到今天还没收到。服务费我们照付，现在却什么都用不上。",),
        "email": ("贵公司好：按约定应于{date}交付的市场报告，我方至今仍未收到。我司已按期支付服务费用，却无法使用相应服务，"
                  "请尽快说明原因并确定交付时间。",),
        "web form": ("{date}应交付的市场报告至今未收到。已付费的服务无法使用，请尽快处理。",),
    },
    ("late report", 1): {
        "wechat": ("月报已经连续三个月迟到了！我们{date}开董事会，手里一份数据都拿不出来，老板当场就问我怎么回事。",
                   "说实话有点忍不了了，月报连着三个月晚发。{date}董事会上我只能空着手汇报，你们能不能上点心？"),
        "phone": ("你们的月报已经连续三个月晚到了。我们{date}开董事会，结果什么材料都没有，我在会上非常被动。",),
        "email": ("贵公司的月度报告已连续第三个月延迟交付。我司于{date}召开董事会，因报告未到，会上没有任何数据可供参考。"
                  "请正视此问题并给出改进措施。",),
        "web form": ("月报连续第三个月延迟。{date}召开董事会时没有任何数据可用，请说明原因。",),
    },
    ("data error", 0): {
        "wechat": ("你们{date}那期报告里的价格指数错得离谱！我们照着它下的采购单，亏了差不多{amount}块，这个损失谁来担？",
                   "刚核对完，{date}报告的价格指数跟实际差了一大截。我们就是按这个数定的采购，前后亏了{amount}块左右，请给个说法。"),
        "phone": ("{date}那份报告的价格指数错得很厉害。我们是根据这个数据做的采购决定，大概亏了{amount}块钱。",),
        "email": ("贵公司{date}报告中的价格指数存在重大偏差。我司据此作出采购决策，造成约人民币{amount}元的损失。"
                  "请核查数据并就赔偿事宜给予答复。",),
        "web form": ("{date}报告中价格指数严重错误，我方据此采购，损失约{amount}元。",),
    },
    ("data error", 1): {
        "wechat": ("你好，你们数据库里挂在我们公司名下的，竟然是竞争对手的数据！麻烦今天之内改过来。",
                   "急！数据库把同行的数字放在了我们名下，客户都看得到，请今天务必更正。"),
        "phone": ("你们数据库里，我们公司名下显示的是竞争对手的数据。这个必须今天改掉。",),
        "email": ("经核查，贵公司数据库将我司竞争对手的数据列于我司名下。此错误影响重大，请于今日内予以更正。",),
        "web form": ("数据库中我司名下显示的是竞争对手的数据，请今日内更正。",),
    },
    ("billing error", 0): {
        "wechat": ("同一个季度的费用，你们给我们开了两次发票，每次{amount}块。多收的那笔请退回来。",
                   "财务刚发现，同一季度被重复开票了，金额{amount}块。麻烦把重复的那笔退给我们，谢谢。"),
        "phone": ("同一个季度你们收了我们两次钱，每次{amount}块钱。多出来的那笔我要求退款。",),
        "email": ("贵公司就同一季度向我司重复开具发票，金额均为人民币{amount}元。请尽快退还重复收取的款项。",),
        "web form": ("同一季度被重复开票，金额{amount}元，要求退还重复款项。",),
    },
    ("billing error", 1): {
        "wechat": ("{date}的发票按高级版收费，可我们订的明明是标准版啊？麻烦核对一下。",
                   "你好，我们是标准版客户，{date}开的发票却按高级版的价格算，这个得改。"),
        "phone": ("{date}那张发票是按高级版收的费，但我们买的是标准版。",),
        "email": ("贵公司{date}开具的发票按高级版费率计费，而我司订购的是标准版服务。请核实并重新开具发票。",),
        "web form": ("{date}发票按高级版计费，我方为标准版用户，请更正。",),
    },
    ("system outage", 0): {
        "wechat": ("客户门户从{date}起就一直打不开，到现在也没人通知什么时候能恢复，我们就这么干等着？",
                   "请问客户门户到底什么时候能好？{date}就开始登不上了，一点消息都没有。"),
        "phone": ("你们的客户门户从{date}开始就用不了了，到现在也没人告诉我们什么时候能恢复。",),
        "email": ("贵公司客户门户自{date}起无法访问，至今未收到任何关于恢复时间的通知。请尽快告知处理进展。",),
        "web form": ("客户门户自{date}起无法访问，无人告知恢复时间。",),
    },
    ("system outage", 1): {
        "wechat": ("两天都登不进系统，害我们错过了一个投标截止时间！！这损失怎么算？",
                   "系统连着两天登不上去，投标截止日就这么错过了，真的很无语。"),
        "phone": ("我们整整两天登录不了系统，结果错过了一个投标的截止时间。",),
        "email": ("由于贵公司系统连续两天无法登录，我司错过了一项投标的截止日期。请说明故障原因。",),
        "web form": ("连续两天无法登录，导致错过投标截止日期。",),
    },
    ("bounced between departments", 0): {
        "wechat": ("从{date}到现在我被转了四次，每换一个人都让我从头讲一遍，能不能找个人负责到底？",
                   "{date}就开始反映的问题，已经被转了四个部门，每次都要重新说一遍，太累了。"),
        "phone": ("从{date}到现在，我已经被转接了四次，每个人都让我从头再讲一遍。",),
        "email": ("自{date}以来，我的问题在贵公司已被转接四次，每位接待人员都要求我重新陈述一遍。请指定专人跟进。",),
        "web form": ("自{date}起被转接四次，每次都要从头说明情况。",),
    },
    ("bounced between departments", 1): {
        "wechat": ("销售说是账务的事，账务说是技术的事，技术又让我找销售。到底谁管？？",
                   "踢了一圈皮球：销售推给账务，账务推给技术，技术又推回销售。请问这事到底归谁？"),
        "phone": ("销售说这是账务问题，账务说是技术问题，技术又叫我去找销售。到底谁来负责？",),
        "email": ("贵公司销售部门称此为账务问题，账务部门称属技术问题，技术部门又让我联系销售。请问究竟由哪个部门负责？",),
        "web form": ("销售、账务、技术三个部门互相推诿，请明确负责人。",),
    },
    ("missed callback", 0): {
        "wechat": ("{date}你们客服说24小时内给我回电话，结果一个电话都没有。",
                   "还在等回电……{date}答应24小时内回复，到现在都没人联系我。"),
        "phone": ("{date}你们的客服答应24小时内给我回电，结果没人打过来。",),
        "email": ("贵公司客服人员于{date}承诺24小时内回电，但此后无人与我联系。",),
        "web form": ("{date}客服承诺24小时内回电，至今无人联系。",),
    },
    ("missed callback", 1): {
        "wechat": ("我要求经理给我回个电话，已经三天了，还是没消息。",
                   "三天前就说请经理联系我，到今天一点动静都没有，是不是没人管了？"),
        "phone": ("我之前要求经理给我回电话，到现在已经三天了。",),
        "email": ("我已要求贵公司经理与我电话联系，至今已过去三天，仍未接到任何来电。",),
        "web form": ("已要求经理回电，三天未有回复。",),
    },
    ("rude or unhelpful staff", 0): {
        "wechat": ("刚才打电话，你们客服直接说是我自己的问题，然后就把电话挂了！这什么态度？",
                   "接电话的客服说都怪我们自己，话没说完就挂了，太不尊重人了。"),
        "phone": ("上次接电话的客服说这是我自己的错，说完就把电话挂了。",),
        "email": ("贵公司电话客服人员声称问题由我方自身造成，随后直接挂断电话。这样的服务态度令人无法接受。",),
        "web form": ("电话客服称是我方自身过错，并挂断电话。",),
    },
    ("rude or unhelpful staff", 1): {
        "wechat": ("你们客户经理爱答不理的，还说小客户就别要求那么多。小客户就不是客户吗？",
                   "跟客户经理反映问题，他一副不耐烦的样子，说我们这种小客户别指望太多。"),
        "phone": ("你们的客户经理对我很敷衍，还说小客户不要期望太高。",),
        "email": ("贵公司客户经理对我方的问题态度敷衍，并称小客户不应有过高期望。我司对此深表不满。",),
        "web form": ("客户经理态度敷衍，称小客户不该期望太多。",),
    },
    ("other", 0): {
        "wechat": ("新版报告排版看着太费劲了，能不能把原来的表格改回来？",
                   "提个意见：新的报告版式很难看懂，还是以前的表格好用，请恢复。"),
        "phone": ("新的报告排版很难看懂，能不能恢复以前的表格？",),
        "email": ("贵公司新版报告的版式阅读困难，建议恢复原有的表格形式。",),
        "web form": ("新版报告排版不易阅读，请恢复旧版表格。",),
    },
    ("other", 1): {
        "wechat": ("{date}续约之前，根本没人告诉我们要涨价。",
                   "{date}续费的时候才发现价格变了，事先一点通知都没有。"),
        "phone": ("{date}续约前，没有人通知我们价格调整的事。",),
        "email": ("我司于{date}续约前，贵公司未就价格调整事宜作任何通知。",),
        "web form": ("{date}续约前未获知价格调整。",),
    },
}
"""(root cause, English template number) -> channel -> the Chinese texts. A WeChat message reads like one; a phone
complaint is what the agent typed as the customer said it; an e-mail is a business letter; a web form is brief.
Where a channel has two texts, the customer decides which (a customer keeps one way of writing)."""

_DATE_STYLE = {"wechat": "{m}月{d}号", "phone": "{m}月{d}号", "email": "{m}月{d}日", "web form": "{m}月{d}日"}
_AMOUNT_STYLE = {"wechat": "{plain}", "phone": "{plain}", "email": "{comma}", "web form": "{comma}"}


def _pattern(template: str) -> re.Pattern[str]:
    out = re.escape(template).replace(r"\{date\}", r"(?P<date>\d{2} [A-Z][a-z]+)")
    return re.compile("^" + out.replace(r"\{amount\}", r"(?P<amount>[\d,]+)") + "$")


_PATTERNS = [((cause, i), _pattern(t)) for cause, ts in g.TEMPLATES.items() for i, t in enumerate(ts)]


def complaint_text(text: str, channel: str, customer_id: str) -> str:
    """The Chinese of one English complaint text: same cause, template, date and amount, written the way the
    channel is written. The same customer, text and channel always give the same Chinese (so repeats stay
    repeats, and different texts stay different)."""
    found = next(((key, m) for key, pat in _PATTERNS if (m := pat.match(text))), None)
    if found is None:
        raise ValueError(f"complaint text {text!r} matches no template of course/datasets/generate.py")
    key, m = found
    style = channel if channel in STYLES else "phone"
    options = ZH_TEXTS[key][style]
    chosen = options[zlib.crc32(f"{customer_id}|{key[0]}|{key[1]}".encode()) % len(options)]
    fields = {}
    if m.groupdict().get("date"):
        day = datetime.strptime(m["date"] + " 2025", "%d %B %Y")
        fields["date"] = _DATE_STYLE[style].format(m=day.month, d=day.day)
    if m.groupdict().get("amount"):
        comma = m["amount"]
        fields["amount"] = _AMOUNT_STYLE[style].format(plain=comma.replace(",", ""), comma=comma)
    return chosen.format(**fields)


# -------------------------------------------------------------------------------------------- translate
_TEXT: dict[str, Callable[[str], str]] = {"customer_name": customer_name, "company_name": company_name,
                                          "source": lambda s: TARP_SOURCE}


def translate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The Chinese variant of dataset `name` from its English frame: same rows and columns, the columns of
    COLUMNS[name] in Chinese, blanks kept blank."""
    out = df.copy()
    for col, how in COLUMNS[name].items():
        values = out[col]
        if how in LABELS:
            table = LABELS[how]
            missing = sorted({str(v) for v in values.dropna()} - set(table))
            if missing:
                raise KeyError(f"course/datasets/zh.py: LABELS[{how!r}] has no Chinese for {missing}")
            out[col] = values.map(lambda v, t=table: t[v] if isinstance(v, str) else v)
        elif how == "statement":
            out[col] = [STATEMENTS[item] for item in out["item"]]
        elif how == "complaint_text":
            out[col] = [complaint_text(t, c, cid) for t, c, cid in zip(values, df["channel"], df["customer_id"],
                                                                       strict=True)]
        else:
            fn = _TEXT[how]
            out[col] = values.map(lambda v, f=fn: f(v) if isinstance(v, str) else v)
    return out
