"""The Celery application: worker and beat read their settings from Django's (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akimat.settings")

app = Celery("akimat")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
