"""Who sees an act (issue #13 §6): the developer, the approvers, the leadership, the general department and the
legal service see a draft; staff see a registered act; ДСП only those granted by name; the beat task."""

import datetime

import pytest
from django.conf import settings
from django.http import Http404

from acts import services
from acts.models import Act, ActVersion
from akimat import permissions
from tests.acts.conftest import agree_all, pdf


def _sees(user, act) -> bool:
    return permissions.visible(user, Act).filter(pk=act.pk).exists() and permissions.can_view(user, act)


def test_a_draft_is_seen_by_its_people_and_not_by_an_outsider(acts_org, make_draft):
    act = make_draft()
    for who in ("developer", "developer_head", "akim", "deputy", "head_of_apparatus", "registrar", "lawyer"):
        assert _sees(getattr(acts_org, who), act), who
    for who in ("outsider", "interested_head", "economy_head"):
        assert not _sees(getattr(acts_org, who), act), who
    with pytest.raises(Http404):
        permissions.get_object_for_user(acts_org.outsider, Act, act.pk)
    # its versions follow it
    assert not permissions.visible(acts_org.outsider, ActVersion).filter(act=act).exists()
    assert permissions.visible(acts_org.developer, ActVersion).filter(act=act).exists()


def test_an_approver_sees_the_draft_on_the_route(acts_org, submitted):
    act = submitted()
    assert _sees(acts_org.economy_head, act)
    assert not _sees(acts_org.interested_head, act)


def test_a_registered_act_is_seen_by_staff_not_by_an_outsider(acts_org, submitted):
    act = agree_all(submitted())
    act = services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=datetime.date(2026, 3, 16))
    act = services.register(act, actor=acts_org.registrar)
    assert _sees(acts_org.interested_head, act)
    assert not _sees(acts_org.outsider, act)


def test_a_dsp_draft_is_seen_only_by_those_granted(acts_org, make_draft, submitted):
    act = submitted(is_dsp=True)
    assert _sees(acts_org.developer, act)  # granted on creation
    assert _sees(acts_org.economy_head, act)  # granted as an approver
    assert not _sees(acts_org.interested_head, act)
    assert not _sees(acts_org.outsider, act)
    assert not _sees(acts_org.registrar, act)  # not yet: registrars are granted at signing


def test_allowed_actions_follow_the_state_and_the_user(acts_org, make_draft):
    act = make_draft()
    assert services.allowed_actions(act, acts_org.developer) >= {"edit", "submit", "withdraw", "points"}
    assert services.allowed_actions(act, acts_org.outsider) == set()
    assert "short_term" in services.allowed_actions(act, acts_org.akim)
    act = services.submit(act, actor=acts_org.developer, steps=services.default_route(act))
    assert "visa" in services.allowed_actions(act, acts_org.deputy)
    assert "return" in services.allowed_actions(act, acts_org.akim)
    assert "edit" not in services.allowed_actions(act, acts_org.developer)
    assert services.allowed_actions(act, acts_org.akim) <= services.ACTIONS


def test_the_beat_runs_the_acts_reminders_daily():
    from akimat.celery import app as celery_app

    entry = settings.CELERY_BEAT_SCHEDULE["acts-reminders"]
    celery_app.loader.import_default_modules()
    assert entry["task"] == "acts.tasks.remind" and entry["task"] in celery_app.tasks


def test_the_task_body_is_remind_rework(acts_org, monkeypatch):
    from acts import tasks

    monkeypatch.setattr(services, "remind_rework", lambda now: 7)
    assert tasks.remind("2026-03-16T10:00:00+05:00") == 7
