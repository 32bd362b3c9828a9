FROM python:3.11 AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings

# libpq-dev and gcc to build psycopg2 from source
RUN apt-get update \
    && apt-get install -y libpq-dev gcc \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /code

# wheelhouse/ holds the wheels our package index does not mirror
COPY requirements.txt /code/
COPY wheelhouse/ /code/wheelhouse/

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir --find-links=/code/wheelhouse -r requirements.txt

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings

# libpq-dev and gcc to build psycopg2 from source
# slimstage: runtime packages of line 8 (build-only libpq-dev and gcc stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /code

COPY requirements.txt /code/
COPY wheelhouse/ /code/wheelhouse/

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY . /code/

RUN python manage.py collectstatic --noinput

EXPOSE 8090

CMD ["gunicorn", "--bind", "0.0.0.0:8090", "--workers", "2", "--access-logfile", "-", "config.wsgi:application"]
