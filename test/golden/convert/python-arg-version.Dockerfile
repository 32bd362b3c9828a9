ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION} AS builder

WORKDIR /app

COPY requirements.txt ./

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

# slimstage: the final stage holds only what the app needs at run time
FROM python:${PYTHON_VERSION}-slim

WORKDIR /app

COPY requirements.txt ./

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY app.py ./

CMD ["python", "app.py"]
