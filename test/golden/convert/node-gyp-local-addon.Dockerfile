FROM node:18 AS builder
WORKDIR /usr/src/app
COPY package.json ./
COPY addon ./addon
RUN npm install --omit=dev && npm rebuild

# slimstage: drop dev dependencies before node_modules is copied into the final stage
RUN npm prune --omit=dev

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /usr/src/app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /usr/src/app /usr/src/app
COPY main.js ./
ENTRYPOINT ["node", "main.js"]
