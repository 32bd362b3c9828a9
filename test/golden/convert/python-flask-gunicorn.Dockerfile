FROM python:3.11 AS builder

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SERVICE_NAME=inventory \
    PORT=8081

RUN useradd --create-home --shell /bin/bash --uid 1000 web

WORKDIR /home/web/app

COPY requirements.txt .

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

# slimstage: run-time packages the original base image provided
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SERVICE_NAME=inventory \
    PORT=8081

RUN useradd --create-home --shell /bin/bash --uid 1000 web

WORKDIR /home/web/app

COPY requirements.txt .

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY --chown=web:web . .

USER web

EXPOSE 8081
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1:8081/health || exit 1

CMD ["gunicorn", "--config", "gunicorn.conf.py", "app:app"]
