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
* `pool` — grade a class: forked workers, deadlines, interruptions (or a Dask cluster through `remote`)
* `session` — what a run prepares once for all its workers (nbgrader's API, scratch, zygote, caches)
* `zygote`, `zygote_shim`, `warm` — warm kernels: one sandboxed zygote forks each trainee's kernel already
  imported, into namespaces, tmpfs and a uid of its own; the kernel manager that uses it
* `caches` — parsed datasets for the trusted tests, compiled feedback templates (same results, less time)
* `remote` — `course grade --scheduler`: a task per submission on Dask workers, results merged here
* `state` — the per-trainee grading state that makes reruns skip unchanged work
* `failures` — why a submission could not be graded, in one line
* `cleanup` — what a failing submission or a killed run must not leave behind
* `results` — the grades back from the gradebook and the state, the CSV
* `report` — the class report: statistics, text and HTML
* `sandbox`, `kernel_launcher` — the kernel manager nbgrader starts trainees' kernels with, and its launcher
"""


def skip_unused_schema_grammar() -> None:
    """Where rfc3987-syntax is installed (jsonschema's optional IRI checker), importing jsonschema, and so nbformat,
    builds its RFC 3987 grammar with lark: 2 s, and more on a busy machine, per process. nbformat validates without
    format checking and no schema nbgrader or nbformat uses has an IRI format, so the grading commands let
    jsonschema go without that checker. Call before anything imports jsonschema; a no-op after."""
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # `import rfc3987_syntax` then fails: jsonschema skips it
