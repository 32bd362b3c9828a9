import { beforeAll, describe, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../analyze/dockerfile.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import { copiedStages, rootImage, toolchainRunNeeds } from "./multi-stage.js";
import { planSteps } from "./steps.js";
import type { ContextReader } from "./types.js";

beforeAll(loadShellParser);
const ctx = (files: Record<string, string>): ContextReader => ({ read: (p) => files[p.replace(/^\.?\//, "")] });
const convert = (text: string, context?: ContextReader) => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), context ? { context } : {});
const converted = (text: string, context?: ContextReader) => {
  const r = convert(text, context);
  if (r.status !== "converted") throw new Error(`${r.status}: ${JSON.stringify(r.status === "declined" ? r.declines : r.reasons)}`);
  return r;
};

const venvBuild = `FROM python:3.11 AS build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

`;

describe("a final stage on a full image that runs what earlier stages built", () => {
  it("moves python:3.11 to python:3.11-slim with the runtime library of a native wheel built against the full base", () => {
    const text = `${venvBuild}FROM python:3.11\nCOPY --from=build /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY app.py /app/\nUSER nobody\nCMD ["python", "/app/app.py"]\n`;
    const r = converted(text, ctx({ "requirements.txt": "psycopg2==2.9.9\n" }));
    expect(r.dockerfile.startsWith(venvBuild)).toBe(true);
    expect(r.dockerfile).toMatch(
      /\nFROM python:3\.11-slim\n\n# slimstage: run-time packages python:3\.11 provided\nRUN apt-get update \\\n {4}&& apt-get install -y --no-install-recommends libpq5 \\\n/,
    );
    // every other line stays, in order, after the new FROM
    expect(r.dockerfile).toMatch(
      /COPY --from=build \/opt\/venv \/opt\/venv\nENV PATH=\/opt\/venv\/bin:\$PATH\nCOPY app.py \/app\/\nUSER nobody\nCMD \["python", "\/app\/app.py"\]\n$/,
    );
    expect(r.plan).toMatchObject({
      ecosystem: "python",
      builderName: "build",
      builderBase: "python:3.11",
      finalBase: "python:3.11-slim",
      runtimePackages: ["libpq5"],
    });
    expect(r.decisions[0]!.message).toMatch(
      /^line 7: the final stage only runs what earlier stages built \(line 8\); it moves from the toolchain image python:3\.11 to python:3\.11-slim/,
    );
  });

  it("installs the runtime libraries the build stage's -dev packages imply, and the tools the final stage runs", () => {
    const text = `FROM python:3.11-slim AS build\nRUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev pkg-config\nRUN pip install --prefix=/install mysqlclient\n\nFROM python:3.11\nCOPY --from=build /install /usr/local\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["python", "-m", "app"]\n`;
    const r = converted(text);
    expect(r.plan.runtimePackages).toEqual(["libmariadb3", "curl"]);
  });

  it("moves node:18 to node:18-slim, rust and gcc to Debian slim of their release, a JDK to its JRE", () => {
    const node = converted(
      `FROM node:18 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:18\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCOPY --from=build /app/node_modules ./node_modules\nCMD ["node", "dist/main.js"]\n`,
    );
    expect(node.plan.finalBase).toBe("node:18-slim");
    const rust = converted(
      `FROM rust:1.63 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n\nFROM rust:1.63\nCOPY --from=build /src/target/release/app /usr/local/bin/app\nCMD ["app"]\n`,
    );
    expect(rust.plan.finalBase).toBe("debian:bullseye-slim");
    expect(rust.decisions.some((d) => d.kind === "warning" && /--verify/.test(d.message))).toBe(true);
    const gcc = converted(
      `FROM gcc:12 AS build\nRUN apt-get update && apt-get install -y libssl-dev\nCOPY . /src\nRUN gcc -O2 -o /out/app /src/app.c -lssl -lcrypto\n\nFROM gcc:12\nCOPY --from=build /out/app /usr/local/bin/app\nENTRYPOINT ["app"]\n`,
    );
    expect(gcc.plan.finalBase).toBe("debian:bookworm-slim");
    expect(gcc.plan.runtimePackages).toContain("libssl3");
    const java = converted(
      `FROM eclipse-temurin:17-jdk AS build\nCOPY . /src\nRUN javac -d /out /src/Main.java && jar cfe /app.jar Main -C /out .\n\nFROM eclipse-temurin:17-jdk\nCOPY --from=build /app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n`,
    );
    expect(java.plan.finalBase).toBe("eclipse-temurin:17-jre");
    expect(java.plan.runtimePackages).toEqual([]);
  });

  it("moves a Go final stage with a RUN of its own to Debian slim (no RUN: distroless, rebase.ts)", () => {
    const build = `FROM golang:1.19 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\n`;
    const r = converted(`${build}FROM golang:1.19\nCOPY --from=build /out/server /usr/local/bin/server\nRUN useradd -r app\nUSER app\nCMD ["server"]\n`);
    expect(r.plan.finalBase).toBe("debian:bookworm-slim");
    expect(r.dockerfile).toContain("FROM debian:bookworm-slim\n\n# slimstage: golang:1.19 works in /go; so does the final stage\nWORKDIR /go\n");
    const go = convert(`${build}FROM golang:1.19\nCOPY --from=build /out/server /usr/local/bin/server\nRUN go version > /version\nCMD ["server"]\n`);
    expect(go.status === "declined" && go.declines[0]!.id).toBe("toolchain-final-run");
  });

  it("declines with toolchain-final-run when a RUN of the final stage needs the toolchain or a program not known to be there", () => {
    const text = (run: string) => `${venvBuild}FROM python:3.11\nCOPY --from=build /opt/venv /opt/venv\nRUN ${run}\nCMD ["python", "-m", "app"]\n`;
    const r = convert(text("pkg-config --modversion libpq > /libpq.version"));
    expect(r.status).toBe("declined");
    if (r.status !== "declined") return;
    expect(r.declines).toHaveLength(1);
    expect(r.declines[0]).toMatchObject({ id: "toolchain-final-run", lines: [9] });
    expect(r.declines[0]!.reason).toMatch(/pkg-config is part of the toolchain, which python:3\.11-slim does not have/);
    const unknown = convert(text("convert logo.png logo.webp"));
    expect(unknown.status === "declined" && unknown.declines[0]!.reason).toMatch(/does not know whether python:3\.11-slim has convert/);
    // users, directories and the interpreter are there on the runtime image
    expect(converted(text("useradd -r app && mkdir -p /data && chown app /data && python -c 'import app'")).plan.finalBase).toBe("python:3.11-slim");
  });

  it("leaves the file to the usual rules when the versions differ, nothing is copied from a stage, or the final stage builds", () => {
    expect(
      convert(
        `FROM python:3.10 AS build\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install flask\n\nFROM python:3.11\nCOPY --from=build /opt/venv /opt/venv\nCMD ["/opt/venv/bin/flask"]\n`,
      ).status,
    ).not.toBe("converted");
    const builds = convert(
      `FROM node:18 AS assets\nRUN mkdir /out && echo hi > /out/x\n\nFROM python:3.11\nCOPY --from=assets /out /static\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python", "-m", "app"]\n`,
    );
    // the usual split of the final stage: a builder on the full image, the same slim final
    expect(builds.status === "converted" && builds.dockerfile).toMatch(/FROM python:3\.11 AS builder/);
  });
});

describe("helpers", () => {
  const text = `FROM python:3.11 AS base\nRUN true\nFROM base AS build\nRUN pip install flask\nFROM node:18 AS assets\nRUN true\nFROM python:3.11\nCOPY --from=build /usr/local/lib /usr/local/lib\nCOPY --from=assets /out /static\nCOPY --from=nginx:1 /etc/nginx /etc/nginx\nCMD ["python"]\n`;
  const analyze = () => analyzeDockerfileSync(parseDockerfile(text));
  it("follows FROM <stage> chains to their image", () => {
    const a = analyze();
    expect(rootImage(a.model, 1)?.ref).toBe("python:3.11");
    expect(rootImage(a.model, 2)?.info?.language).toBe("node");
  });
  it("lists the stages the final stage copies from, not images", () => {
    const a = analyze();
    expect(copiedStages(a.model, 3, a.model.stages[3]!.steps).map((c) => [c.index, c.line])).toEqual([
      [1, 8],
      [2, 9],
    ]);
  });
  it("asks for the package of a runtime tool a RUN calls", () => {
    const b = analyzeDockerfileSync(parseDockerfile(`FROM python:3.11\nRUN curl -fsSL https://example.com/x -o /x\nCMD ["python"]\n`));
    const plans = planSteps(b.stages[0]!, b.model.stages[0]!.steps);
    expect(toolchainRunNeeds(plans, "python", "python:3.11", "python:3.11-slim")).toEqual({ declines: [], tools: [{ program: "curl", pkg: "curl", line: 2 }] });
  });
});
