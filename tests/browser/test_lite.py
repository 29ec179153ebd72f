"""The JupyterLite self-study site, built with `--offline` once per session and served from 127.0.0.1.

Chromium gets a sentinel proxy: every request that would leave 127.0.0.1 reaches it (Chromium never proxies
loopback), is recorded and refused. With Playwright's own record of requests, that shows the site works with no
internet at all. pandas cells need Pyodide's CDN: they run only when COURSE_LITE_CDN=1 says it is reachable.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import urllib.parse
from pathlib import Path

import pytest
from browserkit import ROOT, call_failed, free_port, open_context, shoot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START = "lessons/00-start-here.ipynb"
LOCAL = {"127.0.0.1"}
# Google services Chromium itself calls (autofill, component updates) whatever page is open; the page-level
# record (Playwright sees every request of the pages and their workers) shows the site never asks for them.
CHROMIUM_SERVICES = (".googleapis.com", ".gvt1.com", ".google.com")


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


def build_or_skip(out: Path, offline: bool) -> Path:
    """Build the site; without npm (needed for --offline) skip locally and fail in CI."""
    import shutil

    from course.lite import build_site

    if offline and not shutil.which("npm"):
        msg = "npm is missing: the offline lite build fetches the `pyodide` npm package"
        if os.environ.get("CI"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    return build_site(out, offline=offline, root=ROOT)


@pytest.fixture(scope="session")
def offline_site(chromium, tmp_path_factory) -> Path:
    return build_or_skip(tmp_path_factory.mktemp("lite") / "site", offline=True)


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
def offline_server(offline_site):
    yield from serve(offline_site)


@pytest.fixture(scope="module")
def sentinel():
    s = Sentinel()
    yield s
    s.close()


@pytest.fixture(scope="module")
def lite(browser, offline_server, sentinel):
    """One page on the offline site for this module (one kernel start), behind the sentinel proxy."""
    ctx, pg = open_context(browser, proxy={"server": f"http://127.0.0.1:{sentinel.port}", "bypass": "127.0.0.1"})
    pg.requests = []
    ctx.on("request", lambda r: pg.requests.append(r.url))
    ctx.set_default_timeout(60_000)
    yield pg
    ctx.close()


@pytest.fixture(autouse=True)
def _screenshot_lite(request):
    """Screenshot the shared lite page after each test that used it."""
    yield
    if "lite" in request.fixturenames:
        pg = request.getfixturevalue("lite")
        shoot(pg, request.node.nodeid, call_failed(request), pg.console_log)


def hosts(urls: list[str]) -> set[str]:
    return {urllib.parse.urlsplit(u).hostname or u for u in urls if not u.startswith(("data:", "blob:"))}


# ---------------------------------------------------------------------------------------------------------------
# page steps (the lite lab is driven through its DOM only: no server-side API to lean on)


def prompt_ran(cell) -> bool:
    return bool(re.fullmatch(r"\[\d+\]:", cell.locator(".jp-InputPrompt").inner_text().strip()))


def run_cell(page, cell, timeout: float = 120_000) -> str:
    """Select a cell, press Shift+Enter, wait until its prompt shows an execution count; return its output text."""
    node = cell.element_handle()  # the cell itself, whatever cells are added after it
    node.scroll_into_view_if_needed()
    node.query_selector(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("(el) => /^\\[\\d+\\]:$/.test(el.querySelector('.jp-InputPrompt').textContent.trim())",
                           arg=node, timeout=timeout)
    out = node.query_selector(".jp-OutputArea")
    return out.inner_text() if out else ""


def add_cell(page, code: str):
    """Insert a code cell at the end of the notebook, type `code` into it, and return it."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    last = cells.last
    last.scroll_into_view_if_needed()
    last.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    new = page.locator(".jp-Notebook .jp-Cell").nth(cells.count() - 1)
    new.locator(".cm-content").click()
    page.keyboard.insert_text(code)
    page.keyboard.press("Escape")
    return new


def listing(page) -> list[str]:
    page.wait_for_timeout(300)
    return page.locator(".jp-DirListing-content .jp-DirListing-itemText").all_inner_texts()


def open_folder(page, *parts: str) -> list[str]:
    """From the file browser's root, double-click into a folder and return what it lists."""
    page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
    for part in parts:
        item = page.locator(".jp-DirListing-item").filter(
            has=page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(part)}$")))
        item.dblclick()
        page.locator(".jp-BreadCrumbs-item", has_text=part).wait_for()
    return listing(page)


# ---------------------------------------------------------------------------------------------------------------
# the built site, as files


def test_offline_site_is_self_contained(offline_site):
    """The build bundles Pyodide's core, the kernel's start-up wheels with matching hashes, the course wheel,
    and turns off piplite's PyPI fallback; every notebook gets the install cell, the repo's notebooks do not."""
    from course.lite import MARKER, sha256

    cfg = json.loads((offline_site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    pyodide = offline_site / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    assert {"micropip", "ipython", "traitlets", "jedi"} <= set(lock["packages"])
    for name, spec in lock["packages"].items():
        assert "://" not in spec["file_name"], f"{name} would be fetched from outside the site"
        assert spec["sha256"] == sha256(pyodide / spec["file_name"]), f"{name}: hash does not match its wheel"
    index = json.loads((offline_site / "pypi" / "all.json").read_text())
    assert {"course", "ipywidgets", "jupyterlab-widgets", "comm"} <= set(index)
    for src in sorted((ROOT / "lessons").glob("*.ipynb")):
        site_nb = json.loads((offline_site / "files" / "lessons" / src.name).read_text())
        first = "".join(site_nb["cells"][0]["source"])
        assert site_nb["cells"][0].get("id") == MARKER and "%pip install -q --no-deps course" in first
        assert MARKER not in src.read_text(encoding="utf-8"), f"{src} was changed by the build"


# ---------------------------------------------------------------------------------------------------------------
# the site in Chromium, offline


def test_site_lists_every_lesson_and_exercise(lite, offline_server):
    """The lab loads from 127.0.0.1 and its file browser shows every lesson and exercise of the repo."""
    lite.goto(offline_server.url("lab/index.html"))
    lite.locator(".jp-DirListing-item", has_text="lessons").wait_for()
    lessons = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
    assert lessons, "the repo has no lessons"
    shown = open_folder(lite, "lessons")
    assert [n for n in lessons if n not in shown] == [], f"lessons missing from the site: {shown}"
    exercises = sorted(p.parent.name for p in (ROOT / "exercises").glob("*/*.ipynb"))
    if exercises:
        shown = open_folder(lite, "exercises")
        assert [e for e in exercises if e not in shown] == [], f"exercises missing from the site: {shown}"
        for ex in exercises:
            assert f"{ex}.ipynb" in open_folder(lite, "exercises", ex)


def test_kernel_starts_and_runs_python(lite, offline_server):
    """The start page opens, its install cell runs (ipywidgets and the course wheel, from the site), and a
    new cell runs Python in Pyodide."""
    lite.goto(offline_server.url(f"lab/index.html?path={START}"))
    lite.locator(".jp-Notebook .jp-Cell").first.wait_for()
    install = lite.locator(".jp-Notebook .jp-Cell").first
    expect(install.locator(".cm-content")).to_contain_text("%pip install -q --no-deps course")
    out = run_cell(lite, install, timeout=180_000)
    assert "Error" not in out, out
    cell = add_cell(lite, "import sys, course\nprint(sys.platform, 6 * 7, course.__version__)")
    out = run_cell(lite, cell)
    assert "emscripten 42 0.1.0" in out, out


def test_lessons_find_the_data_folder_in_the_browser(lite):
    """From a lesson's folder the kernel finds data/ by the rule course.datasets.find_data_dir uses (the nearest
    data/tickets.csv above the working directory) and reads it: pandas cannot load offline, the files can."""
    cell = add_cell(lite, "from pathlib import Path\n"
                          "here = Path.cwd()\n"
                          "data = next(d / 'data' for d in (here, *here.parents) if (d / 'data' / 'tickets.csv').is_file())\n"
                          "rows = (data / 'complaints_monthly.csv').read_text(encoding='utf-8').splitlines()\n"
                          "print(here.name, len(rows), rows[0])")
    out = run_cell(lite, cell)
    assert "lessons 721 month,branch,product,customers,complaints" in out, out


def test_course_selfcheck_works_offline(lite):
    """The course wheel is installed: the start page's self-check widget (pure Python) gives feedback."""
    quiz_cell = lite.locator(".jp-Notebook .jp-Cell", has_text="for_lesson(0)").first
    run_cell(lite, quiz_cell)
    quiz = lite.locator(".course-selfcheck").first
    quiz.wait_for()
    quiz.get_by_text("In long cells inside the notebook", exact=True).click()
    quiz.get_by_role("button", name="Check").click()
    assert "read the paragraph above again" in quiz.locator(".course-feedback.wrong").inner_text()
    quiz.get_by_text("In the course package, which the notebook calls", exact=True).click()
    quiz.get_by_role("button", name="Check").click()
    assert "Correct" in quiz.locator(".course-feedback.ok").inner_text()


def test_ipywidgets_slider_renders_and_talks_to_the_kernel(lite):
    """An IntSlider renders; dragging it changes a label that the kernel updates."""
    cell = add_cell(lite, "import ipywidgets as W\n"
                          "s = W.IntSlider(value=3, min=0, max=10, description='x')\n"
                          "label = W.HTML('value 3')\n"
                          "s.observe(lambda ch: setattr(label, 'value', f\"value {ch['new']}\"), names='value')\n"
                          "W.VBox([s, label])")
    run_cell(lite, cell)
    slider = cell.locator(".widget-slider")
    slider.wait_for()
    handle = slider.locator(".noUi-handle")
    box = handle.bounding_box()
    width = slider.locator(".noUi-target").bounding_box()["width"]
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    lite.mouse.move(x, y)
    lite.mouse.down()
    for i in range(1, 11):
        lite.mouse.move(x + width * 0.4 * i / 10, y)
    lite.mouse.up()
    readout = slider.locator(".widget-readout").inner_text()
    assert readout != "3"
    label = cell.locator(".widget-html", has_text="value")
    lite.wait_for_function("([el, v]) => el.innerText.includes('value ' + v)",
                           arg=[label.element_handle(), readout])


def chromium_own(line: str) -> bool:
    """A request Chromium makes for itself (autofill, component updates), not one the site asked for."""
    host = (line.split()[1:2] or [""])[0]
    host = urllib.parse.urlsplit(host if "://" in host else f"//{host}").hostname or ""
    return host.endswith(CHROMIUM_SERVICES)


def test_no_request_left_127_0_0_1(lite, sentinel, offline_server):
    """Everything above (site, Pyodide, wheels, widgets) came from the local server: no request went elsewhere."""
    assert any(u.endswith("/static/pyodide/pyodide.asm.wasm") for u in lite.requests), \
        "the kernel worker's requests were not recorded, so this check would prove nothing"
    assert hosts(lite.requests) <= LOCAL, sorted(hosts(lite.requests) - LOCAL)
    left = [line for line in sentinel.seen if not chromium_own(line)]
    assert left == [], f"requests tried to leave 127.0.0.1: {left[:10]}"
    served = " ".join(offline_server.log)
    assert "pyodide.asm.wasm" in served and "course-0.1.0-py3-none-any.whl" in served


# ---------------------------------------------------------------------------------------------------------------
# with internet: the default site, pandas from Pyodide's CDN (opt in: COURSE_LITE_CDN=1)

CDN_HOSTS = {"cdn.jsdelivr.net"}


@pytest.fixture(scope="session")
def online_server(chromium, tmp_path_factory):
    if os.environ.get("COURSE_LITE_CDN") != "1":
        pytest.skip("set COURSE_LITE_CDN=1 when Pyodide's CDN (cdn.jsdelivr.net) is reachable to test pandas cells")
    site = build_or_skip(tmp_path_factory.mktemp("lite-online") / "site", offline=False)
    yield from serve(site)


def test_lesson2_with_pandas_from_cdn(browser, online_server, request):
    """The default site: lesson 2 installs pandas from the CDN, runs, and its iceberg widget responds."""
    path = "lessons/02-complaint-iceberg.ipynb"
    if not (ROOT / path).is_file():
        pytest.skip(f"{path} does not exist yet")
    ctx, pg = open_context(browser)
    ctx.set_default_timeout(120_000)
    urls: list[str] = []
    ctx.on("request", lambda r: urls.append(r.url))
    try:
        pg.goto(online_server.url(f"lab/index.html?path={path}"))
        cells = pg.locator(".jp-Notebook .jp-Cell")
        cells.first.wait_for()
        for i in range(cells.count()):
            c = cells.nth(i)
            if "jp-CodeCell" in (c.get_attribute("class") or "") and c.locator(".cm-content").inner_text().strip():
                out = run_cell(pg, c, timeout=300_000)
                assert "Traceback" not in out and not re.search(r"^\w+Error\b", out, re.M), f"cell {i}: {out}"
        explorer = pg.locator(".course-iceberg").first
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
        assert hosts(urls) <= LOCAL | CDN_HOSTS, sorted(hosts(urls) - LOCAL - CDN_HOSTS)
    finally:
        shoot(pg, request.node.nodeid, call_failed(request), pg.console_log)
        ctx.close()
