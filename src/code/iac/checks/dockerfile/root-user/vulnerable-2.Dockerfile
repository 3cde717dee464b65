FROM node:20.18-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
RUN chown -R node /app/cache
# Switched back to root for a debugging session and never undone.
# ruleid: vigil.iac.dockerfile.root-user
USER root
CMD ["node", "server.js"]
