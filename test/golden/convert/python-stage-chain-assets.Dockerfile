# static assets, built with node in a stage of their own
FROM node:18-slim AS assets
WORKDIR /a
COPY web/ .
RUN node build.js

FROM python:3.11 AS builder
WORKDIR /srv
COPY requirements.txt .

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim AS final

WORKDIR /srv
COPY requirements.txt .

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

# slimstage: line 12 was FROM base AS final; the stages of this chain are merged into one
COPY --from=assets /a/dist ./static
COPY app.py .
USER nobody
CMD ["python", "app.py"]
