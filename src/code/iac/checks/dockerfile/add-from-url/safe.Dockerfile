FROM debian:12.7-slim
# ok: vigil.iac.dockerfile.add-from-url
ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c https://github.com/krallin/tini/releases/download/v0.19.0/tini /usr/local/bin/tini
# ok: vigil.iac.dockerfile.add-from-url
ADD rootfs.tar.gz /
RUN chmod +x /usr/local/bin/tini
USER 1000
ENTRYPOINT ["/usr/local/bin/tini", "--"]
