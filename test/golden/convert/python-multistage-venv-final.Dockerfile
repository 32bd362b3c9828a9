# build stage: psycopg2 compiles from its sdist against the libpq-dev that python:3.11 ships
FROM python:3.11 AS build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt ./
COPY requirements/ ./requirements/
RUN pip install --no-cache-dir -r requirements.txt

# runs the app from the virtualenv, still on the full image
# slimstage: what runs here is built in earlier stages; it runs on python:3.11-slim instead of the toolchain image python:3.11
FROM python:3.11-slim

# slimstage: run-time packages python:3.11 provided
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /srv
COPY ledger/ ./ledger/
RUN useradd --system --no-create-home ledger && mkdir -p /srv/data && chown ledger /srv/data
USER ledger
CMD ["python", "-m", "ledger"]
