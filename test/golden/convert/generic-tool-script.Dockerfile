FROM debian:bookworm AS builder

RUN apt-get update && apt-get install -y gcc libc6-dev make && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/report

COPY tools/ tools/
RUN gcc -O2 -Wall -o /usr/local/bin/colsum tools/colsum.c

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

WORKDIR /opt/report

COPY tools/ tools/

# slimstage: the compiled program
COPY --from=builder /usr/local/bin/colsum /usr/local/bin/colsum

COPY report.sh /usr/local/bin/report.sh
COPY data/ data/

CMD ["/usr/local/bin/report.sh"]
