"""Two nbgrader preprocessors that make plain nbgrader 0.9 fair and discreet for this course.

* ForgiveStderr (autograde, before SaveAutoGrades): nbgrader's `determine_grade` gives 0 to any graded cell
  with output on stderr, so a correct answer that triggers a pandas FutureWarning would lose its points.
  We drop stderr *stream* output from graded code cells that did not raise; real failures are exceptions
  (an `error` output) and still score 0.
* HideHiddenTracebacks (feedback, before nbgrader's ClearHiddenTests): nbgrader copies the hidden-test
  region into the feedback, and a traceback from a hidden test quotes the hidden lines (and its message can
  hold the expected value). ClearHiddenTests removes the region from the source; this preprocessor replaces
  tracebacks that come from, or quote, hidden code with a neutral message.

Both are wired in nbgrader_config.py (Autograde.autograde_preprocessors, GenerateFeedback.preprocessors).
"""

from __future__ import annotations

import re

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_FAILURE = "A hidden test failed: check your answer against the question."

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython >= 8: "Cell In[3], line 7" (or "Input In [3]" in older versions); then "----> 7 code".
_CELL_LINE = re.compile(r"(?:Cell|Input)\s*In\s*\[\s*\d*\s*\]\s*,?\s*line (\d+)")
_ARROW = re.compile(r"^-+>\s*(\d+)")


def strip_ansi(text: str) -> str:
    """Text without the terminal colour codes that IPython puts in tracebacks."""
    return _ANSI.sub("", text)


def hidden_regions(source: str, begin: str = "BEGIN HIDDEN TESTS",
                   end: str = "END HIDDEN TESTS") -> tuple[set[int], list[str]]:
    """The 1-based line numbers covered by hidden-test regions (delimiters included) and their code lines."""
    numbers: set[int] = set()
    code: list[str] = []
    inside = False
    for i, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
            numbers.add(i)
        elif end in line:
            inside = False
            numbers.add(i)
        elif inside:
            numbers.add(i)
            if line.strip():
                code.append(line.strip())
    return numbers, code


def failing_line(traceback: list[str]) -> int | None:
    """The line of the notebook cell where the exception was raised (the first cell frame), if it shows."""
    text = strip_ansi("\n".join(traceback))
    lines = text.split("\n")
    for k, line in enumerate(lines):
        m = _CELL_LINE.search(line)
        if m:
            return int(m.group(1))
        if _ARROW.match(line.strip()) and k > 0:
            # IPython < 8 has no "Cell In" header: the first arrow belongs to the cell frame.
            return int(_ARROW.match(line.strip()).group(1))
    return None


def quotes_hidden_code(traceback: list[str], hidden_code: list[str], min_len: int = 8) -> bool:
    """True if the traceback text contains a hidden-test delimiter or any (non-trivial) hidden code line."""
    text = strip_ansi("\n".join(traceback))
    if "HIDDEN TESTS" in text:
        return True
    return any(len(line) >= min_len and line in text for line in hidden_code)


class ForgiveStderr(NbGraderPreprocessor):
    """Drop stderr stream output (warnings) from graded code cells that ran without an exception, so that
    nbgrader's determine_grade does not score a correct answer 0 because pandas printed a warning."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code" or not utils.is_grade(cell):
            return cell, resources
        outputs = cell.get("outputs", [])
        if any(o.output_type == "error" for o in outputs):
            return cell, resources
        kept = [o for o in outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
        if len(kept) != len(outputs):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {cell_index}")
            self.log.info("Ignoring warnings on stderr in graded cell %s", grade_id)
            cell.outputs = kept
        return cell, resources


class HideHiddenTracebacks(NbGraderPreprocessor):
    """In cells with a hidden-test region, replace error output that comes from hidden code, or quotes it,
    with a neutral message; errors from the visible checks keep their friendly message, without frames."""

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS", help="Start of a hidden-test region").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS", help="End of a hidden-test region").tag(config=True)
    message = Unicode(HIDDEN_FAILURE, help="What a trainee sees when a hidden test fails").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
            return cell, resources
        numbers, code = hidden_regions(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                self._sanitise_error(out, numbers, code)
            elif out.output_type == "stream" and quotes_hidden_code([out.get("text", "")], code):
                out.text = self.message + "\n"
        return cell, resources

    def _sanitise_error(self, out: NotebookNode, numbers: set[int], code: list[str]) -> None:
        line = failing_line(out.get("traceback", []))
        ename, evalue = out.get("ename", "Error"), out.get("evalue", "")
        visible = line is not None and line not in numbers
        if visible and not quotes_hidden_code([ename, evalue], code):
            # A visible check failed: its message is written for the trainee; drop the frames, which may
            # show hidden lines as context.
            out.traceback = [f"\x1b[0;31m{ename}\x1b[0m: {evalue}"]
        else:
            out.ename = "HiddenTestFailed"
            out.evalue = self.message
            out.traceback = [self.message]
