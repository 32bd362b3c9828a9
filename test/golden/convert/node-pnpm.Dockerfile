FROM node:18-slim AS builder

RUN npm install -g pnpm@8.15.9

WORKDIR /app

COPY package.json pnpm-lock.yaml ./
RUN pnpm install --frozen-lockfile --prod

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /app /app

COPY src ./src

USER node

CMD ["node", "src/main.js"]
