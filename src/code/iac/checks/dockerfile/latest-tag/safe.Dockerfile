ARG GO_VERSION=1.22.7
# ok: vigil.iac.dockerfile.latest-tag
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

# ok: vigil.iac.dockerfile.latest-tag
FROM build AS test
RUN go test ./...

# ok: vigil.iac.dockerfile.latest-tag
FROM gcr.io/distroless/static-debian12@sha256:8dd8d3ca2cf283383304fd45a5c9c74d5f2cd9da8d3b077d720e264880077c65
COPY --from=build /out/api /api
USER 65532
ENTRYPOINT ["/api"]
