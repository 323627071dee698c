# lifeboat in a container: a static (musl) binary on distroless, with CA certificates for
# the live audit's HTTPS calls and no shell.
#   docker build -t lifeboat .
#   docker run --rm -v "$PWD:/src" -w /src lifeboat check .
# Not built by the test suite where no container engine runs (see the README).
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev build-base cmake perl
WORKDIR /build
COPY . .
RUN cargo build --release --locked --features aws \
 && cp target/release/lifeboat /lifeboat

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /lifeboat /usr/local/bin/lifeboat
ENTRYPOINT ["/usr/local/bin/lifeboat"]
CMD ["--help"]
