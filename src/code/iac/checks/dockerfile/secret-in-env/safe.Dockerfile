FROM node:20.18-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev
# ok: vigil.iac.dockerfile.secret-in-env
ENV NODE_ENV=production \
    PORT=3000 \
# ok: vigil.iac.dockerfile.secret-in-env
    DB_PASSWORD_FILE=/run/secrets/db_password
COPY . .
USER node
CMD ["node", "server.js"]
