# syntax=docker/dockerfile:1
# discord-exporter: docker build -t discord-exporter . && docker run -e DISCORD_TOKEN=... -e DISCORD_GUILD_ID=... -v discord-data:/data -p 2112:2112 discord-exporter
# The same image runs the fake Discord API of the demo (see docker-compose.yml, profile demo).
# Commands beside the running exporter: docker compose exec exporter discord-exporter --help (docs/monitoring-stack.md).
# test/deploy/image.test.ts builds this file with buildah and runs its CMD, HEALTHCHECK and commands (.ci/run).

ARG NODE_VERSION=22

# ---- build: dependencies, with the toolchain that better-sqlite3's native addon may need ----
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Exactly the lockfile's versions; better-sqlite3 is compiled here (or its prebuilt binary fetched). Never
# --omit=optional: it drops @napi-rs/canvas's prebuilt binary (an optional dependency), which the charts need.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/build-dist.mjs ./scripts/
COPY src ./src
COPY fake-discord ./fake-discord
# Compiled JavaScript only: under a TypeScript loader the exporter would need ~70 MB more memory, and the loader
# (tsx, with esbuild's 10 MB binary) would have to ship. npm run build bundles the Node side into a few files of
# dist/ (scripts/build-dist.mjs): a start loads those instead of ~1,500 modules. The demo's fake Discord is bundled into one file by the
# esbuild that the dev dependencies bring; the CommonJS packages it bundles (ws for its gateway) call require() on
# node's modules, which an ES module has only through createRequire, hence the banner.
RUN npm run build \
    && npx esbuild fake-discord/main.ts --bundle --platform=node --format=esm --target=node22 --log-level=warning \
       --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
       --outfile=dist/fake-discord/main.js \
    && chmod +x dist/cli/main.js
# Only what the runtime loads (sizes: docs/monitoring-stack.md, "The image"):
# - no dev dependencies, and no tsx (a dependency for `npm run demo` and the other scripts run from source);
# - better-sqlite3: its compiled addon and lib/, not the SQLite sources and object files of its build (~25 MB);
# - of the font packages, only the .ttf files that src/charts/render/chart-fonts.ts loads (the other weights of
#   Noto Sans JP are ~38 MB); the list is read from that file, so a weight added there is kept here;
# - no type declarations, source maps, TypeScript sources, tests or examples of packages (nothing loads them at
#   run time; not "doc" folders: yaml's code lives in dist/doc).
# - of package.json's scripts, only those that run the built CLI (npm start, npm run recount, ...), without their
#   "pre" steps: those build from sources, and the image has neither the sources nor the build scripts.
RUN npm pkg delete dependencies.tsx \
    && npm prune --omit=dev --no-audit --no-fund \
    && node -e "const fs = require('fs'); const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')); \
         pkg.scripts = Object.fromEntries(Object.entries(pkg.scripts).filter(([, command]) => /^node .*dist\/cli\/main\.js /.test(command))); \
         fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n')" \
    && cd node_modules/better-sqlite3 \
    && mv build/Release/better_sqlite3.node /tmp/ \
    && rm -rf build deps src binding.gyp \
    && mkdir -p build/Release && mv /tmp/better_sqlite3.node build/Release/ \
    && cd /app \
    && fonts=$(grep -o '@expo-google-fonts/[^"]*\.ttf' src/charts/render/chart-fonts.ts | sort -u) \
    && test -n "$fonts" \
    && find node_modules/@expo-google-fonts -name '*.ttf' | while read -r file; do \
         printf '%s\n' "$fonts" | grep -qxF "${file#node_modules/}" || rm "$file"; \
       done \
    && rm -rf node_modules/@types \
    && find node_modules dist -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \
         -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete \
    && find node_modules -type d \( -name test -o -name tests -o -name __tests__ -o -name benchmarks \
         -o -name example -o -name examples \) -prune -exec rm -rf {} + \
    && find node_modules -type d -empty -delete \
    && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" \
    && node --input-type=module -e "const { membersChart } = await import('./dist/charts/members-chart.js'); (await import('./dist/charts/render/index.js')).renderChartPng(membersChart({ points: [{ at: 0, members: 1, online: 1 }] }, { locale: 'ja', theme: 'dark' }))" \
    && node dist/cli/main.js version

# ---- runtime: no compiler, no dev dependencies, not root ----
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/discord-exporter.db \
    HOST=0.0.0.0 \
    PORT=2112
WORKDIR /app
# Layers from the least to the most often changed.
COPY --from=build /app/node_modules ./node_modules
COPY migrations ./migrations
COPY --from=build /app/package.json ./
COPY --from=build /app/dist ./dist
# The database lives on a volume owned by the unprivileged "node" user (uid 1000) of the base image.
# The app creates the file and applies the migrations (migrations/) itself at start.
RUN mkdir -p /data && chown node:node /data \
    && ln -s /app/dist/cli/main.js /usr/local/bin/discord-exporter
USER node
VOLUME ["/data"]
EXPOSE 2112
# Slim images have no curl: Node's fetch. Healthy while the database answers (Discord being down is not unhealthy).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 2112) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm start), so that SIGTERM reaches the app and it stops cleanly.
# A 2 MB young-generation semi-space: ~20 MB less resident memory at no measurable cost (bench/results.md).
# --liftoff-only: undici parses HTTP with llhttp in WebAssembly, and V8's TurboFan recompilations of it were the
# largest peak allocations under heaptrack during a first count; baseline code parses a few pages a second as well.
# --optimize-for-size: V8 let the old generation grow to 3-4x its live ~21 MB before a full collection (page JSON
# and socket buffers promoted out of the small young generation), the sawtooth that made the first count's peaks.
# --v8-pool-size=1: one V8 background thread instead of one per core. npm run bench: first count's VmHWM 185 -> 108 MB
# (scraped every 15 s), the one-channel backfill's 172 -> 104 MB; the price is CPU (first count 29 -> 38 s, loaded machine).
# --no-opt: no TurboFan, the top tier (Maglev still optimizes hot code), and --expose-gc: the metrics render worker
# collects its garbage after each render (src/metrics/store-render-worker.ts). npm run bench, first count with
# /metrics scraped every second: VmHWM 105.2 -> 101.1 MB, exporter CPU 52.5 -> 63.5 s (a rate-limited count: the
# wall time did not change); scraped every 15 s 99.4 -> 100.0 MB (no gain), with the bot 151.7 -> 149.2 MB.
# --max-old-space-size=1024: with V8's default limit on this 24 GB machine (4 GB), the node binary's resident pages
# were 1.8 MB more: 46.9-47.3 MB in 8 runs of a 200-channel count scraped every second, 45.1-45.6 MB in 6 runs with
# a limit of 32 MB to 1 GB (2 GB was like the default; why, we do not know). It also stops a runaway heap at 1 GB.
# (On the command line: V8 ignores these when set from inside the process.)
CMD ["node", "--max-semi-space-size=2", "--liftoff-only", "--optimize-for-size", "--v8-pool-size=1", "--no-opt", "--expose-gc", "--max-old-space-size=1024", "dist/cli/main.js", "serve"]
