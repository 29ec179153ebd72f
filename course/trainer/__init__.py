"""The trainer's kit: facilitator guides, role-play cards, case handouts and answer sheets.

The content lives in the checkout's `trainer/` folder as one YAML file per document, every text field holding
both languages (`{en: …, zh: …}`) so the English and Chinese versions share one structure and one set of minutes.
`content` loads and checks it, `render` turns it into Markdown per language, `pdf` prints that to A4 PDFs with
headless Chromium, and `cli` is `course handouts`.
"""


def editions(lang: str | None) -> tuple[str, ...]:
    """The editions a trainer command makes for its `--lang` value: both for none (or 'both'), else that one.
    (`course --lang en|zh` also sets the language of the messages, course/cli.py; the trainer commands read the
    same value as the edition to make.)"""
    from course.i18n import normalise

    return ("en", "zh") if lang in (None, "", "both") else (normalise(lang),)
