"""Course kit: customer complaint handling and customer-value management.

Lessons call small, tested functions from here; exercises use only `course.datasets` and `course.hints`.
"""

__version__ = "0.1.0"

from course.i18n import current as current_language  # noqa: E402
from course.i18n import use_language  # noqa: E402

__all__ = ["__version__", "current_language", "use_language"]
