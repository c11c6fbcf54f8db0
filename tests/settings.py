"""Test settings: the real settings with a fast hasher and in-memory e-mail.

PostgreSQL and Redis stay real (DATABASE_URL / REDIS_URL, or the embedded servers).
"""

from akimat.settings import *  # noqa: F403
from akimat.settings import CACHES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES["default"]["KEY_PREFIX"] = "akimat-test"
CELERY_TASK_ALWAYS_EAGER = False
LANGUAGE_CODE = "en"
