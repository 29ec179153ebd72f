"""Every lesson and every exercise (solution pasted in) runs on the site's own runtime, in Node, network cut.

harness.mjs loads Pyodide from the built site's static/pyodide/ (its lockfile checks every file's sha256), with
a fetch that refuses anything but the site's own files; under `unshare -n` (root) the process has no network
at all. Each notebook's code cells run in order in an IPython shell, in the notebook's folder of the site's
files, as in the browser kernel. This covers all notebooks; tests/browser/test_lite.py runs a subset in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from liteplan import passed_line, plan
from sitebuild import ROOT, unshare_prefix

from course import lite

HARNESS = ROOT / "tests" / "lite" / "harness.mjs"


@pytest.fixture(scope="module")
def node() -> str:
    exe = shutil.which("node")
    if not exe:
        msg = "node is missing: the lite harness runs the site's Pyodide in Node.js (apt-get install nodejs)"
        if os.environ.get("CI"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    return exe


@pytest.fixture(scope="module")
def results(node, site, tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("harness")
    the_plan = plan(site, [*lite.KERNEL_PACKAGES, *lite.INSTALL, *lite.OPTIONAL_PACKAGES], lite.MARKER)
    the_plan["prelude"] = lite.PRELUDE
    (work / "plan.json").write_text(json.dumps(the_plan), encoding="utf-8")
    prefix, _why = unshare_prefix()
    cmd = [*(prefix or []), node, str(HARNESS), str(site), str(work / "plan.json"), str(work / "result.json")]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
    print(res.stdout)
    assert res.returncode == 0, f"harness failed (exit {res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    out = json.loads((work / "result.json").read_text(encoding="utf-8"))
    out["network_namespace"] = prefix is not None
    out["plan"] = the_plan
    return out


def test_no_request_left_the_site(results):
    assert results["refused"] == []


def notebooks(results, folder: str) -> list[dict]:
    found = [n for n in results["notebooks"] if n["name"].startswith(folder + "/")]
    assert found, f"no {folder} in the site"
    return found


def failures(nb: dict) -> list[str]:
    return [f"{c['id']}: {c.get('ename')}: {c.get('evalue', '')[:300]}\n{c.get('traceback', '')[-1200:]}"
            for c in nb["cells"] if not c["ok"]]


def test_every_lesson_runs_top_to_bottom(results):
    """All code cells of all lessons run without an error, and none writes to stderr."""
    for nb in notebooks(results, "lessons"):
        assert nb["error"] is None, f"{nb['name']}: {nb['error']}"
        assert failures(nb) == [], f"{nb['name']}:\n" + "\n".join(failures(nb))
        noisy = [c["id"] for c in nb["cells"] if "[stderr]" in c["output"]]
        assert noisy == [], f"{nb['name']}: cells {noisy} wrote to stderr"


def test_every_exercise_passes_its_visible_checks_with_the_solution(results):
    """With the solution pasted into each answer cell, setup and every visible check run, and each check cell
    that calls passed() prints its ✔ line."""
    for nb in notebooks(results, "exercises"):
        assert nb["error"] is None, f"{nb['name']}: {nb['error']}"
        assert failures(nb) == [], f"{nb['name']}:\n" + "\n".join(failures(nb))
        planned = next(p for p in results["plan"]["notebooks"] if p["name"] == nb["name"])
        checks = [c for c in planned["cells"] if c["check"]]
        assert checks, f"{nb['name']} has no visible checks"
        ran = {c["id"]: c for c in nb["cells"]}
        for c in checks:
            for qid in re.findall(r'passed\("([^"]+)"\)', c["source"]):
                assert passed_line(qid, nb["name"]) in ran[c["id"]]["output"], (nb["name"], c["id"])
