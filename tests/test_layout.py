"""The package layout holds: every topic is in the syllabus and has its widget module, lessons import only the
topics their syllabus entry lists and keep their cells to story and calls, topics stay free of widgets and
self-checks, and no module of `course` imports itself round a cycle."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from course import syllabus

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
TOPICS = sorted(p.stem for p in (COURSE / "topics").glob("*.py") if p.stem != "__init__")
WIDGETS = sorted(p.stem for p in (COURSE / "widgets").glob("*.py") if p.stem not in ("__init__", "base"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(COURSE.rglob("*.py"))}


def imported(tree: ast.AST, here: str, is_package: bool, top_level_only: bool) -> set[str]:
    """The course modules an AST imports: `from a import b` names a.b when that is a module, else a.
    With top_level_only, imports inside functions, classes and `if TYPE_CHECKING:` are left out."""
    base = here if is_package else here.rpartition(".")[0]

    def nodes(body):
        for node in body:
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                continue
            if isinstance(node, (ast.If, ast.Try)):
                yield from nodes([*node.body, *node.orelse, *getattr(node, "handlers", []),
                                  *getattr(node, "finalbody", [])])
            elif isinstance(node, ast.ExceptHandler):
                yield from nodes(node.body)
            else:
                yield node

    found: set[str] = set()
    for node in nodes(tree.body) if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            pkg = node.module or ""
            if node.level:
                anchor = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                pkg = f"{anchor}.{pkg}" if pkg else anchor
            found.update(f"{pkg}.{a.name}" if f"{pkg}.{a.name}" in MODULES else pkg for a in node.names)
    return {m for m in found if m in MODULES}


def code_cells(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def lesson_imports(notebook: Path) -> set[str]:
    mods: set[str] = set()
    for cell in code_cells(notebook):
        mods |= imported(ast.parse(cell), "lessons", True, top_level_only=False)
    return mods


# --- topics, syllabus and widgets -----------------------------------------------------------------------------

def test_every_topic_is_in_the_syllabus_and_has_its_widget_module():
    assert TOPICS, "course/topics holds no topic"
    assert sorted(syllabus.topics()) == TOPICS, "course/topics and the syllabus's topics differ"
    assert WIDGETS == TOPICS, "one widget module per topic, named as its topic"


def test_syllabus_lists_every_lesson_notebook():
    assert sorted(str(p.relative_to(ROOT)) for p in (ROOT / "lessons").glob("*.ipynb")) == \
        sorted(m.lesson for m in syllabus.LESSONS)


@pytest.mark.parametrize("module", syllabus.LESSONS, ids=lambda m: m.id)
def test_lesson_imports_only_its_topics(module):
    mods = lesson_imports(ROOT / module.lesson)
    used = {m.split(".")[2] for m in mods if m.startswith(("course.topics.", "course.widgets."))}
    used.discard("base")
    assert used <= set(module.topics), f"{module.lesson} uses {sorted(used - set(module.topics))}, not its topics"
    reached = used | {m.split(".")[2] for t in used for m in imported(
        ast.parse(MODULES[f"course.topics.{t}"].read_text(encoding="utf-8")), f"course.topics.{t}", False, False)
        if m.startswith("course.topics.")}
    assert set(module.topics) <= reached, f"{module.lesson} never uses {sorted(set(module.topics) - reached)}"


@pytest.mark.parametrize("topic", TOPICS)
def test_topics_import_no_widgets_selfchecks_or_front_end(topic):
    path = MODULES[f"course.topics.{topic}"]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mods = imported(tree, f"course.topics.{topic}", False, top_level_only=False)
    assert not {m for m in mods if m.startswith(("course.widgets", "course.selfcheck"))}, f"{path}: {mods}"
    outside = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    outside |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m.split(".")[0] for m in outside} & {"ipywidgets", "IPython", "matplotlib"}, f"{path}: {outside}"


# --- no import cycle ------------------------------------------------------------------------------------------

def import_graph() -> dict[str, set[str]]:
    return {name: imported(ast.parse(path.read_text(encoding="utf-8")), name, path.stem == "__init__", True)
            - {name} for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_course_modules_import_each_other_without_a_cycle():
    graph = import_graph()
    assert graph["course.topics.triage"] >= {"course.topics.profitability", "course.datasets"}
    assert "course.selfcheck.engine" in graph["course.selfcheck"]
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# --- lessons hold story and calls -----------------------------------------------------------------------------

def simple(node: ast.expr) -> bool:
    """A name, an attribute or an index into one (x, r.clv, s['peak_pct'], t.loc['a', 'b']): no call,
    arithmetic or branching."""
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Attribute):
        return simple(node.value)
    if isinstance(node, ast.Subscript):
        key = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return simple(node.value) and all(isinstance(k, ast.Constant) or simple(k) for k in key)
    return False


@pytest.mark.parametrize("module", syllabus.LESSONS, ids=lambda m: m.id)
def test_lesson_sentences_only_quote_values(module):
    bad = []
    for cell in code_cells(ROOT / module.lesson):
        for node in ast.walk(ast.parse(cell)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Markdown":
                arg = node.args[0]
                if isinstance(arg, ast.JoinedStr):
                    bad += [ast.unparse(v.value) for v in arg.values
                            if isinstance(v, ast.FormattedValue) and not simple(v.value)]
                elif not isinstance(arg, (ast.Constant, ast.Call)):
                    bad.append(ast.unparse(arg))
    assert not bad, f"{module.lesson}: compute these before the sentence or in the package: {bad}"


@pytest.mark.parametrize("module", syllabus.LESSONS, ids=lambda m: m.id)
def test_lesson_is_committed_without_outputs(module):
    nb = json.loads((ROOT / module.lesson).read_text(encoding="utf-8"))
    run = [i for i, c in enumerate(nb["cells"])
           if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not run, f"{module.lesson}: cells {run} carry outputs or execution counts"
