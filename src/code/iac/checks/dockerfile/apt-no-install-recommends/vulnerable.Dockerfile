FROM debian:12.7-slim
# ruleid: vigil.iac.dockerfile.apt-no-install-recommends
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && apt-get install -y nginx \
 && rm -rf /var/lib/apt/lists/*
USER www-data
