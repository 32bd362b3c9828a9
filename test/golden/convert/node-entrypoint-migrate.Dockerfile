FROM node:18 AS builder

WORKDIR /home/node/inventory

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
RUN npm run build

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /home/node/inventory

# slimstage: the app with its production node_modules and build output
COPY --from=builder /home/node/inventory /home/node/inventory

# the entrypoint applies pending migrations, then hands over to CMD
ENTRYPOINT ["docker/entrypoint.sh"]
CMD ["node", "lib/main.js"]
