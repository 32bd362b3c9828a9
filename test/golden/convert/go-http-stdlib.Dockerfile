FROM golang:1.19 AS builder

WORKDIR /go/src/quoteapi

COPY go.mod ./
RUN go mod download

COPY . .

# Static binary: no cgo
RUN CGO_ENABLED=0 GOOS=linux go build -ldflags="-s -w" -o /usr/local/bin/quoteapi .

# slimstage: the final stage holds only what the app needs at run time
FROM gcr.io/distroless/static-debian12

# slimstage: golang:1.19 works in /go; so does the final stage
WORKDIR /go

WORKDIR /go/src/quoteapi

COPY go.mod ./

COPY . .

# slimstage: the Go binary
COPY --from=builder /usr/local/bin/quoteapi /usr/local/bin/quoteapi

ENV PORT=8083
EXPOSE 8083
STOPSIGNAL SIGINT

CMD ["quoteapi"]
