FROM debian:12.7-slim
# ruleid: vigil.iac.dockerfile.add-from-url
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /usr/local/bin/tini
RUN chmod +x /usr/local/bin/tini
USER 1000
ENTRYPOINT ["/usr/local/bin/tini", "--"]
