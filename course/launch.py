"""`course start` and `course test`: open JupyterLab on the start page; run the test suite.

Two commands of course/cli.py: `start` and `test` below, each with add_arguments(parser) and run(args).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from types import SimpleNamespace

from course.paths import repo_root

START_PAGE = "lessons/00-start-here.ipynb"


def headless() -> bool:
    """No screen to open a browser on: Linux without DISPLAY/WAYLAND, or CI."""
    if os.environ.get("CI"):
        return True
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def lab_command(port: int, ip: str, open_browser: bool, token: str | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={ip}", f"--ServerApp.port={port}",
           f"--ServerApp.root_dir={repo_root()}", f"--LabApp.default_url=/lab/tree/{START_PAGE}"]
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
        cmd.append("--ServerApp.port_retries=0")  # the printed URL must be the one that serves
    return cmd


def add_start_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: this machine only)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser; print the URL instead")


def run_start(args: argparse.Namespace) -> int:
    import secrets

    open_browser = not (args.no_browser or headless())
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)
    host = "127.0.0.1" if args.ip in ("0.0.0.0", "", "*") else args.ip
    url = f"http://{host}:{args.port}/lab/tree/{START_PAGE}?token={token}"
    print(("Opening" if open_browser else "No browser here: open") + f" the course at\n\n    {url}\n\n"
          "JupyterLab keeps serving until you press Ctrl-C.", flush=True)
    cmd = lab_command(args.port, args.ip, open_browser, token)
    os.chdir(repo_root())
    if os.name == "posix":  # become JupyterLab, so Ctrl-C and kill reach the server itself
        os.execv(cmd[0], cmd)
    return subprocess.call(cmd)


def add_test_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra arguments passed to pytest")


def run_test(args: argparse.Namespace) -> int:
    root = repo_root()
    lint = [d for d in ("course", "tests", "benchmarks", "lessons") if (root / d).is_dir()]
    rc = subprocess.call([sys.executable, "-m", "ruff", "check", *lint], cwd=root)
    return rc or subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=root)


start = SimpleNamespace(add_arguments=add_start_arguments, run=run_start)
test = SimpleNamespace(add_arguments=add_test_arguments, run=run_test)
