"""Typography of official papers: numbers as the reader's language writes them, long words hyphenated."""

import re
from decimal import Decimal
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

register = template.Library()

SOFT_HYPHEN = "\N{SOFT HYPHEN}"
_KAZAKH_VOWELS = set("аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯ")
_NOT_BEFORE = set("ьъйЬЪЙ")  # never begin a syllable
_WORD = re.compile(r"\w{5,}")


@register.filter
def percent(value: Decimal | float | None, digits: int = 1) -> str:
    """A share in percent: "100,0 %" in Kazakh and Russian, "100.0 %" in English; "—" when there is none.

    Django's localisation (floatformat and the language's DECIMAL_SEPARATOR), never a hand-made replace.
    """
    if value is None or value == "":
        return "—"
    return f"{floatformat(value, digits)}\N{NO-BREAK SPACE}%"


@register.filter
def hyphenate(text: str) -> str:
    """Soft hyphens where a word may break, so a narrow column's heading breaks between syllables.

    Pyphen (WeasyPrint's own dictionaries) for Russian and English; Kazakh, which it has no dictionary for,
    by its regular syllables: a break before a consonant followed by a vowel (о-рын-дал-ды).
    """
    language = (get_language() or "kk")[:2]
    return _WORD.sub(lambda match: _hyphenate_word(match[0], language), str(text))


def _hyphenate_word(word: str, language: str) -> str:
    dictionary = _dictionary(language)
    if dictionary is not None:
        return dictionary.inserted(word, hyphen=SOFT_HYPHEN)
    breaks = [
        index
        for index in range(2, len(word) - 1)
        if word[index] not in _KAZAKH_VOWELS
        and word[index] not in _NOT_BEFORE
        and word[index + 1] in _KAZAKH_VOWELS
        and any(letter in _KAZAKH_VOWELS for letter in word[:index])
    ]
    for index in reversed(breaks):
        word = word[:index] + SOFT_HYPHEN + word[index:]
    return word


@lru_cache(maxsize=4)
def _dictionary(language: str):
    import pyphen

    return pyphen.Pyphen(lang=language) if language != "kk" and pyphen.language_fallback(language) else None
