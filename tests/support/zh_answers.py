"""The exercises run on the Chinese data: the same setup and model answers, with the notebook's language switch
set to Chinese, so `load()` returns data/zh/ and the checks speak Chinese."""

from __future__ import annotations

import nbformat

from .exercises import setup_and_answers, solution_path

SWITCH_EN, SWITCH_ZH = 'use_language("en")', 'use_language("zh")'


def namespace_in(aid: str, lang: str) -> dict:
    """A fresh namespace in which the setup cells (their language switch set to `lang`) and the solution's
    answer cells have run with plain exec. Run it inside `course.i18n.language(lang)` to restore the session."""
    nb = nbformat.read(solution_path(aid), as_version=4)
    sources = setup_and_answers(nb)
    assert any(SWITCH_EN in s for s in sources), f"{aid}: no {SWITCH_EN} in the setup cells"
    switch = SWITCH_ZH if lang == "zh" else SWITCH_EN
    ns: dict = {"__name__": "__exercise__"}
    for source in sources:
        exec(compile(source.replace(SWITCH_EN, switch), f"<{aid}>", "exec"), ns)  # noqa: S102 (the course's own)
    return ns
