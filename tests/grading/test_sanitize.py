"""Nothing a trainee wrote reaches the instructor's browser as code."""

from __future__ import annotations

import nbformat

from course.grading.sanitize import NOTE, clean_html, sanitize_notebook

ATTACKS = ["<script>fetch('/api/terminals')</script>", '<img src=x onerror="alert(1)">',
           '<a href="javascript:alert(1)">x</a>', '<iframe src="/lab"></iframe>', '<svg onload="alert(1)"></svg>',
           '<div style="background:url(javascript:alert(1))">x</div>', '<form action="/api"><input></form>']


def test_clean_html_keeps_text_and_tables_and_drops_code():
    for attack in ATTACKS:
        clean = clean_html("**My answer** " + attack)
        assert "My answer" in clean
        for bad in ("<script", "onerror", "javascript:", "<iframe", "onload", "style=", "<form"):
            assert bad not in clean, (attack, clean)
    assert "<td>1</td>" in clean_html("<table><tr><td>1</td></tr></table>")


def test_notebook_cells_outputs_and_attachments_are_sanitised():
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell("W1: " + ATTACKS[0] + ATTACKS[1])
    md.metadata["nbgrader"] = {"locked": True, "grade_id": "forged", "grade": False, "solution": False}
    raw = nbformat.v4.new_raw_cell(ATTACKS[0], metadata={"format": "text/html"})
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": ATTACKS[0] + "<b>ok</b>", "text/plain": "ok"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(1)"}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": ATTACKS[4], "image/png": "not base64!"}),
        nbformat.v4.new_output("execute_result", data={"image/png": "iVBORw0KGgo=", "text/plain": "<img>"},
                               execution_count=1),
    ]
    md.attachments = {"a.svg": {"image/svg+xml": ATTACKS[4]}, "b.png": {"image/png": "iVBORw0KGgo="}}
    nb.cells = [md, raw, code]
    notes = sanitize_notebook(nb)
    text = nbformat.writes(nb)
    for bad in ("<script", "onerror", "application/javascript", "image/svg+xml", "a.svg"):
        assert bad not in text, bad
    assert "<b>ok</b>" in text and "b.png" in text and "iVBORw0KGgo=" in text
    assert code.outputs[1].data == {"text/plain": NOTE} and "image/png" not in code.outputs[2].data
    assert "format" not in raw.metadata
    assert len(notes) >= 5
