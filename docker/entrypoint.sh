#!/bin/sh
# Web container: migrate and collect static files before gunicorn starts; worker/beat start directly.
set -e
if [ "$1" = "gunicorn" ]; then
  python manage.py migrate --noinput
  python manage.py collectstatic --noinput --verbosity 0
fi
exec "$@"
