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

`course start --lang zh` (or COURSE_LANG=zh, or `make start LANG=zh`) opens the Chinese edition: the trainee
folder holds both lesson editions (lessons/ and lessons/zh/) and the exercises in the trainee's language at the
usual path (exercises/<id>/<id>.ipynb, copied from exercises/zh/<id>/ for Chinese, so a hand-in keeps nbgrader's
path and name). Switching language replaces only exercise copies the trainee has not touched; an edited notebook
is kept in the language it was started in, and the start message says so. JupyterLab opens on
lessons/zh/00-start-here.ipynb, its menus in Chinese (jupyterlab-language-pack-zh-cn), and its kernels start with
COURSE_LANG=zh, so every widget, check and hint speaks Chinese. Where the kit has no Chinese exercises yet, the
English ones are copied and a note says so.

Both use the kit's own JupyterLab settings (course/jupyter/<mode>/: `overrides.json`, and for trainees a
`page_config.json` that disables the instructor extensions), written with the session's interface language
(`@jupyterlab/translation-extension:plugin` locale zh_CN or en) to a settings folder per mode and language
(~/.cache/course/jupyter/<mode>-<lang>/) given to JupyterLab as its application settings folder: no "Jupyter
news" question, and a reopened notebook starts the default kernel (python3) without asking. A trainee's own
JupyterLab settings still win over these defaults.
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

from course.i18n import current, normalise, translator, use_language
from course.paths import JUPYTER_SETTINGS, repo_root, trainee_dir

_ = translator("course")

START_PAGE = "lessons/00-start-here.ipynb"
START_PAGES = {"en": START_PAGE, "zh": "lessons/zh/00-start-here.ipynb"}
"""The start page of each edition, relative to the served folder."""
MODES = ("trainee", "instructor")
# What a trainee's folder holds, copied from the kit: nothing else (no solutions/, _work/, tests/, config).
TRAINEE_CONTENT = ("lessons", "data", "exercises")
EDITION_FOLDERS = {"zh": "zh"}
"""Edition -> the folder beside the English notebooks that holds it (lessons/zh/, exercises/zh/)."""
MANIFEST = ".course-kit.json"
# nbgrader's server extensions a trainee does not use (the Formgrader and course list are the instructor's).
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
JUPYTER_LOCALES = {"en": "en", "zh": "zh_CN"}
"""Edition -> JupyterLab interface locale (zh_CN needs jupyterlab-language-pack-zh-cn)."""
SERVER_LOCALES = {"en": "C.UTF-8", "zh": "zh_CN.UTF-8"}
"""Edition -> the locale given to the server when LANG holds a bare language code such as `zh` (make start LANG=zh)."""
TRAINEE_README = """# Your course folder

This is your own copy of the course: work here. `course start` (or `make start` in the kit) opens it.

* `lessons/`: the lesson notebooks; run them, change them, try things. `lessons/zh/` holds the Chinese edition.
* `exercises/<id>/<id>.ipynb`: your copies of the exercises. Write your answers here and hand in this file.
* `data/`: the course data the lessons and exercises load.

Starting the course again never overwrites a file you changed: only files you have not touched are updated
when the kit has a newer version.
"""
TRAINEE_README_ZH = """# 你的课程文件夹

这是你自己的一份课程副本，请在这里学习和练习。`course start --lang zh`（或在课程包里运行 `make start LANG=zh`）
会打开它。

* `lessons/zh/`：中文版课程笔记本，可以运行、修改、随意尝试；`lessons/` 下是英文版。
* `exercises/<编号>/<编号>.ipynb`：你的练习副本。答案写在这里，交作业时提交这个文件。
* `data/`：课程和练习用到的数据。

再次启动课程时，你改过的文件永远不会被覆盖：只有你没动过的文件，才会在课程包有新版本时更新。
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


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "course" / "jupyter"


def session_settings(mode: str, lang: str = "en", dest: Path | None = None) -> Path:
    """Write the JupyterLab application settings of one session to `dest` (default:
    ~/.cache/course/jupyter/<mode>-<lang>/): the kit's settings for `mode` with the interface language set
    (`@jupyterlab/translation-extension:plugin` locale zh_CN for Chinese, en for English), and return it."""
    lang = normalise(lang)
    src = settings_dir(mode)
    dest = Path(dest) if dest is not None else _cache_dir() / f"{mode}-{lang}"
    dest.mkdir(parents=True, exist_ok=True)
    overrides = json.loads((src / "overrides.json").read_text(encoding="utf-8"))
    overrides[TRANSLATION_PLUGIN] = {**overrides.get(TRANSLATION_PLUGIN, {}), "locale": JUPYTER_LOCALES[lang]}
    (dest / "overrides.json").write_text(json.dumps(overrides, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for extra in sorted(src.iterdir()):
        if extra.is_file() and extra.name != "overrides.json":
            shutil.copy2(extra, dest / extra.name)
    for stale in dest.iterdir():
        if stale.is_file() and stale.name != "overrides.json" and not (src / stale.name).exists():
            stale.unlink()
    return dest


def language_pack_installed(lang: str) -> bool:
    """Whether JupyterLab can show its menus in `lang` (English always; Chinese with the zh_CN language pack)."""
    lang = normalise(lang)
    if lang == "en":
        return True
    from importlib.metadata import entry_points

    return any(ep.name == JUPYTER_LOCALES[lang] for ep in entry_points(group="jupyterlab.languagepack"))


def start_page(lang: str, root: Path) -> tuple[str, str | None]:
    """The start page of the `lang` edition under `root`, and a note when that edition is missing (English then)."""
    page = START_PAGES[normalise(lang)]
    if page != START_PAGE and not (root / page).is_file():
        return START_PAGE, _("the Chinese start page {page} is not in this kit yet: opening the English one").format(
            page=page)
    return page, None


def lab_command(port: int, ip: str, open_browser: bool, token: str | None = None, *, root: Path | None = None,
                mode: str = "trainee", lang: str = "en", settings: Path | None = None,
                page: str | None = None) -> list[str]:
    """The JupyterLab command line: serving `root` (default: the kit) on the start page of `lang`'s edition (or
    `page`), with the session's settings folder (default: session_settings(mode, lang)); a trainee's lab has the
    instructor's nbgrader extensions switched off."""
    settings = settings if settings is not None else session_settings(mode, lang)
    page = page or START_PAGES[normalise(lang)]
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={ip}", f"--ServerApp.port={port}",
           f"--ServerApp.root_dir={root or repo_root()}", f"--LabApp.default_url=/lab/tree/{page}",
           f"--LabApp.app_settings_dir={settings}", "--MappingKernelManager.default_kernel_name=python3"]
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


def server_environment(lang: str, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment JupyterLab and its kernels start with: COURSE_LANG set to the edition (the kernels'
    language), and a bare language code in LANG (`make start LANG=zh` puts `zh` there) replaced by a full
    locale name (zh_CN.UTF-8 / C.UTF-8); a real locale such as en_GB.UTF-8 is kept."""
    lang = normalise(lang)
    env = dict(os.environ if environ is None else environ)
    env["COURSE_LANG"] = lang
    value = env.get("LANG", "")
    if not value or ("_" not in value and "." not in value and value not in ("C", "POSIX")):
        env["LANG"] = SERVER_LOCALES[lang]
    return env


# ------------------------------------------------------------------------------------------- trainee folder
@dataclass
class TraineeFolder:
    """What building a trainee's folder did: files copied, updated from a newer kit, switched to the other
    language (untouched exercise copies), kept (changed by the trainee, so not overwritten), and notes."""

    path: Path
    lang: str = "en"
    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    switched: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    kept_language: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What happened, a line each, in the language in use (what `course start` prints)."""
        def few(items: list[str]) -> str:
            return ", ".join(items[:5]) + (" ..." if len(items) > 5 else "")

        out = [_("your course folder: {path}").format(path=self.path)]
        if self.copied:
            out.append("  " + _("copied {n} file(s) from the kit").format(n=len(self.copied)))
        if self.updated:
            out.append("  " + _("updated {n} file(s) you had not changed: {files}").format(
                n=len(self.updated), files=few(self.updated)))
        if self.switched:
            out.append("  " + _("switched {n} exercise file(s) you had not started to the {edition} edition: "
                                "{files}").format(n=len(self.switched), edition=_edition(self.lang),
                                                  files=few(self.switched)))
        if self.kept:
            out.append("  " + _("kept your version of {n} file(s) the kit has changed since: {files}").format(
                n=len(self.kept), files=few(self.kept)))
        if self.kept_language:
            out.append("  " + _("kept your work in {n} exercise file(s) you started in the other language (an edited "
                                "notebook is never replaced; to start one afresh in the {edition} edition, rename "
                                "yours and run course start again): {files}").format(
                n=len(self.kept_language), edition=_edition(self.lang), files=few(self.kept_language)))
        out += ["  " + _("note: {note}").format(note=n) for n in self.notes]
        return out


def _edition(lang: str) -> str:
    return _("Chinese") if lang == "zh" else _("English")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _visible(rel: Path) -> bool:
    return not any(part.startswith(".") or part == "__pycache__" for part in rel.parts)


def _kit_files(kit: Path) -> list[str]:
    """The files of the kit a trainee's folder holds, as relative paths (no checkpoints, caches, dot files)."""
    files = []
    for top in TRAINEE_CONTENT:
        base = kit / top
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            rel = p.relative_to(kit)
            if p.is_file() and _visible(rel):
                files.append(rel.as_posix())
    return files


def trainee_sources(kit: Path, lang: str = "en") -> tuple[dict[str, tuple[Path, str]], list[str]]:
    """What a trainee's folder holds, in `lang`: {path in the folder: (file in the kit, its edition)}, and notes.

    lessons/ (with lessons/zh/) and data/ as they are; the exercises at exercises/<id>/..., from
    exercises/zh/<id>/ for Chinese (English for an exercise the kit has no Chinese edition of, with a note);
    exercises/zh/ itself is never copied."""
    lang = normalise(lang)
    sources: dict[str, tuple[Path, str]] = {}
    notes: list[str] = []
    edition_dir = EDITION_FOLDERS.get(lang)
    for rel in _kit_files(kit):
        parts = rel.split("/")
        if parts[0] == "exercises" and len(parts) > 1 and parts[1] in EDITION_FOLDERS.values():
            continue  # an edition folder: copied to the usual path below, for the trainee's language only
        sources[rel] = (kit / rel, "en" if parts[0] == "exercises" else "")
    if edition_dir is None:
        return sources, notes
    zh_root = kit / "exercises" / edition_dir
    if not zh_root.is_dir():
        notes.append(_("the Chinese exercises are not in this kit yet ({folder} is missing): your exercises are the "
                       "English ones").format(folder=f"exercises/{edition_dir}/"))
        return sources, notes
    english = sorted({rel.split("/")[1] for rel in sources if rel.startswith("exercises/") and rel.count("/") >= 2})
    for aid in english:
        folder = zh_root / aid
        if not folder.is_dir():
            notes.append(_("no Chinese edition of exercise {aid} yet: you get the English one").format(aid=aid))
            continue
        for p in sorted(folder.rglob("*")):
            inner = p.relative_to(folder)
            if p.is_file() and _visible(inner):
                sources[f"exercises/{aid}/{inner.as_posix()}"] = (p, lang)
    return sources, notes


def build_trainee_folder(dest: Path, kit: Path | None = None, lang: str = "en") -> TraineeFolder:
    """Create or refresh a trainee's course folder at `dest` from the kit at `kit` (default: this checkout), in
    `lang`: lessons/ (both editions), data/, exercises/ (the trainee's edition, at the usual path) and a README.
    A missing file is copied; a file is replaced by the kit's newer (or other-language) version only while it is
    still what was copied last time; a file the trainee changed is kept. Nothing else of the kit is copied,
    nothing of the trainee's is deleted."""
    lang = normalise(lang)
    kit = Path(kit or repo_root()).resolve()
    dest = Path(dest).expanduser().resolve()
    if dest == kit or any(dest == kit / t or (kit / t) in dest.parents for t in TRAINEE_CONTENT):
        raise ValueError(_("the trainee folder {dest} cannot be the kit itself or inside its content").format(
            dest=dest))
    dest.mkdir(parents=True, exist_ok=True)
    manifest_path = dest / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        recorded: dict[str, str] = dict(manifest.get("files", {}))
        editions: dict[str, str] = dict(manifest.get("editions", {}))
    except (OSError, ValueError, AttributeError, TypeError):
        recorded, editions = {}, {}
    sources, notes = trainee_sources(kit, lang)
    report = TraineeFolder(dest, lang, notes=notes)
    for rel, (src, edition) in sources.items():
        target = dest / rel
        new = _sha(src)
        before = editions.get(rel, "en") if edition else ""
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
            recorded[rel] = new
            report.copied.append(rel)
        else:
            have = _sha(target)
            if have == new:
                recorded[rel] = new
            elif recorded.get(rel) == have:  # untouched since we copied it: take the kit's newer version
                shutil.copy2(src, target)
                recorded[rel] = new
                (report.switched if before != edition else report.updated).append(rel)
            elif before != edition:  # the trainee's work, in the other language: keep it, and say so
                report.kept_language.append(rel)
                continue
            elif recorded.get(rel) != new:  # the trainee's work, and the kit has changed since: keep, and say so
                report.kept.append(rel)
        if edition:
            editions[rel] = edition
    readme = dest / "README.md"
    if not readme.exists():
        readme.write_text(TRAINEE_README_ZH if lang == "zh" else TRAINEE_README, encoding="utf-8")
    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"kit": str(kit), "files": recorded, "editions": editions}, indent=1,
                              sort_keys=True), encoding="utf-8")
    os.replace(tmp, manifest_path)
    return report


# ------------------------------------------------------------------------------------------- course start
def add_start_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8888, help=_("port to serve on (default: 8888)"))
    p.add_argument("--ip", default="127.0.0.1", help=_("address to listen on (default: this machine only)"))
    p.add_argument("--no-browser", action="store_true", help=_("do not open a browser; print the URL instead"))
    p.add_argument("--instructor", action="store_true",
                   help=_("serve the whole kit (solutions/, _work/, the Formgrader) instead of your course folder"))
    p.add_argument("--folder", type=Path, default=None,
                   help=_("your course folder (default: $COURSE_TRAINEE_DIR or ~/complaint-course)"))
    p.add_argument("--lang", metavar="LANG",
                   help=_("the edition to open: en or zh (default: $COURSE_LANG, else en); zh opens the Chinese "
                          "lessons, exercises and JupyterLab menus"))


def run_start(args: argparse.Namespace) -> int:
    import secrets

    try:
        lang = use_language(args.lang) if getattr(args, "lang", None) else current()
    except ValueError as exc:
        print(_("course start: {error}").format(error=exc), file=sys.stderr)
        return 2
    mode = "instructor" if args.instructor else "trainee"
    if mode == "trainee":
        try:
            built = build_trainee_folder(args.folder or trainee_dir(), lang=lang)
        except (OSError, ValueError) as exc:
            print(_("course start: cannot prepare your course folder: {error}").format(error=exc), file=sys.stderr)
            return 1
        for line in built.lines():
            print(line)
        root = built.path
    else:
        root = repo_root()
        print(_("instructor mode: serving the whole kit at {root}").format(root=root))
    page, note = start_page(lang, root)
    if note:
        print(_("note: {note}").format(note=note))
    if not language_pack_installed(lang):
        print(_("note: JupyterLab's Chinese language pack is not installed, so its menus stay in English "
                "(pip install jupyterlab-language-pack-zh-cn); the course itself is in Chinese."))
    open_browser = not (args.no_browser or headless())
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)
    host = "127.0.0.1" if args.ip in ("0.0.0.0", "", "*") else args.ip
    url = f"http://{host}:{args.port}/lab/tree/{page}?token={token}"
    print((_("Opening the course at") if open_browser else _("No browser here: open the course at"))
          + f"\n\n    {url}\n\n" + _("JupyterLab keeps serving until you press Ctrl-C."), flush=True)
    cmd = lab_command(args.port, args.ip, open_browser, token, root=root, mode=mode, lang=lang, page=page)
    env = server_environment(lang)
    os.chdir(root)
    if os.name == "posix":  # become JupyterLab, so Ctrl-C and kill reach the server itself
        os.execve(cmd[0], cmd, env)
    return subprocess.call(cmd, env=env)


def add_test_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("pytest_args", nargs=argparse.REMAINDER, help=_("extra arguments passed to pytest"))


def run_test(args: argparse.Namespace) -> int:
    root = repo_root()
    lint = [d for d in ("course", "tests", "benchmarks", "lessons") if (root / d).is_dir()]
    rc = subprocess.call([sys.executable, "-m", "ruff", "check", *lint], cwd=root)
    return rc or subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=root)


start = SimpleNamespace(add_arguments=add_start_arguments, run=run_start)
test = SimpleNamespace(add_arguments=add_test_arguments, run=run_test)
