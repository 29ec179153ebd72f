"""The course's nbgrader preprocessors: what makes plain nbgrader 0.9 fair, discreet and bounded here.

* ForgiveStderr (autograde, before SaveAutoGrades): nbgrader's `determine_grade` gives 0 to any graded cell
  with output on stderr, so a correct answer that triggers a pandas FutureWarning would lose its points.
  We drop stderr *stream* output from graded code cells that did not raise; real failures are exceptions
  (an `error` output) and still score 0.
* CapOutputBytes (autograde, right after Execute): nbgrader's LimitOutput counts lines; this caps the SIZE of
  each cell's output, so a trainee who prints a 100 MB line does not put 100 MB into the autograded notebook
  and the feedback page.
* HideHiddenTracebacks (feedback, before nbgrader's ClearHiddenTests): nbgrader copies the hidden-test
  region into the feedback, and a traceback from a hidden test quotes the hidden lines (and its message can
  hold the expected value). ClearHiddenTests removes the region from the source; this preprocessor replaces
  tracebacks that come from, or quote, hidden code with a neutral message.

All of them are switched on in nbgrader_config.py (Autograde.autograde_preprocessors,
GenerateFeedback.preprocessors), so plain `nbgrader autograde` and `course grade` run the same pipeline.
"""

from __future__ import annotations

import re

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Int, Unicode

from course.grading import cells
from course.grading.sanitize import sanitize_notebook
from course.grading.trusted import TrustedExecute

__all__ = ["CapOutputBytes", "ForgiveStderr", "HideHiddenTracebacks", "SanitizeSubmission", "TrustedExecute"]

HIDDEN_FAILURE = "A hidden test failed: check your answer against the question."

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython >= 8: "Cell In[3], line 7" (or "Input In [3]" in older versions); then "----> 7 code".
_CELL_LINE = re.compile(r"(?:Cell|Input)\s*In\s*\[\s*\d*\s*\]\s*,?\s*line (\d+)")
_ARROW = re.compile(r"^-+>\s*(\d+)")


def strip_ansi(text: str) -> str:
    """Text without the terminal colour codes that IPython puts in tracebacks."""
    return _ANSI.sub("", text)


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
        if not cells.is_autograded(cell):
            return cell, resources
        outputs = cell.get("outputs", [])
        if any(o.output_type == "error" for o in outputs):
            return cell, resources
        kept = [o for o in outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
        if len(kept) != len(outputs):
            self.log.info("Ignoring warnings on stderr in graded cell %s",
                          cells.grade_id(cell) or f"cell {cell_index}")
            cell.outputs = kept
        return cell, resources


class CapOutputBytes(NbGraderPreprocessor):
    """Truncate stream text and text/* outputs of a cell beyond `max_bytes` characters in all, and drop images
    beyond `max_image_bytes` (a 100 MB plot would bloat the feedback page and the grading worker)."""

    max_bytes = Int(100_000, help="largest output a cell keeps, in characters (-1: no limit)").tag(config=True)
    max_image_bytes = Int(2_000_000, help="largest image (base64 characters) a cell keeps in all (-1: no limit)"
                          ).tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code" or self.max_bytes < 0:
            return cell, resources
        budget, images = self.max_bytes, self.max_image_bytes
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                out.text, budget = _cut(out.text, budget)
            elif out.output_type in ("execute_result", "display_data"):
                for mime, value in list(out.get("data", {}).items()):
                    if isinstance(value, str) and mime.startswith("text/"):
                        out.data[mime], budget = _cut(value, budget)
                    elif mime.startswith("image/") and images >= 0:
                        size = len(value) if isinstance(value, str) else len(str(value))
                        images -= size
                        if images < 0:
                            del out.data[mime]
                            out.data["text/plain"] = f"[image removed: {size:,} characters is over the cap]"
        return cell, resources


def _cut(text: str, budget: int) -> tuple[str, int]:
    if len(text) <= budget:
        return text, budget - len(text)
    kept = text[:max(budget, 0)]
    return kept + f"\n... output truncated ({len(text):,} characters) ...\n", 0


class HideHiddenTracebacks(NbGraderPreprocessor):
    """In cells with a hidden-test region, replace error output that comes from hidden code, or quotes it,
    with a neutral message; errors from the visible checks keep their friendly message, without frames."""

    begin_test_delimeter = Unicode(cells.BEGIN_HIDDEN, help="Start of a hidden-test region").tag(config=True)
    end_test_delimeter = Unicode(cells.END_HIDDEN, help="End of a hidden-test region").tag(config=True)
    message = Unicode(HIDDEN_FAILURE, help="What a trainee sees when a hidden test fails").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code" or not cells.has_hidden(cell.source, self.begin_test_delimeter):
            return cell, resources
        numbers, code = cells.hidden_regions(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
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


class SanitizeSubmission(NbGraderPreprocessor):
    """Remove scripts, event handlers and other active content from markdown, raw cells and outputs (nh3), so
    that nothing a trainee wrote runs in the Formgrader or a feedback page; tell the summary it happened."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notes = sanitize_notebook(nb)
        if notes:
            self.log.warning("Removed unsafe content from the submission: %s", "; ".join(notes[:5]))
            meta = nb.metadata.setdefault("course", {})
            flags = list(meta.get("integrity", []))
            flag = f"unsafe HTML or script removed from the submission ({len(notes)} place(s))"
            meta["integrity"] = [*flags, flag] if flag not in flags else flags
        return nb, resources
