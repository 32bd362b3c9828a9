FROM node:18 AS builder
ENV NODE_ENV=production PORT=8121 GREETING=hello
WORKDIR /opt/greeter
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

# slimstage: run-time packages the original base image provided
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=8121 GREETING=hello
WORKDIR /opt/greeter

# slimstage: the app with its production node_modules and build output
COPY --from=builder /opt/greeter /opt/greeter
COPY docker ./docker
COPY greet.js ./
# boot renders the config from the environment, then execs the CMD
ENTRYPOINT ["docker/boot"]
CMD ["node", "greet.js"]
