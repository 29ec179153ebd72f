"""The self-study site (course lite) in Chromium, with every request off 127.0.0.1 refused.

The site is built once per session (tests/lite/sitebuild.py: with the network cut when it can be) and served
from 127.0.0.1. Chromium gets a sentinel proxy: every request that would leave 127.0.0.1 reaches it (Chromium
never proxies loopback), is recorded and refused; with Playwright's own record of the pages' and workers'
requests, that shows the site works with no internet at all.

Chromium runs every lesson of both editions top to bottom and one exercise per edition (EXERCISES_IN_CHROMIUM;
COURSE_LITE_ALL=1 runs every exercise too); the Node harness (tests/lite/test_lite_harness.py) runs every lesson and exercise on the same runtime. The tests expose
the lab's app object to the page by rewriting jupyter-lite.json on its way to the browser (the published site
does not expose it), so that waits can read the notebook model; every action goes through the page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from browserkit import ROOT, SCREENSHOTS, call_failed, free_port, open_context, shoot
from labpage import CELLS, errors, menu, output_text

sys.path.insert(0, str(ROOT / "tests" / "lite"))
from liteplan import code_cells, is_solution, passed_line, solution_sources  # noqa: E402
from sitebuild import built_site  # noqa: E402

pytestmark = pytest.mark.browser

START = "lessons/00-start-here.ipynb"
LOCAL = {"127.0.0.1"}
# Run top to bottom in Chromium on every test run: every lesson in both editions, and one exercise per edition
# with its solution typed in (COURSE_LITE_ALL=1 runs every exercise too; the Node harness runs them all always).
EXERCISES_IN_CHROMIUM = ("exercises/02-complaint-iceberg/02-complaint-iceberg.ipynb",
                         "exercises/zh/02-complaint-iceberg/02-complaint-iceberg.ipynb")
# A warm open of a lesson should reach its first executed cell within 10 s; measured on a quiet 2-core machine
# it takes 9.8-10.9 s (docs/SELF-STUDY.md). The test fails past WARM_OPEN_S, so that a real slowdown shows
# while the figure's own scatter does not make the test flaky.
WARM_OPEN_S = 15.0
# Google services Chromium itself calls (autofill, component updates) whatever page is open; the page-level
# record (Playwright sees every request of the pages and their workers) shows the site never asks for them.
CHROMIUM_SERVICES = (".googleapis.com", ".gvt1.com", ".google.com")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
REQUESTS: list[str] = []  # every request of every page of this module

_PANEL = "window.jupyterapp && window.jupyterapp.shell.currentWidget"
KERNEL_IDLE = f"""() => {{
  const p = {_PANEL};
  if (!p || !p.sessionContext) return false;
  const k = p.sessionContext.session && p.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}}"""
RUN_FINISHED = f"""() => {{
  const p = {_PANEL};
  const k = p.sessionContext.session && p.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  if ([...p.content.node.querySelectorAll('.jp-InputPrompt')].some(e => e.textContent.includes('*'))) return false;
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


def all_notebooks() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for d in ("lessons", "exercises") for p in (ROOT / d).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def chosen_notebooks() -> list[str]:
    if os.environ.get("COURSE_LITE_ALL") == "1":
        return all_notebooks()
    return [n for n in all_notebooks() if n.startswith("lessons/") or n in EXERCISES_IN_CHROMIUM]


class Sentinel:
    """A 'proxy' on 127.0.0.1 that records the first line of every request sent to it and refuses them all."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.seen.append(conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1"))
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


class Served:
    def __init__(self, base: str, log: list[str]):
        self.base, self.log = base, log

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path}"


def serve(site: Path):
    from course.lite import make_server

    log: list[str] = []
    server = make_server(site, "127.0.0.1", free_port(), log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}", log)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def lite_site(chromium) -> Path:
    return built_site()


@pytest.fixture(scope="session")
def lite_server(lite_site):
    yield from serve(lite_site)


@pytest.fixture(scope="module")
def sentinel():
    s = Sentinel()
    yield s
    s.close()


def expose_app(route) -> None:
    """Serve jupyter-lite.json with exposeAppInBrowser on (for the tests' waits), nothing else changed."""
    resp = route.fetch()
    cfg = json.loads(resp.text())
    cfg.setdefault("jupyter-config-data", {})["exposeAppInBrowser"] = "true"
    route.fulfill(response=resp, body=json.dumps(cfg))


@pytest.fixture
def browse(browser, sentinel, request):
    """open(url) → a page in a fresh context (fresh browser storage and cache) behind the sentinel proxy;
    open(url, page=p) reuses p's context (its cache and storage). Screenshots after the test."""
    made = []

    def open_(url: str, page=None, timeout: float = 120_000):
        if page is None:
            ctx, pg = open_context(browser, proxy={"server": f"http://127.0.0.1:{sentinel.port}", "bypass": "127.0.0.1"})
            ctx.set_default_timeout(timeout)
            ctx.route("**/jupyter-lite.json", expose_app)
            ctx.on("request", lambda r: REQUESTS.append(r.url))
        else:
            ctx = page.context
            pg = ctx.new_page()
            pg.console_log = []
            pg.on("console", lambda m: pg.console_log.append(f"[{m.type}] {m.text}"))
        made.append(pg)
        pg.goto(url)
        return pg

    yield open_
    failed = call_failed(request)
    for i, pg in enumerate(made):
        if not pg.is_closed():
            shoot(pg, f"{request.node.nodeid}-{i}", failed, pg.console_log)
    for ctx in {pg.context for pg in made}:
        ctx.close()


def lab_url(server: Served, path: str) -> str:
    return server.url(f"lab/index.html?path={urllib.parse.quote(path)}")


def wait_kernel(pg, timeout: float = 120_000) -> None:
    pg.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout)
    pg.wait_for_function(KERNEL_IDLE, timeout=timeout)


def model_cells(pg) -> list[dict]:
    return pg.evaluate(CELLS)


def run_all(pg, timeout: float = 600_000) -> list[dict]:
    menu(pg, "Run", "Run All Cells")
    pg.wait_for_timeout(300)
    pg.wait_for_function(RUN_FINISHED, timeout=timeout, polling=500)
    return model_cells(pg)


def show_cell(pg, index: int):
    """Scroll the notebook to cell `index` (the lab draws only the cells near the view) and return its node."""
    pg.evaluate(f"async (i) => {{ const p = {_PANEL}; p.content.activeCellIndex = i;"
                f" await p.content.scrollToItem(i, 'center'); }}", index)
    pg.wait_for_timeout(150)
    return pg.evaluate_handle(f"(i) => {_PANEL}.content.widgets[i].node", index)


def cell_count(pg) -> int:
    return pg.evaluate(f"() => {_PANEL}.content.widgets.length")


def cell_index(pg, needle: str) -> int:
    """The first cell whose source contains `needle`."""
    return next(i for i, c in enumerate(model_cells(pg)) if needle in c["source"])


def run_cell(pg, index: int, timeout: float = 120_000) -> str:
    """Select cell `index`, press Shift+Enter, wait until its prompt shows an execution count; return its
    output text."""
    node = show_cell(pg, index)
    node.query_selector(".jp-InputPrompt").click()
    pg.keyboard.press("Escape")
    pg.keyboard.press("Shift+Enter")
    pg.wait_for_function("(el) => /^\\[\\d+\\]:$/.test(el.querySelector('.jp-InputPrompt').textContent.trim())",
                         arg=node, timeout=timeout)
    out = node.query_selector(".jp-OutputArea")
    return out.inner_text() if out else ""


def type_into_cell(pg, index: int, code: str) -> None:
    """Click into cell `index`, select all of its text and type `code` in its place."""
    node = show_cell(pg, index)
    node.query_selector(".cm-content").click()
    pg.keyboard.press("ControlOrMeta+a")
    pg.keyboard.press("Delete")
    pg.keyboard.insert_text(code)
    pg.keyboard.press("Escape")


def add_cell(pg, code: str) -> int:
    """Insert a code cell at the end of the notebook, type `code` into it, and return its index."""
    last = cell_count(pg) - 1
    show_cell(pg, last).query_selector(".jp-InputPrompt").click()
    pg.keyboard.press("Escape")
    pg.keyboard.press("b")
    pg.wait_for_function(f"(n) => {_PANEL}.content.widgets.length === n", arg=last + 2)
    type_into_cell(pg, last + 1, code)
    return last + 1


def stderr_outputs(cell_list: list[dict]) -> list[str]:
    return [f"cell {i}: {''.join(o.get('text', ''))[:300]}" for i, c in enumerate(cell_list)
            for o in c["outputs"] if o.get("output_type") == "stream" and o.get("name") == "stderr"]


def not_run(cell_list: list[dict]) -> list[int]:
    return [i for i, c in enumerate(cell_list) if c["type"] == "code" and c["source"].strip() and c["count"] is None]


def check_widgets_rendered(pg, cell_list: list[dict]) -> int:
    """Every widget the kernel displayed is drawn in the page (no text stand-in, no 'Error displaying
    widget'); returns how many were displayed."""
    shown = sum(1 for c in cell_list for o in c["outputs"] if WIDGET_MIME in (o.get("data") or {}))
    assert pg.get_by_text("Error displaying widget").count() == 0
    drawn = pg.locator(".jp-OutputArea-output:has(.jupyter-widgets)").count()
    assert drawn >= shown, f"{shown} widgets displayed, {drawn} drawn in the page"
    return shown


# ---------------------------------------------------------------------------------------------------------------
# the lab and its contents


def test_site_lists_every_lesson_and_exercise(browse, lite_server):
    """The lab loads from 127.0.0.1; its file browser shows every lesson (and each language folder of
    lessons/) and every exercise of the repo, and no solutions/."""
    pg = browse(lite_server.url("lab/index.html"))
    pg.locator(".jp-DirListing-item", has_text="lessons").wait_for()
    top = pg.locator(".jp-DirListing-content .jp-DirListing-itemText").all_inner_texts()
    assert "solutions" not in top and {"lessons", "exercises", "data"} <= set(top)
    pg.locator(".jp-DirListing-item").filter(
        has=pg.locator(".jp-DirListing-itemText", has_text=re.compile(r"^lessons$"))).dblclick()
    pg.locator(".jp-BreadCrumbs-item", has_text="lessons").wait_for()
    pg.wait_for_timeout(500)
    shown = pg.locator(".jp-DirListing-content .jp-DirListing-itemText").all_inner_texts()
    want = sorted(p.name for p in (ROOT / "lessons").iterdir() if p.suffix == ".ipynb" or
                  (p.is_dir() and not p.name.startswith(".")))
    assert [n for n in want if n not in shown] == [], shown


# ---------------------------------------------------------------------------------------------------------------
# notebooks top to bottom


@pytest.mark.parametrize("path", chosen_notebooks())
def test_notebook_runs_top_to_bottom(browse, lite_server, lite_site, path):
    """Run All: every code cell runs (the install cell loads everything from the site), no error and nothing on
    stderr, every widget drawn. In an exercise the solution is typed into each answer cell first (solutions/
    never reaches the site), and each visible check prints its ✔ line; a hint then shows."""
    pg = browse(lab_url(lite_server, path))
    wait_kernel(pg)
    site_nb = json.loads((lite_site / "files" / path).read_text(encoding="utf-8"))
    exercise = path.startswith("exercises/")
    if exercise:
        sols = solution_sources(ROOT / path)
        for i, c in enumerate(site_nb["cells"]):
            if c["cell_type"] == "code" and is_solution(c):
                type_into_cell(pg, i, sols[c["metadata"]["nbgrader"]["grade_id"]])
    cl = run_all(pg)
    assert errors(cl) == [], errors(cl)
    assert not_run(cl) == [], f"cells not run: {not_run(cl)}"
    assert stderr_outputs(cl) == [], stderr_outputs(cl)
    check_widgets_rendered(pg, cl)
    if exercise:
        planned = {c["source"] for c in code_cells(ROOT / path, None) if c["check"]}
        for c in cl:
            if c["source"] in planned:
                for qid in re.findall(r'passed\("([^"]+)"\)', c["source"]):
                    assert passed_line(qid, path) in output_text(c), c["source"][:200]
        first_q = next(c["metadata"]["nbgrader"]["grade_id"] for c in site_nb["cells"] if is_solution(c))
        out = run_cell(pg, add_cell(pg, f'hint("{first_q}")'))
        assert out.strip() and "Error" not in out, out
    if path.endswith("02-complaint-iceberg.ipynb") and not exercise:
        move_a_slider_and_see_the_summary_change(pg)


def move_a_slider_and_see_the_summary_change(pg) -> None:
    index = pg.evaluate(f"() => {_PANEL}.content.widgets.findIndex(w => w.node.querySelector('.course-iceberg'))")
    assert index >= 0, "no iceberg explorer in the page"
    show_cell(pg, index)
    explorer = pg.locator(".course-iceberg").first
    explorer.scroll_into_view_if_needed()
    summary = explorer.locator(".course-summary").inner_text()
    slider = explorer.locator(".widget-slider").first
    box = slider.locator(".noUi-handle").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pg.mouse.move(x, y)
    pg.mouse.down()
    pg.mouse.move(x + 80, y, steps=10)
    pg.mouse.up()
    pg.wait_for_function("([el, t]) => el.innerText !== t",
                         arg=[explorer.locator(".course-summary").element_handle(), summary])


def test_self_check_gives_feedback(browse, lite_server):
    """The start page's self-check (the course wheel, pure Python and ipywidgets) says wrong, then right."""
    pg = browse(lab_url(lite_server, START))
    wait_kernel(pg)
    run_cell(pg, 0, timeout=180_000)
    run_cell(pg, cell_index(pg, "for_lesson(0)"))
    quiz = pg.locator(".course-selfcheck").first
    quiz.wait_for()
    quiz.get_by_text("In long cells inside the notebook", exact=True).click()
    quiz.get_by_role("button", name="Check").click()
    assert "read the paragraph above again" in quiz.locator(".course-feedback.wrong").inner_text()
    quiz.get_by_text("In the course package, which the notebook calls", exact=True).click()
    quiz.get_by_role("button", name="Check").click()
    assert "Correct" in quiz.locator(".course-feedback.ok").inner_text()


def test_work_persists_between_visits(browse, lite_server):
    """What a learner types and saves is in the browser's IndexedDB (JupyterLite's default storage) and comes
    back on the next visit."""
    pg = browse(lab_url(lite_server, START))
    wait_kernel(pg)
    mark = f"my_note_{uuid.uuid4().hex[:8]}"
    add_cell(pg, f"{mark} = 'kept'")
    pg.keyboard.press("ControlOrMeta+s")
    pg.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
    dbs = pg.evaluate("async () => (await indexedDB.databases()).map(d => d.name)")
    assert any("JupyterLite" in (n or "") for n in dbs), dbs
    pg.close()
    again = browse(lab_url(lite_server, START), page=pg)
    wait_kernel(again)
    assert any(mark in c["source"] for c in model_cells(again)), "the saved cell did not come back"


def test_warm_open_reaches_the_first_executed_cell_quickly(browse, lite_server, request):
    """Open a lesson once (fills the browser's cache), then again: the second time its first cell (the install
    cell) has run within WARM_OPEN_S of the page being asked for (the target is 10 s). The figure goes to
    _artifacts/screenshots/lite-warm-open.txt."""
    path = "lessons/02-complaint-iceberg.ipynb"
    pg = browse(lab_url(lite_server, path))
    wait_kernel(pg)
    run_cell(pg, 0, timeout=300_000)
    pg.close()
    t0 = time.monotonic()
    warm = browse(lab_url(lite_server, path), page=pg)
    wait_kernel(warm)
    ready = time.monotonic() - t0
    run_cell(warm, 0)
    took = time.monotonic() - t0
    load = os.getloadavg()[0]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "lite-warm-open.txt").write_text(
        f"warm open of {path}: kernel ready {ready:.1f} s, first cell done {took:.1f} s (load average {load:.1f})\n")
    print(f"warm open: kernel ready {ready:.1f} s, first cell done {took:.1f} s, load {load:.1f}")
    # Other work on the machine's two cores slows the browser down as much: the limit applies to a quiet one.
    limit = WARM_OPEN_S if load < 1.5 else WARM_OPEN_S * max(1.0, load / 1.5)
    assert took < limit, f"warm open took {took:.1f} s (limit {limit:.0f} s at load {load:.1f})"


# ---------------------------------------------------------------------------------------------------------------
# honest failure


@pytest.fixture(scope="module")
def broken_sites(lite_site, tmp_path_factory):
    """Two copies of the site (hard links): one without pandas, one without Pyodide's wasm."""
    made = {}
    for name, victim in (("no-pandas", "pandas-*.whl"), ("no-wasm", "pyodide.asm.wasm")):
        copy = tmp_path_factory.mktemp(name) / "site"
        shutil.copytree(lite_site, copy, copy_function=os.link)
        for f in (copy / "static" / "pyodide").glob(victim):
            f.unlink()
        made[name] = copy
    servers = {name: serve(site) for name, site in made.items()}
    yield {name: next(gen) for name, gen in servers.items()}
    for gen in servers.values():
        next(gen, None)


def test_a_package_that_cannot_load_is_said_plainly(browse, broken_sites):
    """Without pandas' file, the install cell stops with a plain message saying what failed and what to do."""
    pg = browse(lab_url(broken_sites["no-pandas"], "lessons/02-complaint-iceberg.ipynb"))
    wait_kernel(pg)
    out = run_cell(pg, 0, timeout=180_000)
    assert "SiteProblem: A Python package could not be loaded from this site" in out, out
    assert "What to do" in out and "Traceback" not in out


def test_a_runtime_that_cannot_start_is_said_plainly(browse, broken_sites):
    """Without pyodide.asm.wasm, Python cannot start: the page says so in a banner, with what to do, instead of
    leaving the cells at [*] with no word."""
    pg = browse(lab_url(broken_sites["no-wasm"], "lessons/02-complaint-iceberg.ipynb"))
    pg.locator(".jp-Notebook .jp-Cell").first.wait_for()
    banner = pg.locator("#course-lite-problem")
    banner.wait_for(timeout=120_000)
    text = banner.inner_text()
    assert "Python could not start in this browser tab" in text and "What to do" in text, text


# ---------------------------------------------------------------------------------------------------------------
# the record


def chromium_own(line: str) -> bool:
    """A request Chromium makes for itself (autofill, component updates), not one the site asked for."""
    host = (line.split()[1:2] or [""])[0]
    host = urllib.parse.urlsplit(host if "://" in host else f"//{host}").hostname or ""
    return host.endswith(CHROMIUM_SERVICES)


def hosts(urls: list[str]) -> set[str]:
    return {urllib.parse.urlsplit(u).hostname or u for u in urls if not u.startswith(("data:", "blob:"))}


def test_no_request_left_127_0_0_1(sentinel, lite_server):
    """Everything above (site, Pyodide, packages, widgets, data) came from the local server: no request of any
    page or worker went elsewhere, and nothing tried to leave through the proxy."""
    if not REQUESTS:
        pytest.skip("no page of this module ran")
    assert any(u.endswith("/static/pyodide/pyodide.asm.wasm") for u in REQUESTS), \
        "the kernel worker's requests were not recorded, so this check would prove nothing"
    assert hosts(REQUESTS) <= LOCAL, sorted(hosts(REQUESTS) - LOCAL)
    left = [line for line in sentinel.seen if not chromium_own(line)]
    assert left == [], f"requests tried to leave 127.0.0.1: {left[:10]}"
    served = " ".join(lite_server.log)
    assert "pyodide.asm.wasm" in served and "pandas-3.1.1" in served and "course-0.1.0-py3-none-any.whl" in served


def test_front_page_chooses_the_chinese_edition(browse, lite_server):
    """The site's front page offers both editions; 中文 opens the Chinese start lesson in the lab."""
    if not (ROOT / "lessons/zh/00-start-here.ipynb").is_file():
        pytest.skip("no Chinese edition yet")
    pg = browse(lite_server.url(""))
    assert pg.get_by_text("English", exact=True).count() == 1
    pg.get_by_text("中文", exact=True).click()
    pg.wait_for_url(re.compile(r"lab/index\.html\?path=lessons/zh/00-start-here\.ipynb"))
    wait_kernel(pg)
    assert "从这里开始" in pg.locator(".jp-Notebook").first.inner_text()
