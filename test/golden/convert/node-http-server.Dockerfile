FROM node:18-slim AS builder

ENV NODE_ENV=production \
    PORT=8082

WORKDIR /home/node/app

COPY package*.json ./
RUN npm ci --omit=dev && npm cache clean --force

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

ENV NODE_ENV=production \
    PORT=8082

WORKDIR /home/node/app

# slimstage: the app with its production node_modules and build output
COPY --from=builder --chown=node /home/node/app /home/node/app

COPY --chown=node:node server.js ./

USER node
EXPOSE 8082

CMD ["node", "server.js"]
