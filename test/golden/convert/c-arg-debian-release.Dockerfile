ARG DEBIAN_RELEASE=bookworm
FROM debian:${DEBIAN_RELEASE} AS builder

RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY greet.c ./
RUN gcc -O2 -o /usr/local/bin/greet greet.c

# slimstage: the final stage holds only what the app needs at run time
FROM debian:${DEBIAN_RELEASE}-slim

WORKDIR /src
COPY greet.c ./

# slimstage: the compiled program
COPY --from=builder /usr/local/bin/greet /usr/local/bin/greet

CMD ["greet", "world"]
