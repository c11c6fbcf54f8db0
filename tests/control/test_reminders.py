"""The daily reminder scan — 003 §12.4, §12.13: once per (item, kind, deadline), catching up."""

import datetime
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from akimat import reglament
from akimat.models import Notification
from control import reminders, services
from tests.control.conftest import mon_2026_04_13

pytestmark = pytest.mark.django_db

wed_2026_04_08 = datetime.date(2026, 4, 8)
thu_2026_04_09 = datetime.date(2026, 4, 9)


def _kinds(sent):
    return sorted((n.kind.removeprefix("control."), n.recipient.username) for n in sent)


def test_three_working_days_before_the_lead_their_head_and_the_controller_are_reminded_12_4(
    make_item, executor, department_head, registrar
):
    make_item()
    sent = reminders.scan(wed_2026_04_08)
    assert _kinds(sent) == [
        ("reminder_3_days", "department_head"),
        ("reminder_3_days", "executor"),
        ("reminder_3_days", "registrar"),
    ]


def test_003_12_4_the_leadership_of_the_apparatus_is_reminded_3_working_days_before(
    make_item, executor, department_head, registrar, head_of_apparatus
):
    """003 §12.4: "уведомляет за 3 рабочих дня ... руководителей отделов и руководство Аппарата"."""
    make_item()
    sent = reminders.scan(wed_2026_04_08)
    assert _kinds(sent) == [
        ("reminder_3_days", "department_head"),
        ("reminder_3_days", "executor"),
        ("reminder_3_days", "head_of_apparatus"),
        ("reminder_3_days", "registrar"),
    ]
    # the leadership is told, not asked to report
    told = Notification.objects.get(recipient=head_of_apparatus, kind="control.reminder_3_days")
    assert told.action == ""
    assert Notification.objects.get(recipient=executor, kind="control.reminder_3_days").action
    # the deadline day and overdue remain the executors' and the controller's
    assert "head_of_apparatus" not in {n.recipient.username for n in reminders.scan(mon_2026_04_13)}
    assert reminders.scan(wed_2026_04_08) == []  # once


def test_003_12_4_who_the_leadership_is_is_a_rule_of_the_profile(make_item, executor, head_of_apparatus, deputy):
    copy = reglament.copy_profile(reglament.active_profile(), code="oblast", name_kk="Облыс", name_ru="Область")
    reglament.set_rule(copy, "control.reminder_leadership", "deputy_akim")
    reglament.activate_profile(copy)
    make_item()
    recipients = {n.recipient.username for n in reminders.scan(wed_2026_04_08)}
    assert "deputy" in recipients
    assert "head_of_apparatus" not in recipients


def test_003_12_4_the_leadership_rule_takes_only_known_roles(db):
    from django.core.exceptions import ValidationError

    assert reglament.validate_rule_value("roles", "head_of_apparatus, deputy_akim") == "head_of_apparatus,deputy_akim"
    with pytest.raises(ValidationError):
        reglament.validate_rule_value("roles", "chief")


def test_a_second_scan_the_same_day_sends_nothing_12_4(make_item, executor):
    make_item()
    assert len(reminders.scan(wed_2026_04_08)) == 2  # the executor and the controller (registrar)
    assert reminders.scan(wed_2026_04_08) == []
    assert Notification.objects.filter(kind="control.reminder_3_days").count() == 2


def test_a_scan_that_missed_days_catches_up_but_never_repeats_12_4(make_item, executor):
    make_item()
    assert _kinds(reminders.scan(thu_2026_04_09)) == [("reminder_3_days", "executor"), ("reminder_3_days", "registrar")]
    assert reminders.scan(datetime.date(2026, 4, 10)) == []


def test_deadline_day_and_overdue_are_each_sent_once(make_item, executor):
    make_item()
    assert ("deadline_today", "executor") in _kinds(reminders.scan(datetime.date(2026, 4, 13)))
    assert ("overdue", "executor") in _kinds(reminders.scan(datetime.date(2026, 4, 14)))
    assert reminders.scan(datetime.date(2026, 4, 15)) == []


def test_a_new_deadline_after_extension_is_reminded_again(make_item, executor, akim):
    item = make_item()
    reminders.scan(wed_2026_04_08)
    request = services.request_extension(item, actor=executor, reason="Late", new_deadline=datetime.date(2026, 4, 30))
    services.decide_extension(request, actor=akim, approve=True)
    assert ("reminder_3_days", "executor") in _kinds(reminders.scan(datetime.date(2026, 4, 27)))


def test_co_executors_and_executing_bodies_are_reminded_of_their_report_dates_12_13(
    make_item, org, department_head, executor
):
    lead_body = make_person_for(org.external)
    make_item(lead=org.external, co_executors=[department_head.person])
    co = reminders.scan(datetime.date(2026, 4, 2))
    assert ("report_due_co", "department_head") in _kinds(co)
    body = reminders.scan(datetime.date(2026, 4, 6))
    assert ("report_due_body", lead_body.username) in _kinds(body)


def make_person_for(unit):
    from tests.factories import make_person

    person = make_person("body_head", unit=unit)
    unit.head = person
    unit.save(update_fields=["head"])
    return person.user


def test_a_reported_item_gets_no_deadline_reminders(make_item, executor):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    assert reminders.scan(wed_2026_04_08) == []


def test_no_reminders_on_a_day_off(make_item, executor):
    make_item()
    assert reminders.scan(datetime.date(2026, 4, 11)) == []


def test_a_dry_run_sends_nothing(make_item, executor):
    make_item()
    assert len(reminders.scan(wed_2026_04_08, dry_run=True)) == 2
    assert not Notification.objects.filter(kind__startswith="control.reminder").exists()


def test_the_command_prints_what_it_sends_and_the_counts_on_the_last_line(make_item, executor):
    make_item()
    out = StringIO()
    call_command("send_reminders", "--date", "2026-04-08", "--dry-run", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert "executor" in lines[0]
    assert lines[-1] == (
        "would send: reminder_3_days=2, deadline_today=0, overdue=0, report_due_body=0, report_due_co=0, "
        "roadmap_due=0, submission_due=0"
    )
    out = StringIO()
    call_command("send_reminders", "--date", "2026-04-08", stdout=out)
    assert out.getvalue().strip().splitlines()[-1].startswith("sent: reminder_3_days=2")


def test_the_beat_runs_the_scan_every_day_at_nine(make_item):
    entry = settings.CELERY_BEAT_SCHEDULE["control-reminders"]
    assert entry["task"] == "control.tasks.scan_reminders"
    assert entry["schedule"] == crontab(hour=9, minute=0)
    assert entry["options"]["expires"] > 0


def test_the_task_runs_the_scan_synchronously(make_item, executor):
    from control.tasks import scan_reminders

    make_item()
    assert scan_reminders("2026-04-08")["reminder_3_days"] == 2
