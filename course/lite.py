"""`course lite`: build the zero-install JupyterLite site for self-study (Python runs in the browser, via Pyodide).

The site holds every lesson, exercise and dataset, and the course package as a wheel that each notebook installs
in its first cell (`%pip install`, which JupyterLite's piplite resolves from the wheels bundled with the site).

By default Pyodide and its packages (numpy, pandas, matplotlib) load from the public CDN, as JupyterLite sites
normally do. `--offline` makes the kernel start with no internet at all: Pyodide's core comes from the npm
package `pyodide`, the pure-Python wheels the kernel loads at start come from PyPI, and pyodide-lock.json is
rewritten for them (PyPI's hashes differ from Pyodide's), and piplite never falls back to PyPI: nothing is
fetched from outside the site. The compiled packages (numpy, pandas, matplotlib) exist only on Pyodide's CDN, so
an offline site has none of them: lessons that use data need the default (online) site.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from course.paths import repo_root

# What jupyterlite-pyodide-kernel 0.8.6 expects (jupyterlite_pyodide_kernel.constants.PYODIDE_VERSION).
PYODIDE_VERSION = "314.0.6"
# The files of the npm package that make up Pyodide's core.
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide.js",
                "pyodide-lock.json", "package.json")
# Packages of Pyodide's lockfile that the kernel loads while it starts (micropip, then ipykernel's and
# IPython's dependencies); their dependencies in the lockfile are added to this list.
KERNEL_START_PACKAGES = ("micropip", "packaging", "ipython", "jedi", "traitlets", "typing-extensions")
# Not in Pyodide's lockfile: bundled as piplite wheels (the versions of this environment, so that the widget
# manager in the site and ipywidgets in the kernel match).
PIPLITE_PACKAGES = ("ipywidgets", "jupyterlab_widgets", "comm")
# What lessons import besides the course package; they come from Pyodide's lockfile (CDN).
LESSON_PACKAGES = ("numpy", "pandas", "matplotlib")
CONTENT_DIRS = ("lessons", "exercises", "data")
# Lab extensions of this environment that make no sense without a server.
DISABLED_EXTENSIONS = ("@jupyter/nbgrader",)
MARKER = "course-lite-install"


def default_cache() -> Path:
    """Downloads (npm tarball, wheels) are kept here between builds: $COURSE_LITE_CACHE or ~/.cache/course-lite."""
    env = os.environ.get("COURSE_LITE_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-lite"


def _run(cmd: list[str], cwd: Path | None = None, what: str = "") -> None:
    """Run a build step; on failure show the tail of its output and raise, naming the step."""
    print(f"$ {' '.join(map(str, cmd))}", flush=True)
    res = subprocess.run([str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    if res.returncode:
        print(res.stdout[-6000:], file=sys.stderr)
        raise RuntimeError(f"{what or cmd[0]} failed (exit {res.returncode}); its output is above")


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file (what pyodide-lock.json records for each wheel)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# the course wheel and the notebooks


def build_course_wheel(root: Path, dest: Path) -> Path:
    """Build the wheel of the course package from a copy of the sources (so no build/ lands in the repo)."""
    with tempfile.TemporaryDirectory(prefix="course-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
            if (root / name).is_file():
                shutil.copy2(root / name, src / name)
        shutil.copytree(root / "course", src / "course",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        out = Path(tmp) / "wheels"
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", out, src],
             what="building the course wheel")
        wheels = sorted(out.glob("course-*.whl"))
        if not wheels:
            raise RuntimeError(f"pip wheel made no course-*.whl in {out}")
        dest.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheels[-1], dest / wheels[-1].name))


def install_cell(offline: bool) -> dict:
    """The first cell of every notebook in the site: install the course package bundled with the site, and the
    libraries the lessons use (online sites: from the Pyodide CDN; an --offline site has none of them)."""
    pkgs = ", ".join(LESSON_PACKAGES)
    head = "# Runs in your browser (JupyterLite): run this cell first. It installs the course package that ships\n"
    if offline:
        src = (head + f"# with this site. This copy works without internet, but has no {pkgs}\n"
               "# (Pyodide has them only on its CDN): cells that need them fail here. Use the online site for those.\n"
               "%pip install -q ipywidgets\n%pip install -q --no-deps course")
    else:
        src = (head + f"# with this site, and {pkgs} from the Pyodide CDN.\n"
               "%pip install -q ipywidgets\n%pip install -q --no-deps course\n"
               f"%pip install -q {' '.join(LESSON_PACKAGES)}\n"
               f"import {', '.join(LESSON_PACKAGES)}  # a ModuleNotFoundError here means the CDN could not be reached")
    return {"cell_type": "code", "execution_count": None, "id": MARKER,
            "metadata": {"tags": [MARKER], "editable": True}, "outputs": [], "source": src}


def prepare_notebook(src: Path, dest: Path, offline: bool) -> None:
    """Copy a notebook, with the install cell in front (the repo's notebooks stay as they are)."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if c.get("id") != MARKER]
    nb["cells"] = [install_cell(offline), *cells]
    if nb.get("nbformat_minor", 0) < 5:  # cell ids exist from nbformat 4.5 on
        for c in nb["cells"]:
            c.pop("id", None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def prepare_contents(root: Path, files: Path, offline: bool) -> list[str]:
    """lessons/, exercises/ and data/ as the site shows them; returns the notebooks' paths."""
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
                prepare_notebook(src, dest, offline)
                notebooks.append(rel.as_posix())
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
    return notebooks


# ---------------------------------------------------------------------------------------------------------------
# offline: Pyodide's core from npm, start-up wheels from PyPI, a rewritten lockfile


def fetch_pyodide_core(cache: Path) -> Path:
    """The npm package `pyodide` at the version the kernel expects, unpacked into the cache."""
    unpacked = cache / "npm" / f"pyodide-{PYODIDE_VERSION}"
    if (unpacked / "pyodide.asm.wasm").is_file():
        return unpacked
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("--offline needs npm (to fetch the `pyodide` package): install Node.js and npm")
    tgz_dir = cache / "npm"
    tgz_dir.mkdir(parents=True, exist_ok=True)
    _run([npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", tgz_dir, "--silent"],
         what=f"npm pack pyodide@{PYODIDE_VERSION}")
    tgz = tgz_dir / f"pyodide-{PYODIDE_VERSION}.tgz"
    tmp = tgz_dir / f".unpack-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz) as tf:
        members = [m for m in tf.getmembers() if m.isfile() and m.name.startswith("package/")]
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python 3.12+ (and patched 3.10+)
        tf.extractall(tmp, members=members, **safe)
    shutil.rmtree(unpacked, ignore_errors=True)
    (tmp / "package").rename(unpacked)
    shutil.rmtree(tmp, ignore_errors=True)
    missing = [f for f in PYODIDE_CORE if not (unpacked / f).is_file()]
    if missing:
        raise RuntimeError(f"the npm package pyodide@{PYODIDE_VERSION} lacks {missing}")
    return unpacked


def lock_closure(lock: dict, roots: tuple[str, ...]) -> list[str]:
    """The packages of `roots` and everything they depend on, by the lockfile's own `depends`."""
    pkgs = lock["packages"]

    def norm(n: str) -> str:
        return n.lower().replace("_", "-").replace(".", "-")

    seen: list[str] = []
    todo = [norm(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in pkgs:
            raise RuntimeError(f"pyodide-lock.json of Pyodide {PYODIDE_VERSION} has no package {name!r}")
        seen.append(name)
        todo += [norm(d) for d in pkgs[name].get("depends", [])]
    return sorted(seen)


def pip_download(specs: list[str], dest: Path) -> None:
    """Download pure-Python wheels (py3-none-any) for Pyodide's Python from PyPI."""
    dest.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
          "--python-version", "3.14", "--implementation", "py", "--abi", "none", "--platform", "any",
          "--dest", dest, *specs], what="pip download (wheels for the offline kernel)")


def wheel_name(path: Path) -> str:
    """The normalized project name of a wheel file, e.g. prompt_toolkit-3.0.52-... → prompt-toolkit."""
    return path.name.split("-")[0].lower().replace("_", "-")


def cached_wheels(specs: dict[str, str], cache: Path) -> dict[str, Path]:
    """name → wheel path for each {name: version}, downloading those not in the cache yet."""
    wheels = cache / "wheels"

    def find(name: str, version: str) -> Path | None:
        for w in wheels.glob("*.whl") if wheels.is_dir() else []:
            parts = w.name.split("-")
            if wheel_name(w) == name and parts[1] == version and w.name.endswith("-none-any.whl"):
                return w
        return None

    todo = [f"{n}=={v}" for n, v in specs.items() if find(n, v) is None]
    if todo:
        pip_download(todo, wheels)
    found = {n: find(n, v) for n, v in specs.items()}
    missing = [f"{n}=={specs[n]}" for n, w in found.items() if w is None]
    if missing:
        raise RuntimeError(f"no pure-Python wheel on PyPI for {missing}")
    return found  # type: ignore[return-value]


def offline_pyodide(lite_dir: Path, cache: Path) -> list[str]:
    """Put Pyodide's core and the kernel's start-up wheels into lite_dir/static/pyodide/, with a lockfile
    rewritten for those wheels and holding nothing else. Returns the names of the bundled packages."""
    core = fetch_pyodide_core(cache)
    target = lite_dir / "static" / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for f in PYODIDE_CORE:
        shutil.copy2(core / f, target / f)
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    local = lock_closure(lock, KERNEL_START_PACKAGES)
    wheels = cached_wheels({n: lock["packages"][n]["version"] for n in local}, cache)
    for name in list(lock["packages"]):
        if name not in local:  # not bundled: drop it, so nothing ever asks the CDN for it
            del lock["packages"][name]
            continue
        whl, spec = wheels[name], lock["packages"][name]
        shutil.copy2(whl, target / whl.name)
        spec["file_name"] = whl.name
        spec["sha256"] = sha256(whl)
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")
    return local


def piplite_wheels(dest: Path, cache: Path) -> list[Path]:
    """Wheels piplite serves besides the course: the ipywidgets stack at this environment's versions."""
    from importlib.metadata import version

    got = cached_wheels({p.replace("_", "-"): version(p) for p in PIPLITE_PACKAGES}, cache)
    dest.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(w, dest / w.name)) for w in got.values()]


# ---------------------------------------------------------------------------------------------------------------
# the build


def lite_config(offline: bool) -> dict:
    """jupyter-lite.json for the site: the app's name, no nbgrader, and (offline) no PyPI fallback."""
    kernel: dict = {}
    if offline:
        kernel["disablePyPIFallback"] = True
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Complaint handling & customer value",
            "disabledExtensions": list(DISABLED_EXTENSIONS),
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel},
        },
    }


def is_site(path: Path) -> bool:
    """Whether `path` holds a built JupyterLite site (and so may be replaced by a new build)."""
    return (path / "jupyter-lite.json").is_file() and (path / "index.html").is_file()


def build_site(output: Path, offline: bool = False, cache: Path | None = None, root: Path | None = None) -> Path:
    """Build the JupyterLite site into `output` (replacing a previous site there) and return `output`."""
    root = root or repo_root()
    cache = cache or default_cache()
    output = output.resolve()
    if output.exists() and any(output.iterdir()) and not is_site(output):
        raise RuntimeError(f"{output} exists and is not a JupyterLite site: refusing to replace it. "
                           "Pick another --output-dir or empty that folder.")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-lite-") as tmp:
        lite_dir = Path(tmp)
        notebooks = prepare_contents(root, lite_dir / "files", offline)
        if not notebooks:
            raise RuntimeError(f"no notebooks found in {root}/lessons or {root}/exercises")
        build_course_wheel(root, lite_dir / "pypi")
        piplite_wheels(lite_dir / "pypi", cache)
        if offline:
            offline_pyodide(lite_dir, cache)
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_config(offline), indent=2), encoding="utf-8")
        staged = lite_dir / "_site"
        _run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", lite_dir, "--contents",
              lite_dir / "files", "--output-dir", staged, "--no-sourcemaps"], cwd=lite_dir,
             what="jupyter lite build")
        if not is_site(staged):
            raise RuntimeError(f"jupyter lite build made no site in {staged}")
        shutil.rmtree(output, ignore_errors=True)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), str(output))
    (output / ".nojekyll").touch()  # GitHub Pages: serve folders that start with an underscore as they are
    return output


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
    p.add_argument("--offline", action="store_true",
                   help="bundle Pyodide's core and the kernel's wheels, so the kernel starts with no internet")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="download cache (default: $COURSE_LITE_CACHE or ~/.cache/course-lite)")
    p.add_argument("--serve", action="store_true", help="do not build: serve the built site on --port")
    p.add_argument("--port", type=int, default=8000, help="port for --serve (default: 8000)")
    p.add_argument("--ip", default="127.0.0.1", help="address for --serve (default: this machine only)")


def run(args: argparse.Namespace) -> int:
    out = args.output_dir or repo_root() / "_output"
    if args.serve:
        return serve(out.resolve(), args.ip, args.port)
    try:
        site = build_site(out, offline=args.offline, cache=args.cache_dir)
    except RuntimeError as e:
        print(f"course lite: {e}", file=sys.stderr)
        return 1
    print(f"\nThe site is in {site}. Try it with `course lite --serve`, or put the folder on\n"
          "any static web host (GitHub Pages, Netlify, a plain web server): see docs/SELF-STUDY.md.")
    return 0
