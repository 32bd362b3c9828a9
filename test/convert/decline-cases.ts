// Per decline id (and "nothing to gain" id): Dockerfiles that must end in it, and near misses — the same file with
// the one thing changed that slimstage needs — that must convert. test/convert/declines.test.ts runs them and fails
// when an id of the registry has no case of either kind.
import type { ConvertOptions, DeclineId, NothingToGainId } from "../../src/convert/types.js";

export interface Case {
  dockerfile: string;
  /** Files of the build context. */
  context?: Record<string, string>;
  opts?: Omit<ConvertOptions, "context">;
}

export interface Cases {
  /** Must decline with the id (or, for a "nothing to gain" id, end in nothing to gain with it). */
  hits: Case[];
  /** Must convert. */
  nearMisses: Case[];
}

const PY_APP = 'WORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';
const PY = `FROM python:3.11\n${PY_APP}`;
const GO_APP = 'WORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n';
const GO = `FROM golang:1.19\n${GO_APP}`;
const NODE = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
const C = 'FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN gcc -O2 -o /usr/local/bin/app main.c\nCMD ["app"]\n';
const DIGEST = "sha256:" + "a".repeat(64);
const c = (dockerfile: string, more: Omit<Case, "dockerfile"> = {}): Case => ({ dockerfile, ...more });

export const CASES: Record<DeclineId | NothingToGainId, Cases> = {
  "base-arg-unset": { hits: [c("ARG BASE\nFROM $BASE\nRUN make\n"), c(`ARG TAG\nFROM golang:$TAG\n${GO_APP}`)], nearMisses: [c(`ARG TAG=1.19\nFROM golang:$TAG\n${GO_APP}`)] },
  "from-scratch": { hits: [c("FROM scratch\nCOPY app /app\n")], nearMisses: [c(GO)] },
  "windows-base": {
    hits: [c("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n"), c(`FROM golang:1.19\nSHELL ["powershell", "-Command"]\n${GO_APP}`)],
    nearMisses: [c(`FROM golang:1.19\nSHELL ["/bin/bash", "-c"]\n${GO_APP}`)],
  },
  "base-pinned-by-digest": { hits: [c(`FROM golang:1.19@${DIGEST}\n${GO_APP}`)], nearMisses: [c(`FROM golang:1.19@${DIGEST}\n${GO_APP}`, { opts: { runtimeBase: `gcr.io/distroless/static-debian12@${DIGEST}` } })] },
  onbuild: { hits: [c("FROM node:18\nWORKDIR /app\nONBUILD COPY . /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n")], nearMisses: [c(NODE)] },
  "final-stage-from-stage": { hits: [c(`FROM golang:1.19 AS base\nRUN apt-get update && apt-get install -y libsqlite3-dev\nFROM base\n${GO_APP}`)], nearMisses: [c(`FROM golang:1.19 AS base\nRUN echo prepared > /prepared\nFROM golang:1.19\nCOPY --from=base /prepared /prepared\n${GO_APP}`)] },
  "no-runtime-counterpart": {
    hits: [c("FROM mycorp/builder:7\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nCMD [\"app\"]\n")],
    nearMisses: [c("FROM mycorp/builder:7\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nCMD [\"app\"]\n", { opts: { runtimeBase: "debian:bookworm-slim" } })],
  },
  "base-not-followable": { hits: [c(`ARG IMAGE=python\nFROM \${IMAGE}:3.11\n${PY_APP}`)], nearMisses: [c(`ARG PY=3.11\nFROM python:\${PY}\n${PY_APP}`)] },
  "libc-mismatch": { hits: [c(PY, { opts: { runtimeBase: "python:3.11-alpine" } }), c('FROM golang:1.19\nRUN go build -o /app .\nCMD ["/app"]\n', { opts: { runtimeBase: "alpine:3.19" } })], nearMisses: [c(PY, { opts: { runtimeBase: "python:3.11-slim" } }), c(GO, { opts: { runtimeBase: "alpine:3.19" } })] },
  "language-version-mismatch": { hits: [c(PY, { opts: { runtimeBase: "python:3.12-slim" } })], nearMisses: [c(PY, { opts: { runtimeBase: "python:3.11-slim" } })] },
  "archived-release-apt": {
    hits: [c('FROM python:3.5\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["python", "app.py"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["python", "app.py"]\n')],
  },
  "builds-at-start": {
    hits: [c("FROM python:3.11\nRUN pip install flask\nCMD pip install -r r.txt && python app.py\n"), c('FROM golang:1.19\nCOPY . .\nENTRYPOINT ["go", "run", "."]\n')],
    nearMisses: [c(PY)],
  },
  "no-app": { hits: [c("FROM python:3.11\nRUN apt-get update && apt-get install -y libpq-dev\nRUN pip install psycopg2\n")], nearMisses: [c('FROM python:3.11\nRUN apt-get update && apt-get install -y libpq-dev\nCOPY . /app\nRUN pip install psycopg2\nCMD ["python", "/app/app.py"]\n')] },
  "builder-unused": { hits: [c('FROM python:3.11\nCOPY app.py /app/app.py\nCMD ["python", "/app/app.py"]\n')], nearMisses: [c('FROM python:3.11\nCOPY app.py /app/app.py\nRUN pip install flask\nCMD ["python", "/app/app.py"]\n')] },
  "shell-does-not-parse": { hits: [c(`FROM golang:1.19\nRUN if then fi\n${GO_APP}`)], nearMisses: [c(`FROM golang:1.19\nRUN if true; then echo ok; fi\n${GO_APP}`)] },
  "computed-packages": {
    hits: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y $(cat /etc/deps)\n${GO_APP}`)],
    nearMisses: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-0\n${GO_APP}`)],
  },
  "self-cleaning-run": {
    hits: [c('FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt && apt-get purge -y gcc && apt-get autoremove -y\nCMD ["python", "app.py"]\n')],
    nearMisses: [c('FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt\nCMD ["python", "app.py"]\n')],
  },
  "unsafe-replay": {
    hits: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev && (id app || useradd app)\n${GO_APP}`)],
    nearMisses: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev && useradd app\n${GO_APP}`)],
  },
  "unknown-runtime-run": {
    hits: [c('FROM python:3.11\nWORKDIR /app\nRUN pip install six\nCOPY . .\nRUN xzcat data.xz > data\nCMD ["python"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN xzcat data.xz > data\nRUN pip install six\nCMD ["python"]\n')],
  },
  "unknown-needs-build-tools": {
    hits: [c('FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nRUN frobnicate --all\nCMD ["app"]\n')],
    nearMisses: [c('FROM debian:bookworm\nRUN frobnicate --all\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nCMD ["app"]\n')],
  },
  "unknown-with-python-install": {
    hits: [c('FROM python:3.11\nCOPY . /code\nRUN pip install -r /code/requirements.txt && prepare-assets --out /srv/static\nCMD ["gunicorn", "app:app"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /code\nCOPY . /code\nRUN pip install -r requirements.txt && python prepare.py\nCMD ["gunicorn", "app:app"]\n')],
  },
  "unknown-with-packages": {
    hits: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev && frobnicate --all\n${GO_APP}`)],
    nearMisses: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev\nRUN frobnicate --all\n${GO_APP}`)],
  },
  "final-run-needs-build-package": {
    hits: [c('FROM python:3.11-slim\nRUN apt-get update && apt-get install -y git\nRUN git clone --depth 1 https://example.com/app.git /src\nWORKDIR /src\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')],
    nearMisses: [c('FROM python:3.11-slim\nRUN apt-get update && apt-get install -y git\nCOPY . /src\nWORKDIR /src\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')],
  },
  "run-between-build-steps": {
    hits: [c("FROM python:3.11\nWORKDIR /app\nRUN pip install six\nRUN python -c 'import six'\nRUN pip install idna\nCMD [\"python\"]\n")],
    nearMisses: [c("FROM python:3.11\nWORKDIR /app\nRUN pip install six\nRUN pip install idna\nRUN python -c 'import six'\nCMD [\"python\"]\n")],
  },
  "foreign-build": { hits: [c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nRUN cargo build --release\nCMD ["/out/app"]\n')], nearMisses: [c(GO)] },
  "foreign-install": {
    hits: [c('FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN ./configure && make && make install\nRUN pip install ta-lib\nCMD ["python"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install six\nRUN gcc -o /usr/local/bin/hello hello.c\nCMD ["sh", "-c", "hello && python app.py"]\n')],
  },
  "artifact-not-a-path": { hits: [c('FROM python:3.11\nARG T\nRUN pip install --target $T flask\nCMD ["python", "-m", "flask"]\n')], nearMisses: [c('FROM python:3.11\nARG T\nRUN pip install --target $T flask\nCMD ["python", "-m", "flask"]\n', { opts: { buildArgs: { T: "/opt/pkgs" } } })] },
  "output-may-not-be-built": {
    hits: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN [ "$(uname -m)" = x86_64 ] && gcc -O2 -o /opt/app/fast main.c || true\nCMD ["/opt/app/fast"]\n')],
    nearMisses: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN gcc -O2 -o /opt/app/fast main.c\nCMD ["/opt/app/fast"]\n')],
  },
  "app-files-in-system-dir": {
    hits: [c('FROM python:3.11\nCOPY scripts/ /usr/local/bin/\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && rm /usr/local/bin/old.sh\nCMD ["python", "app.py"]\n')],
    nearMisses: [c('FROM python:3.11\nCOPY scripts/ /usr/local/bin/\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')],
  },
  "app-dir-used-before-copy": {
    hits: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN ./prepare.sh\nRUN pip install -r requirements.txt && python gen.py\nCMD ["python", "main.py"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && python gen.py\nCMD ["python", "main.py"]\n')],
  },
  "editable-outside-context": {
    hits: [c('FROM python:3.11\nRUN mkdir -p /opt/lib && echo > /opt/lib/setup.py\nWORKDIR /app\nCOPY . .\nRUN pip install -e /opt/lib -r requirements.txt\nCMD ["python", "app.py"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -e . -r requirements.txt\nCMD ["python", "app.py"]\n')],
  },
  "python-not-official": {
    hits: [c('FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-pip gcc\nWORKDIR /app\nCOPY . .\nRUN pip3 install --break-system-packages -r requirements.txt\nCMD ["python3", "app.py"]\n')],
    nearMisses: [c('FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-venv python3-pip gcc\nWORKDIR /app\nCOPY . .\nRUN pip3 install --break-system-packages -r requirements.txt\nCMD ["python3", "app.py"]\n')],
  },
  python2: { hits: [c(`FROM python:2.7\n${PY_APP}`)], nearMisses: [c(`FROM python:3.11\n${PY_APP}`)] },
  "pip-as-user": {
    hits: [c('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nUSER app\nRUN pip install flask\nCMD ["flask", "run"]\n')],
    nearMisses: [c('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nUSER app\nCMD ["flask", "run"]\n')],
  },
  "poetry-venv-placed": {
    hits: [c('FROM python:3.11\nWORKDIR /app\nRUN pip install poetry\nCOPY . .\nRUN poetry config virtualenvs.in-project true && poetry install\nCMD ["poetry", "run", "app"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /app\nRUN pip install poetry\nCOPY . .\nRUN poetry config virtualenvs.create false && poetry install\nCMD ["app"]\n')],
  },
  "system-tools-visible-to-venv": {
    hits: [c('FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN pip install --no-build-isolation -e .\nCMD ["python", "app.py"]\n')],
    nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-build-isolation -e .\nRUN pip install poetry\nCMD ["python", "app.py"]\n')],
  },
  "npm-global-tools": { hits: [c('FROM node:18\nRUN npm install -g serve\nCMD ["serve", "-s", "/srv"]\n')], nearMisses: [c(NODE)] },
  "npm-global-start": {
    hits: [c('FROM node:18\nWORKDIR /app\nRUN npm install -g pm2\nCOPY . .\nRUN npm ci\nCMD ["pm2", "start"]\n')],
    nearMisses: [c('FROM node:18\nWORKDIR /app\nRUN npm install -g pm2\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n')],
  },
  "node-app-in-root": { hits: [c('FROM node:18\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n')], nearMisses: [c(NODE)] },
  "yarn-berry-dev-deps": {
    hits: [c('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\nCMD ["node", "server.js"]\n')],
    nearMisses: [c('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\nCMD ["node", "server.js"]\n')],
  },
  "go-no-build": { hits: [c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go mod download\nCMD ["./app"]\n')], nearMisses: [c(GO)] },
  "go-output-unknown": { hits: [c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD ["app"]\n')], nearMisses: [c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build .\nCMD ["./app"]\n', { context: { "go.mod": "module example.com/app\n\ngo 1.19\n" } })] },
  "rust-no-build": { hits: [c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo fetch\nCMD ["./app"]\n')], nearMisses: [c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n')] },
  "rust-binary-unknown": {
    hits: [c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec $APP"]\n')],
    nearMisses: [c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec $APP"]\n', { context: { "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n' } })],
  },
  "java-no-build": { hits: [c('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY app.jar .\nCMD ["java", "-jar", "app.jar"]\n')], nearMisses: [c('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac -d out Main.java && jar --create --file app.jar -C out .\nCMD ["java", "-jar", "app.jar"]\n')] },
  "java-output-unknown": {
    hits: [c('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac -d out Main.java\nCMD ["java", "-cp", "out", "Main"]\n')],
    nearMisses: [c('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac -d out Main.java && jar --create --file app.jar -C out .\nCMD ["java", "-jar", "app.jar"]\n')],
  },
  "dotnet-no-publish-output": {
    hits: [c('FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release\nCMD ["dotnet", "app.dll"]\n')],
    nearMisses: [c('FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app/publish\nWORKDIR /app/publish\nCMD ["dotnet", "app.dll"]\n')],
  },
  "c-no-compile-step": { hits: [c('FROM gcc:12\nWORKDIR /src\nCOPY run.sh .\nCMD ["./run.sh"]\n')], nearMisses: [c(C)] },
  "c-output-unknown": { hits: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["app"]\n')], nearMisses: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["./app"]\n')] },
  "install-into-system-prefix": {
    hits: [c('FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /src\nCOPY . .\nRUN ./configure --prefix=/usr && make && make install\nCMD ["app"]\n')],
    nearMisses: [c('FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /src\nCOPY . .\nRUN ./configure --prefix=/opt/app && make && make install\nCMD ["/opt/app/bin/app"]\n')],
  },
  "install-into-toolchain-prefix": {
    hits: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN ./configure && make && make install\nCMD ["app"]\n')],
    nearMisses: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN ./configure --prefix=/opt/app && make && make install\nCMD ["/opt/app/bin/app"]\n')],
  },
  "interpreted-nothing-built": {
    hits: [c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nCMD ["ruby", "app.rb"]\n')],
    nearMisses: [c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN gcc -O2 -o /usr/local/bin/helper helper.c\nCMD ["ruby", "app.rb"]\n')],
  },
  "nothing-built": { hits: [c('FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n')], nearMisses: [c('FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')] },
  "nothing-removed": {
    hits: [c('FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')],
    nearMisses: [c('FROM node:18-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n')],
  },
};
