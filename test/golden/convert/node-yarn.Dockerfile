FROM node:18 AS builder

# The official node images bundle yarn; --force replaces it with the pinned release
RUN npm install -g --force yarn@1.22.22

WORKDIR /app

COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /app /app

COPY . .

CMD ["node", "index.js"]
