FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends sudo git
USER ubuntu
# ruleid: vigil.iac.dockerfile.sudo
RUN sudo mkdir -p /opt/app && sudo chown ubuntu /opt/app
WORKDIR /opt/app
