"""The self-check engine: questions with instant feedback, in the spirit of Kaggle's learntools.

A question is a small frozen object with check() (pure, unit-tested) and widget() (ipywidgets front end).
A wrong answer gets an explanation, never just "wrong". The questions themselves live in the lesson modules
of this package (`course.selfcheck.lesson01` ...), apart from the engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer: right or not, and what to tell the learner."""

    correct: bool
    message: str

    def html(self) -> str:
        colour, mark = ("#1b7837", "✔ Correct.") if self.correct else ("#b2182b", "✘ Not quite.")
        return (f'<div class="course-feedback {"ok" if self.correct else "wrong"}" '
                f'style="border-left:4px solid {colour};padding:4px 8px;margin-top:4px">'
                f'<b style="color:{colour}">{mark}</b> {escape(self.message)}</div>')


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question. `why` explains the right answer; `wrong[i]` explains why option i misleads."""

    id: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    why: str
    wrong: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 <= self.answer < len(self.options):
            raise ValueError(f"question {self.id}: answer index {self.answer} is outside the {len(self.options)} options")

    def check(self, picked: int | str | None) -> Feedback:
        """Check an option given by index or by its exact text."""
        if picked is None or picked == "":
            return Feedback(False, "Pick one of the options first, then press Check.")
        if isinstance(picked, str):
            if picked not in self.options:
                return Feedback(False, f"{picked!r} is not one of the options.")
            picked = self.options.index(picked)
        if picked == self.answer:
            return Feedback(True, self.why)
        hint = self.wrong.get(picked, "Think again about what the lesson showed.")
        return Feedback(False, hint)

    def widget(self):
        import ipywidgets as W

        radio = W.RadioButtons(options=list(self.options), value=None, layout=W.Layout(width="100%"))
        radio.add_class("course-choice")
        return _frame(self, radio, lambda: radio.value)


@dataclass(frozen=True)
class Numeric:
    """A question whose answer is a number; accepted within `tolerance` (absolute) of `answer`."""

    id: str
    prompt: str
    answer: float
    tolerance: float
    why: str
    unit: str = ""
    too_low: str = "Too low."
    too_high: str = "Too high."

    def check(self, value: float | int | str | None) -> Feedback:
        """Check a number, or the text a learner typed into a box."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return Feedback(False, "Type a number first, then press Check.")
        try:
            x = float(str(value).replace(",", "").replace("%", "").strip())
        except ValueError:
            return Feedback(False, f"{value!r} is not a number. Type digits only, e.g. 42.5.")
        if math.isnan(x):
            return Feedback(False, "NaN is not an answer: type a number.")
        if abs(x - self.answer) <= self.tolerance:
            return Feedback(True, self.why)
        return Feedback(False, self.too_low if x < self.answer else self.too_high)

    def widget(self):
        import ipywidgets as W

        box = W.Text(placeholder=f"your answer{' in ' + self.unit if self.unit else ''}")
        return _frame(self, box, lambda: box.value)


Question = Choice | Numeric
"""Any self-check question: a Choice or a Numeric."""


# ipywidgets gives every radio label one fixed line height, so a long option spills over the next one. In a
# self-check, labels take the width of the cell, wrap, and grow with their text (JupyterLab, Notebook 7, Lite).
_STYLE = """<style>
.course-selfcheck .course-choice { width: 100%; height: auto; }
.course-selfcheck .course-choice .widget-radio-box { width: 100%; }
.course-selfcheck .course-choice .widget-radio-box label {
  display: flex; align-items: flex-start; height: auto; line-height: 1.4; padding: 3px 0;
  white-space: normal; overflow-wrap: anywhere; }
.course-selfcheck .course-choice .widget-radio-box input {
  order: -1; float: none; flex: none; height: auto; margin: 0.2em 0.6em 0 1px; }
</style>"""


def _frame(q, control, value):
    import ipywidgets as W

    button = W.Button(description="Check", button_style="primary")
    out = W.HTML()
    button.on_click(lambda _: setattr(out, "value", q.check(value()).html()))
    prompt = W.HTML(f"{_STYLE}<b>Self-check {escape(q.id)}.</b> {escape(q.prompt)}", layout=W.Layout(width="100%"))
    box = W.VBox([prompt, control, button, out], layout=W.Layout(width="100%"))
    box.add_class("course-selfcheck")
    box.question, box.control, box.button, box.feedback = q, control, button, out
    return box


def quiz(*questions):
    """Show several questions, one under the other."""
    import ipywidgets as W

    return W.VBox([q.widget() for q in questions])
