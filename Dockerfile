# Production image of the request tracker: gunicorn serves the web app; the same image runs the
# Celery worker and beat (see docker-compose.yml). Configuration comes from the environment: see
# .env.example. TLS is terminated by a reverse proxy in front of the container.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=requests_tracker.settings \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    TRACKER_VAR_DIR=/app/var

WORKDIR /app

# Tesseract and its Russian, Kazakh and English data read the scans bodies send (reading/ocr.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so that a code change does not reinstall them.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app

# Only what the application needs: no .env, .venv, var/ or tests from the working tree.
COPY --chown=app:app manage.py ./
COPY --chown=app:app requests_tracker ./requests_tracker
COPY --chown=app:app letters ./letters
COPY --chown=app:app templates ./templates
COPY --chown=app:app static ./static
COPY --chown=app:app locale ./locale

# The writable folders belong to the app user. Named volumes mounted on them (media, beat-data)
# start as a copy of these empty folders and so inherit the ownership.
RUN mkdir -p /app/staticfiles /app/media /app/var && chown app:app /app/staticfiles /app/media /app/var

USER app

# Settings require a secret key with DEBUG off; this throwaway one exists only for this RUN line
# and is not stored in the image's environment.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && DJANGO_SECRET_KEY=build-only python manage.py compile_catalogues

EXPOSE 8000

CMD ["gunicorn", "requests_tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
