FROM golang:1.19 AS builder

# cgo needs a C toolchain (already in the golang image) and the C sources
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY go.mod ./
COPY *.go *.c *.h ./

ENV CGO_ENABLED=1
RUN go build -o /app/checksum .

# slimstage: the final stage holds only what the app needs at run time
FROM gcr.io/distroless/base-debian12

# slimstage: golang:1.19 works in /go; so does the final stage
WORKDIR /go

WORKDIR /app
COPY go.mod ./
COPY *.go *.c *.h ./

ENV CGO_ENABLED=1

# slimstage: the Go binary
COPY --from=builder /app/checksum /app/checksum

ENTRYPOINT ["/app/checksum"]
