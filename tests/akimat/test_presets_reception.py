"""The profile's rule for personal reception that the regulations in force do not give (issue #15 §3): the notice
term of a cancelled reception, two working days before it (001 §15), in every preset and in the stored profiles."""

import pytest

from akimat import reglament_presets
from akimat.models import RegulationRule

pytestmark = pytest.mark.django_db

KEY = "appeals.reception_cancel_notice_before"


@pytest.mark.parametrize("code", ["003", "004", "000"])
def test_the_cancellation_notice_is_two_working_days_before_the_reception_001_15(code):
    stored = RegulationRule.objects.get(profile__code=code, key=KEY)
    assert (stored.value, stored.unit, stored.section) == ("2", "working_days", "001 §15")
    preset = {rule.key: rule for rule in reglament_presets.preset(code).rules}[KEY]
    assert (preset.value, preset.section) == ("2", "001 §15")


def test_a_rule_a_migration_adds_is_read_at_once_after_migrate(settings):
    """The cached snapshot of the rules is dropped after `migrate`: a rule added by a data migration (as 0020 adds
    this one) is read at once, not after the cache expires."""
    from django.core.management import call_command

    from akimat import reglament

    reglament.term(KEY)  # the snapshot is cached
    RegulationRule.objects.filter(key=KEY).update(value="3")  # as a migration's historical model would
    call_command("migrate", verbosity=0)
    assert reglament.term(KEY).amount == 3
