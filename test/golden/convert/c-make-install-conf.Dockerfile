FROM gcc:12 AS builder

WORKDIR /build
COPY Makefile greeter.c greeter.conf ./
RUN make && make install

# slimstage: the install once more, into a staging root the final stage copies
RUN cd /build && DESTDIR=/slimstage/install make install

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

WORKDIR /build
COPY Makefile greeter.c greeter.conf ./

# slimstage: what the install added, installed once more into a staging root
COPY --from=builder /slimstage/install/ /

RUN install -d -o 1000 -g 1000 -m 0750 /var/lib/greeter
COPY --chown=1000:1000 motd.txt /var/lib/greeter/motd.txt

USER 1000:1000
WORKDIR /var/lib/greeter
CMD ["sh", "-c", "greeter && cat motd.txt state"]
