# the registry is a build argument so CI can pull through its own mirror of Docker Hub
ARG REGISTRY=docker.io
FROM ${REGISTRY}/library/node:18 AS builder

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# slimstage: the final stage holds only what the app needs at run time
FROM ${REGISTRY}/library/node:18-slim

WORKDIR /app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /app /app

COPY index.js ./

CMD ["node", "index.js"]
