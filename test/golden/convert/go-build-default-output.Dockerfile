FROM golang:1.19 AS builder

WORKDIR /go/src/tally
COPY go.mod ./
COPY . .

RUN go vet ./... \
 && CGO_ENABLED=0 go build -ldflags="-s -w" \
 && chmod +x docker-entrypoint.sh \
 && sed -i -e 's/^greeting=.*/greeting=bonjour/' conf/tally.conf \
 && mkdir -p data

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

# slimstage: golang:1.19 works in /go; so does the final stage
WORKDIR /go

WORKDIR /go/src/tally
COPY go.mod ./
COPY . .

# slimstage: the Go binary
COPY --from=builder /go/src/tally/tally /go/src/tally/tally

# slimstage: /go/src/tally/docker-entrypoint.sh as line 9 left it (mode and owner kept)
COPY --from=builder /go/src/tally/docker-entrypoint.sh /go/src/tally/docker-entrypoint.sh

# slimstage: /go/src/tally/data as line 11 left it (mode and owner kept)
COPY --from=builder /go/src/tally/data /go/src/tally/data

# slimstage: /go/src/tally/conf/tally.conf as line 7 left it (mode and owner kept)
COPY --from=builder /go/src/tally/conf/tally.conf /go/src/tally/conf/tally.conf

ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["tally", "report"]
