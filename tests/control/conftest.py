"""Fixtures of control tests: a clock pinned on Monday 16 March 2026 and an item factory."""

import datetime

import pytest
import time_machine

from control import services
from control.models import Issuer, SourceKind

# named dates (2026): Nauryz is 21–23 March with 24–25 March off in lieu; 1 May and 7 May are holidays
mon_2026_03_16 = datetime.date(2026, 3, 16)
thu_2026_03_19 = datetime.date(2026, 3, 19)
thu_2026_04_02 = datetime.date(2026, 4, 2)
mon_2026_04_13 = datetime.date(2026, 4, 13)
thu_2026_04_16 = datetime.date(2026, 4, 16)


@pytest.fixture
def clock():
    """Pin the clock to 10:00 Asia/Almaty on a given date; returns a function to move it."""
    traveller = time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False)
    machine = traveller.start()

    def move_to(day: datetime.date, hour: int = 10) -> None:
        machine.move_to(datetime.datetime(day.year, day.month, day.day, hour - 5, 0, tzinfo=datetime.UTC))

    yield move_to
    traveller.stop()


@pytest.fixture
def make_item(org, registrar, akim, executor, clock):
    """Put an instruction of the akim on control by the registrar, the executor leading it."""

    def make(**overrides):
        params = {
            "actor": registrar,
            "text": "Prepare the information on the heating season",
            "issuer": Issuer.AKIM,
            "issuer_person": akim.person,
            "lead": executor.person,
            "controller": org.general,
            "source_kind": SourceKind.STANDALONE,
            "source_label": "Akim, apparatus meeting, 13.03.2026",  # in no language: the issuer comes in front
            "received_on": mon_2026_03_16,
            "deadline": mon_2026_04_13,
        }
        params.update(overrides)
        return services.put_on_control(**params)

    return make
