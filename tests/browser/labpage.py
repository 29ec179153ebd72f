"""What a person does in JupyterLab, as Playwright steps: open a notebook, run cells, read outputs, use widgets.

The lab under test runs with expose_app_in_browser, so waits can read the notebook model (execution counts,
error outputs) instead of guessing from pixels; every action itself goes through the page as a person's would.
"""

from __future__ import annotations

import re
import uuid

from browserkit import ROOT  # noqa: F401 - re-exported for the tests

# The notebook panel the user is looking at.
_PANEL = "window.jupyterapp && window.jupyterapp.shell.currentWidget"

KERNEL_IDLE = f"""(path) => {{
  const p = {_PANEL};
  if (!p || !p.context || p.context.path !== path || !p.sessionContext) return false;
  const k = p.sessionContext.session && p.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && !p.sessionContext.pendingInput;
}}"""

CELLS = f"""() => {{
  const p = {_PANEL};
  const cells = p.content.model.cells;
  const out = [];
  for (let i = 0; i < cells.length; i++) {{
    const c = cells.get(i);
    const o = c.type === 'code' ? c.outputs.toJSON() : [];
    out.push({{type: c.type, count: c.type === 'code' ? c.executionCount : null,
               source: c.sharedModel.getSource(), outputs: o}});
  }}
  return out;
}}"""

# Run All is finished when the kernel is idle, no prompt shows [*], and every code cell has run
# (or one raised, which stops the run).
RUN_FINISHED = f"""() => {{
  const p = {_PANEL};
  const k = p.sessionContext.session && p.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  const busy = [...p.content.node.querySelectorAll('.jp-InputPrompt')].some(e => e.textContent.includes('*'));
  if (busy) return false;
  const cells = p.content.model.cells;
  let ran = true, failed = false;
  for (let i = 0; i < cells.length; i++) {{
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    if (c.sharedModel.getSource().trim() && c.executionCount === null) ran = false;
    if (c.outputs.toJSON().some(o => o.output_type === 'error')) failed = true;
  }}
  return ran || failed;
}}"""


def open_notebook(page, lab, path: str, timeout: float = 90_000) -> None:
    """Open a notebook by its path in the lab, and wait until its kernel is ready."""
    page.goto(lab.url(path, workspace=f"t{uuid.uuid4().hex[:10]}"))
    page.wait_for_selector(".jp-NotebookPanel:visible .jp-Cell", state="attached", timeout=timeout)
    page.wait_for_function(KERNEL_IDLE, arg=path, timeout=timeout)


def menu(page, *labels: str) -> None:
    """Click through the menu bar, e.g. menu(page, "Run", "Run All Cells")."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(labels[0])}$")).click()
    for label in labels[1:]:
        page.locator(".lm-Menu-item:visible .lm-Menu-itemLabel",
                     has_text=re.compile(rf"^{re.escape(label)}$")).first.click()


def run_all(page, timeout: float = 180_000) -> list[dict]:
    """Run → Run All Cells, wait for the run to end, and return every cell with its outputs."""
    menu(page, "Run", "Run All Cells")
    page.wait_for_timeout(300)  # let the first execute request leave before polling for the end
    page.wait_for_function(RUN_FINISHED, timeout=timeout)
    return cells(page)


def cells(page) -> list[dict]:
    return page.evaluate(CELLS)


def errors(cell_list: list[dict]) -> list[str]:
    """Every error output, as 'cell N: Name: value' (N counts all cells from 0)."""
    found = []
    for i, c in enumerate(cell_list):
        for o in c["outputs"]:
            if o.get("output_type") == "error":
                found.append(f"cell {i}: {o.get('ename')}: {o.get('evalue')}")
    return found


def shown_tracebacks(page) -> list[str]:
    """Error text a person would see on the page: rendered tracebacks in output areas."""
    texts = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    return [t[:300] for t in texts if "Traceback" in t or re.search(r"\b\w+Error\b", t)]


def command(page, name: str, args: dict | None = None) -> None:
    """Run a JupyterLab command by id (what a menu item or shortcut does)."""
    page.evaluate("([n, a]) => window.jupyterapp.commands.execute(n, a)", [name, args or {}])


def cell_node(page, index: int):
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(index)


def set_cell_source(page, index: int, code: str) -> None:
    """Click into cell `index`, select all of its text and type `code` in its place."""
    node = cell_node(page, index)
    node.scroll_into_view_if_needed()
    node.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    page.keyboard.press("Escape")  # back to command mode, as after typing


def wait_cell_ran(page, index: int, timeout: float = 60_000) -> dict:
    """Wait until cell `index` has run (an execution count, kernel idle) and return it."""
    page.wait_for_function(
        f"""(i) => {{ const p = {_PANEL}; const c = p.content.model.cells.get(i);
                const k = p.sessionContext.session.kernel;
                return c.executionCount !== null && k.status === 'idle'
                  && !p.content.widgets[i].node.querySelector('.jp-InputPrompt').textContent.includes('*'); }}""",
        arg=index, timeout=timeout)
    return cells(page)[index]


def output_text(cell: dict) -> str:
    """All text a cell printed or displayed (streams, text/plain and text/html), joined."""
    parts = []
    for o in cell["outputs"]:
        if o.get("output_type") == "stream":
            t = o.get("text", "")
            parts.append("".join(t) if isinstance(t, list) else t)
        elif "data" in o:
            for mime in ("text/plain", "text/html", "text/markdown"):
                v = o["data"].get(mime)
                if v:
                    parts.append("".join(v) if isinstance(v, list) else v)
        elif o.get("output_type") == "error":
            parts.append(f"{o.get('ename')}: {o.get('evalue')}")
    return "\n".join(parts)
