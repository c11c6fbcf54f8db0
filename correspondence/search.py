"""Full-text search over number, correspondent, summary and file names (PostgreSQL).

Russian text is stemmed by PostgreSQL's "russian" configuration; Kazakh has no stemmer in PostgreSQL,
so every text is also indexed with the "simple" configuration (whole words, lower-cased), which finds
Kazakh words as written — and, by prefix, with their endings ("жылу" finds "жылумен"). A query word
matches either way: `(simple 'w':* | russian 'w') & …`, one `@@` that the GIN index serves.

Punctuation is turned into spaces on both sides before PostgreSQL's parser sees the text: the parser
would read "01-12/345" as the tokens "01", "-12", "/345" and "act_2026.pdf" as a host name, so neither
"345" nor "act" would find them. After the replacement they are plain words: "01 12 345", "act 2026 pdf".

Kazakh letters typed as Russian ones (issue #12 §5): a Russian keyboard has no ә, ғ, қ, ң, ө, ұ, ү, һ, і, so
"Түркістан" is typed "Туркистан" — and the Russian form of a name often has е for і ("Туркестан"). Both the
indexed text and the query are folded by the SQL function akimat_fold() (migration 0008; FOLD below is the
same table in Python): ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и, ё→е. The "simple" vector also holds each
word with і read as е (FOLD_I_AS_E), and a query word with і asks for both readings, so "Түркістан",
"Туркистан" and "Туркестан" find one another. The search vector stays one GIN-indexed column.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet

from correspondence.models import Document

# words of a query: runs of letters and digits (the same split as the SQL below, in Python's Unicode terms)
_WORD = re.compile(r"[^\W_]+")
# a word this short as a prefix would match most of the index ("к:*"): it is matched whole instead;
# so are numbers, so that "345" finds № 01-12/345 and not 3450…3459 as well
PREFIX_MIN_LENGTH = 3
# more words add nothing but cost: the rest is ignored
MAX_WORDS = 8
# the Kazakh letters and the Russian ones typed for them (and ё as е), as akimat_fold() in SQL (migration 0008)
FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
# і as the е of a name's Russian form (Түркістан → Туркестан), applied before FOLD
FOLD_I_AS_E = str.maketrans("і", "е")

# one text per document, punctuation replaced by spaces; %(ct)s is the content type of Document. The
# subqueries start from the document's own rows (recipients, files) whatever the statistics say, and
# "OFFSET 0" below keeps PostgreSQL from copying the text expression into both to_tsvector calls
_DOCUMENT_TEXT = """
    regexp_replace(
        concat_ws(' ',
            d.number, d.their_number, c.name, c.short_name, d.summary, d.signatory,
            (SELECT string_agg((SELECT concat_ws(' ', rc.name, rc.short_name)
                                  FROM correspondence_correspondent rc
                                 WHERE rc.id = r.correspondent_id), ' ')
               FROM correspondence_recipient r
              WHERE r.document_id = d.id),
            (SELECT string_agg(a.original_name, ' ')
               FROM akimat_attachment a
              WHERE a.content_type_id = %(ct)s AND a.object_id = d.id)
        ),
        '[^[:alnum:]]+', ' ', 'g'
    )
"""

_UPDATE = f"""
    UPDATE correspondence_document AS target
       SET search_vector = texts.vector
      FROM (
            SELECT d.id,
                   to_tsvector('russian', t.text) || to_tsvector('simple', t.text)
                   || to_tsvector('simple', akimat_fold(translate(r.raw, 'і', 'е'))) AS vector
              FROM correspondence_document AS d
              LEFT JOIN correspondence_correspondent AS c ON c.id = d.correspondent_id
             CROSS JOIN LATERAL (SELECT {_DOCUMENT_TEXT} AS raw OFFSET 0) AS r
             CROSS JOIN LATERAL (SELECT akimat_fold(r.raw) AS text OFFSET 0) AS t
             WHERE {{where}}
           ) AS texts
     WHERE target.id = texts.id
"""


def refresh_search_vectors(document_ids) -> None:
    """Recompute the search vector of the given documents (after registration, edits, new files)."""
    ids = list(document_ids)
    if not ids:
        return
    _refresh("d.id = ANY(%(ids)s)", {"ids": ids})


def refresh_all_search_vectors() -> int:
    """Recompute every document's search vector in one statement (bulk loads, a change of the text above)."""
    return _refresh("TRUE", {})


def _refresh(where: str, params: dict) -> int:
    ct = ContentType.objects.get_for_model(Document).pk
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE.format(where=where), {"ct": ct, **params})
        return cursor.rowcount


def fold(word: str) -> str:
    """A word lower-cased with its Kazakh letters read as the Russian ones typed for them (akimat_fold())."""
    return word.lower().translate(FOLD)


def query_words(text: str) -> list[str]:
    """The words of what the user typed, lower-cased: letters and digits only, so that no character of
    tsquery syntax (& | ! : ' * parentheses) ever reaches PostgreSQL."""
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_WORDS]


def _simple(word: str) -> SearchQuery:
    lexeme = f"{word}:*" if len(word) >= PREFIX_MIN_LENGTH and not word.isdigit() else word
    # the words are [^\W_]+ (folding keeps them so): safe as raw tsquery lexemes (no operators, no quotes)
    return SearchQuery(lexeme, config="simple", search_type="raw")


def search_query(text: str) -> SearchQuery | None:
    """The tsquery for what the user typed (every word must match), or None when nothing is searchable."""
    combined = None
    for word in query_words(text):
        folded = fold(word)
        either = _simple(folded) | SearchQuery(folded, config="russian", search_type="raw")
        if "і" in word:  # Түркістан: also the Russian form's е (Туркестан)
            either |= _simple(fold(word.translate(FOLD_I_AS_E)))
        combined = either if combined is None else combined & either
    return combined


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Documents matching the words typed (all of them; Russian word forms, Kazakh words, numbers, file
    names). Text without a single letter or digit leaves the queryset as it is."""
    query = search_query(text)
    if query is None:
        return queryset
    return queryset.filter(search_vector=query)
