FROM debian:12.7-slim
# ok: vigil.iac.dockerfile.apt-no-install-recommends
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates nginx \
 && rm -rf /var/lib/apt/lists/*
# ok: vigil.iac.dockerfile.apt-no-install-recommends
RUN apt-get -y -o APT::Install-Recommends=false install curl
USER www-data
