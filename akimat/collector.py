"""Python's garbage collector in the long-running web processes (akimat/wsgi.py, and the benchmark).

A list page builds some hundred thousand short-lived objects (rows, model instances, template nodes), many
of them in reference cycles. With the default thresholds (700, 10, 10) the collector then runs a young
collection every few hundred allocations and, every few requests, a full collection that walks every object
the process holds — Django, its URL patterns, translations, templates — pausing that request for 50–200 ms
on the benchmark machine: the slowest twentieth of the journal pages was made of those pauses (journal p95
266–271 ms with the defaults, 152–175 ms tuned, same data and requests). So, once start-up has loaded what
lives as long as the process:

- `gc.freeze()` moves all of it to a permanent generation that no collection walks again;
- young collections wait for 50,000 allocations (a page's garbage goes in one or two of them), and full
  collections come a hundred times more rarely than middle ones.

Cyclic garbage still goes at the next young collection; memory stays bounded by the thresholds.
"""

import gc

THRESHOLDS = (50_000, 20, 100)


def tune_for_server() -> tuple[int, int, int]:
    """Freeze what is alive now and raise the thresholds; returns the previous thresholds (for restore)."""
    previous = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return previous


def restore(previous: tuple[int, int, int]) -> None:
    """Undo tune_for_server() (the benchmark shares its process with tests)."""
    gc.unfreeze()
    gc.set_threshold(*previous)
