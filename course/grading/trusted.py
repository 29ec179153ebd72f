"""Grading where the trainee's code cannot reach: hidden tests run in the grading process, on plain data.

`TrustedExecute` takes the place of nbgrader's Execute preprocessor. It runs the trainee's cells in their
(sandboxed) kernel as usual, but a test cell never runs there. At each test cell it asks the kernel for the
answers that the test reads (by `answer_export.export`, as JSON data), then runs the test's code from the
instructor's source notebook (hidden tests included) here, in a namespace of its own that holds the source
notebook's setup cells and those answers. A trainee's function is called across the boundary
(`answer_export.call`) with the test's inputs, and only its plain result comes back. The test cell's outputs are
what the trusted run printed or raised, so nbgrader's SaveAutoGrades scores them as usual; no hook, patched
builtin or loader, AST transformer, module beside the notebook or partial-credit output of the trainee's can
change a mark. What the kernel showed of tampering is kept in the notebook's metadata (`course.integrity`).

A class may hand in either edition (course.grading.editions): the tests are those of the source of the edition
the notebook is graded as, and they run with the language set to that edition (so `load()` returns its data);
the language in use before is restored afterwards, so one trainee's edition never leaks into the next.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import json
import traceback as tb
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from traitlets import Integer, Unicode

from course import i18n

from . import answer_export, editions

EXPORT_SOURCE = Path(answer_export.__file__).read_text(encoding="utf-8")
FILENAME = "<course-test>"


class TrustedError(RuntimeError):
    """The source notebook needed for trusted grading is missing or does not match the submission."""


def free_names(source: str) -> list[str]:
    """Names a test reads that it does not define itself: candidates for the trainee's answers."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    loaded, stored = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded.append(node.id) if isinstance(node.ctx, ast.Load) else stored.add(node.id))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(node.name)
        elif isinstance(node, ast.alias):
            stored.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            stored.add(node.arg)
    seen: dict[str, None] = {}
    for n in loaded:
        if n not in stored and not n.startswith("_") and not hasattr(builtins, n):
            seen[n] = None
    return list(seen)


def is_setup(cell: NotebookNode) -> bool:
    """A locked code cell of the source that is neither an answer nor a test: it runs in the trusted namespace."""
    return (cell.cell_type == "code" and utils.is_locked(cell) and not utils.is_grade(cell)
            and not utils.is_solution(cell))


def is_test(cell: NotebookNode) -> bool:
    """An auto-graded test cell (nbgrader: grade, not solution, code)."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class RemoteFunction:
    """A trainee's function, seen from the trusted side: calling it runs it in the trainee's kernel on plain
    copies of the arguments and returns a plain copy of its result."""

    def __init__(self, name: str, runner) -> None:
        self.__name__ = name
        self._runner = runner

    def __repr__(self) -> str:
        return f"<trainee function {self.__name__}>"

    def __call__(self, *args, **kwargs):
        flags: list[str] = []
        payload = json.dumps(answer_export.encode((list(args), kwargs), flags, self.__name__))
        reply = self._runner(f"__course_answers__.call({self.__name__!r}, {payload!r}, globals())")
        if reply is None:
            raise RuntimeError(f"`{self.__name__}` did not answer (it crashed the kernel or ran too long)")
        if "error" in reply:
            raise RuntimeError(f"`{self.__name__}` raised {reply['error']}")
        return answer_export.decode(reply.get("value"))


class TrustedNamespace:
    """The namespace hidden tests run in: the source's setup cells, then the answers of each test."""

    def __init__(self) -> None:
        self.ns: dict = {"__name__": "__course_test__", "__builtins__": builtins}
        self.count = 0

    def run(self, source: str) -> list[NotebookNode]:
        """Execute `source` here, returning nbformat outputs: what it printed, its last value, or its error."""
        self.count += 1
        out, err = io.StringIO(), io.StringIO()
        outputs: list[NotebookNode] = []
        try:
            tree = ast.parse(source, FILENAME)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                exec(compile(tree, FILENAME, "exec"), self.ns)  # noqa: S102 (instructor's code)
                value = eval(compile(ast.Expression(last.value), FILENAME, "eval"), self.ns) if last else None
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 (a test's failure, SystemExit included, is its result)
            outputs += self._streams(out, err)
            outputs.append(self._error(exc))
            return outputs
        outputs += self._streams(out, err)
        if value is not None:
            outputs.append(nbformat.v4.new_output("execute_result", data={"text/plain": repr(value)},
                                                  execution_count=self.count))
        return outputs

    @staticmethod
    def _streams(out: io.StringIO, err: io.StringIO) -> list[NotebookNode]:
        return [nbformat.v4.new_output("stream", name=name, text=buf.getvalue())
                for name, buf in (("stdout", out), ("stderr", err)) if buf.getvalue()]

    def _error(self, exc: BaseException) -> NotebookNode:
        line = None
        for frame in tb.extract_tb(exc.__traceback__):
            if frame.filename == FILENAME:
                line = frame.lineno
                break
        if isinstance(exc, SyntaxError) and exc.filename == FILENAME:
            line = exc.lineno
        ename, evalue = type(exc).__name__, str(exc)
        trace = ([f"Cell In[{self.count}], line {line}"] if line else []) + [f"\x1b[0;31m{ename}\x1b[0m: {evalue}"]
        return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=trace)


class TrustedExecute(Execute):
    """nbgrader's Execute, except that test cells are judged in the grading process on the trainee's exported
    answers (see the module docstring). Configure it in place of nbgrader.preprocessors.Execute."""

    source_root = Unicode("", help="course root holding the source notebooks (default: CourseDirectory.root)"
                          ).tag(config=True)
    max_answer_bytes = Integer(50_000_000, help="largest answer export accepted from a kernel").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict, retries=None):
        found = self._edition(nb, resources)
        self._source = self._source_cells(resources, found.edition)
        self._trusted = TrustedNamespace()
        self._flags: list[str] = []
        self._answers: set[str] = set()
        self._loaded = False
        # the edition's language for the tests (load() returns that edition's data), restored afterwards
        with i18n.language(found.edition):
            nb, resources = super().preprocess(nb, resources, retries)
        noted = editions.edition_flags(nb)
        noted += [f for f in found.flags if f not in noted]
        nb.metadata["course"] = {"lang": found.edition, "edition_flags": noted,
                                 "integrity": sorted(set(self._flags) | set(noted))}
        return nb, resources

    def _root(self) -> tuple[Path, CourseDirectory]:
        cd = CourseDirectory(config=self.config)
        return Path(self.source_root or cd.root), cd

    def _edition(self, nb: NotebookNode, resources: dict) -> editions.Detected:
        """The edition the notebook is graded as: the one whose source its locked cells were restored from in
        the sanitising step (the same detection, so a notebook that skipped that step cannot choose)."""
        info = resources.get("nbgrader", {})
        root, cd = self._root()
        try:
            refs, unavailable = editions.sources(root, cd.source_directory, info.get("assignment", ""),
                                                 info.get("notebook", ""))
        except FileNotFoundError as exc:
            raise TrustedError(f"trusted {exc}; or set TrustedExecute.source_root.") from None
        return editions.detect(nb, refs, unavailable=unavailable)

    def _source_cells(self, resources: dict, edition: str = editions.ENGLISH) -> dict[str, tuple[int, NotebookNode]]:
        """The cells by grade_id, with their position, of the source notebook of the trainee's edition."""
        info = resources.get("nbgrader", {})
        root, cd = self._root()
        path = editions.source_path(root, cd.source_directory, info.get("assignment", ""), info.get("notebook", ""),
                                    edition)
        if not path.is_file():
            raise TrustedError(f"trusted grading needs the source notebook {path}: it is missing. Grade from "
                               "the course root that holds solutions/, or set TrustedExecute.source_root.")
        src = nbformat.read(str(path), as_version=4)
        # setup cells still to run in the trusted namespace, in order: each runs before the first test below it
        self._pending_setup = [(i, c) for i, c in enumerate(src.cells) if is_setup(c)]
        return {c.metadata["nbgrader"]["grade_id"]: (i, c) for i, c in enumerate(src.cells)
                if "nbgrader" in c.metadata and c.metadata["nbgrader"].get("grade_id")}

    def _run_in_kernel(self, code: str, index: int) -> dict | None:
        """Run helper code in the trainee's kernel; the last answers payload it displayed, or None."""
        probe = nbformat.v4.new_code_cell(code)
        if not self._loaded:
            probe.source = (f"import types as __t\n__course_answers__ = __t.ModuleType('course_answers')\n"
                            f"exec({EXPORT_SOURCE!r}, __course_answers__.__dict__)\ndel __t\n" + code)
        keep = self.nb.cells[index]
        try:
            self.execute_cell(probe, index, store_history=False)
        finally:
            self.nb.cells[index] = keep  # nbclient stores the executed cell at its index: put the test back
        payload = None
        for out in probe.get("outputs", []):
            data = out.get("data", {}) if out.get("output_type") in ("display_data", "execute_result") else {}
            if answer_export.MIME in data:
                payload = data[answer_export.MIME]
        if isinstance(payload, str):
            if len(payload) > self.max_answer_bytes:
                self._flags.append("sent an answer export larger than the limit")
                return None
            try:
                payload = json.loads(payload)
            except json.JSONDecodeError:
                return None
        if isinstance(payload, dict):
            self._loaded = True
            self._flags += [str(f)[:300] for f in payload.get("flags", []) if isinstance(f, str)]
            return payload
        return None

    def _display(self, expr: str) -> str:
        return ("import IPython.display as __d\n"
                f"__d.display({{{answer_export.MIME!r}: __course_answers__.json.dumps({expr})}}, raw=True)\n"
                "del __d")

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):
        if not is_test(cell):
            return super().preprocess_cell(cell, resources, index)
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        entry = self._source.get(grade_id)
        if entry is None:
            cell.outputs = [self._trusted._error(TrustedError(f"{grade_id} is not a test of this assignment"))]
            return cell, resources
        pos, source_cell = entry
        while self._pending_setup and self._pending_setup[0][0] < pos:
            _i, setup = self._pending_setup.pop(0)
            failed = [o for o in self._trusted.run(setup.source) if o.output_type == "error"]
            if failed:
                raise TrustedError(f"setup cell {setup.metadata['nbgrader'].get('grade_id')} of the source notebook "
                                   f"failed in the grading process: {failed[0].ename}: {failed[0].evalue}")
        names = free_names(source_cell.source)
        wanted = [n for n in names if n not in self._trusted.ns or n in self._answers]
        reply = self._run_in_kernel(self._display(f"__course_answers__.export({wanted!r}, globals())"), index) \
            if wanted else {"values": {}}
        values = (reply or {}).get("values", {})
        for name in wanted:
            self._trusted.ns.pop(name, None)
            if name in values:
                self._answers.add(name)
                raw = values[name]
                if isinstance(raw, dict) and "__callable__" in raw:
                    self._trusted.ns[name] = RemoteFunction(
                        name, lambda code, i=index: self._run_in_kernel(self._display(code), i))
                else:
                    self._trusted.ns[name] = answer_export.decode(raw)
        cell.outputs = self._trusted.run(source_cell.source)
        cell.execution_count = self._trusted.count
        self.nb.cells[index] = cell
        return cell, resources
