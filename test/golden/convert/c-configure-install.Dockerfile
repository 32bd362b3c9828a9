FROM debian:bookworm-slim AS builder

RUN apt-get update && apt-get install -y --no-install-recommends \
        gcc \
        libc6-dev \
        make \
        pkg-config \
        libjansson-dev \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build/jtool
COPY . .

RUN ./configure --prefix=/usr/local \
    && make \
    && make install \
    && make clean

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

# slimstage: runtime packages of line 3 (build-only gcc, libc6-dev, make, pkg-config and libjansson-dev stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libjansson4 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build/jtool
COPY . .

# slimstage: the install prefix (programs, libraries and data files)
COPY --from=builder /usr/local /usr/local

CMD ["jtool"]
