"""Grading around nbgrader: the release of exercises/, our nbgrader preprocessors, and class grading tools."""
