"""A test class for the pre/post test and the certificates: a throw-away course folder with this repo's
nbgrader_config.py, both forms of the pre/post test (English and Chinese), the exercises' sources, and trainees who
answer the forms in ways whose marks are known; graded by plain `nbgrader autograde`, as the exercises' round trips
are. Exercise submissions are entered in the gradebook directly (a certificate needs "submitted", not a grading)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

from course import syllabus
from course.paths import env_for_tools, repo_root
from course.trainer import assessment

REPO = repo_root()
ANSWER = re.compile(r"^(q\d+) = ")

# trainee -> (edition, display name, {form: modules answered right}); None: the trainee does not take that form
BLANK = "blank"
KEY = "key"
CLASS = {
    KEY: ("en", "Key Answers", {"assessment-a": "all", "assessment-b": "all"}),
    BLANK: ("en", "Blank Release", {"assessment-a": (), "assessment-b": ()}),
    "amy": ("en", "Amy Adams", {"assessment-a": (1, 2), "assessment-b": (1, 2, 3, 4, 5, 6, 7)}),
    "ben": ("zh", "陈斌", {"assessment-a": (3,), "assessment-b": (1, 2, 3, 4, 5, 6)}),
    "cara": ("en", "Cara Diaz", {"assessment-a": (1, 2, 3, 4), "assessment-b": (1, 2, 3, 4, 5)}),
    "dan": ("en", "Dan Evans", {"assessment-a": (1,), "assessment-b": None}),
}
# exercises each trainee submitted (by module number); the rest were not handed in
SUBMITTED = {KEY: range(1, 9), BLANK: (), "amy": range(1, 9), "ben": range(1, 9), "cara": range(1, 9),
             "dan": (1, 2, 3)}


def expected_percent(sid: str, form: str) -> float | None:
    """The score (% of points) a trainee of CLASS gets on a form."""
    right = CLASS[sid][2][form]
    if right is None:
        return None
    qs = assessment.load(form)["questions"]
    if right == "all":
        return 100.0
    return 100 * sum(1 for q in qs if q["module"] in right) / len(qs)


def answered(release: Path, form: dict, right) -> dict:
    """The release notebook (as JSON) with the key's answers to the questions of the modules in `right` ("all"
    for every one) and a wrong answer to the others (blank when `right` is empty)."""
    nb = json.loads(release.read_text(encoding="utf-8"))
    key = assessment.key(form)
    modules = {f"q{k}": q["module"] for k, q in enumerate(form["questions"], 1)}
    if not right:
        return nb
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        m = ANSWER.match(src) if cell["cell_type"] == "code" and "nbgrader" not in cell["metadata"] else None
        if not m:
            continue
        q = m.group(1)
        good = right == "all" or modules[q] in right
        value = key[q]
        if not good:
            value = (value + 1000) if isinstance(value, (int, float)) else "abcd"[("abcd".index(value) + 1) % 4]
        cell["source"] = f"{q} = {value!r}"
    return nb


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = env_for_tools(COURSE_NBGRADER_ROOT=str(course), COURSE_DATA_DIR=str(REPO / "data"))
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=900)


def make_class(dest: Path, config_lines: str = "") -> Path:
    """The test class at `dest`, both forms autograded; exercise submissions in the gradebook. Returns `dest`."""
    from nbgrader.api import Gradebook

    dest.mkdir(parents=True, exist_ok=True)
    cfg = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    (dest / "nbgrader_config.py").write_text(cfg + "\n" + config_lines, encoding="utf-8")
    for form in assessment.FORMS:
        for lang in assessment.LANGS:
            src = assessment.source_path(REPO, form, lang)
            target = assessment.source_path(dest, form, lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, target)
    for m in syllabus.MODULES:
        shutil.copytree(REPO / "solutions" / m.id, dest / "solutions" / m.id)
    for form in assessment.FORMS:
        gen = nbgrader(dest, "generate_assignment", form, "--force")
        assert gen.returncode == 0, gen.stdout + gen.stderr
        content = assessment.load(form)
        for sid, (lang, _name, plan) in CLASS.items():
            if plan[form] is None:
                continue
            release = assessment.release_path(REPO, form, lang)
            nb = answered(release, content, plan[form])
            out = dest / "_work" / "submitted" / sid / form / f"{form}.ipynb"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        auto = nbgrader(dest, "autograde", form, "--force")
        assert auto.returncode == 0, auto.stdout[-3000:] + auto.stderr[-3000:]
    with Gradebook(f"sqlite:///{dest / '_work' / 'gradebook.db'}") as gb:
        for sid, (_lang, name, _plan) in CLASS.items():
            first, _, last = name.partition(" ")
            gb.update_or_create_student(sid, first_name=first, last_name=last)
        for m in syllabus.MODULES:
            gb.update_or_create_assignment(m.id)
            for sid, numbers in SUBMITTED.items():
                if m.number in numbers:
                    with warnings.catch_warnings():  # nbgrader's own autoflush warning for a notebook-less assignment
                        warnings.simplefilter("ignore")
                        gb.add_submission(m.id, sid)
    return dest
