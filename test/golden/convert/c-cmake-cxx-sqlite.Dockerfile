FROM debian:bookworm AS builder

RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential \
        cmake \
        libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .

RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
    && cmake --build build --parallel \
    && cmake --install build --prefix /usr/local

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

# slimstage: runtime packages of line 3 (build-only build-essential, cmake and libsqlite3-dev stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .

# slimstage: the install prefix (programs, libraries and data files)
COPY --from=builder /usr/local /usr/local

CMD ["ledger"]
