"""How the class did, for `course report`: what an instructor decides from, as a text report and an HTML page.

* the score histogram (integer counts) and the score summary;
* per auto-graded question, by its title: points, pass rate, mean share of points, and how the others failed,
  kept apart: wrong answers, not answered (blank), timed out, errors (the answer cell raised, or the test could
  not use the answer), with the most common messages of the wrong answers and errors (the ones the trainees
  read in their feedback: course.grading.feedback);
* per written answer: how many are graded, the score distribution, how many still wait in the Formgrader;
* the three hardest questions; one row per trainee (name, score, late, flags, status).

Works on the grade rows of course.grading.results (the gradebook and the grading state `course grade` left)
and, for the kinds of failure, on each graded trainee's autograded notebook. A question is the grade_id's
leading `q<k>` (q2a_test and q2b_test are parts of q2, see course.grading.cells); a trainee passes it with full
points on every auto-graded part.

The report is in the language in use (gettext domain `grading`): the instructor's, `course report --lang zh` for
Chinese. A mixed class is one report: each trainee's row says which edition they handed in, question titles come
from the source of the report's language, and the messages of trainees of the other edition are counted under the
same assert's message in the report's language (course.grading.feedback.counterpart_message).
"""

from __future__ import annotations

import base64
import html
import io
import logging
from collections import Counter
from dataclasses import dataclass, field

from course import i18n
from course.grading.cells import question_of
from course.grading.feedback import N_, Result

_ = i18n.translator("grading")

# The ways a question can go, in the order the report shows them, with their words and chart colours.
OUTCOMES = ("passed", "wrong", "blank", "timeout", "error")
OUTCOME_WORDS = {"passed": N_("passed"), "wrong": N_("wrong answer"), "blank": N_("not answered"),
                 "timeout": N_("timed out"), "error": N_("error")}
STATUS_WORDS = {"graded": N_("graded"), "failed": N_("failed"), "not graded": N_("not graded")}
EDITION_WORDS = {"en": N_("English"), "zh": N_("Chinese")}
COLOURS = {"passed": "#2e7d32", "wrong": "#c62828", "blank": "#9e9e9e", "timeout": "#ef6c00",
           "error": "#6a1b9a"}


@dataclass
class QuestionStat:
    """One auto-graded question across the graded trainees: pass rate, mean share of points, and how the
    trainees who did not pass it failed (`outcomes`: kind -> trainees; `problems`: the most common messages)."""

    question: str
    parts: list[str]
    max_points: float
    passed: int
    graded: int
    mean_share: float
    title: str = ""
    outcomes: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title = self.title or self.question

    @property
    def pass_rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


@dataclass
class WrittenStat:
    """One written answer (graded by hand): how many are graded, their scores, how many still wait."""

    name: str
    title: str
    max_points: float
    scores: list[float]
    pending: int

    @property
    def distribution(self) -> list[tuple[float, int]]:
        """(score, trainees) for every score given, lowest first."""
        return sorted(Counter(self.scores).items())

    @property
    def mean(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


def _first_problem(parts: list[str], results: dict[str, Result], got: dict[str, float],
                   maxes: dict[str, float]) -> tuple[str, list[str]]:
    """How a trainee failed a question: the kind of its first part without full points, and the messages of
    its wrong answers and errors (not answered and timed out are counted, not quoted: their words are the
    same for everyone), each starting with its part (q2a: ...). A part the notebook shows as passed but
    without full points in the gradebook (a manual override) counts as a wrong answer without a message."""
    kind, messages = "", []
    for name in parts:
        if got.get(name, 0.0) >= maxes[name] - 1e-9:
            continue
        r = results.get(name)
        k = r.kind if r is not None and r.kind in OUTCOMES and r.kind != "passed" else "wrong"
        kind = kind or k
        if r is not None and r.message and k in ("wrong", "error"):
            part = name.removesuffix("_test")
            text = r.message.strip()
            messages.append(text if text.lower().startswith((part.lower() + ":", part.lower() + "："))
                            else f"{part}: {text}")
    return kind or "wrong", messages


def question_stats(rows: list[dict], cells: list[tuple[str, float, bool]], titles: dict[str, str] | None = None,
                   results: dict[str, dict[str, Result]] | None = None, top: int = 3) -> list[QuestionStat]:
    """Per auto-graded question: how many graded trainees got full points, the mean share of points, and, with
    `results` (trainee -> grade_id -> feedback.Result), how the others failed and the `top` most common
    messages. `titles` maps a grade_id to its question's title."""
    titles = titles or {}
    results = results or {}
    graded = [r for r in rows if r["status"] == "graded"]
    groups: dict[str, list[tuple[str, float]]] = {}
    for name, mx, auto in cells:
        if auto:
            groups.setdefault(question_of(name), []).append((name, mx))
    out = []
    for q, parts in groups.items():
        names = [n for n, _ in parts]
        maxes = dict(parts)
        max_points = sum(maxes.values())
        passed, shares = 0, []
        kinds: Counter = Counter()
        problems: Counter = Counter()
        for r in graded:
            got = {n: float(r.get(n) or 0) for n in names}
            total = sum(got.values())
            full = total >= max_points - 1e-9
            passed += full
            shares.append(total / max_points if max_points else 0.0)
            if full:
                kinds["passed"] += 1
                continue
            kind, messages = _first_problem(names, results.get(r["student_id"], {}), got, maxes)
            kinds[kind] += 1
            for message in messages:
                problems[message] += 1
        title = titles.get(names[0]) or titles.get(q) or q
        out.append(QuestionStat(q, names, max_points, passed, len(graded),
                                sum(shares) / len(shares) if shares else 0.0, title,
                                {k: kinds.get(k, 0) for k in OUTCOMES}, problems.most_common(top)))
    return out


def written_stats(rows: list[dict], cells: list[tuple[str, float, bool]],
                  titles: dict[str, str] | None = None) -> list[WrittenStat]:
    """Per written answer: the manual scores given so far (a graded trainee whose submission still needs manual
    grading and scores 0 on it counts as waiting, not as 0)."""
    titles = titles or {}
    graded = [r for r in rows if r["status"] == "graded"]
    out = []
    for name, mx, auto in cells:
        if auto:
            continue
        scores, pending = [], 0
        for r in graded:
            value = r.get(name)
            if r.get("needs_manual_grade") and not float(value or 0):
                pending += 1
            elif value is not None and value != "":
                scores.append(float(value))
        out.append(WrittenStat(name, titles.get(name) or name.upper(), mx, scores, pending))
    return out


def hardest(stats: list[QuestionStat], n: int = 3) -> list[QuestionStat]:
    """The `n` questions with the lowest pass rate (ties: lowest mean share of points, then name)."""
    return sorted(stats, key=lambda s: (s.pass_rate, s.mean_share, s.question))[:n]


def histogram(rows: list[dict], bins: int = 10) -> list[int]:
    """How many graded trainees scored in each tenth of the maximum (100 % goes in the last bin)."""
    counts = [0] * bins
    for r in rows:
        if r["status"] == "graded" and r.get("percent") is not None:
            counts[min(int(float(r["percent"]) // (100 / bins)), bins - 1)] += 1
    return counts


def _status(r: dict) -> str:
    """A trainee's status in words: graded (and whether a written answer waits), or why not."""
    if r["status"] == "graded":
        return _("graded, written answer to grade") if r.get("needs_manual_grade") else _("graded")
    status = _(STATUS_WORDS[r["status"]]) if r["status"] in STATUS_WORDS else r["status"]
    return f"{status}: {r['reason']}" if r.get("reason") else status


def edition_word(code: str) -> str:
    """'English' / 'Chinese' (or 英文 / 中文) for an edition code; '' for none, the code itself if unknown."""
    return "+".join(_(EDITION_WORDS[c]) if c in EDITION_WORDS else c for c in code.split("+")) if code else ""


def outcome_word(kind: str) -> str:
    return _(OUTCOME_WORDS[kind])


def _num(value) -> str:
    return "" if value is None or value == "" else f"{float(value):g}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def text_report(assignment: str, rows: list[dict], stats: list[QuestionStat],
                written: list[WrittenStat] | None = None) -> str:
    """The plain-text class report printed by `course report`."""
    written = written or []
    graded = [r for r in rows if r["status"] == "graded"]
    failed = [r for r in rows if r["status"] != "graded"]
    pcts = sorted(float(r["percent"]) for r in graded if r.get("percent") is not None)
    lines = [_("Class report: {assignment}").format(assignment=assignment),
             _("trainees {n}, graded {graded}, not graded {failed}").format(n=len(rows), graded=len(graded),
                                                                          failed=len(failed))]
    editions = edition_counts(rows)
    if len(editions) > 1:
        lines.append(_("editions handed in: {counts}").format(
            counts=_sep().join(f"{edition_word(e)} {n}" for e, n in editions.items())))
    if pcts:
        mid = pcts[len(pcts) // 2] if len(pcts) % 2 else (pcts[len(pcts) // 2 - 1] + pcts[len(pcts) // 2]) / 2
        lines.append(_("score: mean {mean} %, median {median} %, min {low} %, max {high} %  (of all points, written "
                       "answers included)").format(mean=f"{sum(pcts) / len(pcts):.1f}", median=f"{mid:.1f}",
                                                   low=f"{pcts[0]:.1f}", high=f"{pcts[-1]:.1f}"))
    lines.append("")
    lines.append(_("score histogram (% of points: trainees)"))
    counts = histogram(rows)
    top = max(counts) or 1
    for i, c in enumerate(counts):
        lines.append(f"  {i * 10:3d}-{i * 10 + 10:3d} % | {'#' * round(30 * c / top):<30} {c}")
    lines.append("")
    width = max([len(s.title) for s in stats] + [8])
    width = min(width, 44)
    head = [_("question"), _("points"), _("passed"), _("rate"), _("mean"), _("wrong"), _("blank"), _("timeout"),
            _("error")]
    lines.append(f"{head[0]:<{width}} {head[1]:>6} {head[2]:>8} {head[3]:>5} {head[4]:>5}  "
                 f"{head[5]:>5} {head[6]:>5} {head[7]:>7} {head[8]:>5}")
    for s in stats:
        o = s.outcomes
        lines.append(f"{_cut(s.title, width):<{width}} {s.max_points:>6g} {s.passed:>4}/{s.graded:<3} "
                     f"{s.pass_rate:>5.0%} {s.mean_share:>5.0%}  {o.get('wrong', 0):>5} {o.get('blank', 0):>5} "
                     f"{o.get('timeout', 0):>7} {o.get('error', 0):>5}")
    problems = [s for s in stats if s.problems]
    if problems:
        lines.append("")
        lines.append(_("most common wrong answers and errors (what the trainees read in their feedback):"))
        for s in problems:
            lines.append(f"  {s.title}")
            lines += [f"    {n:>3} x  {_cut(m, 150)}" for m, n in s.problems]
    if written:
        lines.append("")
        lines.append(_("written answers (graded by hand in the Formgrader):"))
        for w in written:
            dist = _scores(w)
            mean = _(", mean {mean}").format(mean=f"{w.mean:.1f}") if w.mean is not None else ""
            lines.append("  " + _("{title} ({points} points): graded {graded}, still to grade {pending}; scores "
                                  "{scores}{mean}").format(title=w.title, points=f"{w.max_points:g}",
                                                           graded=len(w.scores), pending=w.pending, scores=dist,
                                                           mean=mean))
    lines.append("")
    lines.append(_("hardest questions: {questions}").format(questions=_sep().join(
        _("{title} ({rate} passed)").format(title=s.title, rate=f"{s.pass_rate:.0%}") for s in hardest(stats))
        or _("none")))
    manual = [r for r in graded if r.get("needs_manual_grade")]
    if manual:
        lines.append(_("{n} submission(s) still need manual grading of written answers (formgrader)"
                       ).format(n=len(manual)))
    if failed:
        lines.append(_("not graded:"))
        for r in failed:
            status = _(STATUS_WORDS[r["status"]]) if r["status"] in STATUS_WORDS else r["status"]
            lines.append(f"  {r['student_id']}: {status} {('- ' + r['reason']) if r.get('reason') else ''}")
    if rows:
        lines.append("")
        lines.append(_("trainees:"))
        name_w = min(max(len(str(r.get("display_name") or r["student_id"])) for r in rows), 28)
        id_w = min(max(len(r["student_id"]) for r in rows), 24)
        cols = [_("name"), _("id"), _("score"), _("late"), _("edition"), _("status; flags")]
        ed_w = max([len(edition_word(r.get("edition") or "")) for r in rows] + [len(cols[4])])
        lines.append(f"  {cols[0]:<{name_w}} {cols[1]:<{id_w}} {cols[2]:>9} {'%':>6} {cols[3]:<4} "
                     f"{cols[4]:<{ed_w}}  {cols[5]}")
        for r in rows:
            score = f"{_num(r.get('score'))}/{_num(r.get('max_score'))}" if r.get("score") is not None else ""
            pct = _num(r.get("percent"))
            flags = _("; flags: {flags}").format(flags=r["flags"]) if r.get("flags") else ""
            lines.append(f"  {_cut(str(r.get('display_name') or r['student_id']), name_w):<{name_w}} "
                         f"{_cut(r['student_id'], id_w):<{id_w}} {score:>9} {pct:>6} {r.get('late') or '':<4} "
                         f"{edition_word(r.get('edition') or ''):<{ed_w}}  {_cut(_status(r), 90)}{_cut(flags, 120)}")
    return "\n".join(lines)


def _sep() -> str:
    """The separator of a list in a sentence: ', ' (English), '，' (Chinese)."""
    return _(", ")


def _scores(w: WrittenStat) -> str:
    """'1 pt: 2, 3 pt: 1' (score: trainees), or 'none yet'."""
    return _sep().join(_("{score} pt: {n}").format(score=f"{score:g}", n=n) for score, n in w.distribution) \
        or _("none yet")


def edition_counts(rows: list[dict]) -> dict[str, int]:
    """Edition -> graded trainees who handed it in (English first)."""
    found: Counter = Counter(r.get("edition") or "" for r in rows if r["status"] == "graded")
    found.pop("", None)
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != "en", kv[0])))


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _cjk_font() -> None:
    """Let the charts draw Chinese (titles of a Chinese report or edition, trainees' names): the kit's CJK font
    as matplotlib's fallback; without it the chart still renders, with boxes for the characters."""
    try:
        from course.fonts import ensure_cjk_font

        ensure_cjk_font()
    except (ImportError, OSError, NotImplementedError, RuntimeError):
        pass


def charts(assignment: str, rows: list[dict], stats: list[QuestionStat]) -> tuple[str, str]:
    """The two charts as base64 PNG: the score histogram (whole trainees on the count axis) and, per question,
    how the graded trainees did (passed, wrong, not answered, timed out, error: one colour per outcome, so
    equal pass rates look the same)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    _cjk_font()
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # no bold CJK face: regular is fine

    counts = histogram(rows)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.bar([i * 10 + 5 for i in range(10)], counts, width=9, color="#4472c4")
    ax.set_xlabel(_("score (% of all points)"))
    ax.set_ylabel(_("trainees"))
    ax.set_xticks(range(0, 101, 10))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, max(max(counts), 1) * 1.1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(_("{assignment}: score histogram").format(assignment=assignment))
    hist_png = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(8, 0.45 * max(len(stats), 3) + 1.4))
    names = [_cut(s.title, 48) for s in stats][::-1]
    left = [0.0] * len(stats)
    for kind in OUTCOMES:
        shares = [100 * s.outcomes.get(kind, 0) / s.graded if s.graded else 0 for s in stats][::-1]
        ax.barh(names, shares, left=left, color=COLOURS[kind], label=outcome_word(kind))
        left = [a + b for a, b in zip(left, shares, strict=True)]
    for y, s in enumerate(stats[::-1]):
        ax.text(1, y, f"{s.pass_rate:.0%}", va="center", ha="left", color="white", fontsize=8, fontweight="bold")
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel(_("share of graded trainees"))
    ax.set_title(_("how each question went (label: pass rate)"))
    ax.legend(ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False, fontsize=8)
    outcome_png = _png(fig)
    plt.close(fig)
    return hist_png, outcome_png


def html_report(assignment: str, rows: list[dict], stats: list[QuestionStat],
                written: list[WrittenStat] | None = None) -> str:
    """A self-contained HTML page: the two charts (embedded PNG), the question table with the kinds of failure
    and the most common messages, the written answers, the hardest three, and the trainees (with their edition)."""
    written = written or []
    esc = html.escape
    none = esc(_("none"))
    hist_png, outcome_png = charts(assignment, rows, stats)
    questions = "".join(
        f'<tr data-question="{esc(s.question)}"><td class="title">{esc(s.title)}</td>'
        f"<td>{esc(', '.join(s.parts))}</td><td>{s.max_points:g}</td><td>{s.passed}/{s.graded}</td>"
        f"<td>{s.pass_rate:.0%}</td><td>{s.mean_share:.0%}</td>"
        + "".join(f'<td class="{k}">{s.outcomes.get(k, 0)}</td>' for k in OUTCOMES[1:]) + "</tr>"
        for s in stats)
    problems = "".join(
        f'<li data-question="{esc(s.question)}"><b>{esc(s.title)}</b><ul>'
        + "".join(f"<li><span class='count'>{n} ×</span> {esc(m)}</li>" for m, n in s.problems) + "</ul></li>"
        for s in stats if s.problems)
    written_rows = "".join(
        f'<tr data-written="{esc(w.name)}"><td class="title">{esc(w.title)}</td><td>{w.max_points:g}</td>'
        f"<td>{len(w.scores)}</td><td>{w.pending}</td>"
        f"<td>{esc(_scores(w))}</td>"
        f"<td>{'' if w.mean is None else f'{w.mean:.1f}'}</td></tr>"
        for w in written)
    hardest_li = "".join("<li>" + _("<b>{title}</b>: {rate} passed, mean {mean} of the points").format(
        title=esc(s.title), rate=f"{s.pass_rate:.0%}", mean=f"{s.mean_share:.0%}") + "</li>" for s in hardest(stats))
    failed = [r for r in rows if r["status"] != "graded"]
    failed_li = "".join(f"<li>{esc(r['student_id'])}: {esc(_status(r))}</li>" for r in failed)
    trainees = "".join(
        f'<tr data-student="{esc(r["student_id"])}" class="{esc(r["status"].replace(" ", "-"))}"'
        f' data-edition="{esc(r.get("edition") or "")}">'
        f"<td>{esc(str(r.get('display_name') or r['student_id']))}</td><td>{esc(r['student_id'])}</td>"
        f"<td>{_num(r.get('score'))}{'/' + _num(r.get('max_score')) if r.get('score') is not None else ''}</td>"
        f"<td>{_num(r.get('percent'))}</td><td>{esc(r.get('late') or '')}</td>"
        f"<td class='edition'>{esc(edition_word(r.get('edition') or ''))}</td>"
        f"<td class='flags'>{esc(r.get('flags') or '')}</td><td class='status'>{esc(_status(r))}</td></tr>"
        for r in rows)
    head = "".join(f'<th class="{k}">{esc(outcome_word(k))}</th>' for k in OUTCOMES[1:])
    colours = "".join(f"th.{k}{{border-bottom:4px solid {c}}}" for k, c in COLOURS.items())
    title = esc(_("Class report: {assignment}").format(assignment=assignment))
    editions = edition_counts(rows)
    editions_p = ("<p id=\"editions\">" + esc(_("editions handed in: {counts}").format(
        counts=_sep().join(f"{edition_word(e)} {n}" for e, n in editions.items()))) + "</p>") if len(editions) > 1 else ""
    h = {key: esc(text) for key, text in {
        "hist": _("Score histogram"), "hist_alt": _("score histogram"), "how": _("How each question went"),
        "how_alt": _("outcome per question"), "question": _("question"), "cells": _("test cells"),
        "points": _("points"), "passed": _("passed"), "rate": _("pass rate"), "mean_score": _("mean score"),
        "common": _("Most common wrong answers and errors"),
        "common_note": _("What the trainees read in their feedback, most frequent first (not answered and timed out "
                         "are counted in the table above). Messages from trainees of another edition are counted "
                         "under the same message in this report's language."),
        "written": _("Written answers"), "answer": _("answer"), "graded": _("graded"),
        "to_grade": _("still to grade"), "scores": _("scores (trainees)"), "mean": _("mean"),
        "hardest": _("The three hardest questions"), "not_graded": _("Not graded"), "trainees": _("Trainees"),
        "name": _("name"), "id": _("id"), "score": _("score"), "late": _("late"), "edition": _("edition"),
        "flags": _("flags"), "status": _("status"), "summary": _("Summary")}.items()}
    lang = {"zh": "zh-CN"}.get(i18n.current(), i18n.current())
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:0.5em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;
vertical-align:top}}td.title{{max-width:26em}}tr.failed td,tr.not-graded td{{background:#fdeeee}}
td.flags{{color:#8a4b00}}pre{{background:#f6f6f6;padding:1em;white-space:pre-wrap}}.count{{font-weight:bold}}
#problems li{{margin:0.2em 0}}{colours}</style>
</head><body>
<h1>{title}</h1>{editions_p}
<h2>{h["hist"]}</h2><img id="histogram" alt="{h["hist_alt"]}" src="data:image/png;base64,{hist_png}">
<h2>{h["how"]}</h2><img id="pass-rates" alt="{h["how_alt"]}" src="data:image/png;base64,{outcome_png}">
<table id="questions"><tr><th>{h["question"]}</th><th>{h["cells"]}</th><th>{h["points"]}</th><th>{h["passed"]}</th>
<th>{h["rate"]}</th><th>{h["mean_score"]}</th>{head}</tr>{questions}</table>
<h2>{h["common"]}</h2><p>{h["common_note"]}</p>
<ul id="problems">{problems or f"<li>{none}</li>"}</ul>
<h2>{h["written"]}</h2>
<table id="written"><tr><th>{h["answer"]}</th><th>{h["points"]}</th><th>{h["graded"]}</th><th>{h["to_grade"]}</th>
<th>{h["scores"]}</th><th>{h["mean"]}</th></tr>{written_rows or f'<tr><td colspan="6">{none}</td></tr>'}</table>
<h2>{h["hardest"]}</h2><ol id="hardest">{hardest_li}</ol>
<h2>{h["not_graded"]}</h2><ul id="not-graded">{failed_li or f"<li>{none}</li>"}</ul>
<h2>{h["trainees"]}</h2>
<table id="trainees"><tr><th>{h["name"]}</th><th>{h["id"]}</th><th>{h["score"]}</th><th>%</th><th>{h["late"]}</th>
<th>{h["edition"]}</th><th>{h["flags"]}</th><th>{h["status"]}</th></tr>{trainees}</table>
<h2>{h["summary"]}</h2><pre>{esc(text_report(assignment, rows, stats, written))}</pre>
</body></html>
"""
