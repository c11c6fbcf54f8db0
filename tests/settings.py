"""Test settings: the real settings with a fast hasher and in-memory e-mail.

PostgreSQL and Redis stay real (DATABASE_URL / REDIS_URL, or the embedded servers).
"""

import os
import uuid

from akimat.settings import *  # noqa: F403
from akimat.settings import CACHES, CELERY_TASK_DEFAULT_QUEUE

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# each pytest-xdist worker (gw0, gw1, …) its own keys on the shared Redis
CACHES["default"]["KEY_PREFIX"] = "-".join(filter(None, ["akimat-test", os.environ.get("PYTEST_XDIST_WORKER")]))
CELERY_TASK_ALWAYS_EAGER = False
# Tasks a test publishes with no worker go to a queue of this run, deleted when the run ends (tests/conftest.py),
# never to the queue that a real worker on the same Redis consumes. A worker a test starts names its own
# (tests/worker.py), so that what its tasks queue in turn reaches it.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TEST_QUEUE") or (
    f"{CELERY_TASK_DEFAULT_QUEUE}-test-{uuid.uuid4().hex[:8]}"
)
LANGUAGE_CODE = "en"
