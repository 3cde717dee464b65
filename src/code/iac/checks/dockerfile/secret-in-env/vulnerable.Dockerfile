FROM node:20.18-alpine
# ruleid: vigil.iac.dockerfile.secret-in-env
ARG NPM_TOKEN
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev
ENV NODE_ENV=production \
# ruleid: vigil.iac.dockerfile.secret-in-env
    DB_PASSWORD=changeme \
    PORT=3000
# ruleid: vigil.iac.dockerfile.secret-in-env
ENV STRIPE_API_KEY sk_test_placeholder
COPY . .
USER node
CMD ["node", "server.js"]
