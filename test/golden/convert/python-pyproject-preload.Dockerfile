FROM python:3.11 AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/srv/settings

WORKDIR /srv
COPY pyproject.toml ./
COPY src ./src

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv --system-site-packages /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir --no-build-isolation .

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/srv/settings

WORKDIR /srv
COPY pyproject.toml ./
COPY src ./src

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY settings ./settings

EXPOSE 8086
CMD ["gunicorn", "--preload", "-c", "/srv/settings/gunicorn_conf.py", "quotes:app"]
