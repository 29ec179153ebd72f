"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, a real JupyterLab started from the
kit, and a screenshot of every test under _artifacts/screenshots/ so that a failure can be looked at.

Without /usr/bin/chromium the tests skip locally and fail in CI (CI must run them, not skip them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CONTENT_DIRS,
    ROOT,
    SCREENSHOTS,
    call_failed,
    free_port,
    open_context,
    shoot,
    stop,
    wait_for_http,
)

# ---------------------------------------------------------------------------------------------------------------
# Chromium + Playwright


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so the page fixture knows whether the test failed."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; skip without it, except in CI where a missing browser is a failure."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        msg = f"{CHROMIUM} is missing: install it with `apt-get install chromium` to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(msg + " (CI must run them, not skip them)", pytrace=False)
        pytest.skip(msg)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path):
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, request) -> Iterator:
    """A fresh browser context and page per test; a screenshot after every test, and on failure the
    browser console log next to it. Kernels the test started in the lab are shut down after it."""
    ctx, pg = open_context(browser)
    yield pg
    shoot(pg, request.node.nodeid, call_failed(request), pg.console_log)
    ctx.close()
    if "lab" in request.fixturenames:
        request.getfixturevalue("lab").shutdown_kernels()


# ---------------------------------------------------------------------------------------------------------------
# JupyterLab


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A throwaway copy of the course content (lessons/, exercises/, data/) for JupyterLab to serve."""
    root = tmp_path_factory.mktemp("lab-root")
    for d in CONTENT_DIRS:
        if (ROOT / d).is_dir():
            shutil.copytree(ROOT / d, root / d, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root


def isolated_jupyter_env(base: Path) -> dict[str, str]:
    """Environment for a JupyterLab that reads and writes none of the user's settings, workspaces or runtime
    files, and never asks about news or updates."""
    env = dict(os.environ)
    dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces", "JUPYTER_RUNTIME_DIR": "runtime", "IPYTHONDIR": "ipython"}
    for var, sub in dirs.items():
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("JUPYTER_TOKEN", None)
    notif = base / "settings" / "@jupyterlab" / "apputils-extension"
    notif.mkdir(parents=True, exist_ok=True)
    (notif / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    return env


class Lab:
    """A running JupyterLab: its base URL and token, and helpers to build URLs."""

    def __init__(self, base: str, token: str, root: Path):
        self.base, self.token, self.root = base, token, root

    def url(self, path: str, workspace: str | None = None) -> str:
        """The lab URL that opens `path`; a fresh `workspace` name keeps other tests' tabs from being restored."""
        ws = f"workspaces/{workspace}/" if workspace else ""
        return f"{self.base}/lab/{ws}tree/{path}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API (e.g. list or delete sessions)."""
        req = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Close every notebook session, so kernels of finished tests do not compete for the two cores."""
        for sess in self.api("GET", "sessions") or []:
            self.api("DELETE", f"sessions/{sess['id']}")


@pytest.fixture(scope="session")
def lab(chromium: Path, lab_root: Path, tmp_path_factory) -> Iterator[Lab]:
    """A real JupyterLab started from the kit (course.launch.lab_command) on a free 127.0.0.1 port with a token;
    it serves a copy of the content and is stopped at the end of the session."""
    import secrets

    from course.launch import lab_command

    token = secrets.token_hex(16)
    port = free_port()
    jdir = tmp_path_factory.mktemp("jupyter-home")
    cmd = [a for a in lab_command(port, "127.0.0.1", False, token) if not a.startswith("--ServerApp.root_dir=")]
    cmd += [f"--ServerApp.root_dir={lab_root}", "--LabApp.expose_app_in_browser=True"]
    env = isolated_jupyter_env(jdir)
    # Kernels find data/ by walking up from the notebook's folder: point them at the copy explicitly.
    env["COURSE_DATA_DIR"] = str(lab_root / "data")
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    log = jdir / "jupyterlab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=lab_root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/api/status?token={token}", timeout=90, proc=proc, log=log)
        yield Lab(base, token, lab_root)
    finally:
        stop(proc)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(log, SCREENSHOTS / "jupyterlab-server.log")
