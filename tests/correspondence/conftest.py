"""Shared fixtures of correspondence tests: a pinned clock and a small correspondent directory.

Other test modules import the named dates from here (`from tests.correspondence.conftest import mon_2026_03_16`).
"""

import datetime
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
import time_machine

from correspondence.models import Correspondent

ALMATY = datetime.timezone(datetime.timedelta(hours=5))  # Asia/Almaty, no daylight saving

# named dates (2026): Nauryz is 21–23 March with 24–25 March off in lieu; 1 May and 7 May are holidays
mon_2026_03_16 = datetime.date(2026, 3, 16)
tue_2026_03_17 = datetime.date(2026, 3, 17)
fri_2026_03_20 = datetime.date(2026, 3, 20)
sat_2026_03_14 = datetime.date(2026, 3, 14)
mon_2026_03_23 = datetime.date(2026, 3, 23)  # Nauryz
thu_2026_03_26 = datetime.date(2026, 3, 26)  # the first working day after Nauryz


def almaty(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime in Asia/Almaty."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def clock() -> Iterator[Callable[..., None]]:
    """Pin the clock (tick=False) to 10:00 Asia/Almaty on Monday 16 March 2026; call it to move: clock(day, 16, 59)."""
    traveller = time_machine.travel(almaty(mon_2026_03_16, 10), tick=False)
    machine = traveller.start()

    def move_to(day: datetime.date, hour: int = 10, minute: int = 0) -> None:
        machine.move_to(almaty(day, hour, minute))

    yield move_to
    traveller.stop()


@pytest.fixture
def correspondents(db) -> SimpleNamespace:
    """A central body, a state body (an oblast department) and an individual."""
    return SimpleNamespace(
        central=Correspondent.objects.create(
            kind=Correspondent.Kind.CENTRAL_BODY,
            name="Ministry of Finance of the Republic of Kazakhstan",
            short_name="Ministry of Finance",
            bin_iin="990140000111",
        ),
        state=Correspondent.objects.create(
            kind=Correspondent.Kind.STATE_BODY,
            name="Department of Education of Turkestan Region",
            short_name="Oblast education department",
            bin_iin="100240000222",
        ),
        person=Correspondent.objects.create(
            kind=Correspondent.Kind.PERSON, name="Aliya Nurlanovna Sarsenova", bin_iin="850101400333"
        ),
    )
