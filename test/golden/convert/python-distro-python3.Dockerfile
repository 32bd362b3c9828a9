FROM debian:bookworm AS builder

# the company's package mirror
ARG PIP_INDEX_URL=http://127.0.0.1:3141/simple/

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip python3-venv python3-dev gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/app
COPY requirements.txt .
COPY fastsum/ fastsum/

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
# Debian's python3 is "externally managed" (PEP 668)
RUN pip3 install --break-system-packages --no-cache-dir -r requirements.txt

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

ARG PIP_INDEX_URL=http://127.0.0.1:3141/simple/

# slimstage: runtime packages of line 6 (build-only python3-dev, gcc and libc6-dev stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip python3-venv libpython3.11 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/app
COPY requirements.txt .
COPY fastsum/ fastsum/

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY render.py .

CMD ["python3", "render.py"]
