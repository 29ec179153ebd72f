"""What a grading worker need not redo for every trainee: the parsed datasets of the trusted tests and the
compiled feedback templates. Both give the very same results as without them; they only save time.

* Datasets. Hidden tests recompute each answer from the data, so the trusted evaluation (course.grading.trusted)
  calls `load()` a dozen times per submission, and each call parses and validates a CSV. `preload(course)` parses,
  once in the parent process, every dataset the assignment's source notebooks (every edition's) name in a
  `load("...")` call; `install()`, in a forked worker only, makes `course.datasets.load` answer from those
  frames with a deep copy (a test may change its table). The key is the dataset, the language's variant, the
  file's path, size and modification time, so a changed file is read again; any other call (another dataset,
  `data_dir=`, an error) goes to the real loader.
* Templates. nbgrader makes a new HTML exporter, and so a new Jinja environment, for every feedback page, which
  compiles the same dozen templates each time. `FeedbackExporter` is nbconvert's HTMLExporter with a Jinja
  bytecode cache in a folder of the run (`use_template_cache(folder)`, before the workers fork): the first page
  compiles them, every later worker loads the compiled code. Jinja checks each template's source against its
  checksum.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from nbconvert.exporters import HTMLExporter

if TYPE_CHECKING:
    from course.grading.layout import Course

LOAD_CALL = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_]+)["']""")

_frames: dict[tuple, object] = {}
_real_load = None
_template_cache = ""  # folder of the compiled feedback templates ('' = none)


def _key(name: str, lang: str | None) -> tuple | None:
    from course.datasets import loader

    name = loader.ALIASES.get(name, name)
    if name not in loader.DATASETS:
        return None
    path = loader.dataset_path(name, None, lang)
    try:
        st = os.stat(path)
    except OSError:
        return None
    return name, loader.edition(name, lang), str(path), st.st_size, st.st_mtime_ns


def dataset_names(course: Course) -> list[str]:
    """The datasets the assignment's source notebooks (every edition's) load by name."""
    import nbformat

    found: list[str] = []
    for folder in course.editions("source").values():
        for path in sorted(Path(folder).glob("*.ipynb")):
            try:
                nb = nbformat.read(str(path), as_version=4)
            except Exception:  # noqa: BLE001 (grading reports an unreadable source)
                continue
            for cell in nb.cells:
                if cell.cell_type == "code":
                    found += [n for n in LOAD_CALL.findall(cell.source) if n not in found]
    return found


def preload(course: Course) -> int:
    """Parse, in this process, every dataset the assignment's tests may load, in each edition's language.
    Returns how many frames are cached; a dataset that does not load is left to the tests to report."""
    from course.datasets import loader
    from course.grading.editions import EDITIONS

    for name in dataset_names(course):
        for lang in EDITIONS:
            key = _key(name, lang)
            if key is None or key in _frames:
                continue
            try:
                _frames[key] = loader.load(name, lang=lang)
            except Exception:  # noqa: BLE001 (the test that loads it will say what is wrong)
                continue
    return len(_frames)


def cached_load(name: str, data_dir=None, lang: str | None = None):
    """course.datasets.load, from the preloaded frames when the same file was parsed already (a deep copy)."""
    if data_dir is None and isinstance(name, str):
        key = _key(name, lang)
        frame = _frames.get(key) if key is not None else None
        if frame is not None:
            return frame.copy(deep=True)
    return _real_load(name, data_dir, lang)


def install() -> None:
    """In a forked grading worker: let `course.datasets.load` answer from the preloaded frames."""
    global _real_load
    import course.datasets
    from course.datasets import loader

    if _real_load is None:
        _real_load = loader.load
    cached_load.__doc__ = _real_load.__doc__
    loader.load = cached_load
    course.datasets.load = cached_load


def warm_feedback(course: Course) -> None:
    """Render the release notebook once here with nbconvert's classic HTML template (the one the feedback template
    extends) and throw the page away, so that what a feedback page needs the first time (Pygments lexers,
    Markdown plugins, compiled regular expressions) is in this process's memory before the workers fork, instead
    of being loaded again by every one of them."""
    import nbformat

    try:
        from pygments.lexers import get_lexer_by_name

        for name in ("ipython3", "python"):  # what nbconvert highlights notebook code with
            get_lexer_by_name(name)
        exporter = HTMLExporter(template_name="classic")
        for path in sorted(Path(course.release).glob("*.ipynb"))[:1]:
            exporter.from_notebook_node(nbformat.read(str(path), as_version=4))
    except Exception:  # noqa: BLE001 (only a warm-up: the real pages report their own problems)
        pass


def use_template_cache(folder: str | os.PathLike | None) -> None:
    """Keep compiled feedback templates in `folder` (None: no cache) for this process and its forks."""
    global _template_cache
    _template_cache = str(folder or "")
    if _template_cache:
        os.makedirs(_template_cache, mode=0o700, exist_ok=True)


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTMLExporter (same template, same output) with a shared Jinja bytecode cache."""

    def _create_environment(self):
        env = super()._create_environment()
        if _template_cache and os.path.isdir(_template_cache):
            from jinja2 import FileSystemBytecodeCache

            env.bytecode_cache = FileSystemBytecodeCache(_template_cache)
        return env
