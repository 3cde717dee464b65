FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# ruleid: vigil.iac.dockerfile.curl-pipe-shell
RUN curl -fsSL https://deb.nodesource.com/setup_20.x \
    | bash -
# ruleid: vigil.iac.dockerfile.curl-pipe-shell
RUN wget -qO- https://install.python-poetry.org | python3 -
USER ubuntu
