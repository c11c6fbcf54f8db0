"""WSGI entry point (gunicorn akimat.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from akimat import collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akimat.settings")
application = get_wsgi_application()
# what start-up loaded lives as long as the worker: out of the collector's way (akimat/collector.py)
collector.tune_for_server()
