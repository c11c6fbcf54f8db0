"""Two versions of a draft act side by side, word by word, with the files added and removed (issue #13 §3,
003 §10.13: every resubmission is a new version)."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import translation

from acts.compare import (
    ADDED,
    EQUAL,
    REMOVED,
    Comparison,
    FileRef,
    Segment,
    compare_files,
    compare_texts,
    compare_versions,
)
from acts.models import Act, ActFile, ActType, ActVersion
from akimat.models import Attachment


def marked(side: tuple[Segment, ...] | None, kind: str) -> list[str]:
    return [segment.text.strip() for segment in side or () if segment.kind == kind]


def plain(side: tuple[Segment, ...] | None) -> str:
    return "".join(segment.text for segment in side or ())


# ---- texts


def test_identical_texts_have_no_change_and_keep_every_line():
    text = "1. Аудандық бюджет бекітілсін.\n2. Бақылау әкімнің орынбасарына жүктелсін."
    diff = compare_texts(text, text)
    assert not diff.changed
    assert [plain(row.old) for row in diff.rows] == text.splitlines()
    assert [plain(row.new) for row in diff.rows] == text.splitlines()
    assert diff.added_words == diff.removed_words == 0


def test_a_changed_kazakh_word_is_removed_on_the_left_and_added_on_the_right():
    diff = compare_texts(
        "1. Аудандық бюджет 2026 жылға бекітілсін.",
        "1. Аудандық бюджет 2027 жылға бекітілсін.",
    )
    (row,) = diff.rows
    assert row.changed
    assert marked(row.old, REMOVED) == ["2026"]
    assert marked(row.new, ADDED) == ["2027"]
    # the columns read as the versions: nothing of the other side shows in a column
    assert plain(row.old) == "1. Аудандық бюджет 2026 жылға бекітілсін."
    assert plain(row.new) == "1. Аудандық бюджет 2027 жылға бекітілсін."
    assert marked(row.new, EQUAL) == ["1. Аудандық бюджет", "жылға бекітілсін."]
    assert diff.removed_words == diff.added_words == 1


def test_russian_words_added_and_removed_inside_a_point():
    diff = compare_texts(
        "2. Контроль за исполнением возложить на заместителя акима района.",
        "2. Контроль за исполнением настоящего постановления возложить на заместителя.",
    )
    (row,) = diff.rows
    assert marked(row.new, ADDED) == ["настоящего постановления"]
    assert marked(row.old, REMOVED) == ["акима района"]
    assert diff.added_words == 2 and diff.removed_words == 2


def test_a_word_with_kazakh_letters_is_one_word_not_letters():
    diff = compare_texts("Өңірдің әлеуметтік дамуы", "Өңірдің экономикалық дамуы")
    (row,) = diff.rows
    assert marked(row.old, REMOVED) == ["әлеуметтік"]
    assert marked(row.new, ADDED) == ["экономикалық"]


def test_re_spacing_is_not_a_change():
    diff = compare_texts("1.  Утвердить   бюджет.", "1. Утвердить бюджет.")
    assert not diff.changed
    (row,) = diff.rows
    assert plain(row.old) == "1.  Утвердить   бюджет."  # each column keeps its own text


def test_an_added_point_stands_alone_and_the_points_stay_side_by_side():
    old = "1. Утвердить план.\n2. Контроль возложить на заместителя."
    new = "1. Утвердить план.\n2. Финансировать за счёт местного бюджета.\n3. Контроль возложить на заместителя."
    diff = compare_texts(old, new)
    assert len(diff.rows) == 3
    first, added, last = diff.rows
    assert not first.changed
    assert added.only_new and marked(added.new, ADDED) == ["2. Финансировать за счёт местного бюджета."]
    # the renumbered point sits next to its old self, only its number marked
    assert marked(last.old, REMOVED) == ["2"] and marked(last.new, ADDED) == ["3"]


def test_a_removed_point_stands_alone_on_the_left():
    diff = compare_texts("1. Бірінші.\n2. Екінші.\n3. Үшінші.", "1. Бірінші.\n3. Үшінші.")
    removed = [row for row in diff.rows if row.changed]
    assert len(removed) == 1 and removed[0].only_old
    assert plain(removed[0].old) == "2. Екінші."
    assert removed[0].old[0].removed


def test_lines_most_alike_are_paired_when_a_block_changes_size():
    old = "Старый абзац про бюджет района на год.\nЗаместитель акима района Ахметов."
    new = "Совсем новый текст.\nСтарый абзац про бюджет района на следующий год.\nЗаместитель акима Ахметов."
    diff = compare_texts(old, new)
    assert [row.only_new for row in diff.rows] == [True, False, False]
    assert marked(diff.rows[1].new, ADDED) == ["следующий"]
    assert marked(diff.rows[2].old, REMOVED) == ["района"]


def test_empty_texts():
    assert compare_texts("", "").rows == ()
    assert not compare_texts("", "").changed
    added = compare_texts("", "1. Жаңа мәтін.\n2. Екінші тармақ.")
    assert all(row.only_new for row in added.rows) and added.added_words == 6
    removed = compare_texts("Текст проекта.", "")
    assert [row.only_old for row in removed.rows] == [True] and removed.removed_words == 2


def test_an_empty_line_is_kept_as_a_row():
    diff = compare_texts("Преамбула.\n\n1. Пункт.", "Преамбула.\n\n1. Пункт.")
    assert [plain(row.old) for row in diff.rows] == ["Преамбула.", "", "1. Пункт."]


def test_windows_line_breaks_are_line_breaks():
    assert not compare_texts("1. Бір.\r\n2. Екі.", "1. Бір.\n2. Екі.").changed


# ---- files


def ref(name: str, sha: str) -> FileRef:
    return FileRef(name=name, sha256=sha)


def test_files_are_added_removed_and_kept_by_content_and_name():
    old = [ref("кесте.pdf", "a" * 64), ref("записка.docx", "b" * 64), ref("заключение.pdf", "c" * 64)]
    new = [ref("кесте.pdf", "a" * 64), ref("записка.docx", "d" * 64), ref("заключение-2.pdf", "c" * 64)]
    diff = compare_files(old, new)
    assert [f.name for f in diff.kept] == ["кесте.pdf"]
    # a new content under the old name, and the old content under a new name, are each a new file
    assert [f.name for f in diff.added] == ["записка.docx", "заключение-2.pdf"]
    assert [f.name for f in diff.removed] == ["записка.docx", "заключение.pdf"]  # in the old version's order


def test_two_copies_of_one_file_count_twice():
    diff = compare_files([ref("a.pdf", "1" * 64)] * 2, [ref("a.pdf", "1" * 64)])
    assert len(diff.kept) == 1 and len(diff.removed) == 1 and not diff.added


def test_no_files():
    diff = compare_files([], [])
    assert diff.added == diff.removed == diff.kept == ()


# ---- two versions of a draft act


@pytest.fixture
def act(org, registrar):
    person = registrar.person
    return Act.objects.create(
        type=ActType.DECISION, developer_unit=org.finance, developer=person, created_by=registrar, title_ru="Проект"
    )


def version(act, number, user, **texts) -> ActVersion:
    return ActVersion.objects.create(act=act, number=number, created_by=user, **texts)


def add_file(act_version, name, sha, user, kind=ActFile.Kind.OTHER) -> ActFile:
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(ActVersion),
        object_id=act_version.pk,
        file=f"attachments/{sha[:8]}",
        original_name=name,
        size=10,
        mime_type="application/pdf",
        sha256=sha,
        uploaded_by=user,
    )
    return ActFile.objects.create(version=act_version, kind=kind, attachment=attachment)


def test_compare_versions_reads_titles_texts_and_files(act, registrar, django_assert_max_num_queries):
    v1 = version(
        act,
        1,
        registrar,
        title_kk="Бюджет туралы",
        title_ru="О бюджете",
        text_kk="1. Бекітілсін.",
        text_ru="1. Утвердить.",
    )
    v2 = version(
        act,
        2,
        registrar,
        title_kk="Бюджет және жоспар туралы",
        title_ru="О бюджете",
        text_kk="1. Бекітілсін.",
        text_ru="1. Утвердить прилагаемый план.",
    )
    add_file(v1, "кесте.pdf", "a" * 64, registrar, ActFile.Kind.COMPARISON_TABLE)
    add_file(v1, "ескі.pdf", "b" * 64, registrar)
    add_file(v2, "кесте.pdf", "a" * 64, registrar, ActFile.Kind.COMPARISON_TABLE)
    add_file(v2, "жаңа.pdf", "c" * 64, registrar)

    with django_assert_max_num_queries(2):  # the files of each version
        comparison = compare_versions(v1, v2)

    assert isinstance(comparison, Comparison) and comparison.changed
    assert (comparison.old_version, comparison.new_version) == (1, 2)
    assert marked(comparison.title_kk.rows[0].new, ADDED) == ["және жоспар"]
    assert not comparison.title_ru.changed and not comparison.kk.changed
    assert marked(comparison.ru.rows[0].new, ADDED) == ["прилагаемый план"]
    assert [f.name for f in comparison.files_added] == ["жаңа.pdf"]
    assert [f.name for f in comparison.files_removed] == ["ескі.pdf"]
    assert [f.name for f in comparison.files_kept] == ["кесте.pdf"]
    with translation.override("en"):
        assert comparison.files_kept[0].label == "comparison table"


def test_compare_versions_uses_prefetched_files(act, registrar, django_assert_num_queries):
    version(act, 1, registrar, text_ru="А")
    version(act, 2, registrar, text_ru="Б")
    v1, v2 = ActVersion.objects.filter(act=act).prefetch_related("files__attachment")
    with django_assert_num_queries(0):
        comparison = compare_versions(v1, v2)
    assert comparison.ru.changed and not comparison.files_added


# ---- the template


def test_template_marks_changes_in_two_columns_not_by_colour_alone(act, registrar):
    v1 = version(act, 1, registrar, title_ru="О бюджете", text_kk="1. Бекітілсін.", text_ru="1. Утвердить бюджет.")
    v2 = version(act, 2, registrar, title_ru="О бюджете", text_kk="1. Бекітілсін.", text_ru="1. Утвердить план.")
    add_file(v2, "жаңа.pdf", "c" * 64, registrar)
    with translation.override("ru"):
        html = render_to_string("acts/_compare.html", {"comparison": compare_versions(v1, v2)})
    assert '<del class="cmp-removed">' in html and '<ins class="cmp-added">' in html
    assert "бюджет</del>" in html and "план</ins>" in html
    assert 'class="visually-hidden"' in html  # a screen reader hears "removed:" / "added:"
    assert "жаңа.pdf" in html
    assert "<script" not in html


def test_template_escapes_what_the_user_typed(act, registrar):
    v1 = version(act, 1, registrar, text_ru="<b>старое</b>")
    v2 = version(act, 2, registrar, text_ru="<script>alert(1)</script>")
    html = render_to_string("acts/_compare.html", {"comparison": compare_versions(v1, v2)})
    assert "<script" not in html and "&lt;" in html and "alert(1)" in html


def test_a_point_removed_and_another_added_in_one_block_are_not_paired_with_each_other():
    old = "1. Бюджет бекітілсін жылға.\n2. Қаржы бөлімі есеп берсін.\n3. Бақылау орынбасарға жүктелсін."
    new = (
        "1. Бюджет бекітілсін келесі жылға.\n2. Бақылау орынбасарға жүктелсін.\n"
        "3. Қаулы жарияланған күнінен бастап күшіне енеді."
    )
    rows = compare_texts(old, new).rows
    assert [(row.only_old, row.only_new) for row in rows] == [
        (False, False),
        (True, False),
        (False, False),
        (False, True),
    ]
    assert marked(rows[0].new, ADDED) == ["келесі"]
    assert marked(rows[2].old, REMOVED) == ["3"] and marked(rows[2].new, ADDED) == ["2"]


def test_a_large_rewritten_text_is_compared_quickly():
    """A whole rewritten draft (hundreds of changed points) must not make the comparison page hang."""
    old = "\n".join(f"{n}. Аудандық бюджеттің {n}-бабы өзгертілсін және толықтырылсын." for n in range(1, 301))
    new = "\n".join(f"{n}. Контроль за исполнением пункта {n * 7} возложить на отдел." for n in range(1, 300))
    started = time.perf_counter()
    diff = compare_texts(old, new)
    assert time.perf_counter() - started < 3
    assert diff.changed and len(diff.rows) >= 300
