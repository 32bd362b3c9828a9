FROM gcc:12 AS builder
RUN apt-get update && apt-get install -y --no-install-recommends cmake && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j2 \
 && cmake --install build \
 && ldconfig

# slimstage: the install once more, into a staging root the final stage copies
RUN cd /src && DESTDIR=/slimstage/install cmake --install build

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

WORKDIR /src
COPY . .

# slimstage: what the install added, installed once more into a staging root
COPY --from=builder /slimstage/install/ /
RUN ldconfig
ENTRYPOINT ["greeter"]
CMD ["docker"]
