"""Nothing a trainee wrote may run in the instructor's browser: sanitise a submission before anyone views it.

The Formgrader and the feedback pages render the autograded notebook as HTML on the instructor's server, so a
`<script>` in a written answer or an HTML output would run with the instructor's token. `sanitize_notebook`
cleans, with nh3 (the Ammonia sanitiser), every markdown and raw cell and every rich
output of a code cell; outputs that cannot be made safe (JavaScript, SVG, unknown types) are replaced by a
note. Raster images are kept only if they are valid base64.
"""

from __future__ import annotations

import base64
import binascii
import re

import nh3
from nbformat import NotebookNode

SAFE_TEXT = ("text/plain", "text/latex")
QUIET_DROP = ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json")
# Only to REPORT an attempt in the summary (nh3 does the cleaning, whatever this finds or misses).
ACTIVE = re.compile(r"(?is)<\s*(script|iframe|object|embed|style|form|svg|math|link|meta|base)\b|\son\w+\s*="
                    r"|(java|vb)script\s*:")
NEEDS_CLEANING = re.compile(r"(?i)<|(java|vb)script\s*:|data\s*:")
RASTER = ("image/png", "image/jpeg", "image/gif")
HTML_LIKE = ("text/html", "text/markdown")
NOTE = "[removed by the course kit: this output type could run code in the instructor's browser]"


def clean_html(text: str) -> str:
    """`text` with scripts, event handlers, styles, iframes and javascript: links removed (nh3 defaults)."""
    return nh3.clean(text, link_rel="noopener noreferrer nofollow")


def _valid_base64(data: object) -> bool:
    if not isinstance(data, str):
        return False
    try:
        base64.b64decode(data.replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def clean_output(out: NotebookNode) -> list[str]:
    """Sanitise one output in place; what it removed that could have run (dropped types, active HTML)."""
    dropped: list[str] = []
    if out.get("output_type") not in ("display_data", "execute_result"):
        return dropped
    data = out.get("data", {})
    for mime in list(data):
        value = data[mime]
        if mime in SAFE_TEXT:
            continue
        if mime in RASTER and _valid_base64(value):
            continue
        if mime in HTML_LIKE and isinstance(value, (str, list)):
            text = "".join(value) if isinstance(value, list) else value
            data[mime] = clean_html(text)
            if ACTIVE.search(text):
                dropped.append(f"active content in {mime}")
            continue
        del data[mime]
        if mime not in QUIET_DROP:
            dropped.append(mime)
    if dropped and "text/plain" not in data:
        data["text/plain"] = NOTE
    out["metadata"] = {}
    return dropped


def sanitize_notebook(nb: NotebookNode) -> list[str]:
    """Sanitise `nb` in place; a line per change, for the grading log."""
    notes: list[str] = []
    for i, cell in enumerate(nb.cells):
        # every markdown and raw cell: a trainee can forge nbgrader's "locked" flag on a cell they add
        if cell.cell_type in ("markdown", "raw") and NEEDS_CLEANING.search(cell.source):
            if ACTIVE.search(cell.source):
                notes.append(f"cell {i}: removed unsafe HTML from a {cell.cell_type} cell")
            cell.source = clean_html(cell.source)
            if cell.cell_type == "raw":
                cell.metadata.pop("format", None)
                cell.metadata.pop("raw_mimetype", None)
        if "attachments" in cell:
            for name, bundle in list(cell.attachments.items()):
                if not all(m in RASTER and _valid_base64(v) for m, v in bundle.items()):
                    del cell.attachments[name]
                    notes.append(f"cell {i}: removed attachment {name!r}")
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            for what in clean_output(out):
                notes.append(f"cell {i}: removed {what} from an output")
    return notes
