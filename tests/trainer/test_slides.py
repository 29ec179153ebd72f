"""Slides from the lessons: the slide rule (and `course slides --annotate`, tried on copies of the lessons), speaker
notes from the facilitator guides, static widgets and formulas, reveal.js taken only from its verified npm tarball,
and `course slides` on a real lesson in both editions with every asset local."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from course import syllabus
from course.trainer import content, slides

ROOT = slides.repo_root()
HAN = re.compile(r"[\u4e00-\u9fff]")
MODULE = syllabus.by_id(1)


def run_command(argv: list[str]) -> int:
    """`course slides ARGS` (through course/cli.py once the verb is registered there)."""
    from course.cli import COMMANDS, main
    from course.trainer import slides_cli

    if "slides" in COMMANDS:
        return main(["slides", *argv])
    p = argparse.ArgumentParser()
    slides_cli.add_arguments(p)
    args = p.parse_args(argv)
    return slides_cli.run(args)


def md(text: str) -> dict:
    return {"cell_type": "markdown", "source": text, "metadata": {}}


def code(text: str) -> dict:
    return {"cell_type": "code", "source": text, "metadata": {}, "outputs": []}


def test_the_rule():
    cases = [(md("# Title\nintro"), "slide"), (md("## 2. Section"), "slide"), (md("### Worked example: x"), "subslide"),
             (md("Plain text\n## later heading"), "-"), (md("> **Fact check.** …"), "-"),
             (code('from course import use_language\n\nuse_language("en")   # note'), "skip"),
             (code("import pandas as pd\nx = 1"), "skip"), (code("x = load('t')\nx.head()"), "-"),
             (code('checks["1-3"].widget()'), "subslide"), (code("for i in range(2):\n    display(i)"), "-"),
             (code("pw.plot_hours(tickets);"), "-"), (code(""), "skip")]
    for cell, want in cases:
        assert slides.slide_type(cell) == want, cell["source"]


def _copy_lessons(dest: Path) -> Path:
    for m in syllabus.LESSONS:
        for src in (ROOT / m.lesson, slides.zh_path(m, ROOT)):
            target = dest / src.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, target)
    return dest


def _strip(nb: dict) -> dict:
    nb = json.loads(json.dumps(nb))
    for c in nb["cells"]:
        c["metadata"].pop("slideshow", None)
    return nb


def test_annotate_writes_only_the_slide_metadata_the_same_in_both_editions(tmp_path):
    root = _copy_lessons(tmp_path)
    for path in root.rglob("*.ipynb"):  # start from lessons without slide types (the repo's carry them already)
        nb = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(_strip(nb), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    before = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.ipynb")}
    done = slides.annotate(root)
    assert len(done) == 2 * len(syllabus.LESSONS) and sum(a.changed for a in done) > 0
    for path, text in before.items():
        old, new = json.loads(text), json.loads(path.read_text(encoding="utf-8"))
        assert _strip(new) == _strip(old), f"{path}: only cell metadata.slideshow may change"
        added = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln not in set(text.splitlines())]
        assert all(re.match(r'\s*("slideshow": \{|"slide_type": "[^"]+"|\},?|"metadata": \{)', ln) for ln in added), \
            f"{path}: unexpected changes {added[:3]}"
    for m in syllabus.LESSONS:
        en = json.loads((root / m.lesson).read_text(encoding="utf-8"))
        zh = json.loads(slides.zh_path(m, root).read_text(encoding="utf-8"))
        assert slides.types_of(en) == slides.types_of(zh) == slides.rule_types(en)
    again = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.ipynb")}
    assert sum(a.changed for a in slides.annotate(root)) == 0, "annotate is idempotent"
    assert again == {p: p.read_text(encoding="utf-8") for p in root.rglob("*.ipynb")}
    assert run_command(["--annotate", "--check", "--root", str(root)]) == 0


def test_annotate_check_fails_on_lessons_without_the_metadata(tmp_path, capsys):
    root = _copy_lessons(tmp_path)
    for p in root.rglob("*.ipynb"):
        nb = json.loads(p.read_text(encoding="utf-8"))
        p.write_text(json.dumps(_strip(nb), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_command(["--annotate", "--check", "--root", str(root)]) == 1
    assert "course slides --annotate" in capsys.readouterr().err


def test_annotate_refuses_editions_with_other_cells(tmp_path):
    root = _copy_lessons(tmp_path)
    zh = slides.zh_path(MODULE, root)
    nb = json.loads(zh.read_text(encoding="utf-8"))
    nb["cells"].append(md("extra"))
    zh.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(slides.SlidesError, match="does not have the cells"):
        slides.annotate(root, [MODULE])


@pytest.mark.parametrize("lang", slides.LANGS)
def test_speaker_notes_come_from_the_guide(lang):
    kit = content.load()
    en = json.loads((ROOT / MODULE.lesson).read_text(encoding="utf-8"))
    nb = nbformat.read(str(slides.lesson_path(MODULE, lang, ROOT)), as_version=4)
    deck = slides.prepare(nb, en, MODULE.id, lang, kit)
    notes = "\n".join(c.source for c in deck.cells if c.metadata["slideshow"]["slide_type"] == "notes")
    guide = kit.guides[MODULE.id]
    for b in guide["plan"]:
        assert content.t(b["title"], lang) in notes, b["id"]
    for w in guide["widgets"]:
        assert content.t(w["live"], lang) in notes, w["name"]
    assert content.t(guide["discussion"][0]["question"], lang) in notes
    assert content.t(guide["objectives"][0], lang) in notes
    kinds = [c.metadata["slideshow"]["slide_type"] for c in deck.cells]
    assert kinds.count("slide") > kinds.count("-") / 10 and "subslide" in kinds
    if lang == "zh":
        assert HAN.search(notes)


def test_widgets_render_statically():
    png = "iVBORw0KGgo="
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_h", "IPY_MODEL_s", "IPY_MODEL_r",
                                                                  "IPY_MODEL_b", "IPY_MODEL_o"]}},
        "h": {"model_name": "HTMLModel", "state": {"value": "<h4>Promise</h4>"}},
        "s": {"model_name": "IntSliderModel", "state": {"description": "Hours", "value": 24}},
        "r": {"model_name": "RadioButtonsModel", "state": {"_options_labels": ["yes", "no"], "index": None}},
        "b": {"model_name": "ButtonModel", "state": {"description": "Check"}},
        "o": {"model_name": "OutputModel", "state": {"outputs": [
            {"output_type": "display_data", "data": {"image/png": png, "text/plain": "<Figure>"}}]}},
    }
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "display_data", data={slides.WIDGET_VIEW: {"model_id": "box"}, "text/plain": "VBox()"})])]
    nb.metadata["widgets"] = {slides.WIDGET_STATE: {"state": state}}
    assert slides.static_widgets(nb) == 1 and "widgets" not in nb.metadata
    page = nb.cells[0].outputs[0]["data"]["text/html"]
    assert "<h4>Promise</h4>" in page and "Hours" in page and ">24<" in page and "○ yes" in page
    assert f'class="course-chart" alt="chart" src="data:image/png;base64,{png}"' in page and "Check" not in page
    assert slides.count_charts(nb) == 1


def test_formulas_are_drawn_without_mathjax():
    out = slides.render_math(r"CLV is $\mathrm{CLV} = \frac{m\,r}{1 + i - r}.$ Done.")
    assert out.startswith("CLV is <img class=\"course-math\"") and "data:image/svg+xml;base64," in out
    assert out.endswith(" Done.") and "$" not in out


def test_external_loads_are_found_and_prose_links_are_not():
    assert slides.external_refs('<a href="https://example.org">source</a>') == []
    for bad in ('<script src="https://unpkg.com/x.js">', "<link href='//cdn.x/y.css'>", "@import url(https://f/x.css);"):
        assert slides.external_refs(bad), bad


def test_a_reveal_tarball_with_another_hash_is_refused(tmp_path):
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / slides.reveal_pin().file).write_bytes(b"not reveal.js")
    with pytest.raises(slides.SlidesError, match="hash mismatch"):
        slides.copy_reveal(tmp_path / "out", cache=tmp_path)


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("slides")
    assert run_command(["01", "--out", str(out)]) == 0
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", slides.LANGS)
def test_course_slides_writes_executed_decks_with_local_assets(decks, lang):
    deck = decks / lang / f"{MODULE.id}.html"
    page = deck.read_text(encoding="utf-8")
    assert slides.external_refs(page) == []
    for css in (decks / slides.REVEAL_DIR).rglob("*.css"):
        assert slides.external_refs(css.read_text(encoding="utf-8")) == [], css
    for ref in re.findall(r'(?:src|href)="(\.\./reveal\.js/[^"]+)"', page):
        assert (deck.parent / ref).is_file(), ref
    assert '<script src="../reveal.js/dist/reveal.js">' in page and "plugin/notes/notes.js" in page
    assert page.count('<aside class="notes">') >= len(content.load().guides[MODULE.id]["plan"]) - 1
    assert page.count("<img") - page.count('class="course-math') >= 3, "the lesson's charts are in the deck"
    assert "jupyter-widgets" not in page and "require.js" not in page and "MathJax" not in page
    assert f'<html lang="{lang}">' in page
    if lang == "zh":
        assert len(HAN.findall(page)) > 500
    assert (decks / "index.html").is_file()
    assert (decks / slides.REVEAL_DIR / "SOURCE.txt").read_text().startswith("reveal.js@5.2.1 from npm")


def test_the_lessons_carry_the_rule_s_slide_types():
    """The committed lessons hold the slide types (`course slides --annotate` writes them; rerun it after adding
    or changing cells), the same in both editions."""
    stale = [f"{a.path.relative_to(ROOT)} ({a.changed} of {a.cells} cells)" for a in slides.annotate(check=True)
             if a.changed]
    assert stale == [], f"run `course slides --annotate`: {stale}"
