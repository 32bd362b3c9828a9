FROM python:3.11 AS builder

ENV APP_HOME=/srv/notes \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR $APP_HOME

COPY . .

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"

# one layer: dependencies, then the files the app needs prepared
RUN set -eux; \
    pip install --no-cache-dir -r requirements.txt; \
    chmod 0755 script/notes; \
    mkdir -p var/spool; \
    sed -i "s/^MODE = .*/MODE = 'production'/" notes/settings.py; \
    python tools/build_index.py templates notes/_index.py

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

ENV APP_HOME=/srv/notes \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR $APP_HOME

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

# slimstage: /srv/notes as the build left it (lines 10, 12, 13, 15 changed it), with modes and owners
COPY --from=builder /srv/notes /srv/notes

ENTRYPOINT ["script/notes"]
CMD ["summary"]
