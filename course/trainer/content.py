"""Load and check the trainer content in `trainer/` (YAML, one file per guide, card, case and answer sheet).

A text field is a mapping with an `en` and a `zh` entry; everything else (block ids, minutes, lesson sections,
widget names, model keys) is written once, so both languages always have the same blocks. `problems()` lists
what breaks that contract, so a test and the CLI can report every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from course import syllabus
from course.paths import repo_root

LANGS = ("en", "zh")


def default_root() -> Path:
    """The checkout's trainer/ folder."""
    return repo_root() / "trainer"


def _load(path: Path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


@dataclass
class Kit:
    """Everything in trainer/: guides by module id, agendas, cards, cases, answers by case id, models."""

    root: Path
    guides: dict[str, dict] = field(default_factory=dict)
    agendas: list[dict] = field(default_factory=list)
    cards: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    answers: dict[str, dict] = field(default_factory=dict)
    models: dict[str, dict] = field(default_factory=dict)
    evaluations: list[dict] = field(default_factory=list)  # Kirkpatrick forms (course.trainer.evaluation)


def load(root: Path | None = None) -> Kit:
    """Read every YAML file of the kit (no checks: see `problems`)."""
    root = Path(root or default_root())
    kit = Kit(root=root)
    for p in sorted((root / "guides").glob("*.yaml")):
        g = _load(p)
        kit.guides[g["module"]] = g
    kit.agendas = _load(root / "agendas.yaml") if (root / "agendas.yaml").is_file() else []
    for p in sorted((root / "roleplays").glob("*.yaml")):
        c = _load(p)
        c.setdefault("slug", p.stem)
        kit.cards.append(c)
    kit.cases = [_load(p) for p in sorted((root / "cases").glob("*.yaml"))]
    for p in sorted((root / "answers").glob("*.yaml")):
        a = _load(p)
        kit.answers[a["case"]] = a
    kit.models = _load(root / "models.yaml") if (root / "models.yaml").is_file() else {}
    from course.trainer import evaluation

    kit.evaluations = evaluation.load(root)
    return kit


def t(value, lang: str) -> str:
    """The text of a bilingual field in one language."""
    return str(value[lang]).strip()


def is_text(value) -> bool:
    """True for a bilingual field: a mapping with non-empty `en` and `zh` strings."""
    return (isinstance(value, dict) and set(LANGS) <= set(value)
            and all(isinstance(value[k], str) and value[k].strip() for k in LANGS))


def _texts(where: str, value, keys: tuple[str, ...], lists: tuple[str, ...] = ()) -> list[str]:
    out = [f"{where}: `{k}` must have non-empty en and zh" for k in keys if not is_text(value.get(k))]
    for k in lists:
        items = value.get(k) or []
        if not items:
            out.append(f"{where}: `{k}` is empty")
        out += [f"{where}: `{k}`[{i}] must have non-empty en and zh" for i, v in enumerate(items) if not is_text(v)]
    return out


def block_minutes(guide: dict, ids: list[str] | None = None) -> int:
    """Minutes of a guide's blocks (all of them, or those with the given ids, in any order)."""
    blocks = {b["id"]: b for b in guide["plan"]}
    return sum(blocks[i]["minutes"] for i in (ids if ids is not None else blocks))


def slot_minutes(kit: Kit, slot: dict) -> int:
    """Minutes of one agenda slot: its own, or the sum of the module blocks it runs."""
    if "module" in slot:
        return block_minutes(kit.guides[slot["module"]], slot.get("blocks"))
    return int(slot["minutes"])


def guide_problems(module: str, g: dict) -> list[str]:
    w = f"guide {module}"
    out = _texts(w, g, (), ("objectives", "materials", "debrief"))
    ids = [b.get("id") for b in g.get("plan", [])]
    if len(set(ids)) != len(ids):
        out.append(f"{w}: block ids repeat: {ids}")
    for b in g.get("plan", []):
        out += _texts(f"{w} block {b.get('id')}", b, ("title", "do") if b.get("kind") != "break" else ("title",))
        if not isinstance(b.get("minutes"), int) or b["minutes"] <= 0:
            out.append(f"{w} block {b.get('id')}: minutes must be a positive whole number")
    if all(isinstance(b.get("minutes"), int) for b in g.get("plan", [])):
        total = block_minutes(g)
        if total != g.get("length"):
            out.append(f"{w}: blocks add up to {total} min, the guide states {g.get('length')}")
    for i, d in enumerate(g.get("discussion") or []):
        out += _texts(f"{w} discussion {i + 1}", d, ("question", "notes"), ("good_answer",))
    if not g.get("discussion"):
        out.append(f"{w}: no discussion questions")
    for wd in g.get("widgets") or []:
        out += _texts(f"{w} widget {wd.get('name')}", wd, ("live",))
    return out


def problems(kit: Kit) -> list[str]:
    """Every way the kit breaks its contract: a module without a guide, a text without both languages, a plan or
    an agenda day whose blocks do not add up to its stated length, a card naming an unknown model or module, a case
    without an answer sheet (or with a different number of answers than questions)."""
    out: list[str] = []
    ids = [m.id for m in syllabus.MODULES]
    out += [f"module {m} has no facilitator guide" for m in ids if m not in kit.guides]
    out += [f"guide for unknown module {m}" for m in kit.guides if m not in ids]
    for m, g in kit.guides.items():
        out += guide_problems(m, g)
    for a in kit.agendas:
        out += _texts(f"agenda {a.get('id')}", a, ("title", "audience"))
        for n, day in enumerate(a.get("days", []), 1):
            ok = True
            for s in day["slots"]:
                if "module" in s:
                    g = kit.guides.get(s["module"])
                    have = {b["id"] for b in g["plan"]} if g else set()
                    missing = set(s.get("blocks") or []) - have
                    if g is None or missing:
                        ok = False
                        out.append(f"agenda {a['id']} day {n}: {s['module']} has no blocks {sorted(missing)}")
                else:
                    out += _texts(f"agenda {a['id']} day {n} slot", s, ("title",))
            if ok:
                total = sum(slot_minutes(kit, s) for s in day["slots"])
                if total != day["length"]:
                    out.append(f"agenda {a['id']} day {n}: slots add up to {total} min, the day states {day['length']}")
    for m, spec in kit.models.items():
        out += _texts(f"model {m}", spec, ("title",), ("items",))
    for c in kit.cards:
        w = f"card {c.get('id')}"
        out += _texts(w, c, ("title", "setting", "source"), ("rounds", "debrief"))
        if c.get("module") not in ids:
            out.append(f"{w}: unknown module {c.get('module')}")
        for r in c.get("roles", []):
            out += _texts(f"{w} role", r, ("role", "situation", "goal"), ("knows", "must_not_say"))
        if len(c.get("roles", [])) < 2:
            out.append(f"{w}: a role-play needs at least two roles")
        obs = c.get("observer") or {}
        out += [f"{w}: unknown model {k}" for k in obs.get("models", []) if k not in kit.models]
        if not obs.get("models"):
            out.append(f"{w}: the observer checklist names no course model")
    out += [f"module {m} has no role-play card" for m in ids if m not in {c.get("module") for c in kit.cards}]
    for c in kit.cases:
        w = f"case {c.get('id')}"
        out += _texts(w, c, ("title", "source"), ("facts", "questions"))
        a = kit.answers.get(c.get("id"))
        if a is None:
            out.append(f"{w}: no answer sheet in answers/")
            continue
        if len(a["answers"]) != len(c["questions"]):
            out.append(f"{w}: {len(c['questions'])} questions but {len(a['answers'])} answers")
        for i, pts in enumerate(a["answers"], 1):
            out += [f"{w} answer {i}: a point must have non-empty en and zh" for p in pts if not is_text(p)]
    out += [f"answer sheet for unknown case {k}" for k in kit.answers if k not in {c.get("id") for c in kit.cases}]
    from course.trainer import evaluation

    out += evaluation.problems(kit.evaluations)
    return out
