FROM node:18 AS builder
WORKDIR /opt/wordy
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY bin ./bin
RUN npm install -g .

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /opt/wordy

# slimstage: the app with its production node_modules and build output
COPY --from=builder /opt/wordy /opt/wordy
COPY bin ./bin

# slimstage: the package `npm install -g` installed
COPY --from=builder /usr/local/lib/node_modules/wordy /usr/local/lib/node_modules/wordy
RUN ln -s ../lib/node_modules/wordy/bin/wordy.js /usr/local/bin/wordy
WORKDIR /
ENTRYPOINT ["wordy"]
