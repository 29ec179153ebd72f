"""One pipeline: `course grade` runs exactly the autograde and feedback preprocessors that plain nbgrader loads
from nbgrader_config.py (nothing is added in code), with the sandbox as nbgrader's kernel manager."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.course import has_assignment, make_course

from course.grading.layout import KERNEL_MANAGER, grading_api, open_course
from course.paths import env_for_tools

A = "01-why-customers-complain"

# What `nbgrader autograde` / `nbgrader generate_feedback` build, run from a course root as an instructor does.
NBGRADER_SIDE = """
import json
from nbgrader.apps.autogradeapp import AutogradeApp
from nbgrader.apps.generatefeedbackapp import GenerateFeedbackApp
from nbgrader.converters import Autograde, GenerateFeedback
from traitlets.utils.importstring import import_item

def names(pps):
    return [f"{c.__module__}.{c.__qualname__}" for c in (import_item(p) if isinstance(p, str) else p for p in pps)]

auto = AutogradeApp.instance()
auto.initialize([])
feedback = GenerateFeedbackApp()
feedback.initialize([])
print(json.dumps({
    "autograde": names(Autograde(coursedir=auto.coursedir, parent=auto).autograde_preprocessors),
    "sanitize": names(Autograde(coursedir=auto.coursedir, parent=auto).sanitize_preprocessors),
    "feedback": names(GenerateFeedback(coursedir=feedback.coursedir, parent=feedback).preprocessors),
}))
"""


def names(pps) -> list[str]:
    from traitlets.utils.importstring import import_item

    return [f"{c.__module__}.{c.__qualname__}" for c in (import_item(p) if isinstance(p, str) else p for p in pps)]


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    return make_course(tmp_path_factory.mktemp("pipeline") / "course", A)


def test_course_grade_runs_the_pipeline_nbgrader_loads_from_nbgrader_config(root, tmp_path):
    from nbgrader.converters import Autograde, GenerateFeedback

    env = env_for_tools()
    env.pop("COURSE_NBGRADER_ROOT", None)
    proc = subprocess.run([sys.executable, "-c", NBGRADER_SIDE], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    plain = json.loads(proc.stdout.strip().splitlines()[-1])

    api = grading_api(open_course(root, A), cell_timeout=10, sandbox="none", scratch=tmp_path)
    ours = {"autograde": names(Autograde(coursedir=api.coursedir, parent=api).autograde_preprocessors),
            "sanitize": names(Autograde(coursedir=api.coursedir, parent=api).sanitize_preprocessors),
            "feedback": names(GenerateFeedback(coursedir=api.coursedir, parent=api).preprocessors)}
    assert ours == plain
    # ... and that pipeline is the course's, not nbgrader's default one
    assert names(Autograde.class_traits()["autograde_preprocessors"].default()) != plain["autograde"]
    assert "course.grading.trusted.TrustedExecute" in plain["autograde"]
    for name in ("CapOutputBytes", "SanitizeSubmission", "ForgiveStderr"):
        assert f"course.grading.preprocessors.{name}" in plain["autograde"]
    assert "course.grading.preprocessors.HideHiddenTracebacks" in plain["feedback"]
    # locked cells come back from the source of the trainee's edition: nbgrader's OverwriteCells, edition-aware
    sanitize = [n.rsplit(".", 1)[1] for n in plain["sanitize"]]
    assert "OverwriteEditionCells" in sanitize and "OverwriteCells" not in sanitize
    assert sanitize == ["ClearOutput", "DeduplicateIds", "OverwriteKernelspec", "OverwriteEditionCells",
                        "CheckCellMetadata"]
    # the output cap sits right after the notebook is run, the stderr pardon before grades are saved
    auto = [n.rsplit(".", 1)[1] for n in plain["autograde"]]
    assert auto[0] == "TrustedExecute" and "Execute" not in auto  # tests never run in the trainee's kernel
    assert auto.index("CapOutputBytes") == 1 and auto.index("SanitizeSubmission") < auto.index("SaveAutoGrades")
    assert auto.index("ForgiveStderr") < auto.index("SaveAutoGrades")
    feedback = [n.rsplit(".", 1)[1] for n in plain["feedback"]]
    assert feedback.index("HideHiddenTracebacks") < feedback.index("ClearHiddenTests")
    assert "SanitizeSubmission" in feedback
    # course grade changes how kernels start, not what runs: the sandbox is nbgrader's kernel manager
    assert api.config.Execute.kernel_manager_class == KERNEL_MANAGER
    assert api.config.Execute.timeout == 10
