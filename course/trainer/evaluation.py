"""Kirkpatrick evaluation forms of the trainer's kit: the level-1 reaction survey handed out at the end of the
workshop and the level-3 behaviour follow-up sheet sent 30 days later (trainer/evaluation/<id>.yaml, both
languages in one file). `course handouts` prints them with the rest of the kit; each form's YAML states how many
pages it prints on (`pages`), so a test can check the layout.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from course import syllabus
from course.trainer.content import _texts, is_text, t

LINE = "_" * 46  # a line to write on, after a label
BLANK = "\\_" * 78  # a line to write on by itself (escaped: a bare run of underscores is a Markdown page rule)


def load(root: Path) -> list[dict]:
    """The forms in root/evaluation/ (root is the kit's trainer/ folder), by file name."""
    out = []
    for p in sorted((Path(root) / "evaluation").glob("*.yaml")):
        with open(p, encoding="utf-8") as f:
            out.append(yaml.safe_load(f))
    return out


def problems(forms: list[dict]) -> list[str]:
    """What breaks a form's contract: texts without both languages, no rating scale, a behaviour of an unknown
    module, a level other than 1 (reaction) or 3 (behaviour); and both levels must be there."""
    out = []
    levels = {f.get("level") for f in forms}
    out += [f"no Kirkpatrick level-{lv} form in trainer/evaluation/" for lv in (1, 3) if lv not in levels]
    numbers = {m.number for m in syllabus.MODULES}
    for f in forms:
        w = f"evaluation form {f.get('id')}"
        out += _texts(w, f, ("title", "subtitle", "when"), ("fields", "scale", "questions"))
        if f.get("level") not in (1, 3):
            out.append(f"{w}: level must be 1 (reaction) or 3 (behaviour)")
        if not isinstance(f.get("pages"), int) or f["pages"] < 1:
            out.append(f"{w}: `pages` must be a whole number of pages")
        for s in f.get("sections", []):
            out += _texts(f"{w} section", s, ("title",), () if s.get("modules") else ("items",))
        for b in f.get("behaviours", []):
            if b.get("module") not in numbers or not is_text(b.get("text")):
                out.append(f"{w}: behaviour {b.get('text')!r} needs a module number and en and zh text")
        if f.get("level") == 3 and {b.get("module") for b in f.get("behaviours", [])} != numbers:
            out.append(f"{w}: the follow-up needs a behaviour for every module")
        if "manager" in f:
            out += _texts(f"{w} manager", f["manager"], ("title",), ("items", "scale", "questions"))
    return out


def _grid(items: list[str], scale: list[str], first: str) -> list[str]:
    head = f"| {first} | " + " | ".join(scale) + " |"
    rows = [head, "|---|" + "|".join(":-:" for _ in scale) + "|"]
    rows += ["| " + i.replace("|", "\\|") + " | " + " | ".join("☐" for _ in scale) + " |" for i in items]
    return rows


LABELS = {
    "en": {"kind": "Evaluation", "level": "Kirkpatrick level", "how": "How to use it", "statement": "Statement",
           "module": "Module", "behaviour": "In the last 30 days …", "example": "Example", "open": "In your words",
           },
    "zh": {"kind": "培训评估", "level": "柯氏评估第", "how": "使用方法", "statement": "陈述", "module": "模块",
           "behaviour": "过去 30 天里……", "example": "实例", "open": "请写下你的想法"},
}


def document(form: dict, lang: str):
    """A form as a printable Document (kind 'evaluation'): fields to fill in, rating grids with tick boxes,
    space for open answers; the manager's page after a page break."""
    from course.trainer.render import BREAK, Document

    L = LABELS[lang]  # noqa: N806
    title = t(form["title"], lang)
    scale = [t(s, lang) for s in form["scale"]]
    out = [f"# {title}", "", f"*{t(form['subtitle'], lang)}*", "", f"**{L['how']}:** {t(form['when'], lang)}", ""]
    out += [f"{t(x, lang)}: {LINE}  " for x in form["fields"]] + [""]
    for s in form.get("sections", []):
        out += [f"## {t(s['title'], lang)}", ""]
        if s.get("modules"):
            mods = [f"{m.number}. {m.title if lang == 'en' else m.title_zh}" for m in syllabus.MODULES]
            out += _grid(mods, [str(i) for i in range(1, 6)], L["module"]) + [""]
        else:
            out += _grid([t(i, lang) for i in s["items"]], scale, L["statement"]) + [""]
    if form.get("behaviours"):
        out += [f"## {L['behaviour']}", ""]
        items = [f"{t(b['text'], lang)} ({L['module']} {b['module']})" for b in form["behaviours"]]
        out += _grid(items, scale, L["statement"]) + [""]
    out += [f"## {L['open']}", ""]
    for q in form["questions"]:
        out += [f"**{t(q, lang)}**", "", BLANK, "", BLANK, ""]
    pages = ["\n".join(out)]
    if "manager" in form:
        m = form["manager"]
        mp = [f"# {title}", f"## {t(m['title'], lang)}", ""]
        mp += [f"{t(x, lang)}: {LINE}  " for x in form["fields"]] + [""]
        mp += _grid([t(i, lang) for i in m["items"]], [t(s, lang) for s in m["scale"]], L["statement"]) + [""]
        for q in m["questions"]:
            mp += [f"**{t(q, lang)}**", "", BLANK, "", BLANK, "", BLANK, ""]
        pages.append("\n".join(mp))
    level = f"{L['level']} {form['level']}" if lang == "en" else f"{L['level']}{'一二三四'[form['level'] - 1]}级"
    return Document("evaluation", form["id"], lang, title, f"{L['kind']} · {level}", BREAK.join(pages) + "\n",
                    pages=form.get("pages"))
