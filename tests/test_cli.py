"""The `course` command as a user runs it, and `course start` serving the start page over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course.cli import COMMANDS, command
from course.glossary import load as load_glossary
from course.glossary import lookup
from course.paths import repo_root

ROOT = repo_root()
COURSE = str(Path(sys.executable).parent / "course")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([COURSE, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_help_lists_every_subcommand():
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("start", "test", "data", "glossary", "hint", "exercises", "grade", "report", "lite"):
        assert f"    {cmd}" in out.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_follows_one_convention(name):
    """Each command is a module, or `module:object`, with add_arguments(parser) and run(args)."""
    target = command(name)
    assert callable(target.add_arguments) and callable(target.run), name
    out = run(name, "--help")
    assert out.returncode == 0 and COMMANDS[name][1] in " ".join(out.stdout.split()), out.stderr


def test_data_check_passes_on_committed_data():
    out = run("data", "--check")
    assert out.returncode == 0, out.stdout
    assert "ok       tickets" in out.stdout and "DIFFERS" not in out.stdout


def test_data_check_flags_a_changed_file(tmp_path):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path, dirs_exist_ok=True)  # with its subfolders (data/zh/)
    (tmp_path / "tickets.csv").write_text("ticket_id\nT-1\n", encoding="utf-8")
    out = run("data", "--check", "--dir", str(tmp_path))
    assert out.returncode == 1
    assert "DIFFERS" in out.stdout and "tickets.csv" in out.stdout and "INVALID" in out.stdout


def test_glossary_is_bilingual_and_covers_every_module():
    g = load_glossary()
    assert set(g["module"]) == set(range(1, 9))
    assert g["term_en"].is_unique and g["term_zh"].str.len().gt(0).all()
    assert lookup("客户剥离")["term_en"] == "customer divestment"
    assert lookup("Key Account")["term_zh"] == "大客户"
    out = run("glossary", "大客户")
    assert out.returncode == 0 and "key account" in out.stdout
    assert run("glossary", "zzz").returncode == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(args: list[str], paths: list[str]) -> tuple[dict[str, int], str, str]:
    """Run `course start ARGS` until it answers; the HTTP status of each of `paths`, the start page's JSON,
    and what the command printed."""
    port = _free_port()
    env = {**os.environ, "JUPYTER_TOKEN": "t0k3n", "CI": "1"}
    proc = subprocess.Popen([COURSE, "start", "--port", str(port), "--no-browser", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    statuses: dict[str, int] = {}
    try:
        url = f"http://127.0.0.1:{port}/api/contents/lessons/00-start-here.ipynb?token=t0k3n"
        deadline = time.time() + 60
        body = None
        while time.time() < deadline and body is None:
            try:
                body = urllib.request.urlopen(url, timeout=5).read().decode()
            except OSError:
                time.sleep(0.5)
        assert body is not None, "JupyterLab did not answer within 60 s"
        for path in paths:
            try:
                statuses[path] = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token=t0k3n",
                                                        timeout=10).status
            except urllib.error.HTTPError as exc:
                statuses[path] = exc.code
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
    return statuses, body, out


def test_course_start_serves_the_trainee_folder_without_the_instructor_tools(tmp_path):
    folder = tmp_path / "complaint-course"
    statuses, body, out = _serve(["--folder", str(folder)], [
        "/lab/tree/lessons/00-start-here.ipynb", "/api/contents/exercises", "/api/contents/data/tickets.csv",
        "/api/contents/solutions", "/api/contents/_work", "/api/contents/tests", "/api/contents/nbgrader_config.py",
        "/formgrader"])
    assert "Start here" in body
    assert statuses["/lab/tree/lessons/00-start-here.ipynb"] == 200
    assert statuses["/api/contents/exercises"] == 200 and statuses["/api/contents/data/tickets.csv"] == 200
    for hidden in ("solutions", "_work", "tests", "nbgrader_config.py"):
        assert statuses[f"/api/contents/{hidden}"] == 404, hidden
    assert statuses["/formgrader"] == 404  # nbgrader's instructor extension is off
    assert "00-start-here.ipynb" in out and str(folder) in out  # the printed URL and the folder
    assert (folder / "exercises").is_dir() and not (folder / "solutions").exists()


def test_course_start_lang_zh_serves_jupyterlab_in_chinese(tmp_path):
    """A real server: the session's settings say zh_CN, the language pack answers, the Chinese start page is there."""
    import json

    pytest.importorskip("jupyterlab_language_pack_zh_CN")
    folder = tmp_path / "complaint-course"
    port = _free_port()
    env = {**os.environ, "JUPYTER_TOKEN": "t0k3n", "CI": "1", "XDG_CACHE_HOME": str(tmp_path / "cache"), "LANG": "zh"}
    proc = subprocess.Popen([COURSE, "start", "--port", str(port), "--no-browser", "--lang", "zh", "--folder",
                             str(folder)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)

    def get(path: str) -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token=t0k3n", timeout=10).read().decode()

    try:
        deadline, settings = time.time() + 60, None
        while time.time() < deadline and settings is None:
            try:
                settings = json.loads(get("/lab/api/settings/@jupyterlab/translation-extension:plugin"))
            except OSError:
                time.sleep(0.5)
        assert settings is not None, "JupyterLab did not answer within 60 s"
        # the kit's overrides are the schema's defaults (a trainee's own choice, in settings, would still win)
        assert settings["schema"]["properties"]["locale"]["default"] == "zh_CN"
        pack = json.loads(get("/lab/api/translations/zh_CN"))
        assert pack["data"] and not pack.get("message")  # the Chinese language pack is served
        if (ROOT / "lessons" / "zh" / "00-start-here.ipynb").is_file():
            assert json.loads(get("/api/contents/lessons/zh/00-start-here.ipynb"))["type"] == "notebook"
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
    assert "lessons/zh/00-start-here.ipynb" in out and "你的课程文件夹" in out


def test_course_start_instructor_serves_the_whole_kit():
    statuses, body, out = _serve(["--instructor"], ["/api/contents/solutions", "/lab/tree/lessons/00-start-here.ipynb"])
    assert "Start here" in body and "instructor mode" in out
    assert statuses["/api/contents/solutions"] == 200


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_trainee_folder_is_built_idempotently_without_overwriting_work(tmp_path):
    from course.launch import MANIFEST, build_trainee_folder

    kit = tmp_path / "kit"
    for top in ("lessons", "data", "exercises", "solutions", "tests"):
        (kit / top).mkdir(parents=True)
    (kit / "lessons" / "00-start-here.ipynb").write_text("start v1")
    (kit / "lessons" / "01-a.ipynb").write_text("lesson v1")
    (kit / "lessons" / ".ipynb_checkpoints").mkdir()
    (kit / "lessons" / ".ipynb_checkpoints" / "x.ipynb").write_text("checkpoint")
    (kit / "data" / "tickets.csv").write_text("a,b\n")
    (kit / "exercises" / "01-a").mkdir()
    (kit / "exercises" / "01-a" / "01-a.ipynb").write_text("exercise v1")
    (kit / "solutions" / "secret.ipynb").write_text("hidden tests")
    (kit / "nbgrader_config.py").write_text("c = 1")
    released = _sha(kit / "exercises" / "01-a" / "01-a.ipynb")

    dest = tmp_path / "trainee"
    first = build_trainee_folder(dest, kit)
    assert sorted(first.copied) == ["data/tickets.csv", "exercises/01-a/01-a.ipynb", "lessons/00-start-here.ipynb",
                                    "lessons/01-a.ipynb"]
    names = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    assert names == set(first.copied) | {"README.md", MANIFEST}  # no solutions, tests, config, checkpoints

    (dest / "exercises" / "01-a" / "01-a.ipynb").write_text("my answers")  # the trainee works
    again = build_trainee_folder(dest, kit)
    assert (again.copied, again.updated, again.kept) == ([], [], [])  # nothing to do, nothing lost
    assert (dest / "exercises" / "01-a" / "01-a.ipynb").read_text() == "my answers"

    (kit / "exercises" / "01-a" / "01-a.ipynb").write_text("exercise v2")  # the kit changes
    (kit / "lessons" / "01-a.ipynb").write_text("lesson v2")
    (dest / "lessons" / "00-start-here.ipynb").unlink()  # the trainee deleted one
    third = build_trainee_folder(dest, kit)
    assert third.updated == ["lessons/01-a.ipynb"] and (dest / "lessons" / "01-a.ipynb").read_text() == "lesson v2"
    assert third.kept == ["exercises/01-a/01-a.ipynb"]
    assert (dest / "exercises" / "01-a" / "01-a.ipynb").read_text() == "my answers"
    assert third.copied == ["lessons/00-start-here.ipynb"]
    assert any("kept your version" in line for line in third.lines())
    assert _sha(kit / "exercises" / "01-a" / "01-a.ipynb") != released  # (we changed the kit ourselves)

    with pytest.raises(ValueError):
        build_trainee_folder(kit / "lessons" / "mine", kit)  # never inside the kit's own content


def test_lessons_find_the_data_from_the_trainee_folder(tmp_path, monkeypatch):
    from course.launch import build_trainee_folder
    from course.paths import data_dir

    dest = tmp_path / "trainee"
    build_trainee_folder(dest)
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DATA_DIR"}
    code = "from course.paths import data_dir; print(data_dir())"
    out = subprocess.run([sys.executable, "-c", code], cwd=dest / "lessons", env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() == str(dest / "data"), out.stderr
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    assert data_dir(dest / "exercises" / "01-why-customers-complain") == dest / "data"


def test_the_kit_jupyter_settings_silence_news_and_start_the_default_kernel(tmp_path):
    import json

    from course.launch import lab_command, session_settings, settings_dir

    for mode in ("trainee", "instructor"):
        overrides = json.loads((settings_dir(mode) / "overrides.json").read_text(encoding="utf-8"))
        assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
        assert overrides["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
        session = session_settings(mode, "en", tmp_path / mode)
        assert json.loads((session / "overrides.json").read_text())["@jupyterlab/notebook-extension:tracker"] == \
            overrides["@jupyterlab/notebook-extension:tracker"]
        assert f"--LabApp.app_settings_dir={session}" in lab_command(8888, "127.0.0.1", False, mode=mode,
                                                                     settings=session)
    disabled = json.loads((settings_dir("trainee") / "page_config.json").read_text())["disabledExtensions"]
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
            "@jupyter/nbgrader:create-assignment"} <= set(disabled)
    assert json.loads((tmp_path / "trainee" / "page_config.json").read_text())["disabledExtensions"] == disabled
    assert not (settings_dir("instructor") / "page_config.json").exists()
    assert not (tmp_path / "instructor" / "page_config.json").exists()


# ------------------------------------------------------------------ the Chinese edition: course start --lang zh
def _toy_kit(root: Path, zh_exercises: bool = True) -> Path:
    """A kit with both lesson editions and, if asked, the Chinese release of one of its two exercises."""
    kit = root / "kit"
    files = {"lessons/00-start-here.ipynb": "start en", "lessons/zh/00-start-here.ipynb": "start zh",
             "lessons/01-a.ipynb": "lesson en", "lessons/zh/01-a.ipynb": "lesson zh", "data/tickets.csv": "a,b\n",
             "exercises/01-a/01-a.ipynb": "exercise 01 en", "exercises/02-b/02-b.ipynb": "exercise 02 en",
             "solutions/01-a/01-a.ipynb": "hidden tests"}
    if zh_exercises:
        files["exercises/zh/01-a/01-a.ipynb"] = "exercise 01 zh"
    for rel, text in files.items():
        (kit / rel).parent.mkdir(parents=True, exist_ok=True)
        (kit / rel).write_text(text, encoding="utf-8")
    return kit


def test_trainee_folder_in_chinese_keeps_nbgraders_paths_and_both_lesson_editions(tmp_path):
    from course.launch import build_trainee_folder

    kit, dest = _toy_kit(tmp_path), tmp_path / "trainee"
    built = build_trainee_folder(dest, kit, lang="zh")
    assert (dest / "lessons" / "00-start-here.ipynb").read_text() == "start en"
    assert (dest / "lessons" / "zh" / "00-start-here.ipynb").read_text() == "start zh"
    assert (dest / "exercises" / "01-a" / "01-a.ipynb").read_text() == "exercise 01 zh"  # the usual path
    assert (dest / "exercises" / "02-b" / "02-b.ipynb").read_text() == "exercise 02 en"  # no Chinese one yet
    assert not (dest / "exercises" / "zh").exists() and not (dest / "solutions").exists()
    assert any("02-b" in n for n in built.notes)
    assert "中文版课程笔记本" in (dest / "README.md").read_text(encoding="utf-8")

    (dest / "exercises" / "01-a" / "01-a.ipynb").write_text("我的答案", encoding="utf-8")  # work in Chinese
    english = build_trainee_folder(dest, kit, lang="en")
    assert english.kept_language == ["exercises/01-a/01-a.ipynb"]  # an edited notebook is never replaced
    assert (dest / "exercises" / "01-a" / "01-a.ipynb").read_text(encoding="utf-8") == "我的答案"
    assert any("other language" in line for line in english.lines())
    assert build_trainee_folder(dest, kit, lang="zh").kept_language == []  # back in its own language: nothing to say

    fresh = tmp_path / "fresh"
    build_trainee_folder(fresh, kit, lang="zh")
    switched = build_trainee_folder(fresh, kit, lang="en")  # untouched copies follow the language
    assert switched.switched == ["exercises/01-a/01-a.ipynb"] and not switched.kept_language
    assert (fresh / "exercises" / "01-a" / "01-a.ipynb").read_text() == "exercise 01 en"


def test_trainee_folder_without_chinese_exercises_falls_back_with_a_note(tmp_path):
    from course.i18n import language
    from course.launch import build_trainee_folder

    built = build_trainee_folder(tmp_path / "trainee", _toy_kit(tmp_path, zh_exercises=False), lang="zh")
    assert (tmp_path / "trainee" / "exercises" / "01-a" / "01-a.ipynb").read_text() == "exercise 01 en"
    assert any("exercises/zh/" in n for n in built.notes)
    with language("zh"):
        lines = built.lines()
    assert lines[0].startswith("你的课程文件夹") and any("exercises/zh/" in line for line in lines)


def _start(monkeypatch, tmp_path, *argv: str, environ: dict[str, str] | None = None) -> dict:
    """Run `course start ARGV` in this process up to the point where it would become JupyterLab; what it would
    have run (command line, environment) and printed."""
    from course import cli, i18n, launch

    seen: dict = {}

    def execve(path, cmd, env):
        seen.update(cmd=cmd, env=env)
        raise SystemExit(0)

    monkeypatch.setattr(launch.os, "execve", execve)
    monkeypatch.setattr(launch.os, "chdir", lambda _p: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("JUPYTER_TOKEN", "t0k3n")
    monkeypatch.delenv("COURSE_LANG", raising=False)
    for k, v in (environ or {}).items():
        monkeypatch.setenv(k, v)
    before = i18n.current()
    try:
        with pytest.raises(SystemExit):
            cli.main(["start", "--no-browser", *argv])
    finally:
        i18n.use_language(before)
    seen["flags"] = dict(a.split("=", 1) for a in seen["cmd"] if a.startswith("--") and "=" in a)
    return seen


def test_course_start_lang_zh_builds_the_folder_and_a_chinese_session(monkeypatch, tmp_path, capsys):
    import json

    folder = tmp_path / "complaint-course"
    seen = _start(monkeypatch, tmp_path, "--lang", "zh", "--folder", str(folder), environ={"LANG": "zh"})
    out = capsys.readouterr().out
    assert seen["flags"]["--LabApp.default_url"] == "/lab/tree/lessons/zh/00-start-here.ipynb"
    assert seen["flags"]["--ServerApp.root_dir"] == str(folder)
    assert seen["env"]["COURSE_LANG"] == "zh"  # the kernels speak Chinese
    assert seen["env"]["LANG"] == "zh_CN.UTF-8"  # `make start LANG=zh` left a bare code there
    settings = Path(seen["flags"]["--LabApp.app_settings_dir"])
    overrides = json.loads((settings / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert overrides["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
    assert (settings / "page_config.json").is_file()  # still the trainee's lab, without the instructor's tools
    assert "你的课程文件夹" in out and "lessons/zh/00-start-here.ipynb?token=t0k3n" in out
    assert (folder / "lessons" / "zh").is_dir() and (folder / "lessons" / "00-start-here.ipynb").is_file()
    assert (folder / "exercises" / "01-why-customers-complain" / "01-why-customers-complain.ipynb").is_file()
    assert not (folder / "exercises" / "zh").exists()


def test_course_start_in_english_stays_english(monkeypatch, tmp_path, capsys):
    import json

    seen = _start(monkeypatch, tmp_path, "--folder", str(tmp_path / "f"), environ={"LANG": "en_GB.UTF-8"})
    assert seen["flags"]["--LabApp.default_url"] == "/lab/tree/lessons/00-start-here.ipynb"
    assert seen["env"]["COURSE_LANG"] == "en" and seen["env"]["LANG"] == "en_GB.UTF-8"
    overrides = json.loads((Path(seen["flags"]["--LabApp.app_settings_dir"]) / "overrides.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "en"  # not the server's default
    assert "your course folder" in capsys.readouterr().out


def test_course_start_instructor_in_chinese(monkeypatch, tmp_path, capsys):
    import json

    seen = _start(monkeypatch, tmp_path, "--instructor", "--lang=zh")
    assert seen["flags"]["--ServerApp.root_dir"] == str(ROOT)
    assert seen["flags"]["--LabApp.default_url"] == "/lab/tree/lessons/zh/00-start-here.ipynb"
    settings = Path(seen["flags"]["--LabApp.app_settings_dir"])
    assert json.loads((settings / "overrides.json").read_text())["@jupyterlab/translation-extension:plugin"] == \
        {"locale": "zh_CN"}
    assert not (settings / "page_config.json").exists()  # the Formgrader stays on
    assert "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False" not in seen["cmd"]
    assert seen["env"]["COURSE_LANG"] == "zh" and "讲师模式" in capsys.readouterr().out


def test_course_start_rejects_an_unknown_language(capsys):
    from course.cli import main

    assert main(["start", "--lang", "fr"]) == 2
    assert "'en', 'zh'" in capsys.readouterr().err


@pytest.mark.parametrize("make_args, env_lang, lang, locale", [
    (["LANG=zh"], None, "zh", "zh_CN.UTF-8"),
    (["LANG=zh_CN.UTF-8"], None, "zh", "zh_CN.UTF-8"),
    ([], "zh_CN.UTF-8", "zh", "zh_CN.UTF-8"),          # a Chinese shell gets Chinese by default
    (["LANG=en"], "zh_CN.UTF-8", "en", "C.UTF-8"),     # the command line wins, and `en` is no locale
    ([], "en_GB.UTF-8", "en", "en_GB.UTF-8"),
    ([], "fr_FR.UTF-8", "en", "fr_FR.UTF-8"),          # other languages get the English edition
])
def test_make_start_maps_lang_to_the_edition_and_a_valid_locale(make_args, env_lang, lang, locale):
    import shutil

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "COURSE_LANG", "MAKEFLAGS", "MAKELEVEL")}
    if env_lang:
        env["LANG"] = env_lang
    out = subprocess.run(["make", "-n", "start", *make_args], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "course start" in x)
    assert line.split() [:4] == [f"LANG={locale}", ".venv/bin/course", "start", "--lang"] and f"--lang {lang}" in line


def test_make_help_tells_how_to_start_in_chinese():
    import shutil

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert "make start LANG=zh" in out and "zh_CN.UTF-8" in out


def test_cli_speaks_the_language_asked_for(capsys):
    from course import i18n
    from course.cli import main

    before = i18n.current()
    try:
        with pytest.raises(SystemExit):
            main(["--lang", "zh", "--help"])
        out = capsys.readouterr().out
        assert "用法" in out and "打开" in out and "显示此帮助信息并退出" in out
        with pytest.raises(SystemExit):
            main(["start", "--help", "--lang", "zh"])
        assert "你的课程文件夹" in capsys.readouterr().out
        with pytest.raises(SystemExit):
            main(["--lang", "zh", "hint", "--nonsense"])
        assert "错误" in capsys.readouterr().err
    finally:
        i18n.use_language(before)


def test_cli_follows_course_lang():
    env = {**os.environ, "COURSE_LANG": "zh"}
    out = subprocess.run([COURSE, "hint", "42", "q1"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 2 and "练习 '42' 没有提示" in out.stderr
    out = subprocess.run([COURSE, "--help"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert "显示某道练习题的提示" in out.stdout


def test_argparse_errors_follow_the_language(capsys):
    """argparse's own messages (a wrong choice, an unknown option) are in Chinese with --lang zh, English without."""
    from course.cli import main
    from course.i18n import current, language

    def error_of(*argv: str) -> str:
        with language(current()), pytest.raises(SystemExit) as stop:
            main(list(argv))
        assert stop.value.code == 2
        return capsys.readouterr().err

    zh = error_of("grade", "01-why-customers-complain", "--kernels", "hot", "--lang", "zh")
    assert "无效的选项：'hot'（可选：'warm', 'cold'）" in zh and "错误" in zh and "用法" in zh, zh
    assert "无法识别的参数：--bogus" in error_of("glossary", "--bogus", "--lang", "zh")
    en = error_of("grade", "01-why-customers-complain", "--kernels", "hot")
    assert "invalid choice: 'hot' (choose from 'warm', 'cold')" in en and "无效" not in en, en
