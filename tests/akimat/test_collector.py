"""The garbage collector of the web processes (akimat/collector.py, applied by akimat/wsgi.py)."""

import gc

from akimat import bench, collector


def test_tuning_freezes_what_is_alive_and_raises_the_thresholds_and_restore_undoes_it():
    before = gc.get_threshold()

    previous = collector.tune_for_server()
    try:
        assert gc.get_threshold() == collector.THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        collector.restore(previous)

    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_benchmark_measures_with_the_servers_collector_and_puts_the_defaults_back():
    before = gc.get_threshold()

    with bench.production_like():
        assert gc.get_threshold() == collector.THRESHOLDS

    assert gc.get_threshold() == before
