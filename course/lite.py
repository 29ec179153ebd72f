"""`course lite`: build the zero-install JupyterLite site for self-study (Python runs in the browser, via Pyodide).

One self-contained site: the Python runtime (Pyodide 0.27.7), numpy, pandas, matplotlib and the rest, the course
package as a wheel, ipywidgets, every lesson and exercise (each language folder) and the data, all served from
the site's own files and each pinned by sha256 (course/lite_runtime.py), with piplite's PyPI fallback off:
nothing is fetched at run time. Each notebook gets an install cell in front that loads the packages from the
site and stops with a plain message if it cannot; a small script in the lab page says so when Python itself
cannot start. The build runs jupyterlite-core in a venv of its own (course/lite_buildenv.py); downloads are
cached and verified, so a build with a filled cache needs no network.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course.lite_buildenv import build_python
from course.lite_runtime import (
    LESSON_PACKAGES,
    OPTIONAL_PACKAGES,
    PYODIDE_VERSION,
    PinError,
    assemble_pyodide,
    fill_runtime_cache,
    piplite_wheels,
    sha256,
    write_wheel,
)
from course.paths import repo_root

__all__ = ["build_site", "make_server", "default_cache", "sha256", "MARKER", "CONTENT_DIRS", "install_cell"]

CONTENT_DIRS = ("lessons", "exercises", "data")
MARKER = "course-lite-install"
# How long the install cell waits for the packages before it gives up with a message (a first visit on a slow
# line downloads about 40 MB; later visits read the browser's cache).
INSTALL_TIMEOUT_S = 300
# What the install cell loads, or finds loaded (all of it is in the site's lockfile).
INSTALL = ("course", "ipywidgets", *LESSON_PACKAGES)
# What the kernel loads while it starts, in one go (Pyodide's loadPyodide(packages=...), files fetched in
# parallel): the names jupyterlite-pyodide-kernel 0.6.1 checks to skip its own one-by-one installs, and the
# lessons' packages. Pyodide does not fail when a file cannot be had: the install cell then finds what is missing
# and says so plainly.
KERNEL_PACKAGES = ("micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython",
                   *INSTALL)
# The kernel's own wheels, shipped in its lab extension; entered in the lockfile.
KERNEL_WHEELS = ("piplite", "pyodide_kernel", "ipykernel")
# Run once the packages are loaded: fills what the browser's Python lacks (course/lite_compat.py).
PRELUDE = "import course.lite_compat"
KERNEL_EXTENSION = Path("share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension")
APP_NAME = "Complaint handling & customer value"
WATCHDOG = "course-lite-watchdog.js"


def default_cache() -> Path:
    """Downloads and the build venv are kept here between builds: $COURSE_LITE_CACHE or ~/.cache/course-lite."""
    env = os.environ.get("COURSE_LITE_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-lite"


# ---------------------------------------------------------------------------------------------------------------
# the course wheel and the notebooks


def build_course_wheel(root: Path, dest: Path, extra: dict[str, bytes] | None = None) -> Path:
    """The course package as a pure wheel for the browser: its modules and data files (the package-data of
    pyproject.toml, the compiled message catalogs), plus `extra` files (the site's font), written directly (no
    build backend, no network)."""
    import re

    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if not version:
        raise PinError(f"no version in {root / 'pyproject.toml'}")
    files: dict[str, bytes] = {}
    for path in sorted((root / "course").rglob("*")):
        rel = path.relative_to(root)
        if path.is_dir() or "__pycache__" in rel.parts or path.suffix not in (".py", ".csv", ".json", ".html", ".mo"):
            continue
        files[rel.as_posix()] = path.read_bytes()
    files.update(extra or {})
    meta = (f"Metadata-Version: 2.1\nName: course\nVersion: {version.group(1)}\n"
            "Summary: The course kit's package, for the JupyterLite self-study site\n")
    return write_wheel(dest, "course", version.group(1), files, meta, compress=True)


SITE_FONT = "course/site-font.otf"
"""Where the site's Chinese chart font sits in its course wheel (course.fonts looks there when mplfonts, 85 MB,
is not installed, as in the browser)."""
_CJK = re.compile(r"[\u00b7\u2018-\u201d\u2026\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def site_font_chars(root: Path) -> set[str]:
    """Every Chinese character and CJK punctuation mark the course shows (catalogs, Chinese notebooks, data,
    package texts), plus GB 2312's 3,755 common characters for what a learner types into a chart."""
    chars: set[str] = set()
    for pattern in ("course/**/*.po", "course/**/*.py", "course/**/*.csv", "course/**/*.json", "lessons/**/*.ipynb",
                    "exercises/**/*.ipynb", "data/**/*.csv"):
        for path in sorted(root.glob(pattern)):
            chars |= set(_CJK.findall(path.read_text(encoding="utf-8", errors="ignore")))
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def site_font(root: Path, cache: Path) -> bytes:
    """The desktop's CJK font (course.fonts: Noto Sans CJK SC from mplfonts) cut down with fontTools to the
    characters the site can show: about 1.6 MB instead of 16. Cached by font and character set."""
    from fontTools import subset

    from course.fonts import font_file

    source = font_file()
    chars = "".join(sorted(site_font_chars(root))) + "".join(chr(c) for c in range(0x20, 0x7F))
    key = hashlib.sha256(sha256(source).encode() + chars.encode("utf-8")).hexdigest()[:16]
    out = cache / "fonts" / f"site-font-{key}.otf"
    if not out.is_file():
        opts = subset.Options()
        opts.name_IDs, opts.layout_features, opts.hinting, opts.notdef_outline = ["*"], ["*"], False, True
        font = subset.load_font(str(source), opts)
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=[ord(c) for c in chars])
        sub.subset(font)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        subset.save_font(font, str(tmp), opts)
        tmp.replace(out)
    return out.read_bytes()


def notebook_packages(nb: dict) -> tuple[str, ...]:
    """What a notebook's install cell loads: INSTALL, and the optional packages its code calls for."""
    import re

    code = "\n".join("".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code")
    return (*INSTALL, *(p for p, pattern in OPTIONAL_PACKAGES.items() if re.search(pattern, code)))


INSTALL_TEXT = {
    "en": {
        "intro": "# Runs in your browser (JupyterLite): run this cell first. It loads {what}\n"
                 "# from this site (nothing comes from the internet). If it cannot, it says so below and what to do.\n"
                 "# If its prompt still shows [*] after a minute, Python itself could not start: a banner at the top says why.",
        "timeout": "The course's Python packages did not arrive within {minutes} minutes. What to do: check your "
                   "connection to this site and run this cell again (what has arrived is kept).",
        "failed": "A Python package could not be loaded from this site ({error}). What to do: reload the page and "
                  "run this cell again; if that fails too, the site is incomplete: tell whoever published it "
                  "(docs/SELF-STUDY.md explains how to publish it).",
        "missing": "A Python package could not be loaded from this site: {missing} (the browser could not fetch "
                   "its file). What to do: reload the page and run this cell again; if that fails too, the site is "
                   "incomplete: tell whoever published it (docs/SELF-STUDY.md explains how to publish it)."},
    "zh": {
        "intro": "# 本单元在你的浏览器里运行（JupyterLite），请先运行它。它从本网站加载 {what}\n"
                 "# （不从互联网下载任何东西）。如果加载失败，下方会说明原因和处理办法。\n"
                 "# 如果一分钟后提示符仍显示 [*]，说明 Python 本身未能启动：页面顶部的提示条会说明原因。",
        "timeout": "课程所需的 Python 软件包在 {minutes} 分钟内没有加载完。处理办法：检查你与本网站的连接，"
                   "然后重新运行本单元（已加载的部分会保留）。",
        "failed": "有一个 Python 软件包无法从本网站加载（{error}）。处理办法：刷新页面后重新运行本单元；"
                  "如果仍然失败，说明网站文件不完整，请告知网站的发布者（发布方法见 docs/SELF-STUDY.md）。",
        "missing": "有 Python 软件包无法从本网站加载：{missing}（浏览器取不到它的文件）。处理办法：刷新页面后"
                   "重新运行本单元；如果仍然失败，说明网站文件不完整，请告知网站的发布者（发布方法见 docs/SELF-STUDY.md）。"},
}
"""The install cell's words in each edition (a Chinese notebook gets the Chinese ones)."""


def install_cell(packages: tuple[str, ...] = INSTALL, lang: str = "en") -> dict:
    """The first cell of every notebook in the site: load the course package and the libraries from the site,
    within INSTALL_TIMEOUT_S, or stop with a message saying what failed and what to do (in the notebook's
    language)."""
    text = INSTALL_TEXT[lang]
    modules = list(packages)  # each package's module has its name
    intro = text["intro"].format(what=", ".join(packages))
    timeout = text["timeout"].format(minutes=INSTALL_TIMEOUT_S // 60)
    failed = text["failed"].replace("{error}", "{type(e).__name__}: {e}")
    missing = text["missing"].replace("{missing}", "{', '.join(missing)}")
    src = f"""\
{intro}
import asyncio, importlib.util, piplite
class SiteProblem(Exception):
    def _render_traceback_(self): return ["SiteProblem: " + str(self)]
try:
    await asyncio.wait_for(piplite.install({list(packages)!r}, deps=False), timeout={INSTALL_TIMEOUT_S})
except asyncio.TimeoutError:
    raise SiteProblem({timeout!r}) from None
except Exception as e:
    raise SiteProblem(f{failed!r}) from None
missing = [m for m in {modules!r} if importlib.util.find_spec(m) is None]
if missing:
    raise SiteProblem(f{missing!r})
{PRELUDE}"""
    return {"cell_type": "code", "execution_count": None, "id": MARKER,
            "metadata": {"tags": [MARKER], "editable": True}, "outputs": [], "source": src}


def notebook_language(nb: dict) -> str:
    """'zh' for a Chinese edition (its metadata says so), else 'en'."""
    return "zh" if (nb.get("metadata", {}).get("course") or {}).get("lang") == "zh" else "en"


def prepare_notebook(src: Path, dest: Path) -> None:
    """Copy a notebook, with the install cell in front (the repo's notebooks stay as they are)."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if c.get("id") != MARKER]
    nb["cells"] = cells
    nb["cells"] = [install_cell(notebook_packages(nb), notebook_language(nb)), *cells]
    if nb.get("nbformat_minor", 0) < 5:  # cell ids exist from nbformat 4.5 on
        for c in nb["cells"]:
            c.pop("id", None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def prepare_contents(root: Path, files: Path) -> list[str]:
    """lessons/ (every language folder in it), exercises/ and data/ as the site shows them (never solutions/);
    returns the notebooks' paths."""
    notebooks = []
    for d in CONTENT_DIRS:
        if not (root / d).is_dir():
            continue
        for src in sorted((root / d).rglob("*")):
            rel = src.relative_to(root)
            if src.is_dir() or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
                continue
            dest = files / rel
            if src.suffix == ".ipynb":
                prepare_notebook(src, dest)
                notebooks.append(rel.as_posix())
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
    return notebooks


# ---------------------------------------------------------------------------------------------------------------
# the build


def lite_config() -> dict:
    """jupyter-lite.json: the app's name, no PyPI fallback (every package comes from the site), and the
    packages the kernel loads as it starts."""
    kernel = {"disablePyPIFallback": True, "loadPyodideOptions": {"packages": list(KERNEL_PACKAGES)}}
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": APP_NAME,
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel},
        },
    }


def kernel_wheels(python: Path) -> list[Path]:
    """piplite, pyodide_kernel and the ipykernel shim from the build venv's kernel extension (which came from
    the pinned jupyterlite-pyodide-kernel wheel)."""
    pypi = python.parent.parent / KERNEL_EXTENSION / "static" / "pypi"
    found = []
    for name in KERNEL_WHEELS:
        got = sorted(pypi.glob(f"{name}-*-py3-none-any.whl"))
        if len(got) != 1:
            raise PinError(f"expected one {name} wheel in {pypi}, found {[p.name for p in got]}")
        found.append(got[0])
    return found


def is_site(path: Path) -> bool:
    """Whether `path` holds a built JupyterLite site (and so may be replaced by a new build)."""
    return (path / "jupyter-lite.json").is_file() and (path / "index.html").is_file()


def _isolated_env(home: Path) -> dict[str, str]:
    """Environment for the build tools: none of the user's Jupyter settings or extensions, no network needed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV"))}
    for var, sub in {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime"}.items():
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["JUPYTER_NO_CONFIG"] = "1"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


def jupyter_lite_build(python: Path, lite_dir: Path, out: Path) -> None:
    """`jupyter lite build` with the build venv's Python (the lab app only, no source maps)."""
    cmd = [str(python), "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir), "--contents",
           str(lite_dir / "files"), "--output-dir", str(out), "--apps", "lab", "--no-sourcemaps",
           "--no-unused-shared-packages"]
    print("$ jupyter lite build (jupyterlite-core 0.6.4, in the build venv)", flush=True)
    res = subprocess.run(cmd, cwd=lite_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env=_isolated_env(lite_dir / ".jupyter"))
    if res.returncode:
        print(res.stdout[-6000:], file=sys.stderr)
        raise PinError(f"jupyter lite build failed (exit {res.returncode}); its output is above")


def add_watchdog(site: Path) -> None:
    """Put the watchdog script (course/lite_watchdog.py) into the site and load it from the lab page before
    the lab's own code, so that a Python runtime that cannot start is reported in plain words."""
    from course.lite_watchdog import JS

    (site / WATCHDOG).write_text(JS, encoding="utf-8")
    page = site / "lab" / "index.html"
    html = page.read_text(encoding="utf-8")
    tag = f'<script src="../{WATCHDOG}"></script>'
    if tag not in html:
        if "<head>" not in html:
            raise PinError(f"{page} has no <head>: cannot add the watchdog")
        page.write_text(html.replace("<head>", "<head>\n    " + tag, 1), encoding="utf-8")


START_PAGES = {"en": "lessons/00-start-here.ipynb", "zh": "lessons/zh/00-start-here.ipynb"}
"""Where each edition starts; the site's front page offers the two."""


def start_page_html(available: dict[str, str]) -> str:
    """The site's front page: choose English or 中文, each opening its start lesson in the lab. Plain HTML with
    its style inline: no font, script or image from anywhere."""
    from html import escape
    from urllib.parse import quote

    blurb = {"en": ("English", "Start the course", "Customer complaint handling and customer-value management. "
                    "Python runs in your browser; your work is kept in this browser."),
             "zh": ("中文", "开始学习", "客户投诉处理与客户价值管理。Python 在浏览器中运行，"
                    "你的练习保存在本浏览器里。")}
    cards = "\n".join(
        f'<a class="card" lang="{"zh-CN" if lang == "zh" else "en"}" href="lab/index.html?path={quote(path)}">'
        f"<b>{escape(blurb[lang][0])}</b><span>{escape(blurb[lang][1])} →</span><small>{escape(blurb[lang][2])}</small></a>"
        for lang, path in available.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer complaints &amp; customer value · 客户投诉与客户价值</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0;
       background: #f4f6f8; color: #1d2a35; }}
main {{ max-width: 44rem; margin: 8vh auto; padding: 0 1.2rem; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }} p.sub {{ color: #4b5b68; margin-top: 0; }}
.choices {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; margin-top: 2rem; }}
a.card {{ display: flex; flex-direction: column; gap: .4rem; padding: 1.2rem 1.4rem; border-radius: .6rem;
         background: #fff; border: 1px solid #d3dbe2; color: inherit; text-decoration: none; }}
a.card:hover, a.card:focus {{ border-color: #1f6feb; box-shadow: 0 0 0 3px #1f6feb33; }}
a.card b {{ font-size: 1.4rem; }} a.card span {{ color: #1f6feb; }} a.card small {{ color: #4b5b68; }}
</style></head>
<body><main>
<h1>Customer complaints &amp; customer value <span lang="zh-CN">· 客户投诉与客户价值</span></h1>
<p class="sub">Choose your language · <span lang="zh-CN">请选择语言</span></p>
<div class="choices">
{cards}
</div>
</main></body></html>
"""


def add_start_page(site: Path) -> dict[str, str]:
    """Replace JupyterLite's redirecting front page with the language choice; returns the editions offered
    (an edition whose start lesson is not in the site is left out)."""
    available = {lang: path for lang, path in START_PAGES.items() if (site / "files" / path).is_file()}
    if "en" not in available:
        raise PinError(f"the site has no {START_PAGES['en']}: cannot make its start page")
    page = site / "index.html"
    old = page.read_text(encoding="utf-8") if page.is_file() else ""
    # JupyterLite's apps read the site's settings from this page's config script (config-utils.js fetches the
    # parent folder's index.html): keep it, drop the redirect.
    config = re.search(r'<script\b[^>]*\bid="jupyter-config-data"[^>]*>.*?</script>', old, re.S)
    if old and not config:
        raise PinError(f"{page} has no jupyter-config-data script: this JupyterLite build is not the expected one")
    html = start_page_html(available)
    if config:
        html = html.replace("</head>", config.group(0) + "\n</head>", 1)
    page.write_text(html, encoding="utf-8")
    return available


def write_manifest(site: Path) -> Path:
    """SHA256SUMS: every file of the site with its sha256, for whoever publishes or mirrors it."""
    lines = [f"{sha256(p)}  {p.relative_to(site).as_posix()}" for p in sorted(site.rglob("*"))
             if p.is_file() and p.name != "SHA256SUMS"]
    (site / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return site / "SHA256SUMS"


def fill_cache(cache: Path | None = None) -> Path:
    """Download and check everything a build needs (the build venv included), so that later builds need no
    network. A no-op when the cache is full."""
    cache = (cache or default_cache()).resolve()
    cache.mkdir(parents=True, exist_ok=True)
    build_python(cache)
    fill_runtime_cache(cache)
    return cache


def build_site(output: Path, cache: Path | None = None, root: Path | None = None) -> Path:
    """Build the self-contained JupyterLite site into `output` (replacing a previous site there)."""
    root = root or repo_root()
    cache = (cache or default_cache()).resolve()
    output = output.resolve()
    if output.exists() and any(output.iterdir()) and not is_site(output):
        raise PinError(f"{output} exists and is not a JupyterLite site: refusing to replace it. "
                       "Pick another --output-dir or empty that folder.")
    cache.mkdir(parents=True, exist_ok=True)
    python = build_python(cache)
    with tempfile.TemporaryDirectory(prefix="course-lite-") as tmp:
        lite_dir = Path(tmp)
        if not prepare_contents(root, lite_dir / "files"):
            raise PinError(f"no notebooks found in {root}/lessons or {root}/exercises")
        font = {SITE_FONT: site_font(root, cache)}
        wheels = [build_course_wheel(root, lite_dir / "wheels", font), *piplite_wheels(lite_dir / "wheels", cache),
                  *kernel_wheels(python)]
        assemble_pyodide(lite_dir / "static" / "pyodide", cache, wheels=tuple(wheels))
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=2), encoding="utf-8")
        staged = lite_dir / "_site"
        jupyter_lite_build(python, lite_dir, staged)
        if not is_site(staged):
            raise PinError(f"jupyter lite build made no site in {staged}")
        add_watchdog(staged)
        add_start_page(staged)
        (staged / ".nojekyll").touch()  # GitHub Pages: serve folders that start with an underscore as they are
        write_manifest(staged)
        shutil.rmtree(output, ignore_errors=True)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), str(output))
    return output


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


# MIME types a JupyterLite site needs; some Pythons (and systems without /etc/mime.types) guess them wrong.
MIME = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
        ".whl": "application/octet-stream", ".ipynb": "application/json", ".zip": "application/zip"}


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000, log: list[str] | None = None):
    """A threading static HTTP server for the built site, with the right MIME types. Each request path is
    appended to `log` when given. Call .serve_forever() (and .shutdown() from another thread)."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME}

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            if log is not None:
                log.append(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''}".strip())

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-cache")
            super().end_headers()

    return ThreadingHTTPServer((host, port), partial(Handler, directory=str(site)))


def serve(site: Path, host: str, port: int) -> int:
    """Serve the site until Ctrl-C."""
    if not is_site(site):
        print(f"course lite: {site} holds no built site: run `course lite` first", file=sys.stderr)
        return 1
    server = make_server(site, host, port, log=None)
    print(f"Serving {site} at http://{host}:{port}/lab/index.html?path=lessons/00-start-here.ipynb "
          "(Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output-dir", type=Path, default=None, help="where the site goes (default: _output/)")
    p.add_argument("--offline", action="store_true", help=argparse.SUPPRESS)  # every site is offline now
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="download cache (default: $COURSE_LITE_CACHE or ~/.cache/course-lite)")
    p.add_argument("--fill-cache", action="store_true",
                   help="only download and check what a build needs (then builds need no network)")
    p.add_argument("--serve", action="store_true", help="do not build: serve the built site on --port")
    p.add_argument("--port", type=int, default=8000, help="port for --serve (default: 8000)")
    p.add_argument("--ip", default="127.0.0.1", help="address for --serve (default: this machine only)")


def run(args: argparse.Namespace) -> int:
    out = args.output_dir or repo_root() / "_output"
    if args.serve:
        return serve(out.resolve(), args.ip, args.port)
    if args.fill_cache:
        try:
            cache = fill_cache(args.cache_dir)
        except RuntimeError as e:
            print(f"course lite: {e}", file=sys.stderr)
            return 1
        print(f"The cache {cache} holds everything a build needs.")
        return 0
    try:
        site = build_site(out, cache=args.cache_dir)
    except RuntimeError as e:
        print(f"course lite: {e}", file=sys.stderr)
        return 1
    print(f"\nThe site is in {site} ({site_size(site) / 1e6:.0f} MB, Pyodide {PYODIDE_VERSION}, every file from\n"
          "the site itself). Try it with `course lite --serve`, or put the folder on any static web host:\n"
          "see docs/SELF-STUDY.md.")
    return 0
