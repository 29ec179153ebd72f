"""What a trainee's feedback page says about each question, and what `course report` counts: plain functions on
an nbgrader notebook (no kernel, no gradebook).

* `titles(nb)`: each graded cell's question title, from the markdown heading of the question above it
  ("## Q3. Revenue at risk by branch (3 points)" -> "Q3 Revenue at risk by branch").
* `error_text(source, output)`: what a trainee may read of an error in a test cell. A visible check's message
  is written for the trainee and kept. Of an error raised in a hidden test only the message of a failed `assert`
  statement is kept (the instructor wrote it for the trainee), never the code, and never the text of another
  exception (a KeyError('…'), a library's assertion, a NameError can quote expected values): those get plain
  words. Time-outs and crashes are said in plain words too.
* `results(nb)`: one `Result` per graded cell: its title, what it checked (the trainee's names the visible
  part of the test reads), and its kind: passed, wrong, blank (not answered), timeout, error (the answer cell
  raised, or the test could not use the answer), or written (graded by hand).

The feedback preprocessors (course.grading.preprocessors: HideHiddenTracebacks, QuestionFeedback,
FeedbackStyle) and the report (course.grading.report) are built on these. So an instructor sees in the report
the same messages the trainees read.

Every word here is in the language in use (gettext domain `grading`): the feedback preprocessors set it to the
edition each notebook was graded as, so a trainee of the Chinese edition reads a Chinese page. The hidden tests'
own messages are in the edition's language already (each edition's source has them translated);
`counterpart_message` finds, for the report, the same assert's message in another edition.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course import i18n
from course.grading import cells

_ = i18n.translator("grading")


def N_(message: str) -> str:
    """Mark a string held in a table for translation; it is translated where it is shown."""
    return message


TEMPLATES = Path(__file__).resolve().parent / "templates"
# The feedback page: nbgrader's feedback template with question titles in its table of contents and a box per
# question (templates/feedback/course-feedback.html.j2, which extends nbgrader's own index.html.j2).
TEMPLATE_FILE = "course-feedback.html.j2"

HIDDEN_FAILURE = N_("A hidden test failed: check your answer against the question.")
HTML_LANG = {"en": "en", "zh": "zh-CN"}  # the feedback page's <html lang> per edition
KINDS = ("passed", "wrong", "blank", "timeout", "error", "written")
TIMEOUT_NAMES = {"CellTimeoutError", "TimeoutError", "UnresponsiveKernelError"}

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython >= 8: "Cell In[3], line 7" (or "Input In [3]" in older versions); then "----> 7 code".
_CELL_LINE = re.compile(r"(?:Cell|Input)\s*In\s*\[\s*\d*\s*\]\s*,?\s*line (\d+)")
_ARROW = re.compile(r"^-+>\s*(\d+)")
# "## Q3. Revenue at risk (3 points)", "## Question 2 · HHI (3 points)", "## Written answer w1 · Memo (5 points, …)"
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
# English and Chinese headings: "Q3.", "Question 3 ·", "问题 3：", "第 3 题"; "W1.", "Written answer w1", "书面题 W1"
_QUESTION = re.compile(r"^(?:q|question\s*|问题\s*|第\s*)(\d+)\s*(?:题)?\s*[.:：．、·\-–—]?\s*(.*)$", re.IGNORECASE)
_WRITTEN = re.compile(r"^(?:w|written\s+answer\s*w?|书面(?:作答|回答|题|答题)?\s*w?)(\d+)\s*[.:：．、·\-–—]?\s*(.*)$",
                      re.IGNORECASE)
_POINTS = re.compile(r"\s*(?:\([^()]*\bpoints?\b[^()]*\)|[(（][^()（）]*\d+(?:\.\d+)?\s*分[^()（）]*[)）])\s*$",
                     re.IGNORECASE)
_PART = re.compile(r"^q\d+([a-z])_test$")
# RemoteFunction's messages (course.grading.trusted): only the exception's type is repeated to the trainee
_REMOTE_SILENT = re.compile(r"^`(\w+)` did not answer")
_REMOTE_RAISED = re.compile(r"^`(\w+)` raised (\w+)")


def _source(cell) -> str:
    """A cell's source as one string (a notebook read as plain JSON may keep it as a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src or "")


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


# ------------------------------------------------------------------------------------------------ titles
def heading_title(markdown: str) -> str | None:
    """The question title of a markdown cell's first heading: "Q3 Revenue at risk by branch" from
    "## Q3. Revenue at risk by branch (3 points)", "W1 Memo" from "## Written answer w1 · Memo (5 points, …)";
    any other heading as written (without emphasis marks); None without a heading."""
    for line in markdown.splitlines():
        m = _HEADING.match(line)
        if not m:
            continue
        text = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))", "", m.group(1)).strip()
        text = _POINTS.sub("", text).strip()
        for pattern, letter in ((_WRITTEN, "W"), (_QUESTION, "Q")):
            q = pattern.match(text)
            if q:
                rest = q.group(2).strip()
                return f"{letter}{q.group(1)} {rest}".strip()
        return text or None
    return None


def titles(nb) -> dict[str, str]:
    """grade_id -> the title of the question it belongs to: the last markdown heading at or above the cell
    (its grade_id in capitals when no heading comes before it). Headings the trainee wrote (in a written
    answer) do not count."""
    out: dict[str, str] = {}
    current: str | None = None
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown" and not cells.is_solution(cell):
            current = heading_title(_source(cell)) or current
        gid = cells.grade_id(cell)
        if gid and gid not in out:
            out[gid] = current or cells.question_of(gid).upper()
    return out


def label(grade_id: str, title: str) -> str:
    """The name of one graded cell in the feedback: its question's title, plus its part for q2a_test etc."""
    m = _PART.match(grade_id)
    return _("{title} (part {part})").format(title=title, part=m.group(1)) if m else title


# ------------------------------------------------------------------------------------------------ messages
def _assert_messages(source: str) -> dict[int, ast.expr | None]:
    """Line number -> message expression of every `assert` statement in `source` (each line it spans)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found: dict[int, ast.expr | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                found.setdefault(line, node.msg)
    return found


def _message_matches(msg: ast.expr | None, evalue: str) -> bool:
    """Whether `evalue` can be the message of an assert with message expression `msg`: a string literal must be
    the message, an f-string's literal parts must be in it; other expressions (a name, a call) are trusted."""
    if msg is None:
        return False
    if isinstance(msg, ast.Constant):
        return isinstance(msg.value, str) and msg.value == evalue
    if isinstance(msg, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".*" for v in msg.values]
        return re.fullmatch("".join(parts), evalue, re.DOTALL) is not None
    return True


def hidden_failure() -> str:
    """What a trainee reads when a hidden test fails without a message of its own."""
    return _(HIDDEN_FAILURE)


def time_limit_label() -> str:
    """The label of a time-out in a test's output."""
    return _("Time limit")


def pending_verdict() -> str:
    """The verdict of a written answer that still waits for its grade."""
    return _("waiting for your instructor's grade")


def timeout_text(seconds: float | None = None) -> str:
    """The plain words for code stopped at the time limit."""
    limit = _("longer than {seconds} s").format(seconds=f"{seconds:g}") if seconds else _("past the time limit")
    return _("Your code ran {limit} and was stopped: look for a loop that never ends (a `while` whose condition "
             "never becomes false), or work on the whole column at once instead of row by row.").format(limit=limit)


def _plain_words(ename: str, evalue: str, seconds: float | None) -> str:
    """What to tell a trainee about an exception from hidden code, without its text."""
    if ename in TIMEOUT_NAMES:
        return timeout_text(seconds)
    if ename == "RuntimeError":
        m = _REMOTE_SILENT.match(evalue)
        if m:
            return _("Your function `{name}` did not answer when the hidden test called it: it crashed the kernel "
                     "or ran too long. Try it on other inputs in your notebook.").format(name=m.group(1))
        m = _REMOTE_RAISED.match(evalue)
        if m:
            return _("Your function `{name}` raised {error} when the hidden test called it with other inputs: make "
                     "it work for any table of the same shape, not only the one in the question."
                     ).format(name=m.group(1), error=m.group(2))
    if ename == "AssertionError":
        return hidden_failure()
    if ename == "KeyError":
        return _("A hidden test could not find a label it needs in your answer (KeyError): check the labels, keys "
                 "or columns the question asks for.")
    if ename == "NameError":
        return _("A hidden test could not find a name it needs (NameError): keep the variable names the question "
                 "gives, and run your answer cell before the test.")
    if ename in ("TypeError", "ValueError", "AttributeError", "IndexError"):
        return _("A hidden test could not use your answer as the question describes it ({error}): check its type "
                 "and shape (a number, a text, a Series with one value per label, a table).").format(error=ename)
    if ename == "ZeroDivisionError":
        return _("A hidden test divided by a part of your answer that is zero (ZeroDivisionError).")
    return _("A hidden test stopped with {error} on your answer: check it against the question.").format(error=ename)


def error_text(source: str, output: dict, seconds: float | None = None, *, begin: str = cells.BEGIN_HIDDEN,
               end: str = cells.END_HIDDEN) -> tuple[bool, str]:
    """(from hidden code?, what a trainee may read) for an error output of a test cell with source `source`.

    Visible checks keep their message. From hidden code: the message of a failed `assert` statement (when the
    output can be that statement's message and quotes no hidden code), else plain words that name only the kind
    of problem. A time-out is always plain words, with the limit `seconds` when known.
    """
    ename = str(output.get("ename") or "Error")
    evalue = str(output.get("evalue") or "")
    if ename in TIMEOUT_NAMES:
        return False, timeout_text(seconds)
    if not cells.has_hidden(source, begin):
        return False, evalue or ename
    numbers, code = cells.hidden_regions(source, begin, end)
    line = failing_line(output.get("traceback") or [])
    if line is not None and line not in numbers and not quotes_hidden_code([ename, evalue], code):
        return False, evalue or ename
    if line is None:
        return True, _plain_words(ename, "", seconds) if ename != "AssertionError" else hidden_failure()
    if ename == "AssertionError" and evalue.strip() and "HIDDEN TESTS" not in evalue:
        msg = _assert_messages(source).get(line, False)
        if msg is not False and _message_matches(msg, evalue):
            return True, evalue.strip()
    return True, _plain_words(ename, evalue, seconds)


def _texts(source: str) -> list[ast.expr] | None:
    """The string constants and f-strings of a cell's source, in source order (an f-string's own parts are not
    counted apart); None when it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found: list[ast.expr] = []

    class Strings(ast.NodeVisitor):
        def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
            found.append(node)  # its parts are this text's, not texts of their own

        def visit_Constant(self, node: ast.Constant) -> None:
            if isinstance(node.value, str):
                found.append(node)

    Strings().visit(tree)
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def _fill(msg: ast.expr, values: dict[str, str]) -> str | None:
    """The text of `msg` (a string constant or f-string) with its interpolated parts taken from `values`
    (expression dump -> text); None when a part is missing."""
    if isinstance(msg, ast.Constant) and isinstance(msg.value, str):
        return msg.value
    if not isinstance(msg, ast.JoinedStr):
        return None
    out = []
    for v in msg.values:
        if isinstance(v, ast.Constant):
            out.append(str(v.value))
        elif isinstance(v, ast.FormattedValue) and ast.dump(v.value) in values:
            out.append(values[ast.dump(v.value)])
        else:
            return None
    return "".join(out)


def counterpart_message(message: str, source: str, other: str) -> str:
    """The same message in another edition of a test cell: `message` was raised by a test of `source` (a test
    cell of one edition: an assert's message, or a text it holds in a table of mistakes), `other` is the same cell
    in another edition (the same code with its texts translated: the parity test). The text at the same place in
    `other`, with the values an f-string interpolated carried over; `message` itself when no text of `source`
    can be it."""
    mine, theirs = _texts(source), _texts(other)
    if mine is None or theirs is None or len(mine) != len(theirs):
        return message
    for node, twin in zip(mine, theirs, strict=True):
        if isinstance(node, ast.Constant) and node.value == message:
            return _fill(twin, {}) or message
        if isinstance(node, ast.JoinedStr):
            keys = [ast.dump(v.value) for v in node.values if isinstance(v, ast.FormattedValue)]
            pattern = "".join(re.escape(str(v.value)) if isinstance(v, ast.Constant) else "(.*?)"
                              for v in node.values)
            m = re.fullmatch(pattern, message, re.DOTALL)
            if m:
                return _fill(twin, dict(zip(keys, m.groups(), strict=True))) or message
    return message


# ------------------------------------------------------------------------------------------------ results
@dataclass
class Result:
    """How one graded cell went, in words a trainee may read."""

    grade_id: str
    question: str  # q2 for q2a_test
    title: str  # "Q2 Bounced between departments"
    label: str  # "Q2 Bounced between departments (part a)"
    kind: str  # passed | wrong | blank | timeout | error | written
    message: str = ""  # why it is not passed (empty when passed)
    checked: list[str] = field(default_factory=list)  # the trainee's names the visible test reads
    hidden: bool = False  # the test has hidden tests too
    points: float = 0.0
    score: float | None = None  # from the gradebook, when the notebook carries it (feedback)

    def as_metadata(self) -> dict:
        return asdict(self)


def _defined_names(source: str) -> set[str]:
    """Names a piece of code assigns, imports or defines (at any depth)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def checked_names(test_source: str, provided: set[str]) -> list[str]:
    """The trainee's names the visible part of a test reads: read there, not defined by the test itself, not a
    builtin, not `provided` (what the notebook's setup cells define)."""
    visible = cells.without_hidden(test_source)
    try:
        tree = ast.parse(visible)
    except SyntaxError:
        return []
    own = _defined_names(visible) | provided
    seen: dict[str, None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            n = node.id
            if n not in own and not n.startswith("_") and not hasattr(builtins, n):
                seen[n] = None
    return list(seen)


def _errors(cell) -> list[dict]:
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def _answer_problem(answer_cells: list, seconds: float | None) -> tuple[str, str] | None:
    """(kind, message) when a question's answer cell did not run through: not answered, too slow, or raised."""
    for cell in answer_cells:
        errs = _errors(cell)
        names = {str(o.get("ename")) for o in errs}
        if names & TIMEOUT_NAMES:
            return "timeout", timeout_text(seconds)
        if "NotImplementedError" in names:
            return "blank", _("Not answered: the answer cell still raises NotImplementedError. Replace that line "
                              "with your code.")
        if errs:
            ename = str(errs[-1].get("ename") or _("an error"))
            return "error", _("Your answer cell stopped with {error} before it finished: run it in JupyterLab and fix "
                              "that error first (the traceback is under your answer).").format(error=ename)
    return None


def results(nb, seconds: float | None = None) -> list[Result]:
    """One Result per graded cell of an autograded (or feedback) notebook, in notebook order.

    A test cell is passed when it shows no error; otherwise blank, timeout or error when its question's answer
    cell did not run through (not answered, stopped at the time limit, raised), timeout or error when the test
    itself hit the limit or could not use the answer, else wrong, with the test's message (`error_text`).
    """
    names = titles(nb)
    provided: set[str] = set()
    answers: dict[str, list] = {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        if cells.is_answer(cell):
            answers.setdefault(cells.question_of(cells.grade_id(cell) or ""), []).append(cell)
        elif not cells.is_grade(cell) and (cells.is_locked(cell) or cells.grade_id(cell) is None):
            provided |= _defined_names(_source(cell))
    out = []
    for cell in nb.cells:
        gid = cells.grade_id(cell)
        if not gid or not cells.is_grade(cell):
            continue
        md = cells.nbgrader_meta(cell) or {}
        title = names.get(gid, gid)
        score = md.get("score")
        base = dict(grade_id=gid, question=cells.question_of(gid), title=title, label=label(gid, title),
                    points=cells.points(cell), score=None if score is None else float(score))
        if not cells.is_autograded(cell):
            out.append(Result(kind="written", **base))
            continue
        source = _source(cell)
        base.update(checked=checked_names(source, provided), hidden=cells.has_hidden(source))
        errs = _errors(cell)
        if not errs:
            out.append(Result(kind="passed", **base))
            continue
        problem = _answer_problem(answers.get(base["question"], []), seconds)
        if problem is not None:
            kind, message = problem
        else:
            ename = str(errs[-1].get("ename") or "")
            _hidden, message = error_text(source, errs[-1], seconds)
            if ename in TIMEOUT_NAMES or _REMOTE_SILENT.match(str(errs[-1].get("evalue") or "")):
                kind = "timeout"
            elif ename == "AssertionError":
                kind = "wrong"
            else:
                kind = "error"
        out.append(Result(kind=kind, message=message, **base))
    return out


# The feedback page's own CSS (FeedbackStyle adds it to the CSS the template inlines): long code lines and
# error messages wrap instead of running off the page, and each question gets a box saying how it went.
CSS = """
div.output_area pre, div.output_subarea pre, div.input_area pre, div.highlight pre {
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal;
}
div.output_subarea { max-width: 100%; }
div.output_error pre { background: #fdf3f3; }
#toc ol { padding-left: 1.6em; }
#toc li { margin: 0.15em 0; }
#toc .course-kind { font-size: 0.85em; margin-left: 0.5em; }
.course-box { border-left: 6px solid #9e9e9e; background: #f6f6f6; padding: 0.5em 0.9em; margin: 0.6em 0 0.4em; }
.course-box h5 { margin: 0 0 0.3em; font-size: 1.05em; font-weight: bold; }
.course-box p { margin: 0.2em 0; }
.course-box .course-message { white-space: pre-wrap; overflow-wrap: anywhere; }
.course-passed { border-color: #2e7d32; background: #eef7ee; }
.course-wrong, .course-error { border-color: #c62828; background: #fdeeee; }
.course-blank { border-color: #757575; background: #f2f2f2; }
.course-timeout { border-color: #e65100; background: #fff3e0; }
.course-written { border-color: #1565c0; background: #edf3fc; }
.course-kind-passed { color: #2e7d32; }
.course-kind-wrong, .course-kind-error { color: #c62828; }
.course-kind-timeout { color: #e65100; }
.course-kind-blank { color: #616161; }
.course-kind-written { color: #1565c0; }
"""

# How each kind of result reads in the feedback page (the template) and the report (English; `verdict` translates).
VERDICTS = {
    "passed": N_("passed"),
    "wrong": N_("not right yet"),
    "blank": N_("not answered"),
    "timeout": N_("stopped: ran too long"),
    "error": N_("stopped with an error"),
    "written": N_("graded by your instructor"),
}


def verdict(kind: str) -> str:
    """How a kind of result reads on the feedback page, in the language in use."""
    return _(VERDICTS[kind])


# The words of the feedback page around the questions (course/grading/templates/feedback/): key -> English.
PAGE_WORDS = {
    "score": N_("Score"),
    "points": N_("points"),
    "checked": N_("What was checked:"),
    "by_visible_and_hidden": N_("by the visible checks you could run yourself and by hidden tests that recompute "
                                "the answer from the data."),
    "by_visible": N_("by the visible checks you could run yourself."),
    "task": N_("Task"),
    "written_response": N_("Written response"),
    "coding_response": N_("Coding free-response"),
    "test_cell": N_("Test cell"),
    "comment": N_("Comment"),
    "comment_on": N_("Comment on {title}"),
    "late_penalty": N_("Late submission penalty"),
    "top": N_("Top"),
    "your_answer": N_("Your answer"),
    "your_task": N_("Your task"),
    "graded_cell": N_("Graded cell:"),
    "comments": N_("Comments:"),
}


def page_words() -> dict[str, str]:
    """The feedback page's own words in the language in use (the template reads them from its resources)."""
    return {key: _(text) for key, text in PAGE_WORDS.items()}
