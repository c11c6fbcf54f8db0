# Production-like image: gunicorn (web), Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; the fonts the PDFs use are shipped inside the project.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY akimat ./akimat
COPY correspondence ./correspondence
COPY control ./control
COPY meetings ./meetings
COPY acts ./acts
COPY appeals ./appeals
RUN pip install .
COPY manage.py ./
COPY templates ./templates
COPY locale ./locale
COPY docker/entrypoint.sh /entrypoint.sh
RUN python -m akimat.i18n_compile \
    && useradd --system --home /app akimat \
    && mkdir -p /app/var/media /app/staticfiles && chown -R akimat /app/var /app/staticfiles

USER akimat
EXPOSE 8000
ENTRYPOINT ["/entrypoint.sh"]
CMD ["gunicorn", "akimat.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
