ARG GO_VERSION=1.19
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS builder

ARG TARGETOS
ARG TARGETARCH
WORKDIR /go/src/facts
COPY go.mod ./
COPY gen ./gen
COPY content ./content
COPY main.go ./
RUN go generate ./... \
 && CGO_ENABLED=0 GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH:-amd64} go build -trimpath -ldflags="-s -w" -o /usr/local/bin/facts .

# slimstage: the final stage holds only what the app needs at run time
FROM gcr.io/distroless/static-debian12

# slimstage: golang:1.19 works in /go; so does the final stage
WORKDIR /go

ARG TARGETOS
ARG TARGETARCH
WORKDIR /go/src/facts
COPY go.mod ./
COPY gen ./gen
COPY content ./content
COPY main.go ./

# slimstage: the Go binary
COPY --from=builder /usr/local/bin/facts /usr/local/bin/facts

ENV ADDR=:8103
EXPOSE 8103
ENTRYPOINT ["facts"]
