"""The self-check engine: questions with instant feedback, in the spirit of Kaggle's learntools.

A question is a small frozen object with check() (pure, unit-tested) and widget() (ipywidgets front end).
A wrong answer gets an explanation, never just "wrong". The questions themselves live in the lesson modules
of this package (`course.selfcheck.lesson01` ...), apart from the engine.

Every text of a question is held in English, marked with `N_` so that it is extracted into the `selfcheck`
catalog, and translated when it is shown: `check()` and `widget()` speak the language in use at the moment they
run (`course.use_language`). A question computed from data keeps its numbers in `fill`; they are put into the
translated text (`"{rate:.1%}: ..."`), never into the English before translating.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from course.i18n import current, translator

_ = translator("selfcheck")


def N_(message: str) -> str:
    """Mark a question text for the `selfcheck` catalog; it is translated later, when shown."""
    return message


def shown(message: str, fill: Mapping[str, object] | None = None) -> str:
    """`message` in the language in use, with `fill` put into its placeholders (the empty text stays empty)."""
    if not message:
        return message
    text = _(message)
    return text.format(**fill) if fill else text


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer: right or not, and what to tell the learner."""

    correct: bool
    message: str

    def html(self) -> str:
        colour, mark = ("#1b7837", _("✔ Correct.")) if self.correct else ("#b2182b", _("✘ Not quite."))
        return (f'<div class="course-feedback {"ok" if self.correct else "wrong"}" '
                f'style="border-left:4px solid {colour};padding:4px 8px;margin-top:4px">'
                f'<b style="color:{colour}">{escape(mark)}</b> {escape(self.message)}</div>')


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question. `why` explains the right answer; `wrong[i]` explains why option i misleads.
    `fill` holds the values of the placeholders in the texts of a question computed from data."""

    id: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    why: str
    wrong: dict[int, str] = field(default_factory=dict)
    fill: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 <= self.answer < len(self.options):
            raise ValueError(f"question {self.id}: answer index {self.answer} is outside the {len(self.options)} options")

    def shown(self, text: str) -> str:
        """One of this question's texts in the language in use, its placeholders filled."""
        return shown(text, self.fill)

    def shown_options(self) -> tuple[str, ...]:
        """The options as the learner reads them now."""
        return tuple(self.shown(o) for o in self.options)

    def check(self, picked: int | str | None) -> Feedback:
        """Check an option given by index or by its text (English, or as shown in the language in use)."""
        if picked is None or picked == "":
            return Feedback(False, _("Pick one of the options first, then press Check."))
        if isinstance(picked, str):
            labels = self.shown_options()
            if picked in labels:
                picked = labels.index(picked)
            elif picked in self.options:
                picked = self.options.index(picked)
            else:
                return Feedback(False, _("{picked!r} is not one of the options.").format(picked=picked))
        if picked == self.answer:
            return Feedback(True, self.shown(self.why))
        hint = self.wrong.get(picked, N_("Think again about what the lesson showed."))
        return Feedback(False, self.shown(hint))

    def widget(self):
        """The question as a widget, drawn in the language in use."""
        import ipywidgets as W

        labels = list(self.shown_options())
        radio = W.RadioButtons(options=labels, value=None, layout=W.Layout(width="100%"))
        radio.add_class("course-choice")
        # The widget knows the labels it was drawn with, so Check still works after the language changes.
        return _frame(self, radio, lambda: labels.index(radio.value) if radio.value in labels else radio.value)


@dataclass(frozen=True)
class Numeric:
    """A question whose answer is a number; accepted within `tolerance` (absolute) of `answer`."""

    id: str
    prompt: str
    answer: float
    tolerance: float
    why: str
    unit: str = ""
    too_low: str = N_("Too low.")
    too_high: str = N_("Too high.")
    fill: dict[str, object] = field(default_factory=dict)

    def shown(self, text: str) -> str:
        """One of this question's texts in the language in use, its placeholders filled."""
        return shown(text, self.fill)

    def parse(self, value: float | int | str) -> float:
        """The number a learner typed: thousands separators, %, the unit and full-width digits are accepted
        ('1,250', '12.5%', '１２５０', '720 位'); anything else is a ValueError."""
        if not isinstance(value, str):
            return float(value)
        text = unicodedata.normalize("NFKC", value)
        for unit in {self.unit, self.shown(self.unit)} - {""}:
            text = text.replace(unit, "")
        return float(text.replace(",", "").replace("%", "").strip())

    def check(self, value: float | int | str | None) -> Feedback:
        """Check a number, or the text a learner typed into a box."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return Feedback(False, _("Type a number first, then press Check."))
        try:
            x = self.parse(value)
        except ValueError:
            return Feedback(False, _("{value!r} is not a number. Type digits only, e.g. 42.5.").format(value=value))
        if math.isnan(x):
            return Feedback(False, _("NaN is not an answer: type a number."))
        if abs(x - self.answer) <= self.tolerance:
            return Feedback(True, self.shown(self.why))
        return Feedback(False, self.shown(self.too_low if x < self.answer else self.too_high))

    def widget(self):
        """The question as a widget, drawn in the language in use."""
        import ipywidgets as W

        unit = self.shown(self.unit)
        placeholder = _("your answer in {unit}").format(unit=unit) if unit else _("your answer")
        box = W.Text(placeholder=placeholder)
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

    button = W.Button(description=_("Check"), button_style="primary")
    out = W.HTML()
    button.on_click(lambda _b: setattr(out, "value", q.check(value()).html()))
    title = _("Self-check {id}.").format(id=q.id)
    prompt = W.HTML(f"{_STYLE}<b>{escape(title)}</b> {escape(q.shown(q.prompt))}", layout=W.Layout(width="100%"))
    box = W.VBox([prompt, control, button, out], layout=W.Layout(width="100%"))
    box.add_class("course-selfcheck")
    box.add_class(f"course-lang-{current()}")
    box.question, box.control, box.button, box.feedback = q, control, button, out
    return box


def quiz(*questions):
    """Show several questions, one under the other."""
    import ipywidgets as W

    return W.VBox([q.widget() for q in questions])
