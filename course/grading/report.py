"""How the class did, for `course report`: score histogram, per-question pass rates, the three questions the
class found hardest, as a text table and as an HTML page with the charts. Works on the grade rows of
course.grading.results (the gradebook and the grading state `course grade` left).

A question is the grade_id's leading `q<k>` (q2a_test and q2b_test are parts of q2, see course.grading.cells);
a trainee passes it with full points on every auto-graded part. Written answers (manually graded) are listed
apart.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

from course.grading.cells import question_of


@dataclass
class QuestionStat:
    """Pass rate and mean share of points of one question across the graded trainees."""

    question: str
    parts: list[str]
    max_points: float
    passed: int
    graded: int
    mean_share: float

    @property
    def pass_rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


def question_stats(rows: list[dict], cells: list[tuple[str, float, bool]]) -> list[QuestionStat]:
    """Per auto-graded question: how many graded trainees got full points, and the mean share of points."""
    graded = [r for r in rows if r["status"] == "graded"]
    groups: dict[str, list[tuple[str, float]]] = {}
    for name, mx, auto in cells:
        if auto:
            groups.setdefault(question_of(name), []).append((name, mx))
    out = []
    for q, parts in groups.items():
        max_points = sum(mx for _n, mx in parts)
        passed, shares = 0, []
        for r in graded:
            got = sum(float(r.get(n) or 0) for n, _mx in parts)
            passed += got >= max_points - 1e-9
            shares.append(got / max_points if max_points else 0.0)
        out.append(QuestionStat(q, [n for n, _ in parts], max_points, passed, len(graded),
                                sum(shares) / len(shares) if shares else 0.0))
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


def text_report(assignment: str, rows: list[dict], stats: list[QuestionStat]) -> str:
    """The plain-text class report printed by `course report`."""
    graded = [r for r in rows if r["status"] == "graded"]
    failed = [r for r in rows if r["status"] != "graded"]
    pcts = sorted(float(r["percent"]) for r in graded if r.get("percent") is not None)
    lines = [f"Class report: {assignment}",
             f"trainees {len(rows)}, graded {len(graded)}, not graded {len(failed)}"]
    if pcts:
        mid = pcts[len(pcts) // 2] if len(pcts) % 2 else (pcts[len(pcts) // 2 - 1] + pcts[len(pcts) // 2]) / 2
        lines.append(f"score: mean {sum(pcts) / len(pcts):.1f} %, median {mid:.1f} %, "
                     f"min {pcts[0]:.1f} %, max {pcts[-1]:.1f} %  (of all points, written answers included)")
    lines.append("")
    lines.append("score histogram (% of points)")
    counts = histogram(rows)
    top = max(counts) or 1
    for i, c in enumerate(counts):
        lines.append(f"  {i * 10:3d}-{i * 10 + 10:3d} % | {'#' * round(30 * c / top):<30} {c}")
    lines.append("")
    lines.append(f"{'question':<10} {'points':>6} {'passed':>8} {'pass rate':>10} {'mean score':>11}")
    for s in stats:
        lines.append(f"{s.question:<10} {s.max_points:>6g} {s.passed:>4}/{s.graded:<3} {s.pass_rate:>10.0%} "
                     f"{s.mean_share:>11.0%}")
    lines.append("")
    lines.append("hardest questions: " + (", ".join(
        f"{s.question} ({s.pass_rate:.0%} passed)" for s in hardest(stats)) or "none"))
    manual = [r for r in graded if r.get("needs_manual_grade")]
    if manual:
        lines.append(f"{len(manual)} submission(s) still need manual grading of written answers (formgrader)")
    if failed:
        lines.append("not graded:")
        lines += [f"  {r['student_id']}: {r['status']} {('- ' + r['reason']) if r.get('reason') else ''}"
                  for r in failed]
    return "\n".join(lines)


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def html_report(assignment: str, rows: list[dict], stats: list[QuestionStat]) -> str:
    """A self-contained HTML page: the two charts (embedded PNG), the question table, the hardest three."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = histogram(rows)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.bar([i * 10 + 5 for i in range(10)], counts, width=9, color="#4472c4")
    ax.set_xlabel("score (% of all points)")
    ax.set_ylabel("trainees")
    ax.set_xticks(range(0, 101, 10))
    ax.set_title(f"{assignment}: score histogram")
    hist_png = _png(fig)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6.5, 0.4 * max(len(stats), 3) + 1))
    hard = {s.question for s in hardest(stats)}
    names = [s.question for s in stats][::-1]
    rates = [100 * s.pass_rate for s in stats][::-1]
    ax.barh(names, rates, color=["#c00000" if n in hard else "#70ad47" for n in names])
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of graded trainees with full points")
    ax.set_title("pass rate per question (red: the three hardest)")
    rates_png = _png(fig)
    plt.close(fig)
    esc = html.escape
    table = "".join(
        f"<tr><td>{esc(s.question)}</td><td>{esc(', '.join(s.parts))}</td><td>{s.max_points:g}</td>"
        f"<td>{s.passed}/{s.graded}</td><td>{s.pass_rate:.0%}</td><td>{s.mean_share:.0%}</td></tr>"
        for s in stats)
    hardest_li = "".join(f"<li><b>{esc(s.question)}</b>: {s.pass_rate:.0%} passed, mean {s.mean_share:.0%} of "
                         f"the points</li>" for s in hardest(stats))
    failed = [r for r in rows if r["status"] != "graded"]
    failed_li = "".join(f"<li>{esc(r['student_id'])}: {esc(r['status'])} {esc(r.get('reason') or '')}</li>"
                        for r in failed)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Class report: {esc(assignment)}</title>
<style>body{{font-family:sans-serif;max-width:900px;margin:2em auto}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}pre{{background:#f6f6f6;padding:1em}}</style>
</head><body>
<h1>Class report: {esc(assignment)}</h1>
<h2>Score histogram</h2><img id="histogram" alt="score histogram" src="data:image/png;base64,{hist_png}">
<h2>Pass rate per question</h2><img id="pass-rates" alt="pass rates" src="data:image/png;base64,{rates_png}">
<table id="questions"><tr><th>question</th><th>test cells</th><th>points</th><th>passed</th><th>pass rate</th>
<th>mean score</th></tr>{table}</table>
<h2>The three hardest questions</h2><ol id="hardest">{hardest_li}</ol>
<h2>Not graded</h2><ul id="not-graded">{failed_li or "<li>none</li>"}</ul>
<h2>Summary</h2><pre>{esc(text_report(assignment, rows, stats))}</pre>
</body></html>
"""
