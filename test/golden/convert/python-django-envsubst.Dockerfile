FROM python:3.11 AS builder

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext-base \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
COPY wheels/ /tmp/wheels/

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir --find-links /tmp/wheels -r requirements.txt && rm -rf /tmp/wheels

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

# slimstage: runtime packages of line 3
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext-base \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY site/ /app/
RUN python manage.py collectstatic --noinput

COPY docker/runtime.json.tmpl docker/gunicorn.conf.py.in /opt/notes/
COPY docker/start.sh /usr/local/bin/start-notes
RUN chmod +x /usr/local/bin/start-notes

EXPOSE 8085
CMD ["start-notes"]
