"""Slides from the lessons: nbconvert's reveal.js export of each lesson notebook (English and Chinese), executed so
its charts show, with speaker notes from the module's facilitator guide and every asset served beside the deck.

**The slide rule** (`slide_type`; `annotate` writes it into the lessons' cell metadata, `metadata.slideshow`):

* a markdown cell that starts with a level-1 or level-2 heading (`#`, `##`) starts a **slide**;
* a markdown cell that starts with a level-3 heading (`###`: worked examples, explorers, "first, the messy
  values") starts a **sub-slide** (reveal.js stacks it below its section's slide);
* a code cell that shows a self-check (`checks["1-3"].widget()`) is a **sub-slide** of its own: the question goes
  to the room;
* **setup code is skipped**: a code cell whose last statement is not an expression (imports, assignments) or is
  the language switch `use_language(...)`, and that calls no `display`, `print` or `plt.show`;
* every other cell continues the slide it is on (`-`).

The rule reads only the English edition's sources. Both editions have the same cells in the same order
(tests/test_editions.py), so `annotate` gives each Chinese cell the type of its English twin, and the export does
the same in memory for a notebook without the metadata. A slide type already in a cell's metadata wins over the
rule (a trainer may set one by hand in JupyterLab's property inspector).

**At export time only** (nothing of this is written to the lessons): a markdown cell holding further `##`/`###`
headings is split there into slides or sub-slides; each slide whose heading a guide block names (`section`)
gets that block as speaker notes (its title, minutes and what the trainer does), with the guide's notes on the
widgets used on it, its objectives on the title slide and its discussion and debrief questions on the debrief
slide; `$…$` formulas are drawn as SVG by matplotlib's mathtext (no MathJax); widget outputs (explorers,
self-checks) are replaced by a static rendering of their last state (the chart as an image, the controls as
text), so no widget JavaScript is needed; code is hidden (outputs only) except in worked examples, unless
`course slides --code` asks for all of it.

**Assets**: reveal.js comes from its npm package (`reveal.js@5.2.1`, the tarball's sha256 pinned here, through
course.lite_runtime's cached, verified download), and only the files the deck uses are copied beside the decks
(`_output/slides/reveal.js/`). nbconvert's template is overridden where it would load jQuery, require.js,
Mermaid, MathJax or the widget manager from a CDN, so the deck opens with no network at all.
"""

from __future__ import annotations

import ast
import base64
import copy
import html
import io
import json
import re
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

from course import syllabus
from course.paths import repo_root

LANGS = ("en", "zh")
SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
TEMPLATES = Path(__file__).resolve().parent / "slides_templates"
TEMPLATE = "course-reveal"
REVEAL_DIR = "reveal.js"  # beside the language folders: _output/slides/reveal.js/
# The files of the npm package the decks use (paths inside the package); the fonts of the white theme follow.
REVEAL_FILES = ("LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
                "plugin/notes/notes.js")
REVEAL_FONTS = "dist/theme/fonts/source-sans-pro/"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SHOWS = {"display", "print", "show"}  # calls that put something on screen even without a final expression
HEADING = re.compile(r"^(#{1,3}) \S")
MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)


def reveal_pin():
    """The npm tarball of reveal.js the decks are built and tested with."""
    from course.lite_runtime import Pin

    return Pin("reveal.js-5.2.1.tgz", "359b575dd51bbda32f89b2fd4c7dc46ad7389a805572158916c29252f7a27333",
               "reveal.js@5.2.1", registry="npm")


class SlidesError(RuntimeError):
    """A deck could not be made: the message says why and what to do."""


# --------------------------------------------------------------------------------------------- the rule
def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src or "")


def _call_name(node: ast.AST) -> str:
    f = node.func if isinstance(node, ast.Call) else None
    return getattr(f, "attr", getattr(f, "id", "")) if f is not None else ""


def _is_selfcheck(tree: ast.Module) -> bool:
    """True when the cell shows a self-check: a `.widget()` call on `checks[...]`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) == "widget":
            target = node.func.value if isinstance(node.func, ast.Attribute) else None
            if isinstance(target, ast.Subscript) and getattr(target.value, "id", "") == "checks":
                return True
    return False


def slide_type(cell) -> str:
    """The slide type the rule gives one cell (see the module docstring), from its source alone."""
    src = _source(cell).strip()
    if cell.get("cell_type") == "markdown":
        m = HEADING.match(src)
        if not m:
            return "-"
        return "subslide" if len(m.group(1)) == 3 else "slide"
    if cell.get("cell_type") != "code":
        return "-"
    if not src:
        return "skip"
    try:
        tree = ast.parse("\n".join(ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return "-"
    if _is_selfcheck(tree):
        return "subslide"
    if any(isinstance(n, ast.Call) and _call_name(n) in SHOWS for n in ast.walk(tree)):
        return "-"
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or (isinstance(last.value, ast.Call) and _call_name(last.value) == "use_language"):
        return "skip"
    return "-"


def rule_types(nb) -> list[str]:
    """The rule's slide type of every cell of a notebook (a dict or nbformat node)."""
    return [slide_type(c) for c in nb["cells"]]


def types_of(nb) -> list[str]:
    """The slide type of every cell: its metadata's where it has one, else the rule's."""
    out = []
    for c, rule in zip(nb["cells"], rule_types(nb), strict=True):
        given = ((c.get("metadata") or {}).get("slideshow") or {}).get("slide_type")
        out.append(given if given in SLIDE_TYPES else rule)
    return out


def zh_path(module: syllabus.Module, root: Path) -> Path:
    return root / module.lesson.replace("lessons/", "lessons/zh/", 1)


def lesson_path(module: syllabus.Module, lang: str, root: Path) -> Path:
    return root / module.lesson if lang == "en" else zh_path(module, root)


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _same_cells(en: dict, other: dict) -> bool:
    return [c["cell_type"] for c in en["cells"]] == [c["cell_type"] for c in other["cells"]]


def annotate_notebook(nb: dict, types: list[str]) -> int:
    """Set `metadata.slideshow.slide_type` of each cell to `types` (only that key changes); the number of cells
    changed."""
    changed = 0
    for cell, t in zip(nb["cells"], types, strict=True):
        meta = cell.setdefault("metadata", {})
        show = meta.get("slideshow")
        if not isinstance(show, dict):
            show = {}
        if show.get("slide_type") != t:
            show["slide_type"] = t
            meta["slideshow"] = show
            changed += 1
    return changed


@dataclass
class Annotated:
    """What `annotate` did to one lesson notebook."""

    path: Path
    changed: int
    cells: int


def annotate(root: Path | None = None, modules: list[syllabus.Module] | None = None,
             check: bool = False) -> list[Annotated]:
    """Write the rule's slide types into the lessons of `modules` (default: all), English and Chinese, the Chinese
    cells getting their English twins' types. Only `metadata.slideshow.slide_type` changes; the files keep their
    formatting (JSON with one-space indent, as nbformat writes them), so running it twice changes nothing. With
    `check`, nothing is written: the result says which notebooks would change."""
    root = Path(root or repo_root())
    done: list[Annotated] = []
    for m in modules or list(syllabus.LESSONS):
        en_file = root / m.lesson
        if not en_file.is_file():
            continue
        en = _read(en_file)
        types = rule_types(en)
        for path in (en_file, zh_path(m, root)):
            if not path.is_file():
                continue
            nb = en if path == en_file else _read(path)
            if not _same_cells(en, nb):
                raise SlidesError(f"{path} does not have the cells of {en_file} (same types, same order): the "
                                  "editions must match before slide types can be shared (tests/test_editions.py)")
            changed = annotate_notebook(nb, types)
            if changed and not check:
                path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            done.append(Annotated(path, changed, len(nb["cells"])))
    return done


# --------------------------------------------------------------------------------------------- speaker notes
def _split_markdown(text: str) -> list[tuple[str | None, str]]:
    """A markdown cell cut before each `##`/`###` heading line after its first line (outside code fences):
    (slide type of the part, or None for the first part; its text)."""
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    fence = False
    for i, line in enumerate(text.splitlines()):
        if line.lstrip().startswith("```"):
            fence = not fence
        m = HEADING.match(line) if not fence else None
        if m and i > 0 and len(m.group(1)) >= 2 and any(s.strip() for s in parts[-1][1]):
            parts.append(("subslide" if len(m.group(1)) == 3 else "slide", []))
        parts[-1][1].append(line)
    return [(t, "\n".join(lines).strip("\n")) for t, lines in parts]


def _heading(text: str) -> str | None:
    m = re.match(r"^#{1,3} (.+)$", text.strip().splitlines()[0]) if text.strip() else None
    return m.group(1).strip() if m else None


@dataclass
class Notes:
    """Speaker notes for one deck: by English heading, by widget name, for the title slide."""

    by_heading: dict[str, list[str]]
    by_widget: dict[str, str]
    title: list[str]


def guide_notes(module_id: str, lang: str, headings: list[str], kit=None) -> Notes:
    """The facilitator guide of a module as speaker notes in `lang`: each plan block on the slide of the lesson
    heading its `section` names (blocks without a section, such as breaks, are announced on the slide before),
    the widget notes on the slides that show them, the objectives, length and materials on the title slide, and
    the discussion and debrief questions on the slide of the debrief block (else the last heading)."""
    from course.trainer import content
    from course.trainer.render import L, section_title

    kit = kit or content.load()
    g = kit.guides.get(module_id)
    if g is None:
        return Notes({}, {}, [])
    lab, t = L[lang], content.t
    by_heading: dict[str, list[str]] = {}
    last: str | None = None
    debrief_at: str | None = None
    for b in g["plan"]:
        head = section_title(b.get("section"), headings) if b.get("section") else None
        line = f"**{t(b['title'], lang)}** · {b['minutes']} {lab['min']} · {lab['kinds'][b['kind']]}"
        if head in headings:
            by_heading.setdefault(head, []).append(line + ("\n\n" + t(b["do"], lang) if "do" in b else ""))
            last = head
            if b["kind"] == "debrief":
                debrief_at = head
        elif last is not None:
            then = "Then" if lang == "en" else "接下来"
            by_heading[last].append(f"{then}: {line}")
    questions = [f"**{lab['discussion']}**"] + [f"{i}. {t(d['question'], lang)}: {t(d['notes'], lang)}"
                                                 for i, d in enumerate(g["discussion"], 1)]
    questions += [f"**{lab['debrief']}**"] + [f"{i}. {t(q, lang)}" for i, q in enumerate(g["debrief"], 1)]
    target = debrief_at or (headings[-1] if headings else None)
    if target is not None:
        by_heading.setdefault(target, []).append("\n".join(questions))
    widgets = {w["name"]: f"**`{w['name']}`**: {t(w['live'], lang)}" for w in g.get("widgets", [])}
    title = [f"**{lab['guide']}** · {g['length']} {lab['minutes']}", f"**{lab['objectives']}**",
             *[f"- {t(o, lang)}" for o in g["objectives"]], f"**{lab['materials']}**",
             *[f"- {t(x, lang)}" for x in g["materials"]]]
    return Notes(by_heading, widgets, title)


# --------------------------------------------------------------------------------------------- in memory
def math_svg(tex: str) -> str:
    """A formula drawn by matplotlib's mathtext as an SVG data URI (mathtext knows most of TeX's math)."""
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    buf = io.BytesIO()
    mathtext.math_to_image(f"${tex.strip()}$", buf, prop=FontProperties(size=16), format="svg")
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def render_math(text: str) -> str:
    """Markdown with each `$…$` / `$$…$$` formula replaced by an <img> of it (its TeX kept as alt text)."""
    def one(m: re.Match) -> str:
        tex = m.group(1) or m.group(2)
        try:
            uri = math_svg(tex)
        except Exception:  # a formula mathtext cannot parse stays as its TeX source
            return f"<code>{html.escape(tex)}</code>"
        cls = "course-math display" if m.group(1) else "course-math"
        return f'<img class="{cls}" alt="{html.escape(tex, quote=True)}" src="{uri}">'
    return MATH.sub(one, text)


WORKED = "Worked example"  # the English heading of a worked example: its code stays on the slide


def prepare(nb, en: dict, module_id: str, lang: str, kit=None, code: bool = False):
    """The notebook as the deck shows it (a copy): slide types from the English twin `en`, headings split,
    speaker notes inserted as `notes` cells, formulas drawn, and the code of code cells hidden (outputs only)
    except under a worked example's heading, or everywhere with `code`."""
    import nbformat

    nb = copy.deepcopy(nb)
    if not _same_cells(en, nb):
        raise SlidesError(f"the {lang} lesson {module_id} does not have the English lesson's cells")
    types = types_of(en)
    headings_en = [h for c in en["cells"] if c["cell_type"] == "markdown"
                   for _t, part in _split_markdown(_source(c)) for h in [_heading(part)] if h]
    notes = guide_notes(module_id, lang, headings_en, kit)
    cells = []
    current = ""  # the English heading of the slide being built

    def note(lines: list[str]):
        cell = nbformat.v4.new_markdown_cell("\n\n".join(lines))
        cell.metadata["slideshow"] = {"slide_type": "notes"}
        return cell

    for i, (cell, t) in enumerate(zip(nb.cells, types, strict=True)):
        if cell.cell_type == "markdown":
            en_parts = _split_markdown(_source(en["cells"][i]))
            parts = _split_markdown(_source(cell))
            for k, (ptype, text) in enumerate(parts):
                part = nbformat.v4.new_markdown_cell(render_math(text))
                part.metadata["slideshow"] = {"slide_type": t if ptype is None else ptype}
                cells.append(part)
                head = _heading(en_parts[k][1]) if len(en_parts) == len(parts) else (
                    _heading(en_parts[0][1]) if k == 0 else None)
                current = head or current
                if i == 0 and k == 0 and notes.title:
                    cells.append(note(notes.title))
                if head and head in notes.by_heading:
                    cells.append(note(notes.by_heading[head]))
            continue
        cell.metadata["slideshow"] = {"slide_type": t}
        cells.append(cell)
        if cell.cell_type == "code" and not (code or current.startswith(WORKED)):
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        if cell.cell_type == "code":
            shown = [n for name, n in notes.by_widget.items() if re.search(rf"\b{re.escape(name)}\s*\(", _source(cell))]
            if shown:
                cells.append(note(shown))
    nb.cells = cells
    return nb


# --------------------------------------------------------------------------------------------- widgets, static
def _model(state: dict, ref) -> dict | None:
    key = str(ref).removeprefix("IPY_MODEL_")
    return state.get(key)


def _output_html(out: dict) -> str:
    import mistune

    kind = out.get("output_type")
    if kind == "stream":
        return f"<pre>{html.escape(out.get('text', ''))}</pre>"
    data = out.get("data") or {}
    if "image/png" in data:
        png = data["image/png"]
        png = "".join(png) if isinstance(png, list) else png
        return f'<img class="course-chart" alt="chart" src="data:image/png;base64,{png.strip()}">'
    if "image/svg+xml" in data:
        svg = data["image/svg+xml"]
        svg = "".join(svg) if isinstance(svg, list) else svg
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return f'<img class="course-chart" alt="chart" src="{uri}">'
    if "text/html" in data:
        value = data["text/html"]
        return "".join(value) if isinstance(value, list) else value
    if "text/markdown" in data:
        value = data["text/markdown"]
        return mistune.html("".join(value) if isinstance(value, list) else value)
    if "text/plain" in data:
        value = data["text/plain"]
        return f"<pre>{html.escape(''.join(value) if isinstance(value, list) else value)}</pre>"
    return ""


def widget_html(state: dict, ref, depth: int = 0) -> str:
    """A static HTML rendering of a widget from the notebook's saved widget state: boxes with their children,
    HTML as it is, an Output widget's outputs (its chart as an image), controls as their description and current
    value, buttons left out (nothing happens when one is clicked on a slide)."""
    model = _model(state, ref)
    if model is None or depth > 30:
        return ""
    name, s = model.get("model_name", ""), model.get("state", {})
    desc = html.escape(str(s.get("description") or ""))
    labels = [str(x) for x in (s.get("_options_labels") or [])]
    label = f'<span class="w-label">{desc}</span> ' if desc else ""
    if name.endswith("BoxModel") or name in ("AccordionModel", "TabModel", "StackModel"):
        kind = "w-hbox" if name == "HBoxModel" else "w-vbox"
        inner = "".join(widget_html(state, ch, depth + 1) for ch in s.get("children", []))
        return f'<div class="course-widget {kind}">{inner}</div>' if inner else ""
    if name in ("HTMLModel", "HTMLMathModel"):
        return f'<div class="w-html">{s.get("value") or ""}</div>' if s.get("value") else ""
    if name == "LabelModel":
        return f'<div class="w-html">{html.escape(str(s.get("value") or ""))}</div>'
    if name == "OutputModel":
        return "".join(_output_html(o) for o in s.get("outputs", []))
    if name == "RadioButtonsModel":
        idx = s.get("index")
        items = "".join(f'<li>{"●" if i == idx else "○"} {html.escape(x)}</li>' for i, x in enumerate(labels))
        return f'<div class="w-control">{label}<ul class="w-options">{items}</ul></div>'
    if name == "SelectMultipleModel":
        chosen = set(s.get("index") or [])
        value = ", ".join(x for i, x in enumerate(labels) if i in chosen)
    elif labels:  # Dropdown, ToggleButtons, Select, SelectionSlider
        idx = s.get("index")
        value = labels[idx] if isinstance(idx, int) and 0 <= idx < len(labels) else ""
    elif name in ("CheckboxModel", "ToggleButtonModel"):
        return f'<div class="w-control">{"☑" if s.get("value") else "☐"} {desc}</div>'
    elif name == "ButtonModel" or name.endswith("StyleModel") or name == "LayoutModel":
        return ""
    elif "value" in s:
        v = s["value"]
        value = " – ".join(str(x) for x in v) if isinstance(v, list) else str(v)
    else:
        return ""
    return f'<div class="w-control">{label}<span class="w-value">{html.escape(value)}</span></div>'


def static_widgets(nb) -> int:
    """Replace every widget output of an executed notebook by its static rendering and drop the widget state
    (so nbconvert loads no widget manager); the number of widget outputs replaced."""
    import nbformat

    state = ((nb.metadata.get("widgets") or {}).get(WIDGET_STATE) or {}).get("state") or {}
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.get("outputs", []):
            view = (out.get("data") or {}).get(WIDGET_VIEW)
            if view is None:
                outs.append(out)
                continue
            n += 1
            outs.append(nbformat.v4.new_output("display_data",
                                               data={"text/html": widget_html(state, view.get("model_id"))}))
        cell.outputs = outs
    nb.metadata.pop("widgets", None)
    return n


# --------------------------------------------------------------------------------------------- run and export
def execute(nb, cwd: Path, timeout: int = 300):
    """Run the notebook top to bottom in a fresh kernel from `cwd` (charts and widget state are kept)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SlidesError(f"a cell of the lesson failed while making its slides:\n{str(exc)[-1500:]}") from None
    return nb


def exporter(lang: str, prefix: str = f"../{REVEAL_DIR}"):
    """nbconvert's SlidesExporter with the course template: local reveal.js at `prefix`, the white theme,
    slide numbers, scrolling for tall slides (which code is shown is decided per cell by `prepare`)."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    c = Config()
    c.SlidesExporter.reveal_url_prefix = prefix
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_transition = "none"
    c.SlidesExporter.reveal_number = "c/t"
    c.SlidesExporter.reveal_scroll = True
    c.SlidesExporter.reveal_width = "1280"
    c.SlidesExporter.reveal_height = "800"
    c.SlidesExporter.exclude_input_prompt = True
    c.SlidesExporter.exclude_output_prompt = True
    c.SlidesExporter.language_code = lang  # ISO 639-1: nbconvert refuses zh-CN
    c.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.template_name = TEMPLATE
    # nothing may point at a CDN, even where the course template does not use it
    for trait in ("require_js_url", "mathjax_url", "mermaid_js_url", "mermaid_layout_elk_js_url", "jquery_url",
                  "jupyter_widgets_base_url", "widget_renderer_url", "font_awesome_url"):
        setattr(c.SlidesExporter, trait, "")
    return SlidesExporter(config=c)


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_EXTERNAL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*(?:https?:)?//""", re.I)


def external_refs(text: str) -> list[str]:
    """Every place an HTML or CSS text would load something from another host (a `src=`, `href=` of a link or
    script, `url(...)` or `@import` with an absolute URL); links in prose (`<a href>`) are not loads and are not
    counted."""
    found = []
    for m in EXTERNAL.finditer(text):
        start = text.rfind("<", 0, m.start())
        tag = text[start:start + 3].lower()
        if not tag.startswith("<a ") and not tag.startswith("<a\n"):
            found.append(text[m.start():m.start() + 100])
    found += [text[m.start():m.start() + 100] for m in CSS_EXTERNAL.finditer(text)]
    return found


def count_charts(nb) -> int:
    """The charts a deck shows: image outputs of its visible code cells, and the images of its widgets' outputs."""
    n = 0
    for c in nb.cells:
        if c.cell_type != "code" or c.metadata.get("slideshow", {}).get("slide_type") == "skip":
            continue
        for o in c.get("outputs", []):
            data = o.get("data") or {}
            if "image/png" in data or "image/svg+xml" in data:
                n += 1
            elif "text/html" in data:
                value = data["text/html"]
                n += ("".join(value) if isinstance(value, list) else value).count('class="course-chart"')
    return n


def deck_title(module: syllabus.Module, lang: str) -> str:
    return module.title if lang == "en" else module.title_zh


def make_deck(module: syllabus.Module, lang: str, root: Path | None = None, run: bool = True, code: bool = False,
              kit=None) -> tuple[str, dict]:
    """The HTML of one module's deck in one language, and facts about it (charts: images among the outputs;
    widgets: widget outputs rendered statically; notes: speaker-notes cells)."""
    import nbformat

    root = Path(root or repo_root())
    path = lesson_path(module, lang, root)
    if not path.is_file():
        raise SlidesError(f"no {lang} lesson {path}")
    en = _read(root / module.lesson)
    nb = nbformat.read(str(path), as_version=4)
    if run:
        execute(nb, path.parent)
    widgets = static_widgets(nb)
    deck = prepare(nb, en, module.id, lang, kit, code=code)
    deck.metadata["title"] = f"{module.number}. {deck_title(module, lang)}"
    body, _res = exporter(lang).from_notebook_node(deck)
    facts = {"charts": count_charts(deck), "widgets": widgets,
             "notes": sum(1 for c in deck.cells if c.metadata["slideshow"]["slide_type"] == "notes")}
    bad = external_refs(body)
    if bad:
        raise SlidesError(f"the {lang} deck of {module.id} would load from the network: {bad[:3]}")
    return body, facts


# --------------------------------------------------------------------------------------------- reveal.js
def reveal_tarball(cache: Path | None = None) -> Path:
    """The verified reveal.js tarball from the kit's download cache (fetched with `npm pack` the first time)."""
    from course.lite import default_cache
    from course.lite_runtime import PinError, fetch

    try:
        return fetch(reveal_pin(), Path(cache or default_cache()))
    except PinError as exc:
        raise SlidesError(str(exc)) from None


def copy_reveal(out: Path, cache: Path | None = None) -> Path:
    """Copy the reveal.js files the decks use out of the verified tarball into out/reveal.js/ (replaced whole)."""
    tgz = reveal_tarball(cache)
    dest = out / REVEAL_DIR
    if dest.exists():
        shutil.rmtree(dest)
    with tarfile.open(tgz, "r:gz") as tar:
        members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
        wanted = [n for n in members if n in REVEAL_FILES or (n.startswith(REVEAL_FONTS) and n != REVEAL_FONTS)]
        missing = sorted(set(REVEAL_FILES) - set(wanted))
        if missing:
            raise SlidesError(f"the reveal.js package lacks {missing}")
        for name in wanted:
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(members[name]) as src:
                target.write_bytes(src.read())
    (dest / "SOURCE.txt").write_text(f"{reveal_pin().spec} from npm, tarball sha256 {reveal_pin().sha256}\n",
                                     encoding="utf-8")
    return dest


def index_page(made: list[tuple[syllabus.Module, str, Path]], out: Path) -> Path:
    """out/index.html: a list of the decks written, by language."""
    rows = {lang: [] for lang in LANGS}
    for m, lang, path in made:
        rel = path.relative_to(out).as_posix()
        rows[lang].append(f'<li><a href="{html.escape(rel)}">{m.number}. {html.escape(deck_title(m, lang))}</a></li>')
    body = "".join(f"<h2>{'English' if lang == 'en' else '中文'}</h2><ul>{''.join(items)}</ul>"
                   for lang, items in rows.items() if items)
    page = out / "index.html"
    page.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Slides</title></head>'
                    f"<body><h1>Slides · 幻灯片</h1>{body}<p>Press S in a deck for the speaker notes.</p></body></html>\n",
                    encoding="utf-8")
    return page


def build(modules: list[syllabus.Module], langs: tuple[str, ...], out: Path, root: Path | None = None,
          run: bool = True, code: bool = False, cache: Path | None = None, log=print) -> list[tuple]:
    """Write the decks of `modules` in `langs` to out/<lang>/<module id>.html, reveal.js beside them and an
    index page; (module, lang, path, facts) for each deck."""
    from course.trainer import content

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_reveal(out, cache)
    kit = content.load()
    made = []
    for m in modules:
        for lang in langs:
            body, facts = make_deck(m, lang, root, run=run, code=code, kit=kit)
            path = out / lang / f"{m.id}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            log(f"  {path.relative_to(out)}: {facts['charts']} charts, {facts['notes']} speaker notes")
            made.append((m, lang, path, facts))
    index_page([(m, lang, p) for m, lang, p, _f in made], out)
    return made
