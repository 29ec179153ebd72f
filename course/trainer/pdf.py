"""Print Markdown documents to A4 PDFs: Markdown → HTML with mistune (nbconvert's own Markdown library), then
headless Chromium's print-to-PDF. The running header, page numbers and page size come from CSS @page rules
(Chromium ≥ 131 prints margin boxes); Noto CJK is named first so Chinese text gets real glyphs, and Chromium
embeds the fonts it uses (as subsets) in the PDF.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from string import Template

import mistune

from course.trainer.render import Document

FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "DejaVu Sans", sans-serif'
KIT = {"en": "Complaint handling and customer value", "zh": "客户投诉处理与客户价值管理"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-pdf-header-footer", "--no-first-run", "--disable-extensions"]


class PdfError(RuntimeError):
    """Chromium could not print a document."""


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium to print with: the argument, $COURSE_CHROMIUM, `chromium` on PATH, or /usr/bin/chromium."""
    for c in (explicit, os.environ.get("COURSE_CHROMIUM"), shutil.which("chromium"),
              shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    return None


def _css_string(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


_md = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def to_html(doc: Document) -> str:
    """The document as a standalone HTML page (its Markdown escaped, so no raw HTML gets through)."""
    tpl = Template(resources.files("course.trainer").joinpath("page.html").read_text(encoding="utf-8"))
    return tpl.substitute(lang="zh-CN" if doc.lang == "zh" else "en", title=html.escape(doc.title),
                          header=_css_string(doc.header), kit=_css_string(KIT[doc.lang]), fonts=FONTS,
                          body=_md(doc.markdown))


def print_pdf(html_file: Path, pdf_file: Path, chromium: str, timeout: float = 120) -> None:
    """Print one HTML file to PDF with headless Chromium (a fresh profile each time, so runs can overlap)."""
    pdf_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_file}",
               html_file.resolve().as_uri()]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            raise PdfError(f"Chromium took more than {timeout:.0f} s to print {html_file.name}") from e
    if r.returncode != 0 or not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        tail = (r.stderr or "").strip().splitlines()[-3:]
        raise PdfError(f"Chromium could not print {html_file.name} (exit {r.returncode}): {' / '.join(tail)}")


def write(docs: list[Document], out: Path, chromium: str | None, jobs: int = 2) -> list[Path]:
    """Write each document's Markdown and HTML under `out`, and its PDF when a Chromium is given; the paths of
    the PDFs (or of the Markdown files without Chromium)."""
    made: list[tuple[Path, Path]] = []
    for d in docs:
        base = out / d.stem
        base.parent.mkdir(parents=True, exist_ok=True)
        base.with_suffix(".md").write_text(d.markdown, encoding="utf-8")
        base.with_suffix(".html").write_text(to_html(d), encoding="utf-8")
        made.append((base.with_suffix(".html"), base.with_suffix(".pdf")))
    if chromium is None:
        return [h.with_suffix(".md") for h, _ in made]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda hp: print_pdf(hp[0], hp[1], chromium), made))
    return [p for _, p in made]
