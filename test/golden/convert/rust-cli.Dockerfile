FROM rust:1.63 AS builder

WORKDIR /usr/src/roman
COPY . .

RUN cargo build --release --offline \
    && cp target/release/roman /usr/local/bin/roman

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bullseye-slim

WORKDIR /usr/src/roman
COPY . .

# slimstage: the Rust binary
COPY --from=builder /usr/local/bin/roman /usr/local/bin/roman

CMD ["roman"]
