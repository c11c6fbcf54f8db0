"""Settings of a Celery worker that a test starts: the test settings, e-mail written as files the test reads."""

from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.mailbox.GatedFileBackend"  # in EMAIL_FILE_PATH, given by the test
# kombu looks for messages whose visibility timeout ran out every 10 s, scanning on every 10th look; a test
# with a timeout of seconds wants them back within a second
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
