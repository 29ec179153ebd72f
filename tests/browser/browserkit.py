"""Helpers for the browser tests (imported by conftest.py and the test modules): paths, ports, waiting for
servers, Chromium contexts and screenshots."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = ROOT / "_artifacts" / "screenshots"
# What the JupyterLab under test serves: copies, so that running cells and autosave never touch the repo.
CONTENT_DIRS = ("lessons", "exercises", "data")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Poll `url` until it answers 200; fail early (with the server log) if `proc` exits."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"server exited with code {proc.returncode} before answering {url}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError) as e:
            last = e
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s (last error: {last})")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server we started: SIGTERM, then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")[:120]


def shoot(pg, nodeid: str, failed: bool, console: list[str] | None = None) -> None:
    """Save a screenshot of `pg` for the test `nodeid` (and its console log when it failed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = safe_name(nodeid)
    for old in SCREENSHOTS.glob(stem + ".*"):
        old.unlink()
    for old in SCREENSHOTS.glob(stem + "-FAILED.*"):
        old.unlink()
    name = stem + ("-FAILED" if failed else "")
    if pg.url == "about:blank":  # the test never got as far as opening anything
        return
    try:
        pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    except Exception as e:  # a crashed page must not hide the test's own error
        print(f"screenshot failed: {e}", file=sys.stderr)
    if failed and console is not None:
        (SCREENSHOTS / f"{name}.console.txt").write_text("\n".join(console), encoding="utf-8")


def call_failed(request) -> bool:
    rep = getattr(request.node, "rep_call", None)
    return rep is None or rep.failed


def open_context(browser, **options):
    """A new browser context with the kit's viewport and timeouts, and a page that logs its console."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
    ctx.set_default_timeout(30_000)
    pg = ctx.new_page()
    pg.console_log = []
    pg.on("console", lambda m: pg.console_log.append(f"[{m.type}] {m.text}"))
    pg.on("pageerror", lambda e: pg.console_log.append(f"[pageerror] {e}"))
    return ctx, pg


