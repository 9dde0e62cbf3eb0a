# syntax=docker/dockerfile:1
# threadsql runs its TypeScript through tsx, so the image needs the production dependencies only.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# Native addons (libSQL ships prebuilt binaries; node-gyp fallbacks need these).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# Fonts for chart labels (rendered server-side to PNG); curl-free health check uses node's fetch.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig tini \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    THREADSQL_DATA_DIR=/data \
    THREADSQL_KB_DIR=/app/kb
WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app threadsql && mkdir -p /data && chown threadsql /data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY drizzle ./drizzle
# The knowledge base is the one folder the app writes besides /data: admins promote good answers
# into it from the web console. Mount your own kb/ over it to keep promoted examples.
COPY --chown=threadsql kb ./kb
USER threadsql
VOLUME ["/data"]
EXPOSE 3000
# Migrations are applied by `threadsql start` before the server listens.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/threadsql.mjs", "start"]
