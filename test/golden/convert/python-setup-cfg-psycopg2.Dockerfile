FROM python:3.11 AS builder
WORKDIR /src
COPY setup.cfg setup.py ./
COPY src ./src

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir .

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

# slimstage: run-time packages the original base image provided
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY setup.cfg setup.py ./
COPY src ./src

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
CMD ["pgcheck"]
