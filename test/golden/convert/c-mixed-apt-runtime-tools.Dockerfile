FROM debian:bookworm AS builder

RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev make libsqlite3-dev curl ca-certificates tini && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/stockcheck
COPY . .
RUN make && make install

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

# slimstage: runtime packages of line 3 (build-only gcc, libc6-dev, make and libsqlite3-dev stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates tini libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/stockcheck
COPY . .

# slimstage: the install prefix (programs, libraries and data files)
COPY --from=builder /usr/local /usr/local

ENV REPORT_URL=file:///tmp/stock-report.txt

ENTRYPOINT ["tini", "--"]
CMD ["nightly-report"]
