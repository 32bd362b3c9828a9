FROM debian:bookworm-slim AS builder

ARG DEBIAN_FRONTEND=noninteractive

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libssl-dev \
    && rm -rf /var/lib/apt/lists/*

COPY src/digest.c /tmp/digest.c
RUN gcc -O2 -Wall -o /usr/local/bin/digest /tmp/digest.c -lcrypto && rm /tmp/digest.c

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive

# slimstage: runtime packages of line 5 (build-only build-essential and libssl-dev stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libssl3 \
    && rm -rf /var/lib/apt/lists/*

# slimstage: the compiled program
COPY --from=builder /usr/local/bin/digest /usr/local/bin/digest

COPY files/ /srv/files/
COPY verify.sh /usr/local/bin/verify

LABEL maintainer="ops@example.invalid"
ENTRYPOINT ["/usr/local/bin/verify"]
