FROM python:3.12-slim AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN pip install --upgrade pip pipenv

WORKDIR /app

# Install the locked dependencies into the system interpreter (no virtualenv inside the container)
COPY Pipfile Pipfile.lock ./

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pipenv install --system --deploy --ignore-pipfile

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.12-slim

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /app

COPY Pipfile Pipfile.lock ./

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY countdown.py ./

CMD ["python", "countdown.py", "--start", "3"]
