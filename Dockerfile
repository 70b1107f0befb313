# syntax=docker/dockerfile:1
# An image that holds only the download-models binary, for other images to copy it from:
#
#   COPY --from=ghcr.io/download-models/download-models:latest /download-models /usr/local/bin/
#
# Build it here:  docker build -t download-models .
#   (docker buildx build --platform linux/amd64,linux/arm64 . gives both; arm64 is cross-compiled on an
#   amd64 builder, as `dotnet cake --target=Publish --rid linux-arm64` does.)
#
# The binary needs glibc 2.34 or newer and nothing else (OpenSSL is linked in): copy it into a glibc-based
# image (Debian 12+, Ubuntu 22.04+, RHEL 9+, distroless/base or cc), not Alpine. The image below cannot run
# it on its own: it has no C library; it is only the carrier for COPY --from.

# Debian 12 on purpose: linking against its glibc 2.36 keeps the binary's glibc floor at 2.34.
FROM --platform=$BUILDPLATFORM debian:12-slim AS build
ARG TARGETARCH
ARG BUILDARCH
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl libicu72 gcc libc6-dev make cmake libssl-dev zlib1g-dev; \
    if [ "$TARGETARCH" != "$BUILDARCH" ]; then \
        [ "$BUILDARCH/$TARGETARCH" = "amd64/arm64" ] || { echo "cross-building $BUILDARCH -> $TARGETARCH is not set up" >&2; exit 1; }; \
        dpkg --add-architecture arm64; apt-get update; \
        apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross libssl-dev:arm64; \
    fi; \
    rm -rf /var/lib/apt/lists/*
# The SDK version global.json names.
COPY global.json /tmp/global.json
RUN curl -fsSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh \
    && bash /tmp/dotnet-install.sh --jsonfile /tmp/global.json --install-dir /usr/share/dotnet \
    && ln -s /usr/share/dotnet/dotnet /usr/local/bin/dotnet
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /src
COPY . .
RUN rid="linux-$(echo "$TARGETARCH" | sed 's/amd64/x64/')" \
    && dotnet tool restore \
    && dotnet cake --target=Publish --rid "$rid" \
    && cp "artifacts/$rid/download-models" /download-models

FROM scratch
COPY --from=build /download-models /download-models
ENTRYPOINT ["/download-models"]
