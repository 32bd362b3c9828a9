FROM python:3.11 AS builder

ARG APP_DIR=/opt/wordfreq

WORKDIR ${APP_DIR}
COPY pyproject.toml setup.cfg setup.py ./
COPY src/ src/

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv --system-site-packages /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"

# editable install, built with the interpreter's own setuptools and wheel (no isolated build environment)
RUN python -m pip install --no-cache-dir --no-build-isolation --editable .

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

ARG APP_DIR=/opt/wordfreq
LABEL org.opencontainers.image.title="wordfreq"

WORKDIR ${APP_DIR}

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

# slimstage: /opt/wordfreq as the build left it (line 11 changed it), with modes and owners
COPY --from=builder /opt/wordfreq /opt/wordfreq

ENTRYPOINT ["wordfreq"]
CMD ["--top", "3", "the cat and the hat and the bat saw the cat"]
