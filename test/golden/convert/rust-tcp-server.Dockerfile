FROM rust:1.63 AS builder

RUN useradd --system --no-create-home app

WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src ./src

RUN cargo build --release --offline

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bullseye-slim

RUN useradd --system --no-create-home app

WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src ./src

# slimstage: the Rust binary
COPY --from=builder /app/target/release/tiny-http /app/target/release/tiny-http

ENV PORT=8084
EXPOSE 8084
USER app

ENTRYPOINT ["/app/target/release/tiny-http"]
