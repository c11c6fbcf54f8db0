"""§10.16: registrars registering signed acts at the same moment get distinct, gapless numbers of one journal."""

import datetime
import threading

import pytest
from django.db import connection

from acts import services
from tests.acts.conftest import agree_all, pdf

ACTS = 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_get_unique_gapless_numbers_10_16(acts_org, submitted):
    signed = []
    for _ in range(ACTS):
        act = agree_all(submitted())
        signed.append(services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=datetime.date(2026, 3, 16)))
    start = threading.Barrier(ACTS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def register(act) -> None:
        try:
            start.wait(timeout=30)
            number = services.register(act, actor=acts_org.registrar).number
            with lock:
                numbers.append(number)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(act,)) for act in signed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sorted(numbers, key=int) == [str(n) for n in range(1, ACTS + 1)]
