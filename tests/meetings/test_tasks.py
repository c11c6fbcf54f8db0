"""The daily beat task of meetings (003 §5.6–§5.8, §5.17): it runs the services' scan, each reminder once."""

import datetime

import pytest
from django.conf import settings

from akimat.models import Notification
from meetings import tasks

pytestmark = pytest.mark.django_db


def test_issue14_the_daily_task_reminds_the_day_before_the_materials_are_due_and_only_once_5_6(
    meetings_org, plan, item_of, clock
):
    meeting = plan("session", day=datetime.date(2026, 3, 27))  # materials due Tuesday 17 March (§5.6)
    item_of(meeting)
    clock(datetime.date(2026, 3, 16), hour=9)
    first = tasks.remind_materials()
    assert first > 0
    assert Notification.objects.filter(kind="meeting_materials_due").exists()
    assert tasks.remind_materials() == 0


def test_issue14_the_task_runs_every_day_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["meetings-reminders"]
    assert entry["task"] == "meetings.tasks.remind_materials"
