"""The project's catalogues (locale/*/LC_MESSAGES/django.po): every translation names exactly the placeholders of
its msgid, so that no notification or page fails on a missing key in one language (a merged, once fuzzy entry
kept another msgid's "%(act)s" for "%(protocol)s"); the English one is the msgid itself."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))
#: English msgstrs that say it differently on purpose
ENGLISH_WORDING = {"ДСП": "FOUO"}


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_translation_names_the_placeholders_of_its_msgid(path):
    wrong = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        allowed = _names(entry.msgid) | _names(entry.msgid_plural)
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        wrong += [f"{entry.msgid!r} → {text!r}" for text in texts if not _names(text) <= allowed]
    assert not wrong, "\n".join(wrong)


def test_the_english_catalogue_says_each_msgid_as_written():
    path = Path(settings.BASE_DIR, "locale", "en", "LC_MESSAGES", "django.po")
    differ = [
        f"{e.msgid!r} → {e.msgstr!r}"
        for e in polib.pofile(str(path))
        if not e.obsolete and not e.msgid_plural and e.msgstr != ENGLISH_WORDING.get(e.msgid, e.msgid)
    ]
    assert not differ, "\n".join(differ)
