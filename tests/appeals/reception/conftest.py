"""Fixtures of the personal reception's tests: the apparatus of tests/appeals/conftest.py (the clock pinned on
Tuesday 17 March 2026, 10:00 Almaty; Nauryz 21–25 March off), a schedule of the akim, and builders of days and
sign-ups."""

import datetime
from types import SimpleNamespace

import pytest

from appeals.reception import services
from tests.appeals.conftest import individual

thu_2026_03_19 = datetime.date(2026, 3, 19)
fri_2026_03_20 = datetime.date(2026, 3, 20)
thu_2026_03_26 = datetime.date(2026, 3, 26)
fri_2026_03_27 = datetime.date(2026, 3, 27)


@pytest.fixture
def reception(appeals_org, executor):
    """The apparatus with an executor in the finance department; make_day(), signup() and card() builders."""
    w = appeals_org
    w.executor = executor

    def make_day(day=fri_2026_03_27, official=None, **changes):
        data = services.DayData(
            official=(official or w.akim).person, date=day, starts_at=datetime.time(10), ends_at=datetime.time(13),
            place_kk="Әкімдіктің қоғамдық қабылдау бөлмесі", place_ru="Общественная приёмная акимата",
        )  # fmt: skip
        for name, value in changes.items():
            setattr(data, name, value)
        return services.create_day(actor=w.officer, data=data)

    def signup(day, *, question="Ауылдағы көшені жарықтандыру / Освещение улицы в ауле", priority="", **person):
        data = services.SignupData(applicant=individual(**person), question=question, priority=priority)
        return services.sign_up(actor=w.officer, day=day, data=data)

    return SimpleNamespace(w=w, make_day=make_day, signup=signup)
