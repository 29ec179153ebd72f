"""Explorer: controls + a live text summary + a live chart, wired so that a test can set a control and read
the new summary without a browser. And `dataset()`, how every widget gets its data."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as W

if TYPE_CHECKING:
    import pandas as pd


def dataset(name: str, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table a widget was given, or, when it was given none, dataset `name` loaded with
    course.datasets.load (so `decision_board()` works on the course data and `decision_board(df)` on yours)."""
    if frame is not None:
        return frame
    from course.datasets import load

    return load(name)


class Explorer:
    """Recompute `compute(**values)` whenever a control changes; show `describe(result)` and `draw(result, ax)`.

    `result` and `summary.value` always hold the latest state, so tests can assert on them.
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
            plt.close("all")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
