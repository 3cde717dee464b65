# The final stage inherits the non-root user of the stage it is built from.
FROM node:20.18-bookworm-slim AS base
WORKDIR /app
USER node

# ok: vigil.iac.dockerfile.root-user
FROM base
COPY --chown=node:node . .
CMD ["node", "server.js"]
