"""`course handouts` prints A4 PDFs: the expected number of pages, a running header on every page, the expected
headings, and Chinese characters (as text, from embedded fonts) in the Chinese versions."""

from __future__ import annotations

import fnmatch
import re
import subprocess
from pathlib import Path

import pytest

from course.cli import main
from course.trainer import content, render

pytestmark = pytest.mark.slow
HAN = re.compile(r"[\u4e00-\u9fff]")
ONLY = ["guides/01-*", "agendas/two-day", "roleplays/03-*", "cases/sprint", "answers/sprint", "evaluation/*"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, chromium, poppler, cjk_font) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    args = ["handouts", "--out", str(out), "--chromium", chromium]
    for g in ONLY:
        args += ["--only", g]
    assert main(args) == 0
    return out


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def text(pdf: Path, page: int | None = None) -> str:
    rng = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *rng, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def expected() -> list[render.Document]:
    kit = content.load()
    docs = render.documents(kit)
    return [d for d in docs if any(fnmatch.fnmatch(d.stem.split("/", 1)[1], g) for g in ONLY)]


@pytest.mark.parametrize("doc", expected(), ids=lambda d: d.stem)
def test_pdf_pages_headers_and_headings(printed, doc):
    pdf = printed / f"{doc.stem}.pdf"
    assert pdf.is_file()
    n = pages(pdf)
    if doc.pages is not None:
        assert n == doc.pages, f"{doc.stem}: {n} pages, expected {doc.pages}"
    else:
        assert n >= 1
    for p in range(1, n + 1):
        body = text(pdf, p)
        assert doc.header.split(" · ")[0] in body, f"page {p} has no running header"
        assert f"{p} / {n}" in body.replace("/", " / ").replace("  ", " ") or f"{p}/{n}" in body
    all_text = re.sub(r"\s+", "", text(pdf))
    for h in re.findall(r"^#{1,2} (.+)$", doc.markdown, re.M):
        assert re.sub(r"\s+", "", h.replace("**", "").replace("`", "")) in all_text, f"heading {h!r} missing"
    if doc.lang == "zh":
        assert len(HAN.findall(all_text)) > 50, "the Chinese version prints no Chinese text"
    else:
        assert not HAN.search(doc.header)


def test_chinese_fonts_are_embedded(printed):
    fonts = subprocess.run(["pdffonts", str(printed / "zh/guides/01-why-customers-complain.pdf")],
                           capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in f for f in fonts), "every font in the PDF must be embedded"
