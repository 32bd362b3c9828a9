FROM debian:bookworm-slim AS builder

RUN apt-get update \
    && apt-get install -y build-essential libz-dev \
    && useradd -r -u 10001 appuser \
    && mkdir -p /srv/data \
    && chown appuser /srv/data \
    && rm -rf /var/lib/apt/lists/*

COPY src/journal.c /tmp/journal.c
RUN gcc -O2 -Wall -o /usr/local/bin/journal /tmp/journal.c -lz

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

# slimstage: from line 3, what the running image still needs
RUN useradd -r -u 10001 appuser && mkdir -p /srv/data && chown appuser /srv/data

COPY src/journal.c /tmp/journal.c

# slimstage: the compiled program
COPY --from=builder /usr/local/bin/journal /usr/local/bin/journal

USER appuser
WORKDIR /srv/data

CMD ["journal"]
