"""The course's analysis, one module per topic: pure functions on plain values and DataFrames.

No widgets, no self-checks, no files: `course.widgets.<topic>` draws what these return, `course.selfcheck`
asks questions about it, and the syllabus (`course.syllabus`) says which lesson teaches which topic.
"""
