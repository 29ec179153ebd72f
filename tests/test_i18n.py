"""The language switch and the catalogs: aliases resolve, a typo names the editions, English is the fallback,
Chinese comes from the compiled catalog, and every catalog is complete and compiled."""

from __future__ import annotations

import pytest

from course import i18n, i18n_catalogs


def test_aliases_and_typos():
    assert [i18n.normalise(x) for x in ("zh", "zh-CN", "zh_CN.UTF-8", "中文", "en", "C", "", None)] == \
        ["zh", "zh", "zh", "zh", "en", "en", "en", "en"]
    with pytest.raises(ValueError, match="'en', 'zh'"):
        i18n.normalise("fr")


def test_switch_and_context():
    before = i18n.current()
    try:
        assert i18n.use_language("zh") == "zh" and i18n.current() == "zh"
        with i18n.language("en"):
            assert i18n.current() == "en"
        assert i18n.current() == "zh"
    finally:
        i18n.use_language(before)


def test_catalog_lookup_falls_back_to_english():
    assert i18n.gettext("a sentence no catalog holds", "course", "zh") == "a sentence no catalog holds"
    with pytest.raises(ValueError, match="domains"):
        i18n.translator("nope")


def test_money_in_each_edition():
    assert i18n.money(12_345_678, "en") == "CNY 12.3 million" and i18n.money(12_345_678, "zh") == "1,234.6 万元"
    assert i18n.money(3_450_000_000, "zh") == "34.50 亿元" and i18n.money(950, "zh") == "950 元"
    assert i18n.money(47_890_000, "zh", "HKD") == "4,789.0 万港元" and i18n.money(47_890_000, "en", "HKD") == \
        "HKD 47.9 million"


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_catalog_complete_and_compiled(domain):
    assert i18n_catalogs.check(domain) == []


def test_check_catches_a_missing_translation(tmp_path, monkeypatch):
    """The completeness check can fail: a marked string with no Chinese is reported with its place."""
    src = tmp_path / "mod.py"
    src.write_text('from course.i18n import translator\n_ = translator("course")\nX = _("Only in English")\n')
    monkeypatch.setattr(i18n_catalogs, "PACKAGE", tmp_path)
    monkeypatch.setattr(i18n_catalogs, "SOURCES", {"course": ("mod.py",)})
    monkeypatch.setattr(i18n_catalogs, "LOCALE_DIR", tmp_path / "locale")
    assert "missing" in i18n_catalogs.check("course")[0]
    i18n_catalogs.update("course")
    assert any("no Chinese yet" in p and "mod.py:3" in p for p in i18n_catalogs.check("course"))
