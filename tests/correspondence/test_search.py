"""Full-text search over number, correspondent, summary and file names (correspondence/search.py)."""

import pytest
from django.db import connection

from correspondence.models import Document, Recipient
from correspondence.search import query_words, refresh_all_search_vectors, refresh_search_vectors, search
from tests.correspondence.test_journals import make_attachment, make_correspondent, make_document


def found(text: str) -> list[str]:
    return sorted(search(Document.objects.all(), text).values_list("number", flat=True))


@pytest.fixture
def documents(registrar, org):
    """A small journal in Russian and Kazakh."""
    energy = make_correspondent("Управление энергетики и жилищно-коммунального хозяйства", short_name="УЭиЖКХ")
    police = make_correspondent("Районное управление полиции")
    rural = make_correspondent("Ақсу ауылдық округі әкімінің аппараты")
    docs = {
        "heating": make_document(registrar, number="01-12/345", correspondent=energy,
                                 summary="О ходе подготовки к отопительному сезону, отопление школ"),
        "roads": make_document(registrar, number="01-12/3456", correspondent=police,
                               summary="О безопасности дорожного движения"),
        "kazakh": make_document(registrar, number="01-15/77", correspondent=rural,
                                summary="Жылу беру маусымына дайындық туралы"),
        "other_journal": make_document(registrar, number="02-1/345", kind=Document.Kind.OUTGOING,
                                       correspondent=police, summary="Ответ на запрос"),
    }  # fmt: skip
    make_attachment(docs["roads"], "Акт_проверки-светофоров.pdf", registrar)
    return docs


def test_by_the_full_registration_number(documents):
    assert found("01-12/345") == ["01-12/345"]


def test_by_the_sequence_part_of_the_number(documents):
    # "345" is a word of "01-12/345" and of "02-1/345"; "3456" is another number
    assert found("345") == ["01-12/345", "02-1/345"]
    assert found("3456") == ["01-12/3456"]


def test_by_their_outgoing_number(registrar, org):
    make_document(registrar, number="01-12/9", their_number="ЖТ-12/45-1")

    assert found("ЖТ-12/45-1") == ["01-12/9"]


def test_by_correspondent_name_and_short_name(documents):
    assert found("полиции") == ["01-12/3456", "02-1/345"]
    assert found("УЭиЖКХ") == ["01-12/345"]
    assert found("энергетики") == ["01-12/345"]


def test_by_russian_word_forms(documents):
    # the russian stemmer: "отопления" and "отопление" share the stem "отоплен"
    assert found("отопления") == ["01-12/345"]
    assert found("отоплением") == ["01-12/345"]
    assert found("дорожное движение") == ["01-12/3456"]


def test_by_kazakh_words_as_written_and_by_their_beginning(documents):
    assert found("жылу") == ["01-15/77"]
    assert found("маусымына") == ["01-15/77"]
    assert found("маусым") == ["01-15/77"]  # the stem of an agglutinated form, by prefix
    assert found("ауылдық әкімінің") == ["01-15/77"]
    assert found("АҚСУ") == ["01-15/77"]  # case does not matter, Kazakh letters included


def test_by_a_registered_file_name(documents):
    assert found("светофоров") == ["01-12/3456"]
    assert found("Акт_проверки-светофоров.pdf") == ["01-12/3456"]


def test_by_recipients_of_outgoing_documents(registrar, org):
    document = make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/5", correspondent=None)
    Recipient.objects.create(document=document, correspondent=make_correspondent("Министерство энергетики РК"))
    refresh_search_vectors([document.pk])

    assert found("министерство") == ["02-1/5"]


def test_all_words_must_match(documents):
    assert found("отопления полиции") == []
    assert found("отопления школ") == ["01-12/345"]


@pytest.mark.parametrize(
    "text",
    ["a & b", "a | b", "!x", "x:*", "'", "''", "(отопления", "отопления)", "a & | ! : ' ( ) <-> <2>", "\\", "*",
     "%", "_", "o'reilly", "&&&", "!!", "(((", ":", "—", "«Ауыл – Ел бесігі»", "\x00"],
)  # fmt: skip
def test_tsquery_syntax_typed_by_the_user_never_errors(documents, text):
    list(search(Document.objects.all(), text))  # no DatabaseError


def test_text_without_letters_or_digits_leaves_the_list_as_it_is(documents):
    assert search(Document.objects.all(), "  & | !  ").count() == Document.objects.count()
    assert search(Document.objects.all(), "").count() == Document.objects.count()


def test_query_words_keep_only_letters_and_digits():
    assert query_words("01-12/345 «Ауыл»: o'reilly & (ЖКХ)") == ["01", "12", "345", "ауыл", "o", "reilly", "жкх"]


def test_a_renamed_correspondent_is_found_after_a_refresh(documents):
    police = documents["roads"].correspondent
    police.name = "Департамент полиции области"
    police.save()

    assert found("департамент") == []
    refresh_all_search_vectors()
    assert found("департамент") == ["01-12/3456", "02-1/345"]


def test_the_search_is_served_by_the_gin_index(documents):
    queryset = search(Document.objects.all(), "отопления школ")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: the planner would scan them
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "document_search_idx" in plan


# --- Kazakh letters typed as Russian ones (issue #12 §5) ------------------------------------------------------


@pytest.fixture
def turkistan(registrar, org):
    """A letter of the oblast written in Kazakh, one in Russian, and one about something else."""
    return {
        "kazakh": make_document(registrar, number="01-20/1", summary="Түркістан облысы әкімдігінің қаулысы туралы"),
        "russian": make_document(registrar, number="01-20/2", summary="О постановлении акимата Туркестанской области"),
        "other": make_document(registrar, number="01-20/3", summary="Ақсу ауылындағы жол жөндеу"),
    }


def test_issue12_kazakh_letters_typed_on_a_russian_keyboard_find_the_kazakh_word(turkistan):
    # ә/а, ғ/г, қ/к, ң/н, ө/о, ұ/ү/у, һ/х, і/и: "Туркистан облысы акимдигинин" as typed without Kazakh letters
    assert found("Туркистан") == ["01-20/1"]
    assert found("акимдигинин каулысы") == ["01-20/1"]
    assert found("Аксу жондеу") == ["01-20/3"]
    assert found("ауылындагы") == ["01-20/3"]


def test_issue12_tuerkistan_and_turkestan_find_each_other(turkistan):
    # the Kazakh form finds the Russian one and back: і is also read as the е of the Russian form
    assert found("Түркістан") == ["01-20/1", "01-20/2"]
    assert found("Туркестан") == ["01-20/1", "01-20/2"]
    assert found("туркестанской") == ["01-20/2"]  # the Russian word form, stemmed


def test_issue12_russian_letters_typed_for_kazakh_ones_match_in_a_russian_text_too(registrar, org):
    make_document(registrar, number="01-21/1", summary="Қоғамдық кеңес отырысының хаттамасы")
    make_document(registrar, number="01-21/2", summary="Протокол заседания общественного совета")

    assert found("хаттамасы") == ["01-21/1"]
    assert found("Когамдык кенес") == ["01-21/1"]
    assert found("ҚОҒАМДЫҚ") == ["01-21/1"]
    assert found("общественного") == ["01-21/2"]


def test_issue12_the_python_fold_is_the_sql_fold(db):
    from correspondence.search import fold

    letters = "ӘәҒғҚқҢңӨөҰұҮүҺһІіЁё Түркістан"
    with connection.cursor() as cursor:
        cursor.execute("SELECT akimat_fold(%s)", [letters])
        assert cursor.fetchone()[0] == fold(letters) == "ааггккннооууууххииее туркистан"
