"""What "the same notebook in two languages" means, as a comparable value.

Two editions have the same code cells when their code is the same after prose is set aside: string constants
that contain a space or a non-ASCII character (sentences, labels) and the literal parts of f-strings may be
translated; every name, call, number, identifier-like string (column names, self-check ids, dates) and the
expressions an f-string interpolates must match. nbgrader's region markers (BEGIN/END SOLUTION, BEGIN/END HIDDEN
TESTS) count as code; other comments are prose. The argument of `use_language(...)` is the edition's own.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

MARKER = re.compile(r"^(\s*)#+\s*((BEGIN|END) (SOLUTION|HIDDEN TESTS))\s*$")
GRADE_KEYS = ("grade", "solution", "locked", "task", "grade_id", "points", "schema_version")


def _is_prose(s: str) -> bool:
    return any(ch.isspace() for ch in s) or any(ord(ch) > 127 for ch in s)


class _Normalise(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str) and _is_prose(node.value):
            return ast.Constant("<prose>")
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        exprs = sorted(ast.dump(self.visit(v.value)) for v in node.values if isinstance(v, ast.FormattedValue))
        return ast.Call(ast.Name("__fstring__", ast.Load()), [ast.Constant(e) for e in exprs], [])

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name == "use_language":
            node.args = [ast.Constant("<edition>")]
        return node


def code_shape(source: str) -> str:
    """The cell's code with prose replaced, as an AST dump (markers kept as calls, magics as text)."""
    lines = []
    for line in source.splitlines():
        m = MARKER.match(line)
        if m:
            lines.append(f"{m.group(1)}__marker__({m.group(2)!r})")
        elif line.lstrip().startswith(("%", "!")):
            lines.append(f"{line[: len(line) - len(line.lstrip())]}__magic__({line.strip()!r})")
        else:
            lines.append(line)
    tree = ast.parse("\n".join(lines))
    return ast.dump(_Normalise().visit(tree))


def language_calls(source: str) -> list[str]:
    """The arguments of every `use_language(...)` call in a cell."""
    out = []
    for node in ast.walk(ast.parse("\n".join(ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "use_language":
            out += [a.value for a in node.args if isinstance(a, ast.Constant)]
    return out


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def grade_cells(nb: dict) -> list[tuple]:
    """(cell type, nbgrader flags and points) for every nbgrader cell, in order."""
    out = []
    for c in nb["cells"]:
        meta = c.get("metadata", {}).get("nbgrader")
        if meta:
            out.append((c["cell_type"], tuple((k, meta.get(k)) for k in GRADE_KEYS)))
    return out


def differences(en_path: Path, zh_path: Path) -> list[str]:
    """Each way the Chinese edition's code, grade cells or language switch departs from the English one."""
    en, zh = load(en_path), load(zh_path)
    problems = []
    ce, cz = code_cells(en), code_cells(zh)
    if len(ce) != len(cz):
        problems.append(f"{zh_path.name}: {len(cz)} code cells, the English edition has {len(ce)}")
    for i, (a, b) in enumerate(zip(ce, cz, strict=False)):
        try:
            same = code_shape(a) == code_shape(b)
        except SyntaxError as e:
            problems.append(f"{zh_path.name} code cell {i + 1}: does not parse ({e.msg}, line {e.lineno})")
            continue
        if not same:
            first = b.strip().splitlines()[0] if b.strip() else "(empty)"
            problems.append(f"{zh_path.name} code cell {i + 1} differs from the English cell {i + 1} "
                            f"beyond its prose: {first[:80]!r}")
    if grade_cells(en) != grade_cells(zh):
        problems.append(f"{zh_path.name}: nbgrader cells (ids, points, flags) differ from the English edition")
    for nb, lang, path in ((en, "en", en_path), (zh, "zh", zh_path)):
        calls = [arg for src in code_cells(nb) for arg in language_calls(src)]
        if calls != [lang]:
            problems.append(f"{path}: expected one use_language({lang!r}) switch, found {calls}")
    return problems
