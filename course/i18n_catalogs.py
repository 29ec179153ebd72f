"""Keep the gettext catalogs in step with the code, with Babel: extract each domain's `_("...")` strings, merge
them into `course/locale/zh_CN/LC_MESSAGES/<domain>.po`, compile the `.mo` files the course reads at run time.

`make i18n` (or `python -m course.i18n_catalogs update`) after changing user-facing strings; translate the new
entries in the .po file; `make i18n` again to compile. `check()` is what the tests call: every string has its
Chinese, nothing is fuzzy or obsolete, and every .mo matches its .po.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from course.i18n import DOMAINS, LOCALE_DIR, LOCALES

PACKAGE = Path(__file__).resolve().parent

SOURCES: dict[str, tuple[str, ...]] = {
    "course": ("widgets", "hints", "topics", "launch.py", "cli.py", "syllabus.py", "fonts.py", "trainer"),
    "checks": ("checks.py", "datasets"),
    "selfcheck": ("selfcheck", "glossary.py", "glossary_cli.py", "cases.py"),
    "grading": ("grading",),
}
"""Domain -> the package files and folders (relative to course/) its strings are extracted from."""

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
"""The call names marking a translatable string; `N_` marks one held in a table and translated when shown."""


def po_path(domain: str, lang: str = "zh") -> Path:
    return LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{domain}.po"


def extract(domain: str):
    """A Babel catalog of every marked string in the domain's sources, with the places it occurs."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    cat = Catalog(project="course", domain=domain, charset="utf-8")
    for rel in SOURCES[domain]:
        base = PACKAGE / rel
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for path in files:
            for lineno, message, comments, _ctx in extract_from_file("python", str(path), keywords=KEYWORDS):
                cat.add(message, locations=[(path.relative_to(PACKAGE).as_posix(), lineno)],
                        auto_comments=comments)
    return cat


def _read(path: Path, lang: str = "zh"):
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=LOCALES[lang], domain=path.stem)


def update(domain: str, lang: str = "zh") -> Path:
    """Merge the extracted strings into the domain's .po (new ones empty, vanished ones dropped), keeping every
    translation whose English is unchanged; a changed English text becomes fuzzy, to be checked."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    template = extract(domain)
    path = po_path(domain, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    cat = _read(path, lang) if path.exists() else Catalog(locale=LOCALES[lang], domain=domain, project="course")
    cat.update(template, update_header_comment=False)
    cat.obsolete.clear()
    buf = io.BytesIO()
    write_po(buf, cat, width=110, sort_output=False, omit_header=False, ignore_obsolete=True)
    path.write_bytes(buf.getvalue())
    return path


def compiled(domain: str, lang: str = "zh") -> bytes:
    """The .mo bytes for the domain's .po (fuzzy entries left out, so English shows until they are checked)."""
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, _read(po_path(domain, lang), lang), use_fuzzy=False)
    return buf.getvalue()


def compile_all(lang: str = "zh", domains: list[str] | tuple[str, ...] = DOMAINS) -> list[Path]:
    """Write the .mo of each of `domains` (all by default) that has a .po."""
    out = []
    for domain in domains:
        if po_path(domain, lang).exists():
            mo = po_path(domain, lang).with_suffix(".mo")
            mo.write_bytes(compiled(domain, lang))
            out.append(mo)
    return out


def check(domain: str, lang: str = "zh") -> list[str]:
    """Everything wrong with one domain's catalog, a sentence each (empty when it is complete and compiled)."""
    path = po_path(domain, lang)
    template = extract(domain)
    if not path.exists():
        return [f"{path.relative_to(PACKAGE.parent)} is missing ({len(template)} strings to translate): run make i18n"]
    cat = _read(path, lang)
    problems = []
    for msg in template:
        if not msg.id:
            continue
        have = cat.get(msg.id)
        where = ", ".join(f"{f}:{n}" for f, n in msg.locations[:2])
        if have is None:
            problems.append(f"{domain}: not in the catalog (run make i18n): {msg.id!r:.80} at {where}")
        elif have.fuzzy:
            problems.append(f"{domain}: fuzzy, check the Chinese against the new English: {msg.id!r:.80}")
        elif not (have.string if isinstance(have.string, str) else all(have.string)):
            problems.append(f"{domain}: no Chinese yet: {msg.id!r:.80} at {where}")
    known = {m.id for m in template if m.id}
    problems += [f"{domain}: obsolete entry, no longer in the code (run make i18n): {m.id!r:.80}"
                 for m in cat if m.id and m.id not in known]
    mo = path.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(domain, lang):
        problems.append(f"{mo.relative_to(PACKAGE.parent)} is out of date with its .po: run make i18n")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m course.i18n_catalogs", description=__doc__.split("\n\n")[0])
    p.add_argument("action", choices=["update", "compile", "check"])
    p.add_argument("--domain", choices=DOMAINS, action="append", help="only this domain (repeatable)")
    a = p.parse_args(argv)
    domains = a.domain or list(DOMAINS)
    if a.action == "update":
        for d in domains:
            print(f"updated {update(d).relative_to(PACKAGE.parent)}")
        a.action = "compile"
    if a.action == "compile":
        for mo in compile_all(domains=domains):
            print(f"compiled {mo.relative_to(PACKAGE.parent)}")
        return 0
    problems = [line for d in domains for line in check(d)]
    print("\n".join(problems) or "catalogs complete")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
