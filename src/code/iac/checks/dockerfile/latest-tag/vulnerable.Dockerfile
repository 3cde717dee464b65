# ruleid: vigil.iac.dockerfile.latest-tag
FROM golang:latest AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

# ruleid: vigil.iac.dockerfile.latest-tag
FROM alpine
COPY --from=build /out/api /usr/local/bin/api
USER 65532
ENTRYPOINT ["/usr/local/bin/api"]
