FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# ok: vigil.iac.dockerfile.curl-pipe-shell
RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_20.x \
 && echo "3ec2e1f4b0b7a1a3b5a2a0d3c4f4b8e0b9c8f1e2d3c4b5a6978899aabbccddee  /tmp/setup.sh" | sha256sum -c - \
 && bash /tmp/setup.sh && rm /tmp/setup.sh
# ok: vigil.iac.dockerfile.curl-pipe-shell
RUN curl -fsSL https://example.com/releases.json | jq -r '.latest'
USER ubuntu
