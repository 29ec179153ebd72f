"""Grading around nbgrader: the release of exercises/, our nbgrader preprocessors, and class grading.

One module per concern (nbgrader's own API, converters and gradebook do the grading):

* `cli` — the `course exercises`, `course grade`, `course report` commands, thin over `api`
* `api` — those three actions as functions
* `release` — exercises/ from solutions/ with `nbgrader generate_assignment`, and the comparison with it
* `layout` — where an assignment's files live (Course), the nbgrader config and gradebook `course grade` uses
* `cells` — reading nbgrader cells: metadata, grade_id, kinds of cell, hidden-test regions, questions
* `editions` — the English and Chinese editions: where each lives, which one a hand-in is, `zh` never an assignment
* `preprocessors` — the course's nbgrader preprocessors (switched on in nbgrader_config.py)
* `importers` — an LMS export into nbgrader's submitted/ layout
* `preflight` — check and repair one submission before nbgrader sees it
* `trainee` — grade one trainee (stage, autograde, feedback, score)
* `pool` — grade a class: forked workers, deadlines, interruptions
* `state` — the per-trainee grading state that makes reruns skip unchanged work
* `failures` — why a submission could not be graded, in one line
* `cleanup` — what a failing submission or a killed run must not leave behind
* `results` — the grades back from the gradebook and the state, the CSV
* `report` — the class report: statistics, text and HTML
* `sandbox`, `kernel_launcher` — the kernel manager nbgrader starts trainees' kernels with, and its launcher
"""
