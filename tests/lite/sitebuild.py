"""The self-study site the tests use, built once per test session (tests/lite and tests/browser share it).

The build first fills the download cache (course.lite.fill_cache: a no-op once it is full), then builds the site
with the network cut (`unshare -n`, when this runs as root and the kernel allows it), so every test run also
shows that a build from a filled cache needs no network. Without unshare the site is built normally, and
`offline_build_skip_reason()` says why the no-network build was not shown.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_BUILT: dict[str, object] = {}


def unshare_prefix() -> tuple[list[str] | None, str]:
    """(['unshare', '-n'], '') when a command can be run in a network namespace of its own, else (None, why)."""
    exe = shutil.which("unshare")
    if not exe:
        return None, "unshare (util-linux) is not installed"
    if os.geteuid() != 0:
        return None, "not running as root, so `unshare -n` cannot make a network namespace"
    probe = subprocess.run([exe, "-n", "true"], capture_output=True, text=True)
    if probe.returncode:
        return None, f"`unshare -n` is not allowed here: {probe.stderr.strip()[:200]}"
    return [exe, "-n"], ""


def built_site() -> Path:
    """Build the site once for this session (see the module's docstring) and return its folder."""
    if "site" in _BUILT:
        return _BUILT["site"]  # type: ignore[return-value]
    from course.lite import default_cache, fill_cache

    cache = default_cache()
    fill_cache(cache)
    tmp = Path(tempfile.mkdtemp(prefix="course-lite-test-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)  # 65 MB a session
    out = tmp / "site"
    prefix, why = unshare_prefix()
    cmd = [sys.executable, "-m", "course.cli", "lite", "--output-dir", str(out), "--cache-dir", str(cache)]
    res = subprocess.run([*(prefix or []), *cmd], cwd=ROOT, capture_output=True, text=True)
    if res.returncode:
        raise RuntimeError(f"course lite failed{' with the network cut' if prefix else ''} "
                           f"(exit {res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    _BUILT.update(site=out, offline=prefix is not None, why=why, log=res.stdout + res.stderr)
    return out


def offline_build_skip_reason() -> str:
    """'' if the session's site was built with the network cut, else why it could not be."""
    built_site()
    return "" if _BUILT["offline"] else str(_BUILT["why"])


def build_log() -> str:
    built_site()
    return str(_BUILT["log"])
