"""Course kit: customer complaint handling and customer-value management.

Lessons call small, tested functions from here; exercises use only `course.datasets` and `course.hints`.
"""

__version__ = "0.1.0"
