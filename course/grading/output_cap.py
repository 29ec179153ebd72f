"""An nbgrader preprocessor that caps the SIZE of each cell's output (nbgrader's LimitOutput counts lines).

A trainee who prints a 100 MB string in one line would otherwise put 100 MB into the autograded notebook and
the feedback page. `course grade` inserts it right after nbgrader's Execute.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Int


class CapOutputBytes(NbGraderPreprocessor):
    """Truncate stream text and text/* outputs of a cell beyond `max_bytes` characters in all."""

    max_bytes = Int(100_000, help="largest output a cell keeps, in characters (-1: no limit)").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code" or self.max_bytes < 0:
            return cell, resources
        budget = self.max_bytes
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                out.text, budget = _cut(out.text, budget)
            elif out.output_type in ("execute_result", "display_data"):
                for mime, value in list(out.get("data", {}).items()):
                    if isinstance(value, str) and mime.startswith("text/"):
                        out.data[mime], budget = _cut(value, budget)
        return cell, resources


def _cut(text: str, budget: int) -> tuple[str, int]:
    if len(text) <= budget:
        return text, budget - len(text)
    kept = text[:max(budget, 0)]
    return kept + f"\n... output truncated ({len(text):,} characters) ...\n", 0
