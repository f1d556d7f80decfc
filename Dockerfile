# One image for every healthcred service; docker-compose.yml picks the process with `command`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --no-audit --no-fund && npx tsc -b && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# The API's trust list volume (docker-compose.yml): owned by the user the services run as.
RUN mkdir -p /var/lib/healthcred/trust && chown node:node /var/lib/healthcred/trust
USER node
CMD ["node", "services/issuer/dist/main.js"]
