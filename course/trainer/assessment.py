"""The pre/post test: two parallel forms (A and B) of 24 questions, three per module (a choice, a number, a short
scenario), that need no code, released and graded with nbgrader like the exercises.

* **Content**: trainer/assessment/<form id>.yaml, both languages in one file (as the rest of the trainer's kit).
  Question k of form A and question k of form B test the same module with the same kind of question (`problems`
  checks it). A choice question lists its right option first; the notebook shows the options in an order fixed
  by the form and question (`shuffled`), and the key follows.
* **Notebooks**: `write_sources` builds the nbgrader source of each form, English in solutions/<id>/ and Chinese in
  solutions/zh/<id>/ (the same code and nbgrader cells, prose translated: tests/test_editions.py's rule). Per
  question: the question (a locked markdown cell `q<k>_text`), an ordinary answer cell holding `q<k> = ""` (or
  `= None` for a number) that the trainee edits, and a test cell `q<k>_test` (1 point) whose visible part only says
  whether the answer is recorded (course.trainer.marking.recorded) and whose hidden part marks it against the key.
  The key is written only there: the answer cells of the source are blank, so the release is the source minus the
  hidden tests. `release` runs nbgrader's generate_assignment into exercises/<id>/ and exercises/zh/<id>/.
* **Which form is the pre-test**: `Assessment.pre` and `Assessment.post` in nbgrader_config.py (default A before,
  B after; swap them for a class that should get B first).
* **Gains**: `gains(pre_rows, post_rows)` per trainee (post − pre, in points of percentage) and `module_gains` per
  module for the class (trainees who took both), from the grade rows of course.grading.results; `report_section`
  renders both for `course report`.

`python -m course.trainer.assessment` rebuilds the sources and the releases; `--check` only compares.
"""

from __future__ import annotations

import argparse
import filecmp
import html
import random
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from traitlets import Unicode
from traitlets.config import Configurable

from course import syllabus
from course.paths import repo_root

FORMS = ("assessment-a", "assessment-b")
KINDS = ("choice", "number", "scenario")
LETTERS = "abcd"
LANGS = ("en", "zh")
MIN_QUESTIONS = 20


class Assessment(Configurable):
    """Which form a class takes before the course and which after (set in nbgrader_config.py)."""

    pre = Unicode(FORMS[0], help="assignment id of the pre-test (taken at the start)").tag(config=True)
    post = Unicode(FORMS[1], help="assignment id of the post-test (taken at the end)").tag(config=True)


def content_root(root: Path | None = None) -> Path:
    return Path(root or repo_root()) / "trainer" / "assessment"


def load(form: str, root: Path | None = None) -> dict:
    """One form's YAML (trainer/assessment/<form>.yaml)."""
    with open(content_root(root) / f"{form}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def forms(root: Path | None = None) -> dict[str, dict]:
    return {f: load(f, root) for f in FORMS}


def qid(k: int) -> str:
    return f"q{k}"


def shuffled(form: str, k: int, options: list) -> tuple[list, str]:
    """The options of question k as the notebook shows them, and the key's letter (the right option is the first
    one in the YAML; the order is fixed by form and question number, so rebuilding changes nothing)."""
    order = list(range(len(options)))
    random.Random(f"{form}/{k}").shuffle(order)
    return [options[i] for i in order], LETTERS[order.index(0)]


def key(form: dict) -> dict[str, object]:
    """question id -> the right answer (a letter or a number)."""
    out = {}
    for k, q in enumerate(form["questions"], 1):
        out[qid(k)] = q["answer"] if q["kind"] == "number" else shuffled(form["id"], k, q["options"])[1]
    return out


def question_modules(form: dict) -> dict[str, int]:
    """test cell grade_id (q1_test, ...) -> the module number its question tests."""
    return {f"{qid(k)}_test": int(q["module"]) for k, q in enumerate(form["questions"], 1)}


def key_answers(form: dict) -> dict[str, str]:
    """question id -> the answer cell's code that gives the key (for the round-trip tests: full marks)."""
    return {q: f"{q} = {v!r}" for q, v in key(form).items()}


def _is_text(v) -> bool:
    return isinstance(v, dict) and all(isinstance(v.get(lang), str) and v[lang].strip() for lang in LANGS)


def problems(all_forms: dict[str, dict] | None = None) -> list[str]:
    """Every way the forms break their contract: fewer than 20 questions, a module without questions, a text
    without both languages, a choice without four options, a number without answer and tolerance, or the two
    forms not parallel (the same module and kind of question at each position)."""
    all_forms = all_forms or forms()
    out = []
    modules = {m.number for m in syllabus.MODULES}
    for fid, f in all_forms.items():
        qs = f.get("questions") or []
        if len(qs) < MIN_QUESTIONS:
            out.append(f"{fid}: {len(qs)} questions, at least {MIN_QUESTIONS} are needed")
        missing = modules - {q.get("module") for q in qs}
        if missing:
            out.append(f"{fid}: no question on module(s) {sorted(missing)}")
        if not _is_text(f.get("title")):
            out.append(f"{fid}: the title needs en and zh")
        for k, q in enumerate(qs, 1):
            w = f"{fid} {qid(k)}"
            if q.get("kind") not in KINDS:
                out.append(f"{w}: kind must be one of {KINDS}")
            for field in ("title", "text"):
                if not _is_text(q.get(field)):
                    out.append(f"{w}: `{field}` needs en and zh")
            if q.get("kind") == "number":
                if not isinstance(q.get("answer"), (int, float)) or not isinstance(q.get("tolerance"), (int, float)):
                    out.append(f"{w}: a number question needs a numeric answer and tolerance")
            else:
                opts = q.get("options") or []
                if len(opts) != len(LETTERS) or not all(_is_text(o) for o in opts):
                    out.append(f"{w}: a choice needs {len(LETTERS)} options, each in en and zh")
                elif len({o["en"] for o in opts}) != len(opts) or len({o["zh"] for o in opts}) != len(opts):
                    out.append(f"{w}: two options are the same")
    shapes = {fid: [(q.get("module"), q.get("kind")) for q in f.get("questions") or []] for fid, f in all_forms.items()}
    if len(set(map(tuple, shapes.values()))) > 1:
        out.append("the forms are not parallel: question k of each form must test the same module with the same "
                   f"kind of question ({', '.join(f'{k}: {v}' for k, v in shapes.items())})")
    return out


# --------------------------------------------------------------------------------------------- notebooks
WORDS = {
    "en": {
        "intro": """# {title} ({other})

This short test asks about the eight modules of the course. It needs **no code**. Under each question, write your
answer in the answer cell: a letter between the quotes (`q1 = "b"`) or a number after the = sign (`q2 = 23.5`). Then
run the check cell below it: it tells you whether your answer is recorded, not whether it is right.

* **{n} questions, 1 point each: {n} auto-graded points.** Allow about 30 minutes.
* Choice questions: one letter, a, b, c or d. Number questions: a plain number, without units or a % sign, as
  precise as the question asks.
* Work on your own, without the lessons: the test measures what you know, so that the course can measure what you
  learned. A blank answer scores 0; a wrong answer costs nothing more than a blank one, so do answer every question.
* Before you hand it in: menu **Kernel → Restart Kernel and Run All Cells**, then save.""",
        "heading": "## Q{k}. {title} (module {module}, 1 point)",
        "choice_cell": '{q} = ""   # your answer: one letter, a, b, c or d',
        "number_cell": "{q} = None   # your answer: a number, e.g. 12.5 (no quotes, no % sign)",
        "switch": '# 中文版: use_language("zh")',
    },
    "zh": {
        "intro": """# {title}（{other}）

这份小测验考查课程八个模块的内容，**不需要写代码**。每道题下面有一个答题单元格：选择题在引号之间填一个字母
（`q1 = "b"`），计算题在等号后面填一个数（`q2 = 23.5`）。然后运行它下面的检查单元格：它只告诉你答案是否已记录，
不告诉你对不对。

* **共 {n} 题，每题 1 分，自动评分共 {n} 分。** 用时约 30 分钟。
* 选择题：填一个字母，a、b、c 或 d。计算题：只填数字，不带单位，也不加 % 号，按题目要求的精度作答。
* 请独立完成，不要翻看课程笔记本：这次测验是为了了解你现有的水平，课程才能衡量你学到了多少。不作答得 0 分，
  答错也不会倒扣，所以每道题都请作答。
* 交卷前：点菜单 **Kernel → Restart Kernel and Run All Cells**（重启内核并运行全部单元格），然后保存。""",
        "heading": "## Q{k}. {title}（第 {module} 模块，1 分）",
        "choice_cell": '{q} = ""   # 你的答案：一个字母，a、b、c 或 d',
        "number_cell": "{q} = None   # 你的答案：一个数，例如 12.5（不加引号，不加 % 号）",
        "switch": '# English edition: use_language("en")',
    },
}


def _nbgrader(grade_id: str, *, grade: bool = False, locked: bool = True, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def notebook(form: dict, lang: str):
    """The nbgrader source notebook of a form in one language (its key in the hidden tests only)."""
    import nbformat

    w = WORDS[lang]
    fid, qs = form["id"], form["questions"]
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    if lang != "en":
        nb.metadata["course"] = {"lang": lang}
    other = form["title"]["zh" if lang == "en" else "en"]
    cells = [nbformat.v4.new_markdown_cell(w["intro"].format(title=form["title"][lang], other=other, n=len(qs)),
                                           id="intro", metadata=_nbgrader("intro")),
             nbformat.v4.new_code_cell(
                 "from course import use_language\nfrom course.trainer.marking import mark_choice, mark_number, "
                 f'recorded\n\nuse_language("{lang}")   {w["switch"]}', id="setup", metadata=_nbgrader("setup"))]
    answers = key(form)
    for k, q in enumerate(qs, 1):
        name = qid(k)
        text = [w["heading"].format(k=k, title=q["title"][lang], module=q["module"]), "", q["text"][lang].strip()]
        if q["kind"] == "number":
            cell = w["number_cell"].format(q=name)
            test = (f'recorded({name}, "number", qid="{name}")\n### BEGIN HIDDEN TESTS\n'
                    f'mark_number({name}, {q["answer"]!r}, {q["tolerance"]!r}, qid="{name}")\n### END HIDDEN TESTS')
        else:
            shown, _letter = shuffled(fid, k, q["options"])
            text += [""] + [f"{LETTERS[i]}) {o[lang].strip()}  " for i, o in enumerate(shown)]
            text[-1] = text[-1].rstrip()
            cell = w["choice_cell"].format(q=name)
            test = (f'recorded({name}, "choice", qid="{name}")\n### BEGIN HIDDEN TESTS\n'
                    f'mark_choice({name}, "{answers[name]}", qid="{name}")\n### END HIDDEN TESTS')
        cells += [nbformat.v4.new_markdown_cell("\n".join(text), id=f"{name}-text", metadata=_nbgrader(f"{name}_text")),
                  nbformat.v4.new_code_cell(cell, id=f"{name}-answer"),
                  nbformat.v4.new_code_cell(test, id=f"{name}-test",
                                            metadata=_nbgrader(f"{name}_test", grade=True, points=1))]
    nb.cells = cells
    return nb


def source_path(root: Path, form_id: str, lang: str) -> Path:
    top = Path(root) / "solutions"
    return (top / form_id if lang == "en" else top / lang / form_id) / f"{form_id}.ipynb"


def release_path(root: Path, form_id: str, lang: str) -> Path:
    top = Path(root) / "exercises"
    return (top / form_id if lang == "en" else top / lang / form_id) / f"{form_id}.ipynb"


def _text(nb) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def write_sources(root: Path | None = None, check: bool = False) -> list[Path]:
    """Write (or with `check` only compare) the source notebooks of both forms in both languages; the paths that
    changed (or would)."""
    root = Path(root or repo_root())
    bad = problems(forms(root))
    if bad:
        raise ValueError("the pre/post test content has problems:\n  - " + "\n  - ".join(bad))
    changed = []
    for fid, form in forms(root).items():
        for lang in LANGS:
            path = source_path(root, fid, lang)
            text = _text(notebook(form, lang))
            if path.is_file() and path.read_text(encoding="utf-8") == text:
                continue
            changed.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return changed


def generate(root: Path, dest: Path, ids: tuple[str, ...] = FORMS) -> None:
    """nbgrader generate_assignment (no gradebook) of the forms' sources, English into dest/<id>/ and Chinese into
    dest/zh/<id>/."""
    from course.grading.release import ReleaseError, _nbgrader

    for fid in ids:
        for lang in LANGS:
            with tempfile.TemporaryDirectory(prefix="course-assessment-") as tmp:
                args = ["generate_assignment", fid, "--no-db", "--force", f"--CourseDirectory.release_directory={tmp}"]
                if lang != "en":
                    args.append(f"--CourseDirectory.source_directory=solutions/{lang}")
                proc = _nbgrader(Path(root), *args)
                made = Path(tmp) / fid
                if proc.returncode != 0 or not (made / f"{fid}.ipynb").is_file():
                    log = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
                    raise ReleaseError(f"nbgrader could not release {lang} {fid}:\n{log}")
                target = dest / fid if lang == "en" else dest / lang / fid
                if target.exists():
                    shutil.rmtree(target)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(made, target)


def release(root: Path | None = None, check: bool = False) -> list[str]:
    """Regenerate exercises/<id>/ and exercises/zh/<id>/ of both forms with nbgrader (or with `check` only compare
    a fresh release with them); the release files that differed."""
    root = Path(root or repo_root())
    with tempfile.TemporaryDirectory(prefix="course-assessment-release-") as tmp:
        fresh = Path(tmp) / "exercises"
        generate(root, fresh)
        differs = []
        for fid in FORMS:
            for lang in LANGS:
                a, b = release_path(fresh.parent, fid, lang), release_path(root, fid, lang)
                if not b.is_file() or not filecmp.cmp(a, b, shallow=False):
                    differs.append(b.relative_to(root).as_posix())
        if not check:
            generate(root, root / "exercises")
        return differs


# --------------------------------------------------------------------------------------------- gains
def percent_by_module(row: dict, form: dict) -> dict[int, float]:
    """One graded trainee's share of points (in %) per module on a form."""
    got: dict[int, list[float]] = {}
    for gid, module in question_modules(form).items():
        got.setdefault(module, []).append(float(row.get(gid) or 0))
    return {m: 100 * sum(v) / len(v) for m, v in got.items()}


def _graded(rows: list[dict]) -> dict[str, dict]:
    return {r["student_id"]: r for r in rows if r.get("status") == "graded" and r.get("percent") is not None}


def gains(pre_rows: list[dict], post_rows: list[dict], names: dict[str, str] | None = None):
    """One row per trainee who took either test: name, pre-test and post-test score (% of points) and the gain
    (post − pre, in points of percentage; empty unless both were graded), sorted by gain, largest first. The name
    is the LMS display name, else `names` (student id -> name, e.g. from the gradebook), else the id."""
    import pandas as pd

    pre, post = _graded(pre_rows), _graded(post_rows)
    ids = sorted(set(pre) | set(post))
    rows = []
    for sid in ids:
        a, b = pre.get(sid), post.get(sid)
        shown = (b or a).get("display_name")
        who = shown if shown and shown != sid else (names or {}).get(sid) or sid
        p, q = (float(a["percent"]) if a else None), (float(b["percent"]) if b else None)
        rows.append({"student_id": sid, "name": who, "pre": p, "post": q,
                     "gain": None if p is None or q is None else round(q - p, 1)})
    frame = pd.DataFrame(rows, columns=["student_id", "name", "pre", "post", "gain"])
    return frame.sort_values(["gain", "student_id"], ascending=[False, True], na_position="last").reset_index(drop=True)


def module_gains(pre_rows: list[dict], post_rows: list[dict], pre_form: dict, post_form: dict):
    """Per module, for the trainees graded on both tests: the class's mean score on the module's questions before
    and after (% of points) and the gain (post − pre), with the number of trainees."""
    import pandas as pd

    pre, post = _graded(pre_rows), _graded(post_rows)
    both = sorted(set(pre) & set(post))
    out = []
    for m in syllabus.MODULES:
        a = [percent_by_module(pre[s], pre_form).get(m.number) for s in both]
        b = [percent_by_module(post[s], post_form).get(m.number) for s in both]
        a, b = [x for x in a if x is not None], [x for x in b if x is not None]
        mean_a = sum(a) / len(a) if a else None
        mean_b = sum(b) / len(b) if b else None
        out.append({"module": m.number, "title": m.title, "title_zh": m.title_zh, "trainees": len(both),
                    "pre": None if mean_a is None else round(mean_a, 1),
                    "post": None if mean_b is None else round(mean_b, 1),
                    "gain": None if mean_a is None or mean_b is None else round(mean_b - mean_a, 1)})
    return pd.DataFrame(out).set_index("module")


@dataclass
class Gains:
    """The gains of a class: per trainee and per module, and which assignments were the pre- and post-test."""

    pre: str
    post: str
    trainees: object  # DataFrame (gains)
    modules: object  # DataFrame (module_gains)


def config_of(root: Path) -> Assessment:
    """The course's Assessment settings (nbgrader_config.py; defaults when it sets none)."""
    from course.grading.layout import load_config

    return Assessment(config=load_config(Path(root)))


def from_gradebook(root: Path | None = None) -> Gains:
    """The class's gains, read from the gradebook (and grading state) of the course at `root` through
    course.grading.results, for the pre- and post-test the configuration names."""
    from course.grading.layout import find_root, open_course
    from course.grading.results import collect_rows

    root = find_root(root)
    cfg = config_of(root)
    rows = {aid: collect_rows(open_course(root, aid)) for aid in (cfg.pre, cfg.post)}
    content = {aid: load(aid, root if (content_root(root) / f"{aid}.yaml").is_file() else None)
               for aid in (cfg.pre, cfg.post)}
    from course.trainer import gradebook

    return Gains(cfg.pre, cfg.post, gains(rows[cfg.pre], rows[cfg.post], gradebook.names(root)),
                 module_gains(rows[cfg.pre], rows[cfg.post], content[cfg.pre], content[cfg.post]))


def _fmt(x) -> str:
    return "" if x is None or x != x else f"{float(x):.1f}"


def _signed(x) -> str:
    return "" if x is None or x != x else f"{float(x):+.1f}"


def text_section(g: Gains) -> str:
    """The gains as plain text, for `course report`."""
    lines = [f"Pre/post test: {g.pre} before, {g.post} after (scores in % of points; gain = post - pre)"]
    t = g.trainees
    both = t.dropna(subset=["gain"])
    if len(both):
        lines.append(f"trainees with both tests: {len(both)}; mean gain {both['gain'].mean():+.1f} points "
                     f"(mean {both['pre'].mean():.1f} % before, {both['post'].mean():.1f} % after)")
    lines.append("")
    lines.append("per module (trainees with both tests):")
    for number, r in g.modules.iterrows():
        lines.append(f"  {number}. {r['title'][:48]:<48} {_fmt(r['pre']):>6} -> {_fmt(r['post']):>6}  "
                     f"{_signed(r['gain']):>6}")
    lines.append("")
    lines.append("per trainee:")
    width = min(max([len(str(n)) for n in t["name"]] + [4]), 28)
    lines.append(f"  {'name':<{width}} {'pre':>6} {'post':>6} {'gain':>6}")
    for _, r in t.iterrows():
        lines.append(f"  {str(r['name'])[:width]:<{width}} {_fmt(r['pre']):>6} {_fmt(r['post']):>6} "
                     f"{_signed(r['gain']):>6}")
    return "\n".join(lines)


def html_section(g: Gains) -> str:
    """The gains as an HTML fragment (two tables), for the class report's page."""
    esc = html.escape
    mods = "".join(f'<tr data-module="{n}"><td>{n}. {esc(r["title"])} ({esc(r["title_zh"])})</td>'
                   f"<td>{_fmt(r['pre'])}</td><td>{_fmt(r['post'])}</td><td>{_signed(r['gain'])}</td>"
                   f"<td>{r['trainees']}</td></tr>" for n, r in g.modules.iterrows())
    people = "".join(f'<tr data-student="{esc(str(r["student_id"]))}"><td>{esc(str(r["name"]))}</td>'
                     f"<td>{esc(str(r['student_id']))}</td><td>{_fmt(r['pre'])}</td><td>{_fmt(r['post'])}</td>"
                     f"<td>{_signed(r['gain'])}</td></tr>" for _, r in g.trainees.iterrows())
    return (f'<section id="gains"><h2>Pre/post test: gains</h2><p>{esc(g.pre)} before, {esc(g.post)} after; '
            "scores in % of points, gain = post − pre.</p>"
            '<table id="module-gains"><tr><th>module</th><th>before</th><th>after</th><th>gain</th>'
            f"<th>trainees</th></tr>{mods}</table>"
            '<table id="trainee-gains"><tr><th>name</th><th>id</th><th>before</th><th>after</th><th>gain</th></tr>'
            f"{people}</table></section>")


def report_section(root: Path | None = None) -> tuple[str, str]:
    """(text, HTML) of the class's gains, for `course report`; GradingError when a test is not set up."""
    g = from_gradebook(root)
    return text_section(g), html_section(g)


# --------------------------------------------------------------------------------------------- command line
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m course.trainer.assessment",
                                description="rebuild the pre/post test's nbgrader sources and releases")
    p.add_argument("--check", action="store_true", help="write nothing; fail if a source or release is stale")
    p.add_argument("--root", type=Path, default=None)
    args = p.parse_args(argv)
    try:
        src = write_sources(args.root, check=args.check)
        rel = release(args.root, check=args.check) if not (args.check and src) else []
    except (ValueError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.check:
        stale = [str(p) for p in src] + rel
        if stale:
            print("out of date (run `python -m course.trainer.assessment`):", *stale, sep="\n  ", file=sys.stderr)
            return 1
        print("the pre/post test's sources and releases are up to date")
        return 0
    print(f"sources written: {len(src)} changed; releases regenerated ({len(rel)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
