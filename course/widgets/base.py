"""Explorer: controls + a live text summary + a live chart, wired so that a test can set a control and read
the new summary without a browser. And `dataset()`, how every widget gets its data; `_`, `label()` and
`options()`, how every widget speaks the language in use (gettext domain `course`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from course.fonts import ensure_cjk_font
from course.i18n import current, translator

if TYPE_CHECKING:
    import pandas as pd

_ = translator("course")
ensure_cjk_font()  # charts draw Chinese with a font that ships with a pip package


def N_(message: str) -> str:
    """Mark a string for the catalog without translating it now (it is translated when shown, with `_`)."""
    return message


CODES = (
    # SERVQUAL dimensions
    N_("tangibles"), N_("reliability"), N_("responsiveness"), N_("assurance"), N_("empathy"),
    # ticket categories, departments and channels
    N_("repair quality"), N_("delivery delay"), N_("product defect"), N_("installation"), N_("billing"),
    N_("staff attitude"), N_("repair"), N_("logistics"), N_("quality"), N_("customer service"),
    N_("email"), N_("in store"), N_("phone"), N_("web form"), N_("wechat"),
    # TARP: problem sizes and what happened after the problem
    N_("under USD 5"), N_("over USD 100"), N_("did not complain"), N_("complained, not resolved"),
    N_("complained, resolved"), N_("resolved quickly"),
    # acquisition channels
    N_("price promotion"), N_("referral"), N_("advertising"), N_("direct sales"),
    # key-account ranking, company stages and the balance verdicts
    N_("revenue"), N_("profit"), N_("start-up"), N_("mature"), N_("in balance"), N_("too little performance"),
    N_("too much performance"),
    # keep / fix / let go and the divestment steps
    N_("keep"), N_("fix"), N_("let go"), N_("none"), N_("reassess"), N_("educate"), N_("renegotiate"),
    N_("migrate"), N_("terminate"),
    # the complaint queue: root causes, severity, priority components, kinds of justice
    N_("late report"), N_("data error"), N_("billing error"), N_("system outage"),
    N_("bounced between departments"), N_("missed callback"), N_("rude or unhelpful staff"), N_("other"),
    N_("low"), N_("medium"), N_("high"), N_("severity"), N_("amount"), N_("waiting"), N_("value"),
    N_("distributive"), N_("procedural"), N_("interactional"),
    # what hotel staff offer from a guest's record
    N_("seat"),
)
"""The data's category codes a trainee reads on a control, a table or a chart. The code keeps comparing the
codes; `label()` shows each in the language in use (a code not listed here is shown as it is)."""


def label(code: object) -> str:
    """The name a trainee reads for a data code ('price promotion' -> '价格促销' in Chinese)."""
    text = str(code)
    return _(text) if text else text


def options(codes: Iterable[object]) -> list[tuple[str, Any]]:
    """(label, value) pairs for a Dropdown, ToggleButtons or SelectMultiple: translated labels, the codes as
    the values the code uses."""
    return [(label(c), c) for c in codes]


def listing(items: Iterable[object]) -> str:
    """Items joined as each edition lists them: 'a, b, c' / 'a、b、c'."""
    return ("、" if current() == "zh" else ", ").join(str(x) for x in items)


def colon() -> str:
    """The colon between a label and its value: ': ' / '：'."""
    return "：" if current() == "zh" else ": "


def dataset(name: str, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table a widget was given, or, when it was given none, dataset `name` loaded with
    course.datasets.load (so `decision_board()` works on the course data and `decision_board(df)` on yours)."""
    if frame is not None:
        return frame
    from course.datasets import load

    return load(name)


class Explorer:
    """Recompute `compute(**values)` whenever a control changes; show `describe(result)` and `draw(result, ax)`.

    `result` and `summary.value` always hold the latest state, so tests can assert on them; `figure` is the
    last chart drawn (closed, but its texts can still be read).
    """

    def __init__(self, controls: dict[str, W.ValueWidget], compute: Callable[..., Any],
                 describe: Callable[[Any], str], draw: Callable[[Any, Any], None] | None = None,
                 title: str = "", figsize: tuple[float, float] = (7, 3.6)):
        self.controls = controls
        self.compute, self.describe, self.draw = compute, describe, draw
        self.figsize = figsize
        self.summary = W.HTML()
        self.summary.add_class("course-summary")
        self.plot = W.Output()
        self.result: Any = None
        self.figure: Any = None
        for c in controls.values():
            c.observe(lambda _change: self.update(), names="value")
        header = [W.HTML(f"<h4>{title}</h4>")] if title else []
        self.widget = W.VBox([*header, W.VBox(list(controls.values())), self.summary, self.plot])
        self.widget.add_class("course-explorer")
        self.update()

    def values(self) -> dict[str, Any]:
        return {k: c.value for k, c in self.controls.items()}

    def update(self) -> None:
        self.result = self.compute(**self.values())
        self.summary.value = self.describe(self.result)
        if self.draw is not None:
            import matplotlib.pyplot as plt

            self.plot.clear_output(wait=True)
            with self.plot:
                fig, ax = plt.subplots(figsize=self.figsize)
                self.draw(self.result, ax)
                fig.tight_layout()
                plt.show()
            self.figure = fig
            plt.close("all")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
