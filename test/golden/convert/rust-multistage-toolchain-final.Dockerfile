FROM rust:1.63 AS build
WORKDIR /usr/src/roman
COPY . .
RUN cargo build --release --offline

# slimstage: what runs here is built in earlier stages; it runs on debian:bullseye-slim instead of the toolchain image rust:1.63
FROM debian:bullseye-slim

COPY --from=build /usr/src/roman/target/release/roman /usr/local/bin/roman
CMD ["roman"]
