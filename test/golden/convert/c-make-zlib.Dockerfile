FROM gcc:12 AS builder

RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/squeeze
COPY Makefile ./
COPY src/ src/

RUN make && make install

# slimstage: the install once more, into a staging root the final stage copies
RUN cd /usr/src/squeeze && DESTDIR=/slimstage/install make install

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

WORKDIR /usr/src/squeeze
COPY Makefile ./
COPY src/ src/

# slimstage: what the install added, installed once more into a staging root
COPY --from=builder /slimstage/install/ /

CMD ["squeeze"]
