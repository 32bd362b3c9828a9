FROM node:10 AS builder

# stretch moved to archive.debian.org: point apt there before installing the libpq headers pg-native builds against
RUN sed -i -e 's|deb.debian.org|archive.debian.org|g' -e 's|security.debian.org|archive.debian.org|g' -e '/stretch-updates/d' /etc/apt/sources.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --production

# slimstage: the final stage holds only what the app needs at run time
FROM node:10-slim

# slimstage: the original points apt at the archive of its release in the builder; so does the final stage
COPY --from=builder /etc/apt/ /etc/apt/

# stretch moved to archive.debian.org: point apt there before installing the libpq headers pg-native builds against
# slimstage: runtime packages of line 4 (build-only libpq-dev stays in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /app /app

COPY check.js ./

CMD ["node", "check.js"]
