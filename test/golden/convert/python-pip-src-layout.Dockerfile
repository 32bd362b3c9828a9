FROM python:3.11-slim AS builder

WORKDIR /app

# Install the package itself (src/ layout, so the source tree cannot shadow the installed module)
COPY setup.cfg setup.py README.md ./
COPY src/ src/

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir .

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

LABEL org.opencontainers.image.title="tally" \
      org.opencontainers.image.description="Count words in text files"

WORKDIR /app

COPY setup.cfg setup.py README.md ./
COPY src/ src/

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"

COPY data/ /app/data/

USER nobody

ENTRYPOINT ["tally"]
CMD ["--top", "3", "/app/data/sample.txt"]
