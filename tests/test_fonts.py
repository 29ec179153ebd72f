"""Charts draw Chinese from pip alone: with every system font hidden, a chart with a Chinese title, axis labels,
ticks and legend draws without a "Glyph ... missing" warning, its Chinese glyphs come from the font the pip
package ships, and its Latin text still from matplotlib's default font (the fonts a PDF of the chart embeds are
the fonts that drew it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course import fonts

# Runs in a fresh interpreter: matplotlib's font manager is rebuilt with no system font at all (no fontconfig
# fonts, no font folders), so only matplotlib's own fonts and what course.fonts registers can draw.
CHART = r"""
import json, sys, warnings
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager as fm

fm.X11FontDirectories[:] = []
fm.OSXFontDirectories[:] = []
fm._get_fontconfig_fonts.cache_clear()
fm.fontManager = fm.FontManager()
fm.findfont = fm.fontManager.findfont
system = sorted({f.fname for f in fm.fontManager.ttflist if not f.fname.startswith(matplotlib.get_data_path())})

import matplotlib.pyplot as plt
from matplotlib.backends import backend_agg
backend_agg._fontManager = fm.fontManager

def draw():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [2, 1, 3], label="投诉量 (complaints)")
    ax.set_title("各分店的投诉趋势 SERVQUAL")
    ax.set_xlabel("月份")
    ax.set_ylabel("投诉数（件）")
    ax.set_xticks([1, 2, 3], ["一月", "二月", "三月"])
    ax.legend(title="图例")
    fig.canvas.draw()
    plt.close(fig)

with warnings.catch_warnings(record=True) as before:
    warnings.simplefilter("always")
    draw()
missing_before = [str(w.message) for w in before if "missing from font" in str(w.message)]

if sys.argv[1] == "with-font":
    from course.fonts import ensure_cjk_font, font_file
    family = ensure_cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # a missing glyph fails the chart
        draw()
    import io, re

    def embedded(text):
        # the fonts a PDF of a chart titled `text` embeds: the ones that drew its glyphs
        fig, ax = plt.subplots()
        ax.set_title(text)
        ax.set_xticks([])
        ax.set_yticks([])
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf")
        plt.close(fig)
        return sorted({m.split(b"+")[-1].decode() for m in re.findall(rb"/BaseFont /([^\s/]+)", buf.getvalue())})

    out = {"family": family, "file": str(font_file()), "families": list(matplotlib.rcParams["font.family"]),
           "chinese": embedded("投诉月份"), "latin": embedded("Az"), "mixed": embedded("投诉 SERVQUAL")}
else:
    out = {}
print(json.dumps({"system": system, "missing_before": missing_before, **out}))
"""


def run_chart(tmp_path: Path, mode: str) -> dict:
    """Run CHART in a subprocess whose matplotlib cache, home and fontconfig are empty."""
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?><fontconfig></fontconfig>\n', encoding="utf-8")
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl"), "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "share"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), "PYTHONPATH": str(Path(fonts.__file__).parents[1])}
    env.pop("COURSE_CJK_FONT", None)
    done = subprocess.run([sys.executable, "-c", CHART, mode], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_the_font_chinese_is_missing_so_the_test_can_fail(tmp_path):
    out = run_chart(tmp_path, "without")
    assert out["system"] == [], f"system fonts leaked into the test: {out['system'][:3]}"
    assert out["missing_before"], "no 'Glyph missing' warning without a CJK font: the chart proves nothing"


def test_a_chinese_chart_draws_from_pip_alone(tmp_path):
    out = run_chart(tmp_path, "with-font")
    assert out["system"] == [], f"system fonts leaked into the test: {out['system'][:3]}"
    assert out["family"] == "Noto Sans CJK SC"
    assert out["families"][-1] == "Noto Sans CJK SC" and len(out["families"]) >= 2, out["families"]
    site = Path(out["file"]).resolve()
    assert "site-packages" in site.parts or "dist-packages" in site.parts, f"the font is not from a wheel: {site}"
    assert site.parent.parent.name == "mplfonts"
    # with no system font, the only Noto Sans CJK there is the wheel's: Chinese glyphs come from it
    assert out["chinese"] == ["NotoSansCJKsc-Regular"], out["chinese"]
    assert out["latin"] == ["DejaVuSans"], f"Latin text lost its look: {out['latin']}"
    assert out["mixed"] == ["DejaVuSans", "NotoSansCJKsc-Regular"], out["mixed"]


def test_ensure_cjk_font_is_idempotent_and_fast():
    import matplotlib

    with matplotlib.rc_context():
        first = fonts.ensure_cjk_font()
        start = time.perf_counter()
        for _ in range(100):
            assert fonts.ensure_cjk_font() == first
        assert time.perf_counter() - start < 0.05
        assert list(matplotlib.rcParams["font.family"]).count(first) == 1
        matplotlib.rcParams["font.family"] = ["serif"]
        fonts.ensure_cjk_font()
        assert list(matplotlib.rcParams["font.family"]) == ["serif", first], "a chosen family must be kept first"


def test_a_wrong_override_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CJK_FONT", str(tmp_path / "nope.otf"))
    with pytest.raises(FileNotFoundError, match="COURSE_CJK_FONT"):
        fonts.font_file()
