"""Lesson 0 self-check: how the course works (the start page)."""

from __future__ import annotations

from course.selfcheck.engine import N_, Choice, Question

FIXED: dict[str, Question] = {
    "0-1": Choice(
        id="0-1",
        prompt=N_("Where does the working code of a lesson live?"),
        options=(N_("In the course package, which the notebook calls"),
                 N_("In long cells inside the notebook"),
                 N_("In the exercises folder")),
        answer=0,
        why=N_("Lessons keep their cells short; the computations live in the course package, where they are tested."),
        wrong={1: N_("Lesson cells are kept short on purpose, so that the story stays readable and the code is "
                     "tested: read the paragraph above again."),
               2: N_("The exercises folder holds the assignments you hand in, not the lesson code.")},
    ),
}
