"""Compile locale/*/LC_MESSAGES/*.po into .mo files without GNU gettext (pure Python, polib).

Run as `python -m akimat.i18n_compile`; compiles only what is out of date.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every .po whose .mo is missing or older; return the .mo files written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalog = polib.pofile(str(po_path))
        bad = [entry.msgid for entry in catalog if entry.fuzzy or not entry.translated()]
        if bad and catalog.percent_translated() != 100:
            print(f"warning: {po_path}: {len(bad)} untranslated or fuzzy entries", file=sys.stderr)
        catalog.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
