# GovFlow's API and worker in one image, built once (`npm run build`: dist/server.js, dist/worker.js and the
# workflow bundle); docker-compose.yml runs it four times (api-1, api-2, worker-1, worker-2) beside
# PostgreSQL, Redis, Temporal and the Temporal Web UI. Not built on the development machines (no Docker engine there).
FROM node:20-bookworm-slim
WORKDIR /app
# MALLOC_ARENA_MAX=2: fewer glibc malloc arenas for Node's and Temporal's native threads (about 90 MB less worker RSS; README, Benchmarks).
ENV NODE_ENV=production \
    PRISMA_SCHEMA_ENGINE_BINARY=/app/package.json \
    PRISMA_QUERY_ENGINE_LIBRARY=/app/package.json \
    CHECKPOINT_DISABLE=1 \
    MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate && npx vite build --config admin/vite.config.ts && npm run build
EXPOSE 8080 9464
CMD ["node", "--enable-source-maps", "dist/server.js"]
