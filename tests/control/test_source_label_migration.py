"""Migration control 0013 (#12): existing source labels are rewritten in no language, none is lost."""

import importlib

from django.apps import apps
from django.utils import translation

from control.models import ControlItem, Issuer, SourceKind
from tests.correspondence.test_journals import make_document, make_resolution

migration = importlib.import_module("control.migrations.0013_source_label_in_no_language")


def _label(item: ControlItem, label: str, **fields) -> ControlItem:
    ControlItem.objects.filter(pk=item.pk).update(source_label=label, **fields)
    return item


def test_the_migration_rewrites_labels_written_in_the_language_of_whoever_put_the_item_on_control(
    make_item, registrar, akim, executor
):
    document = make_document(registrar, number="01-12/7")
    resolution = make_resolution(document, akim.person, registrar, executors=[executor.person], control=True)
    from_resolution = _label(ControlItem.objects.get(source_id=resolution.pk), "incoming document № 01-12/7 x, Akim")
    standalone_en = _label(make_item(), "Akim Akim, apparatus meeting, 13.03.2026")
    standalone_kk = _label(make_item(), "Әкім Akim, apparatus meeting, 13.03.2026")
    no_person = _label(make_item(), "Аким района, 13.03.2026", issuer=Issuer.DEPUTY_AKIM, issuer_person=None)
    deputy_ru = _label(make_item(), "Заместитель акима, 13.03.2026", issuer=Issuer.DEPUTY_AKIM, issuer_person=None)
    memo_ru = _label(make_item(source_kind=SourceKind.MEMO), "Служебная записка № 5 02.03.2026")
    only_a_word = _label(make_item(source_kind=SourceKind.ACT), "Act")

    migration.forwards(apps, None)

    def label(item):
        return ControlItem.objects.get(pk=item.pk).source_label

    assert label(from_resolution) == "№ 01-12/7 16.03.2026, Akim"
    assert label(standalone_en) == "Akim, apparatus meeting, 13.03.2026"
    assert label(standalone_kk) == "Akim, apparatus meeting, 13.03.2026"
    assert label(no_person) == "Аким района, 13.03.2026"  # not the issuer's word: kept as it was
    assert label(memo_ru) == "№ 5 02.03.2026"
    assert label(only_a_word) == "Act"  # nothing would be left: kept
    with translation.override("ru"):
        assert label(deputy_ru) == "13.03.2026"
        assert ControlItem.objects.get(pk=deputy_ru.pk).source_display.endswith(", 13.03.2026")
    with translation.override("kk"):
        assert ControlItem.objects.get(pk=from_resolution.pk).source_display == "Кіріс құжат № 01-12/7 16.03.2026, Akim"
