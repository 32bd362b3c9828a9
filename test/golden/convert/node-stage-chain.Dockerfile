FROM node:18 AS builder
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci

# slimstage: line 6 was FROM base AS build; the stages of this chain are merged into one
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# slimstage: drop dev dependencies before node_modules is copied into the final stage
RUN npm prune --omit=dev

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim AS app

WORKDIR /usr/src/app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /usr/src/app /usr/src/app

ENV NODE_ENV=production
CMD ["node", "dist/index.js"]
