"""Charts that draw Chinese: register a CJK font that ships with a pip package as matplotlib's fallback.

The font comes from the `mplfonts` wheel (Noto Sans CJK SC, SIL Open Font License), so a chart needs no system
font: `ensure_cjk_font()` adds the file to matplotlib's font manager and appends its family after the families
already in `font.family`. Latin text keeps the default look (DejaVu Sans); a glyph that font lacks, such as every
Chinese character, is drawn from Noto Sans CJK SC (matplotlib's per-glyph font fallback). `COURSE_CJK_FONT` may
name another font file (e.g. the one the browser site ships).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

PACKAGED = (("mplfonts", "fonts/NotoSansCJKsc-Regular.otf"),)
"""(pip package, font file inside it) in order of preference; the first one installed is used."""

SITE_FONT = Path(__file__).with_name("site-font.otf")
"""The same font cut down to the characters the course shows, which the browser site's course wheel carries
(course/lite.py writes it there; a desktop install has mplfonts instead)."""

_registered: str | None = None


def font_file() -> Path:
    """The CJK font file to use: $COURSE_CJK_FONT if set, else the first of PACKAGED that is installed, else the
    browser site's SITE_FONT."""
    override = os.environ.get("COURSE_CJK_FONT")
    if override:
        path = Path(override)
        if not path.is_file():
            raise FileNotFoundError(f"COURSE_CJK_FONT={override} is not a font file: point it at a .otf/.ttf "
                                    "file or unset it (COURSE_CJK_FONT 指向的字体文件不存在)")
        return path
    for package, rel in PACKAGED:
        spec = importlib.util.find_spec(package)  # locate the wheel's folder without importing the package
        for folder in (spec.submodule_search_locations or []) if spec else []:
            path = Path(folder) / rel
            if path.is_file():
                return path
    if SITE_FONT.is_file():
        return SITE_FONT
    raise FileNotFoundError("no CJK font for charts: install the course's dependencies (pip install mplfonts) "
                            "(图表缺少中文字体：请安装课程依赖，例如 pip install mplfonts)")


def ensure_cjk_font() -> str:
    """Make matplotlib fall back to a bundled CJK font for Chinese glyphs; returns the font family name.

    Idempotent and cheap after the first call (the file is registered once; the family is appended to
    rcParams["font.family"] whenever it is missing, e.g. after rcdefaults())."""
    global _registered
    import matplotlib
    from matplotlib import font_manager

    if _registered is None:
        path = font_file()
        font_manager.fontManager.addfont(str(path))
        _registered = font_manager.FontProperties(fname=str(path)).get_name()
    families = list(matplotlib.rcParams["font.family"])
    if _registered not in families:
        matplotlib.rcParams["font.family"] = [*families, _registered]
    return _registered
