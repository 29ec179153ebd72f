"""The course's nbgrader preprocessors: what makes plain nbgrader 0.9 fair, discreet and bounded here.

* ForgiveStderr (autograde, before SaveAutoGrades): nbgrader's `determine_grade` gives 0 to any graded cell
  with output on stderr, so a correct answer that triggers a pandas FutureWarning would lose its points.
  We drop stderr *stream* output from graded code cells that did not raise; real failures are exceptions
  (an `error` output) and still score 0.
* CapOutputBytes (autograde, right after Execute): nbgrader's LimitOutput counts lines; this caps the SIZE of
  each cell's output, so a trainee who prints a 100 MB line does not put 100 MB into the autograded notebook
  and the feedback page.
* HideHiddenTracebacks (feedback, before nbgrader's ClearHiddenTests): nbgrader copies the hidden-test
  region into the feedback, and a traceback from a hidden test quotes the hidden lines (and the text of an
  exception can hold the expected value). ClearHiddenTests removes the region from the source; this
  preprocessor keeps, of an error raised in hidden code, only the authored message of a failed `assert`, and
  says anything else (a KeyError, a time-out) in plain words (course.grading.feedback.error_text).
* QuestionFeedback (feedback, before HideHiddenTracebacks): puts on each graded cell what the feedback page
  shows about it (its question's title, what was checked, passed / wrong / not answered / too slow / error and
  the message), in the cell's `course.feedback` metadata, which the course's feedback template renders.
* FeedbackStyle (feedback, after CSSHTMLHeaderPreprocessor): the page's extra CSS (long lines wrap, the
  question boxes), added where nbgrader's template inlines its CSS.
* OverwriteEditionCells (autograde's sanitising step, in place of nbgrader's OverwriteCells): decides which
  edition the trainee handed in (course.grading.editions.detect: the cells, not the notebook's claim), records
  it in the notebook's metadata, and restores the locked cells from that edition's source (nbgrader's own
  OverwriteCells, fed with the edition's cells; the English ones come from the gradebook as always).

The feedback preprocessors work in the language of the edition each notebook was graded as, so every trainee
reads their page in their own language. All of them are switched on in nbgrader_config.py
(Autograde.sanitize_preprocessors, Autograde.autograde_preprocessors, GenerateFeedback.preprocessors), so plain
`nbgrader autograde` and `course grade` run the same pipeline.
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells
from traitlets import Int, Unicode

from course import i18n
from course.grading import cells, editions, feedback
from course.grading.feedback import HIDDEN_FAILURE, failing_line, quotes_hidden_code, strip_ansi
from course.grading.sanitize import sanitize_notebook
from course.grading.trusted import TrustedExecute

__all__ = ["HIDDEN_FAILURE", "CapOutputBytes", "FeedbackStyle", "ForgiveStderr", "HideHiddenTracebacks",
           "OverwriteEditionCells", "QuestionFeedback", "SanitizeSubmission", "TrustedExecute", "failing_line",
           "quotes_hidden_code", "strip_ansi"]


def _cell_timeout(config) -> float | None:
    """The per-cell time limit the notebook was executed with (Execute.timeout of this configuration)."""
    try:
        value = config.Execute.get("timeout") if "Execute" in config else None
    except (AttributeError, TypeError):
        value = None
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


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
    """In cells with a hidden-test region, keep of an error raised in hidden code only the authored message of
    a failed `assert` (never the code, never another exception's text: those become plain words); errors from
    the visible checks keep their friendly message, without frames; time-outs are said in plain words."""

    begin_test_delimeter = Unicode(cells.BEGIN_HIDDEN, help="Start of a hidden-test region").tag(config=True)
    end_test_delimeter = Unicode(cells.END_HIDDEN, help="End of a hidden-test region").tag(config=True)
    message = Unicode(HIDDEN_FAILURE, help="What a trainee sees when a hidden test fails without a message"
                      ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        with i18n.language(editions.graded_edition(nb)):  # plain words in the trainee's language
            return super().preprocess(nb, resources)

    def _message(self) -> str:
        """The configured message, or the course's own in the language in use."""
        return feedback.hidden_failure() if self.message == HIDDEN_FAILURE else self.message

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code" or not cells.has_hidden(cell.source, self.begin_test_delimeter):
            return cell, resources
        _numbers, code = cells.hidden_regions(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                self._sanitise_error(cell.source, out)
            elif out.output_type == "stream" and quotes_hidden_code([out.get("text", "")], code):
                out.text = self._message() + "\n"
        return cell, resources

    def _sanitise_error(self, source: str, out: NotebookNode) -> None:
        hidden, text = feedback.error_text(source, out, _cell_timeout(self.config),
                                           begin=self.begin_test_delimeter, end=self.end_test_delimeter)
        if text == feedback.hidden_failure():
            text = self._message()
        ename = out.get("ename", "Error")
        if hidden:
            out.ename = "HiddenTestFailed"
            out.evalue = text
            out.traceback = [text] if text == self._message() else [f"\x1b[0;31m{text}\x1b[0m"]
        elif ename in feedback.TIMEOUT_NAMES:
            out.evalue = text
            out.traceback = [f"\x1b[0;31m{feedback.time_limit_label()}\x1b[0m: {text}"]
        else:
            # A visible check failed: its message is written for the trainee; drop the frames, which may
            # show hidden lines as context.
            out.traceback = [f"\x1b[0;31m{ename}\x1b[0m: {text}"]


class QuestionFeedback(NbGraderPreprocessor):
    """Put on every graded cell what the feedback page says about it (course.grading.feedback.results: the
    question's title, what was checked, the kind of result and its message, whether a written answer still
    waits for its grade) as `metadata.course.feedback`, and say time-outs of answer cells in plain words.
    Runs after GetGrades (the scores, manual ones included) and before HideHiddenTracebacks and
    ClearHiddenTests (it needs the test's whole source)."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        edition = editions.graded_edition(nb)
        with i18n.language(edition):  # the page in the language of the edition the trainee handed in
            return self._explain(nb, resources, edition)

    def _explain(self, nb: NotebookNode, resources: ResourcesDict,
                 edition: str) -> tuple[NotebookNode, ResourcesDict]:
        seconds = _cell_timeout(self.config)
        pending = _needs_manual(resources)
        by_id = {r.grade_id: r for r in feedback.results(nb, seconds)}
        for cell in nb.cells:
            gid = cells.grade_id(cell)
            if gid in by_id:
                meta = by_id[gid].as_metadata()
                meta["pending"] = gid in pending
                meta["verdict"] = feedback.pending_verdict() if meta["pending"] else feedback.verdict(meta["kind"])
                cell.metadata.setdefault("course", {})["feedback"] = meta
            if cell.cell_type == "code" and cells.is_answer(cell):
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error" and out.get("ename") in feedback.TIMEOUT_NAMES:
                        out.evalue = feedback.timeout_text(seconds)
                        out.traceback = [f"\x1b[0;31m{feedback.time_limit_label()}\x1b[0m: {out.evalue}"]
        resources["course"] = {"lang": edition, "html_lang": feedback.HTML_LANG.get(edition, edition),
                               "words": feedback.page_words()}
        return nb, resources


def _needs_manual(resources: ResourcesDict) -> set[str]:
    """grade_ids of this trainee's cells still waiting for a manual grade (empty outside nbgrader)."""
    info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
    if not info.get("db_url"):
        return set()
    from nbgrader.api import Gradebook, MissingEntry

    try:
        with Gradebook(info["db_url"]) as gb:
            nb = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
            return {g.name for g in nb.grades if g.needs_manual_grade and g.manual_score is None}
    except (MissingEntry, KeyError):
        return set()


class FeedbackStyle(NbGraderPreprocessor):
    """Add the feedback page's own CSS (long lines and error messages wrap; the question boxes) to the CSS
    nbgrader's feedback template inlines (`resources.inlining.css`, filled by CSSHTMLHeaderPreprocessor)."""

    css = Unicode(feedback.CSS, help="extra CSS of the feedback page").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        inlining = resources.setdefault("inlining", {})
        inlining["css"] = [*inlining.get("css", []), self.css]
        return nb, resources


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


class _EditionCells:
    """The gradebook as OverwriteCells reads it, except that source cells come from another edition's source
    (types, locks and points still come from the gradebook: the editions share them)."""

    def __init__(self, gradebook, source: dict[str, editions.SourceCell]) -> None:
        self._gradebook = gradebook
        self._source = source

    def find_source_cell(self, name: str, notebook: str, assignment: str):
        if name in self._source:
            return self._source[name]
        return self._gradebook.find_source_cell(name, notebook, assignment)

    def __getattr__(self, name: str):
        return getattr(self._gradebook, name)


class OverwriteEditionCells(OverwriteCells):
    """nbgrader's OverwriteCells for a class that hands in either edition: detect the edition a submission is
    (course.grading.editions.detect), record it in the notebook's `course` metadata with what was odd about it,
    and restore every locked cell from that edition's source: the gradebook's (English) source cells, or the
    Chinese source's cells as nbgrader's generate_assignment records them."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        cd = CourseDirectory(config=self.config)
        refs, unavailable = editions.sources(Path(cd.root), cd.source_directory, info["assignment"],
                                             info["notebook"])
        found = editions.detect(nb, refs, unavailable=unavailable)
        editions.mark(nb, found)
        for flag in found.flags:
            self.log.warning("Edition of the submission: %s", flag)
        self._edition_cells = (None if found.edition == editions.ENGLISH
                               else editions.source_cells(refs[found.edition], self.config, found.edition))
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if not getattr(self, "_edition_cells", None):
            return super().preprocess_cell(cell, resources, cell_index)
        real = self.gradebook
        self.gradebook = _EditionCells(real, self._edition_cells)
        try:
            return super().preprocess_cell(cell, resources, cell_index)
        finally:
            self.gradebook = real
