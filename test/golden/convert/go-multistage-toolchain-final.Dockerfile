FROM golang:1.19 AS build
WORKDIR /go/src/quoteapi
COPY . .
RUN CGO_ENABLED=0 go build -o /out/quoteapi .

# slimstage: the program is built in an earlier stage; it runs on gcr.io/distroless/static-debian12 instead of the toolchain image golang:1.19
FROM gcr.io/distroless/static-debian12

# slimstage: golang:1.19 works in /go; so does the final stage
WORKDIR /go

COPY --from=build /out/quoteapi /usr/local/bin/quoteapi
ENV PORT=8093
EXPOSE 8093
CMD ["quoteapi"]
