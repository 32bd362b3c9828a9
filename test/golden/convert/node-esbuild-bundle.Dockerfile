FROM node:18 AS builder

WORKDIR /srv/disk-report

# esbuild (a devDependency) bundles the app into dist/ at build time
COPY package.json package-lock.json ./
RUN npm ci

COPY src/ src/
RUN npm run build

# slimstage: drop dev dependencies before node_modules is copied into the final stage
RUN npm prune --omit=dev

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /srv/disk-report

# slimstage: the app with its production node_modules and build output
COPY --from=builder /srv/disk-report /srv/disk-report

CMD ["npm", "start"]
