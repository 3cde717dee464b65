FROM ubuntu:24.04
# ok: vigil.iac.dockerfile.sudo
RUN apt-get update && apt-get install -y --no-install-recommends git \
 && mkdir -p /opt/app && chown ubuntu /opt/app
USER ubuntu
WORKDIR /opt/app
