"""WSGI entry point (gunicorn akimat.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akimat.settings")
application = get_wsgi_application()
