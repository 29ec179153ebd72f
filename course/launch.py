"""`course start` and `course test`: open the course in JupyterLab; run the test suite.

Two commands of course/cli.py: `start` and `test` below, each with add_arguments(parser) and run(args).

`course start` (what `make start` runs) is the trainee's JupyterLab. It first builds the trainee's own course
folder (default ~/complaint-course, or --folder / $COURSE_TRAINEE_DIR): lessons/, data/ and a copy of the
released exercises/ to work in; never solutions/, _work/, tests/ or nbgrader_config.py. Building is
idempotent and never overwrites the trainee's work: a file is copied when it is missing, and updated only while
the trainee has not changed it (the folder's .course-kit.json remembers what was copied). JupyterLab then serves
that folder, with the instructor's nbgrader extensions (Formgrader, course list, create assignment) switched
off, so the released files in the kit stay pristine and the hidden tests are not one click away. (This is a
tidy workspace, not a security boundary: the grading's protection is the sandbox, docs/INSTRUCTORS.md.)

`course start --instructor` serves the whole kit instead (solutions/, _work/, the Formgrader), as before.

Both use the kit's own JupyterLab settings (course/jupyter/<mode>/: `overrides.json`, and for trainees a
`page_config.json` that disables the instructor extensions), given to JupyterLab as its application settings
folder: no "Jupyter news" question, and a reopened notebook starts the default kernel (python3) without asking.
A trainee's own JupyterLab settings still win over these defaults.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from course.paths import JUPYTER_SETTINGS, repo_root, trainee_dir

START_PAGE = "lessons/00-start-here.ipynb"
MODES = ("trainee", "instructor")
# What a trainee's folder holds, copied from the kit: nothing else (no solutions/, _work/, tests/, config).
TRAINEE_CONTENT = ("lessons", "data", "exercises")
MANIFEST = ".course-kit.json"
# nbgrader's server extensions a trainee does not use (the Formgrader and course list are the instructor's).
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
TRAINEE_README = """# Your course folder

This is your own copy of the course: work here. `course start` (or `make start` in the kit) opens it.

* `lessons/`: the lesson notebooks; run them, change them, try things.
* `exercises/<id>/<id>.ipynb`: your copies of the exercises. Write your answers here and hand in this file.
* `data/`: the course data the lessons and exercises load.

Starting the course again never overwrites a file you changed: only files you have not touched are updated
when the kit has a newer version.
"""


def headless() -> bool:
    """No screen to open a browser on: Linux without DISPLAY/WAYLAND, or CI."""
    if os.environ.get("CI"):
        return True
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def settings_dir(mode: str) -> Path:
    """The kit's JupyterLab application settings folder for `mode` (overrides.json, page_config.json)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    return JUPYTER_SETTINGS / mode


def lab_command(port: int, ip: str, open_browser: bool, token: str | None = None, *, root: Path | None = None,
                mode: str = "trainee") -> list[str]:
    """The JupyterLab command line: serving `root` (default: the kit) on the start page, with the kit's
    settings for `mode` (a trainee's lab has the instructor's nbgrader extensions switched off)."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={ip}", f"--ServerApp.port={port}",
           f"--ServerApp.root_dir={root or repo_root()}", f"--LabApp.default_url=/lab/tree/{START_PAGE}",
           f"--LabApp.app_settings_dir={settings_dir(mode)}", "--MappingKernelManager.default_kernel_name=python3"]
    if mode == "trainee":
        cmd += [f"--ServerApp.jpserver_extensions={ext}=False" for ext in INSTRUCTOR_SERVER_EXTENSIONS]
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
        cmd.append("--ServerApp.port_retries=0")  # the printed URL must be the one that serves
    return cmd


# ------------------------------------------------------------------------------------------- trainee folder
@dataclass
class TraineeFolder:
    """What building a trainee's folder did: files copied, updated from a newer kit, and kept (changed by
    the trainee, so not overwritten)."""

    path: Path
    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"your course folder: {self.path}"]
        if self.copied:
            out.append(f"  copied {len(self.copied)} file(s) from the kit")
        if self.updated:
            out.append(f"  updated {len(self.updated)} file(s) you had not changed: {', '.join(self.updated[:5])}"
                       + (" ..." if len(self.updated) > 5 else ""))
        if self.kept:
            out.append(f"  kept your version of {len(self.kept)} file(s) the kit has changed since: "
                       + ", ".join(self.kept[:5]) + (" ..." if len(self.kept) > 5 else ""))
        return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kit_files(kit: Path) -> list[str]:
    """The files of the kit a trainee's folder holds, as relative paths (no checkpoints, caches, dot files)."""
    files = []
    for top in TRAINEE_CONTENT:
        base = kit / top
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            rel = p.relative_to(kit)
            if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                files.append(rel.as_posix())
    return files


def build_trainee_folder(dest: Path, kit: Path | None = None) -> TraineeFolder:
    """Create or refresh a trainee's course folder at `dest` from the kit at `kit` (default: this checkout):
    lessons/, data/, exercises/ and a README. A missing file is copied; a file is replaced by the kit's newer
    version only while it is still what was copied last time; a file the trainee changed is kept. Nothing else
    of the kit is copied, nothing of the trainee's is deleted."""
    kit = Path(kit or repo_root()).resolve()
    dest = Path(dest).expanduser().resolve()
    if dest == kit or any(dest == kit / t or (kit / t) in dest.parents for t in TRAINEE_CONTENT):
        raise ValueError(f"the trainee folder {dest} cannot be the kit itself or inside its content")
    dest.mkdir(parents=True, exist_ok=True)
    manifest_path = dest / MANIFEST
    try:
        recorded: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        recorded = {}
    report = TraineeFolder(dest)
    sources = {rel: kit / rel for rel in _kit_files(kit)}
    readme = dest / "README.md"
    for rel, src in sources.items():
        target = dest / rel
        new = _sha(src)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
            recorded[rel] = new
            report.copied.append(rel)
            continue
        have = _sha(target)
        if have == new:
            recorded[rel] = new
        elif recorded.get(rel) == have:  # untouched since we copied it: take the kit's newer version
            shutil.copy2(src, target)
            recorded[rel] = new
            report.updated.append(rel)
        elif recorded.get(rel) != new:  # the trainee's work, and the kit has changed since: keep, and say so
            report.kept.append(rel)
    if not readme.exists():
        readme.write_text(TRAINEE_README, encoding="utf-8")
    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"kit": str(kit), "files": recorded}, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, manifest_path)
    return report


# ------------------------------------------------------------------------------------------- course start
def add_start_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: this machine only)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser; print the URL instead")
    p.add_argument("--instructor", action="store_true",
                   help="serve the whole kit (solutions/, _work/, the Formgrader) instead of your course folder")
    p.add_argument("--folder", type=Path, default=None,
                   help="your course folder (default: $COURSE_TRAINEE_DIR or ~/complaint-course)")


def run_start(args: argparse.Namespace) -> int:
    import secrets

    mode = "instructor" if args.instructor else "trainee"
    if mode == "trainee":
        try:
            built = build_trainee_folder(args.folder or trainee_dir())
        except (OSError, ValueError) as exc:
            print(f"course start: cannot prepare your course folder: {exc}", file=sys.stderr)
            return 1
        for line in built.lines():
            print(line)
        root = built.path
    else:
        root = repo_root()
        print(f"instructor mode: serving the whole kit at {root}")
    open_browser = not (args.no_browser or headless())
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)
    host = "127.0.0.1" if args.ip in ("0.0.0.0", "", "*") else args.ip
    url = f"http://{host}:{args.port}/lab/tree/{START_PAGE}?token={token}"
    print(("Opening" if open_browser else "No browser here: open") + f" the course at\n\n    {url}\n\n"
          "JupyterLab keeps serving until you press Ctrl-C.", flush=True)
    cmd = lab_command(args.port, args.ip, open_browser, token, root=root, mode=mode)
    os.chdir(root)
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
