"""nbgrader configuration of the course kit.

Sources live in solutions/, releases in exercises/ (both committed); everything a class produces (submissions,
autograded copies, feedback, the gradebook) goes to the git-ignored folder _work/. The Chinese edition of each
exercise lives beside it, in solutions/zh/<id>/ and exercises/zh/<id>/: a trainee hands in either edition at the
same path, one gradebook holds one assignment per module (registered from the English source), and the zh
folders are never an assignment of their own (course/grading/editions.py).

The course root is the folder holding this file, or $COURSE_NBGRADER_ROOT when set (tests point the whole
configuration at a temporary course directory that way, or copy this file there).
The autograde and feedback pipelines are nbgrader's own, plus the preprocessors of
course/grading/preprocessors.py: test cells are judged outside the trainee's kernel, warnings on stderr do not
cost points, a cell's output is capped in size, hidden tests never reach feedback, and feedback says per
question (by its title) what was checked and why it failed. These lists are the whole pipeline: `course grade` runs exactly them
(it adds sandboxed kernels, staged input and time limits, no preprocessor), as plain `nbgrader autograde` does;
tests/grading/test_pipeline.py checks that the two agree.

Instructor workflow (from the repository root, with the venv's bin folder on PATH, e.g. after `make install`):

    course exercises --gradebook                 # exercises/ from solutions/, assignments into the gradebook
    nbgrader release_assignment 03-attentive-service   # with a JupyterHub exchange (or hand out exercises/)
    nbgrader collect 03-attentive-service        # -> _work/submitted/<student>/03-attentive-service/
    nbgrader autograde 03-attentive-service      # -> _work/autograded/, scores in _work/gradebook.db
    (JupyterLab menu Nbgrader > Formgrader)      # grade the written answers (W1) against the rubric
    nbgrader generate_feedback 03-attentive-service    # -> _work/feedback/<student>/.../*.html
                                                 # (or rerun `course grade`: it regenerates changed feedback)
    nbgrader release_feedback 03-attentive-service     # exchange only
    nbgrader export                              # grades.csv
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

ROOT = Path(os.environ.get("COURSE_NBGRADER_ROOT") or Path(__file__).resolve().parent).resolve()
WORK = ROOT / "_work"

# The assignments are the graded modules of the syllabus (course/syllabus.py). nbgrader 0.9 keeps no list of
# them in its configuration: `course exercises --gradebook` registers the syllabus's assignments.

# --- where things live -------------------------------------------------------------------------------
c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.course_id = "complaint-course"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "_work/submitted"
c.CourseDirectory.autograded_directory = "_work/autograded"
c.CourseDirectory.feedback_directory = "_work/feedback"
c.CourseDirectory.solution_directory = "_work/solution"
c.CourseDirectory.source_with_tests_directory = "_work/source_with_tests"
c.CourseDirectory.db_url = "sqlite:///" + str(WORK / "gradebook.db")
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "_work"]
# sqlite cannot create a database in a folder that does not exist yet.
WORK.mkdir(parents=True, exist_ok=True)

# --- executing notebooks ------------------------------------------------------------------------------
c.Execute.timeout = 120  # seconds per cell; every exercise runs in a few seconds
c.CapOutputBytes.max_bytes = 100_000  # characters of output a cell keeps (a 100 MB print would bloat feedback)

# --- autograde, sanitising step: nbgrader's, except that locked cells are restored from the source of the
# edition the trainee handed in (OverwriteEditionCells decides which, from the cells, and records it)
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "course.grading.preprocessors.OverwriteEditionCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# --- autograde: nbgrader's pipeline with trusted tests; outputs capped and sanitised, stderr forgiven
c.Autograde.autograde_preprocessors = [
    # nbgrader's Execute, except that test cells are judged outside the trainee's kernel, on plain data
    "course.grading.preprocessors.TrustedExecute",
    "course.grading.preprocessors.CapOutputBytes",
    "course.grading.preprocessors.SanitizeSubmission",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "course.grading.preprocessors.ForgiveStderr",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# --- feedback: nbgrader's pipeline, with hidden tests removed and results explained ----------------------
# QuestionFeedback says per question what was checked and how it went (the hidden asserts' own messages,
# time-outs and crashes in plain words); HideHiddenTracebacks keeps no hidden code and no other exception's
# text; FeedbackStyle makes long lines wrap. The page is nbgrader's feedback template plus the course's small
# override (question titles in the table of contents, a box per question): course/grading/templates/feedback/.
# Each page is in the language of the edition its notebook was graded as (English or Chinese).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "course.grading.preprocessors.SanitizeSubmission",
    "course.grading.preprocessors.QuestionFeedback",
    "course.grading.preprocessors.HideHiddenTracebacks",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "course.grading.preprocessors.FeedbackStyle",
]
import nbgrader  # noqa: E402

from course.grading.editions import hide_edition_folders  # noqa: E402
from course.grading.feedback import TEMPLATE_FILE, TEMPLATES  # noqa: E402

# The Formgrader and `nbgrader` list the folders of solutions/ as assignments: solutions/zh/ is an edition folder
hide_edition_folders()

# Only the feedback converter's exporter: the Formgrader's own HTMLExporter keeps its template. nbgrader's
# API names the template "feedback"; ours is a file in a feedback/ folder searched before nbgrader's.
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [
    str(TEMPLATES), str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates")]
c.GenerateFeedback.HTMLExporter.template_file = TEMPLATE_FILE

# --- the trainer's kit: pre/post test and completion (course/trainer/assessment.py, certificates.py) ------------
c.Assessment.pre = "assessment-a"          # taken at the start
c.Assessment.post = "assessment-b"         # taken at the end (swap both to give a class form B first)
c.Completion.post_test_min = 70            # % of the post-test's points
c.Completion.exercise_rule = "submitted"   # "submitted" | "passed" (see exercise_min) | "none"
c.Completion.exercise_min = 50             # with "passed": each exercise at least this %
c.Completion.exercises = []                # assignment ids that count; empty: every graded module
c.Completion.pre_test_required = False
c.Completion.issuer = ""                   # printed at the foot of the certificate
c.Completion.date = ""                     # printed date; empty: today
