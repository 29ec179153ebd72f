"""Completion and certificates: who met the course's completion rule, from the gradebook, and one A4 PDF
certificate per trainee who did, in the trainee's language; a list of who did not and why.

**The rule** is set by the instructor in nbgrader_config.py (`Completion`, defaults in brackets): the post-test
(`Assessment.post`) scored at least `c.Completion.post_test_min` % [70]; every exercise in
`c.Completion.exercises` [every graded module of the syllabus] handed in and graded (`c.Completion.exercise_rule`
"submitted" [default]; "passed": each scored at least `c.Completion.exercise_min` % [50]; "none": exercises do
not count); with `c.Completion.pre_test_required` [False] the pre-test taken too. `c.Completion.issuer` and
`c.Completion.date` are printed on the certificate (the date defaults to today).

**The trainee's language**: the edition the trainee handed in the post-test in (the gradebook's grading records
it: course.grading.results' edition column), else the edition most of the trainee's graded exercises were in,
else English. A trainee who worked in the Chinese edition gets a Chinese certificate.

`evaluate(root)` decides for everyone in the gradebook; `write(outcomes, out, chromium)` prints the certificates
(course/trainer/pdf.py's headless Chromium) and writes completion.csv and not-completed.txt beside them;
`course certificates` is the command.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template

from traitlets import Bool, Enum, Float, List, Unicode
from traitlets.config import Configurable

from course import syllabus
from course.i18n import N_, translator
from course.trainer import gradebook

_ = translator("course")


class Completion(Configurable):
    """The completion rule for a certificate (set in nbgrader_config.py as c.Completion.<name>)."""

    post_test_min = Float(70.0, help="lowest post-test score (% of points) that completes the course").tag(config=True)
    exercise_rule = Enum(("submitted", "passed", "none"), default_value="submitted",
                         help="what each required exercise needs: handed in and graded ('submitted'), at least "
                              "exercise_min % ('passed'), or nothing ('none')").tag(config=True)
    exercise_min = Float(50.0, help="lowest exercise score (% of points) with exercise_rule 'passed'").tag(config=True)
    exercises = List(Unicode(), default_value=[],
                     help="the exercises required (assignment ids); empty: every graded module").tag(config=True)
    pre_test_required = Bool(False, help="the pre-test must have been taken too").tag(config=True)
    issuer = Unicode("", help="who issues the certificate, printed at its foot (e.g. the training department)"
                     ).tag(config=True)
    date = Unicode("", help="the date printed on the certificates (default: today, YYYY-MM-DD)").tag(config=True)


COURSE = {"en": "Complaint handling and customer value", "zh": "客户投诉处理与客户价值管理"}
WORDS = {
    "en": {"heading": "Certificate of completion", "lead": "This certifies that", "completed": "has completed the course",
           "details": "{modules} modules: {titles}. Post-test score {post:.0f} %{gain}.",
           "gain": ", {gain:+.0f} points since the pre-test", "date": "Date", "number": "Certificate no.",
           "kit": "Training course", "issuer": "Issued by the course trainer"},
    "zh": {"heading": "结业证书", "lead": "兹证明", "completed": "已修完培训课程",
           "details": "共 {modules} 个模块:{titles}。结业测验成绩 {post:.0f} 分(满分 100){gain}。",
           "gain": ",比入学前测提高 {gain:.0f} 分", "date": "日期", "number": "证书编号",
           "kit": "培训课程", "issuer": "课程讲师签发"},
}
FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "DejaVu Sans", sans-serif'


@dataclass
class Outcome:
    """Whether one trainee completed the course, and why not."""

    student_id: str
    name: str
    lang: str
    completed: bool
    reasons: list[str] = field(default_factory=list)
    post: float | None = None
    pre: float | None = None
    exercises_done: list[str] = field(default_factory=list)

    @property
    def gain(self) -> float | None:
        return None if self.post is None or self.pre is None else self.post - self.pre


def rule(root: Path) -> Completion:
    """The course's completion rule (nbgrader_config.py; defaults where it sets nothing)."""
    from course.grading.layout import load_config

    return Completion(config=load_config(Path(root)))


def _rows(root: Path, assignment: str) -> dict[str, dict]:
    from course.grading.layout import GradingError, open_course
    from course.grading.results import collect_rows

    try:
        return {r["student_id"]: r for r in collect_rows(open_course(root, assignment))}
    except GradingError:
        return {}


def _percent(row: dict | None) -> float | None:
    if not row or row.get("status") != "graded" or row.get("percent") is None:
        return None
    return float(row["percent"])


EXERCISE_RULES = {"submitted": N_("exercises: submitted"), "passed": N_("exercises: passed"),
                  "none": N_("exercises: none")}
"""`c.Completion.exercise_rule` -> how `course certificates` states it (translated when printed)."""


def _join(items: list[str]) -> str:
    """A list of assignment ids (or scores) as the language in use writes one."""
    return _(", ").join(items)


def _reasons(o: Outcome) -> str:
    """The reasons a trainee did not complete, on one line."""
    return _("; ").join(o.reasons)


def _describe(row: dict | None, what: str) -> str:
    if row is None:
        return _("{what} not handed in").format(what=what)
    if row.get("status") != "graded":
        status = str(row.get("status"))
        if row.get("reason"):
            status = _("{status}: {reason}").format(status=status, reason=row["reason"])
        return _("{what} not graded ({status})").format(what=what, status=status)
    return _("{what} has no score").format(what=what)


def evaluate(root: Path | None = None) -> list[Outcome]:
    """Everyone in the gradebook (or with a submission), each with whether the completion rule is met and, if not,
    every reason (in the language in use); sorted by student id."""
    from course.grading.layout import find_root
    from course.trainer.assessment import config_of

    root = find_root(root)
    r, tests = rule(root), config_of(root)
    required = list(r.exercises) or [m.id for m in syllabus.MODULES]
    post, pre = _rows(root, tests.post), _rows(root, tests.pre)
    exercises = {aid: _rows(root, aid) for aid in required}
    names = gradebook.names(root)
    people = sorted(set(post) | set(pre) | set(names) | {s for rows in exercises.values() for s in rows})
    out = []
    for sid in people:
        reasons: list[str] = []
        p = _percent(post.get(sid))
        if p is None:
            reasons.append(_describe(post.get(sid), _("post-test ({id})").format(id=tests.post)))
        elif p < r.post_test_min - 1e-9:
            reasons.append(_("post-test {score} % is below {min} %").format(score=f"{p:g}", min=f"{r.post_test_min:g}"))
        q = _percent(pre.get(sid))
        if r.pre_test_required and q is None:
            reasons.append(_describe(pre.get(sid), _("pre-test ({id})").format(id=tests.pre)))
        done, missing, low = [], [], []
        for aid in required:
            row = exercises[aid].get(sid)
            graded = row is not None and row.get("status") == "graded"
            if graded:
                done.append(aid)
            if r.exercise_rule == "none":
                continue
            if not graded:
                missing.append(aid)
            elif r.exercise_rule == "passed":
                got = _percent(row)
                if got is None or got < r.exercise_min - 1e-9:
                    low.append(_("{id} (no score)").format(id=aid) if got is None
                               else _("{id} ({score} %)").format(id=aid, score=f"{got:g}"))
        if missing:
            reasons.append(_("exercises not handed in or not graded: {ids}").format(ids=_join(missing)))
        if low:
            reasons.append(_("exercises below {min} %: {ids}").format(min=f"{r.exercise_min:g}", ids=_join(low)))
        rows_of_sid = [rows.get(sid) for rows in (post, *exercises.values())]
        lang = (post.get(sid) or {}).get("edition") or ""
        if not lang:
            editions = Counter(x.get("edition") for x in rows_of_sid if x and x.get("edition"))
            lang = editions.most_common(1)[0][0] if editions else "en"
        lang = lang if lang in WORDS else "en"
        shown = next((x.get("display_name") for x in rows_of_sid if x and x.get("display_name")
                      and x.get("display_name") != sid), None)
        name = shown or names.get(sid) or sid
        out.append(Outcome(sid, str(name).lstrip("'") if shown else str(name), lang, not reasons, reasons, p, q, done))
    return out


# --------------------------------------------------------------------------------------------- printing
def number(o: Outcome, date: str) -> str:
    """A short certificate number, the same for the same trainee, course and date."""
    return hashlib.sha256(f"{COURSE['en']}|{o.student_id}|{date}".encode()).hexdigest()[:10].upper()


def certificate_html(o: Outcome, issuer: str = "", date: str = "") -> str:
    """One trainee's certificate as an A4 landscape HTML page in the trainee's language (names escaped)."""
    w, lang = WORDS[o.lang], o.lang
    date = date or dt.date.today().isoformat()
    sep = "、" if lang == "zh" else "; "
    titles = sep.join((m.title_zh if lang == "zh" else m.title) for m in syllabus.MODULES)
    gain = w["gain"].format(gain=o.gain) if o.gain is not None and o.gain > 0 else ""
    details = w["details"].format(modules=len(syllabus.MODULES), titles=titles, post=o.post or 0, gain=gain)
    course = f"《{COURSE['zh']}》" if lang == "zh" else COURSE["en"]
    tpl = Template(resources.files("course.trainer").joinpath("certificate.html").read_text(encoding="utf-8"))
    esc = html.escape
    return tpl.substitute(lang="zh-CN" if lang == "zh" else "en", title=esc(f"{w['heading']}: {o.name}"),
                          fonts=FONTS, kit=esc(w["kit"]), heading=esc(w["heading"]), lead=esc(w["lead"]),
                          name=esc(o.name), completed=esc(w["completed"]), course=esc(course),
                          details=esc(details), issuer=esc(issuer or w["issuer"]), date_label=esc(w["date"]),
                          date=esc(date), number_label=esc(w["number"]), number=number(o, date))


def safe_name(student_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", student_id).strip("._") or "trainee"


def write_lists(outcomes: list[Outcome], out: Path) -> tuple[Path, Path]:
    """completion.csv (everyone: completed, language, scores, reasons) and not-completed.txt (who did not, why), in
    the language in use (the CSV's column names and codes stay as they are: they are data keys)."""
    out.mkdir(parents=True, exist_ok=True)
    table = out / "completion.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "name", "completed", "language", "post_test", "pre_test", "gain",
                    "exercises_graded", "reasons"])
        for o in outcomes:
            name = "'" + o.name if o.name[:1] in ("=", "+", "-", "@") else o.name
            w.writerow([o.student_id, name, "yes" if o.completed else "no", o.lang,
                        "" if o.post is None else f"{o.post:g}", "" if o.pre is None else f"{o.pre:g}",
                        "" if o.gain is None else f"{o.gain:g}", len(o.exercises_done), _reasons(o)])
    listing = out / "not-completed.txt"
    missed = [o for o in outcomes if not o.completed]
    lines = [_("{missed} of {total} trainees did not complete the course:").format(missed=len(missed),
                                                                                 total=len(outcomes))]
    lines += ["- " + _("{name} ({id}): {reasons}").format(name=o.name, id=o.student_id, reasons=_reasons(o))
              for o in missed]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return table, listing


def write(outcomes: list[Outcome], out: Path, chromium: str | None, issuer: str = "", date: str = "",
          jobs: int = 2) -> list[Path]:
    """The certificates of the trainees who completed (out/<lang>/<student id>.pdf, or only their HTML without a
    Chromium), and the two lists; the certificate files written."""
    from concurrent.futures import ThreadPoolExecutor

    from course.trainer.pdf import print_pdf

    out = Path(out)
    write_lists(outcomes, out)
    pages = []
    for o in outcomes:
        if not o.completed:
            continue
        page = out / o.lang / f"{safe_name(o.student_id)}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(certificate_html(o, issuer, date), encoding="utf-8")
        pages.append(page)
    if chromium is None:
        return pages
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda p: print_pdf(p, p.with_suffix(".pdf"), chromium), pages))
    return [p.with_suffix(".pdf") for p in pages]


# --------------------------------------------------------------------------------------------- command
def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=None, help=_("course root (default: found from here)"))
    p.add_argument("--out", type=Path, default=None, help=_("output folder (default: _work/certificates/)"))
    p.add_argument("--list", action="store_true",
                   help=_("only print who completed and who did not, write nothing"))
    p.add_argument("--html", action="store_true",
                   help=_("write the certificates as HTML only (no Chromium needed)"))
    p.add_argument("--chromium", default=None, help=_("the Chromium to print with (default: found on PATH)"))


def run(args: argparse.Namespace) -> int:
    from course.grading.layout import GradingError, find_root
    from course.trainer import pdf

    try:
        root = find_root(args.root)
        outcomes = evaluate(root)
        r = rule(root)
    except GradingError as exc:
        print(_("course certificates: {error}").format(error=exc), file=sys.stderr)
        return 1
    if not outcomes:
        print(_("course certificates: the gradebook has no trainees yet (grade the post-test first)"),
              file=sys.stderr)
        return 1
    done = [o for o in outcomes if o.completed]
    terms = [_("post-test >= {min} %").format(min=f"{r.post_test_min:g}"),
             _(EXERCISE_RULES[r.exercise_rule])]
    if r.pre_test_required:
        terms.append(_("pre-test taken"))
    print(_("{done} of {total} trainees completed the course (rule: {rule})").format(
        done=len(done), total=len(outcomes), rule=_(", ").join(terms)))
    for o in outcomes:
        if not o.completed:
            print("  " + _("not completed: {name} ({id}): {reasons}").format(name=o.name, id=o.student_id,
                                                                             reasons=_reasons(o)))
    if args.list:
        return 0
    chromium = None
    if not args.html:
        chromium = pdf.find_chromium(args.chromium)
        if chromium is None:
            print(_("Chromium is needed to print the certificates: `apt-get install chromium fonts-noto-cjk` (or "
                    "pass --chromium PATH, or --html for HTML only)"), file=sys.stderr)
            return 1
    out = args.out or gradebook.work_dir(root) / "certificates"
    try:
        made = write(outcomes, out, chromium, r.issuer, r.date)
    except pdf.PdfError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(_("wrote {n} certificates under {out} (completion.csv and not-completed.txt beside them)").format(
        n=len(made), out=out))
    return 0
