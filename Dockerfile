# The Image Factory application image (worker and CLI). Build: docker build -t imagefactory .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
# The scanner: the same Trivy version the product pins (lib/config.ts TRIVY_VERSION).
COPY --from=aquasec/trivy:0.74.0 /usr/local/bin/trivy /usr/local/bin/trivy
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production TRIVY=/usr/local/bin/trivy
ENTRYPOINT ["node", "/app/bin/imagefactory.js"]
CMD ["worker"]
