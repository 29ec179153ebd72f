"""Turn the kit's YAML into Markdown documents, one per document and language.

Each `Document` carries its Markdown, the running page header, and (where the layout fixes it) the number of A4
pages it must print to: one per case handout and per answer sheet, one per role plus the observer sheet for a
role-play card. A line `* * *` is a page break (the stylesheet turns every <hr> into one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from course import syllabus
from course.paths import repo_root
from course.trainer.content import LANGS, Kit, block_minutes, slot_minutes, t

BREAK = "\n\n* * *\n\n"

L = {
    "en": {
        "guide": "Facilitator guide", "module": "Module", "min": "min", "minutes": "minutes", "lesson": "Lesson",
        "objectives": "Objectives", "plan": "Session plan", "time": "Time", "block": "Block", "kind": "Kind",
        "section": "Lesson section", "materials": "Materials", "discussion": "Discussion questions",
        "notes": "Facilitator notes", "good": "A good answer makes these points", "debrief": "Debrief questions",
        "widgets": "The widgets in the room", "agenda": "Workshop agenda", "day": "Day", "audience": "For",
        "card": "Role-play card", "source": "Source", "setting": "Setting", "rounds": "How it runs",
        "role": "Role", "situation": "Your situation", "goal": "Your goal", "knows": "What you know",
        "must_not": "What you must not say", "observer": "Observer sheet", "also": "Also note",
        "case": "Case handout", "facts": "The facts", "questions": "Questions", "factcheck": "Fact check",
        "answers": "Trainer's answer sheet", "answer_note": "For the trainer only: do not hand out.",
        "q": "Question", "confidential": "Only you see this card.", "colon": ": ",
        "kinds": {"lecture": "lecture", "widget": "widget", "activity": "activity", "roleplay": "role-play",
                  "discussion": "discussion", "break": "break", "debrief": "debrief"},
    },
    "zh": {
        "guide": "讲师手册", "module": "模块", "min": "分钟", "minutes": "分钟", "lesson": "课程笔记本",
        "objectives": "学习目标", "plan": "课程安排", "time": "时间", "block": "环节", "kind": "形式",
        "section": "对应章节", "materials": "所需材料", "discussion": "讨论题",
        "notes": "讲师提示", "good": "好的回答应包括", "debrief": "复盘提问",
        "widgets": "课堂上如何使用互动组件", "agenda": "工作坊日程", "day": "第", "audience": "适用对象",
        "card": "角色扮演卡", "source": "出处", "setting": "情境", "rounds": "演练方式",
        "role": "角色", "situation": "你的处境", "goal": "你的目标", "knows": "你知道的情况",
        "must_not": "你不能说的话", "observer": "观察员记录表", "also": "另请记录",
        "case": "案例讲义", "facts": "案例事实", "questions": "思考题", "factcheck": "事实核查",
        "answers": "讲师参考答案", "answer_note": "仅供讲师使用，请勿发给学员。",
        "q": "第", "confidential": "这张卡只有你能看。", "colon": "：",
        "kinds": {"lecture": "讲授", "widget": "互动组件", "activity": "活动", "roleplay": "角色扮演",
                  "discussion": "讨论", "break": "休息", "debrief": "复盘"},
    },
}


@dataclass
class Document:
    """One printable document in one language."""

    kind: str            # guides, agendas, roleplays, cases, answers, evaluation
    slug: str
    lang: str
    title: str
    header: str          # the running page header
    markdown: str
    pages: int | None = None   # the exact page count, where the layout fixes it

    @property
    def stem(self) -> str:
        return f"{self.lang}/{self.kind}/{self.slug}"


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _clock(start: str, minutes: int) -> str:
    h, m = map(int, start.split(":"))
    total = h * 60 + m + minutes
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def lesson_headings(module: syllabus.Module, root: Path | None = None) -> list[str]:
    """The level-2 headings of a module's lesson notebook (without '## '), or [] when the notebook is absent."""
    nb = Path(root or repo_root()) / module.lesson
    if not nb.is_file():
        return []
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return [line[3:].strip() for c in cells if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")]


def section_title(section: str | None, headings: list[str]) -> str:
    """The full lesson heading a block's `section` prefix points at (the prefix itself if none matches)."""
    if not section:
        return "–"
    return next((h for h in headings if h.startswith(section)), section)


def module_title(m: syllabus.Module, lang: str) -> str:
    return m.title if lang == "en" else m.title_zh


def guide(kit: Kit, module_id: str, lang: str) -> Document:
    """A module's facilitator guide."""
    g, m, lab = kit.guides[module_id], syllabus.by_id(module_id), L[lang]
    heads = lesson_headings(m)
    title = f"{lab['guide']} · {lab['module']} {m.number}{lab['colon']}{module_title(m, lang)}"
    other = m.title_zh if lang == "en" else m.title
    out = [f"# {title}", "",
           f"*{other}* · {g['length']} {lab['minutes']} · {lab['lesson']} `{m.lesson}`", "",
           f"## {lab['objectives']}", ""]
    out += [f"- {t(o, lang)}" for o in g["objectives"]]
    out += ["", f"## {lab['plan']} ({g['length']} {lab['min']})", "",
            f"| {lab['time']} | {lab['min']} | {lab['block']} | {lab['kind']} | {lab['section']} |",
            "|---|---:|---|---|---|"]
    clock = 0
    for b in g["plan"]:
        out.append(f"| {_hm(clock)} | {b['minutes']} | {_cell(t(b['title'], lang))} | "
                   f"{lab['kinds'][b['kind']]} | {_cell(section_title(b.get('section'), heads))} |")
        clock += b["minutes"]
    out.append("")
    clock = 0
    for b in g["plan"]:
        out += [f"### {_hm(clock)}–{_hm(clock + b['minutes'])} · {t(b['title'], lang)}", ""]
        if "do" in b:
            out += [t(b["do"], lang), ""]
        clock += b["minutes"]
    out += [f"## {lab['materials']}", ""] + [f"- {t(x, lang)}" for x in g["materials"]]
    out += ["", f"## {lab['discussion']}", ""]
    for i, d in enumerate(g["discussion"], 1):
        out += [f"### {i}. {t(d['question'], lang)}", "", f"**{lab['notes']}:** {t(d['notes'], lang)}", "",
                f"**{lab['good']}:**", ""]
        out += [f"- {t(p, lang)}" for p in d["good_answer"]] + [""]
    out += [f"## {lab['debrief']}", ""] + [f"{i}. {t(q, lang)}" for i, q in enumerate(g["debrief"], 1)]
    out += ["", f"## {lab['widgets']}", ""]
    for w in g.get("widgets", []):
        out.append(f"- **`{w['name']}`** ({section_title(w.get('section'), heads)}){lab['colon']}{t(w['live'], lang)}")
    header = f"{lab['guide']} · {lab['module']} {m.number}"
    return Document("guides", m.id, lang, title, header, "\n".join(out) + "\n")


def agenda(kit: Kit, a: dict, lang: str) -> Document:
    """A workshop agenda: each day's slots with clock times, module slots naming the guide blocks they run."""
    lab = L[lang]
    title = f"{lab['agenda']}{lab['colon']}{t(a['title'], lang)}"
    out = [f"# {title}", "", f"**{lab['audience']}:** {t(a['audience'], lang)}", ""]
    for n, day in enumerate(a["days"], 1):
        end = _clock(day["start"], day["length"])
        daytitle = f"{lab['day']} {n}" if lang == "en" else f"第 {n} 天"
        out += [f"## {daytitle} · {day['start']}–{end}", "",
                f"| {lab['time']} | {lab['min']} | {lab['block']} |", "|---|---:|---|"]
        clock = 0
        for s in day["slots"]:
            mins = slot_minutes(kit, s)
            if "module" in s:
                m, g = syllabus.by_id(s["module"]), kit.guides[s["module"]]
                chosen = s.get("blocks") or [b["id"] for b in g["plan"]]
                parts = ", ".join(t(b["title"], lang) for b in g["plan"] if b["id"] in chosen)
                what = f"**{lab['module']} {m.number}{lab['colon']}{module_title(m, lang)}** ({parts})"
            else:
                what = t(s["title"], lang)
            out.append(f"| {_clock(day['start'], clock)}–{_clock(day['start'], clock + mins)} | {mins} | "
                       f"{_cell(what)} |")
            clock += mins
        out.append("")
    return Document("agendas", a["id"], lang, title, f"{lab['agenda']} · {t(a['title'], lang)}",
                    "\n".join(out) + "\n")


def card(kit: Kit, c: dict, lang: str) -> Document:
    """A role-play card: one page per role, then the observer sheet with the named models as tick boxes."""
    lab = L[lang]
    m = syllabus.by_id(c["module"])
    title = f"{lab['card']} {c['id']}: {t(c['title'], lang)}"
    intro = [f"**{lab['module']} {m.number}** · {c['minutes']} {lab['min']} · "
             f"{lab['source']}: {t(c['source'], lang)}", "",
             f"**{lab['setting']}:** {t(c['setting'], lang)}", ""]
    pages = []
    for r in c["roles"]:
        p = [f"# {title}", f"## {lab['role']}: {t(r['role'], lang)}", "", *intro,
             f"*{lab['confidential']}*", "",
             f"**{lab['situation']}:** {t(r['situation'], lang)}", "",
             f"**{lab['goal']}:** {t(r['goal'], lang)}", "", f"**{lab['knows']}:**", ""]
        p += [f"- {t(k, lang)}" for k in r["knows"]] + ["", f"**{lab['must_not']}:**", ""]
        p += [f"- {t(k, lang)}" for k in r["must_not_say"]]
        pages.append("\n".join(p))
    obs = [f"# {title}", f"## {lab['observer']}", "", *intro, f"**{lab['rounds']}:**", ""]
    obs += [f"- {t(r, lang)}" for r in c["rounds"]] + [""]
    for key in c["observer"]["models"]:
        spec = kit.models[key]
        obs += [f"### {t(spec['title'], lang)}", ""]
        obs += [f"- ☐ {t(i, lang)}" for i in spec["items"]] + [""]
    if c["observer"].get("extra"):
        obs += [f"### {lab['also']}", ""] + [f"- {t(i, lang)} ______" for i in c["observer"]["extra"]] + [""]
    obs += [f"### {lab['debrief']}", ""] + [f"{i}. {t(q, lang)}" for i, q in enumerate(c["debrief"], 1)]
    pages.append("\n".join(obs))
    return Document("roleplays", c["slug"], lang, title, f"{lab['card']} {c['id']} · {lab['module']} {m.number}",
                    BREAK.join(pages) + "\n", pages=len(pages))


def case(kit: Kit, c: dict, lang: str) -> Document:
    """A one-page case handout: the facts, a fact-check box where the seed is corrected, the questions."""
    lab = L[lang]
    m = syllabus.by_id(c["module"])
    title = t(c["title"], lang)
    out = [f"# {lab['case']}: {title}", "",
           f"**{lab['module']} {m.number}: {module_title(m, lang)}** · {lab['source']}: {t(c['source'], lang)}", "",
           f"## {lab['facts']}", ""]
    out += [f"- {t(f, lang)}" for f in c["facts"]] + [""]
    if c.get("fact_check"):
        out += [f"> **{lab['factcheck']}:** {t(c['fact_check'], lang)}", ""]
    out += [f"## {lab['questions']}", ""] + [f"{i}. {t(q, lang)}" for i, q in enumerate(c["questions"], 1)]
    return Document("cases", c["id"], lang, title, f"{lab['case']} · {title}", "\n".join(out) + "\n", pages=1)


def answers(kit: Kit, c: dict, lang: str) -> Document:
    """The trainer's answer sheet for a case, kept apart from the handout."""
    lab = L[lang]
    title = t(c["title"], lang)
    out = [f"# {lab['answers']}: {title}", "", f"*{lab['answer_note']}*", ""]
    for i, (q, pts) in enumerate(zip(c["questions"], kit.answers[c["id"]]["answers"], strict=True), 1):
        out += [f"## {i}. {t(q, lang)}", ""] + [f"- {t(p, lang)}" for p in pts] + [""]
    return Document("answers", c["id"], lang, title, f"{lab['answers']} · {title}", "\n".join(out), pages=1)


def documents(kit: Kit, langs: tuple[str, ...] = LANGS) -> list[Document]:
    """Every document of the kit, in every language asked for."""
    from course.trainer import evaluation

    docs: list[Document] = []
    for lang in langs:
        docs += [guide(kit, m.id, lang) for m in syllabus.MODULES if m.id in kit.guides]
        docs += [agenda(kit, a, lang) for a in kit.agendas]
        docs += [card(kit, c, lang) for c in kit.cards]
        docs += [case(kit, c, lang) for c in kit.cases]
        docs += [answers(kit, c, lang) for c in kit.cases if c["id"] in kit.answers]
        docs += [evaluation.document(f, lang) for f in kit.evaluations]
    return docs


__all__ = ["Document", "documents", "guide", "agenda", "card", "case", "answers", "block_minutes"]
