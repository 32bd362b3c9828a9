FROM node:18 AS builder

WORKDIR /usr/src/app

COPY package*.json ./
RUN npm ci

COPY . .

# minify the client bundle into public/ (terser is a devDependency)
RUN npm run build

# slimstage: drop dev dependencies before node_modules is copied into the final stage
RUN npm prune --omit=dev

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /usr/src/app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /usr/src/app /usr/src/app

ENV NODE_ENV=production \
    PORT=8091
EXPOSE 8091

CMD ["node", "server.js"]
