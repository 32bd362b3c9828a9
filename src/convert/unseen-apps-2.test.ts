// Apps from the second unseen-apps review (docs/convert.md): each was converted wrongly, declined avoidably or
// explained misleadingly before.
import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import type { ContextReader } from "./types.js";

beforeAll(loadShellParser);

const convert = (text: string) => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }));
const finalStage = (dockerfile: string) => dockerfile.slice(dockerfile.lastIndexOf("\nFROM ") + 1).split("\n");
const messages = (r: ReturnType<typeof convert>) => (r.status === "declined" ? [] : r.decisions.map((d) => d.message));

describe("unseen apps (second review)", () => {
  it("copies the `java -cp 'lib/*:classes'` entries javac -d and jar wrote instead of declining", () => {
    const r = convert(
      "FROM eclipse-temurin:17-jdk\nWORKDIR /opt/app\nCOPY src ./src\nRUN mkdir -p lib && javac -d libclasses lib-src/T.java && jar cf lib/t.jar -C libclasses . && javac -cp 'lib/*' -d classes src/app/Main.java\nCMD java -cp 'lib/*:classes:/etc/app' app.Main\n",
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.plan.finalBase).toBe("eclipse-temurin:17-jre");
    const final = finalStage(r.dockerfile);
    expect(final).toContain("COPY --from=builder /opt/app/lib /opt/app/lib");
    expect(final).toContain("COPY --from=builder /opt/app/classes /opt/app/classes");
    // an entry no build step wrote is not copied from the builder
    expect(r.dockerfile).not.toContain("/etc/app /etc/app");
    // the intermediate class directory of the library is not on the class path
    expect(r.dockerfile).not.toContain("libclasses /opt/app/libclasses");
  });

  it("still declines a class path entry no build step wrote (classes next to the sources)", () => {
    const r = convert('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac Main.java\nCMD ["java", "-cp", ".", "Main"]\n');
    expect(r.status).toBe("declined");
    if (r.status === "declined") expect(r.declines.map((d) => d.id)).toContain("java-output-unknown");
  });

  it("drops --platform=$BUILDPLATFORM from the final stage when the build cross-compiles for $TARGETARCH", () => {
    const r = convert(
      'FROM --platform=$BUILDPLATFORM golang:1.19\nARG TARGETOS\nARG TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=${TARGETARCH} go build -o /out/app .\nENTRYPOINT ["/out/app"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.dockerfile.split("\n")[0]).toBe("FROM --platform=$BUILDPLATFORM golang:1.19 AS builder");
    expect(finalStage(r.dockerfile)[0]).toBe("FROM gcr.io/distroless/static-debian12");
    expect(messages(r).join("\n")).toContain("the build writes for $TARGETOS, $TARGETARCH, so the final stage has no --platform");
  });

  it("keeps --platform=$BUILDPLATFORM on the final stage when the build does not cross-compile", () => {
    const r = convert(
      'FROM --platform=$BUILDPLATFORM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nENTRYPOINT ["/out/app"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(finalStage(r.dockerfile)[0]).toBe("FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12");
  });

  it("does not copy into the final stage what a builder-only RUN removes again (COPY wheels/ then rm -rf)", () => {
    const r = convert(
      'FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nCOPY wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir --find-links /tmp/wheels -r requirements.txt && rm -rf /tmp/wheels\nCOPY . .\nCMD ["python", "app.py"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    const final = finalStage(r.dockerfile);
    expect(final).not.toContain("COPY wheels/ /tmp/wheels/");
    expect(final).toContain("COPY requirements.txt .");
    expect(r.dockerfile.split("\n")).toContain("COPY wheels/ /tmp/wheels/");
    expect(messages(r)).toContain(
      "line 4: what it copies to /tmp/wheels is removed again by line 5, which stays in the builder, so the final stage does not copy it either (the original image does not have it)",
    );
  });

  it("keeps a copied file that a later RUN removes only in part, or that no RUN removes", () => {
    const r = convert(
      'FROM python:3.11\nWORKDIR /app\nCOPY wheels/ /opt/wheels/\nRUN pip install --no-cache-dir --find-links /opt/wheels flask && rm -rf /opt/wheels/old\nCMD ["python", "-m", "flask"]\n',
    );
    expect(r.status).toBe("converted");
    // what is left of /opt/wheels comes from the builder (app-files.ts), not dropped
    if (r.status === "converted") expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /opt/wheels /opt/wheels");
    const kept = convert(
      'FROM python:3.11\nWORKDIR /app\nCOPY wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir --find-links /tmp/wheels flask\nCMD ["python", "-m", "flask"]\n',
    );
    expect(kept.status).toBe("converted");
    if (kept.status === "converted") expect(finalStage(kept.dockerfile)).toContain("COPY wheels/ /tmp/wheels/");
  });

  it("does not claim a compiled language's runtime counterpart carries the same toolchain", () => {
    const go = convert('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n');
    expect(messages(go)[0]).toBe(
      "line 1: builder stage FROM golang:1.19 (the original base); final stage FROM gcr.io/distroless/static-debian12 (its runtime counterpart, Debian bookworm)",
    );
    const py = convert('FROM python:3.11\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python"]\n');
    expect(messages(py)[0]).toContain("(its runtime counterpart, the same python 3.11,");
  });

  it("names the rake task whose output the final stage copies", () => {
    const r = convert('FROM ruby:3.1\nWORKDIR /opt/show\nCOPY . .\nRUN rake build\nCMD ["ruby", "lib/show.rb"]\n');
    expect(r.status).toBe("converted");
    expect(messages(r)).toContain("line 4: the final stage copies /opt/show from the builder, with what `rake build` writes");
  });

  it("finds mysqlclient after a dependency with extras in pyproject.toml and keeps its runtime library", () => {
    const files: Record<string, string> = {
      "pyproject.toml": '[project]\nname = "x"\nversion = "1"\ndependencies = ["uvicorn[standard]>=0.20", "mysqlclient>=2.1"]\n',
    };
    const context: ContextReader = { read: (p: string) => files[p] };
    const r = convertDockerfileSync(
      parseDockerfile('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD ["python", "-m", "x"]\n'),
      { context },
    );
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(r.plan.runtimePackages).toContain("libmariadb3");
  });

  it("makes no virtualenv for `setup.py build_ext --inplace` in a heredoc RUN: nothing is installed, the app directory is copied", () => {
    const r = convert(
      'FROM python:3.11\nWORKDIR /opt/fastsum\nCOPY setup.py cli.py ./\nCOPY fastsum ./fastsum\nRUN <<EOF\nset -eux\npython setup.py build_ext --inplace\nrm -rf build\nEOF\nENTRYPOINT ["python", "cli.py"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.dockerfile).not.toContain("/opt/venv");
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /opt/fastsum /opt/fastsum");
    expect(messages(r).join("\n")).toContain("what `python setup.py` compiles, and against which library, is not read from it");
    expect(messages(r).join("\n")).not.toContain("install into a virtualenv");
  });

  it("still installs into a virtualenv when wheels built with `pip wheel` are installed afterwards", () => {
    const r = convert('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip wheel -w /wheels . && pip install --no-index --find-links /wheels app\nCMD ["app"]\n');
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(r.dockerfile).toContain("COPY --from=builder /opt/venv /opt/venv");
  });

  it("reads a requirements file given by an absolute path (`COPY requirements.txt /tmp/` then `-r /tmp/requirements.txt`)", () => {
    const context: ContextReader = { read: (p: string) => (p === "requirements.txt" ? "flask\nmysqlclient\n" : undefined) };
    const r = convertDockerfileSync(
      parseDockerfile(
        'FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
      ),
      { context },
    );
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(r.plan.runtimePackages).toContain("libmariadb3");
  });

  it("reads a requirements file the pip RUN bind-mounts from the context, and keeps its runtime library", () => {
    const context: ContextReader = { read: (p: string) => (p === "deps/requirements.txt" ? "flask\nmysqlclient\n" : undefined) };
    const r = convertDockerfileSync(
      parseDockerfile(
        'FROM python:3.11\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    --mount=type=bind,source=deps,target=/tmp/deps \\\n    pip install -r /tmp/deps/requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      ),
      { context },
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.plan.runtimePackages).toContain("libmariadb3");
    expect(r.decisions.map((d) => d.message).join("\n")).toContain("mysqlclient (/tmp/deps/requirements.txt) builds against default-libmysqlclient-dev");
  });

  it("carries over the app's own package installed with `npm install -g .` and links its bin again", () => {
    const context: ContextReader = {
      read: (p: string) => (p === "package.json" ? JSON.stringify({ name: "wordy", version: "1.0.0", bin: { wordy: "./bin/wordy.js" } }) : undefined),
    };
    const r = convertDockerfileSync(
      parseDockerfile(
        'FROM node:18\nWORKDIR /opt/wordy\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY bin ./bin\nRUN npm install -g .\nWORKDIR /\nENTRYPOINT ["wordy"]\n',
      ),
      { context },
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    const final = finalStage(r.dockerfile);
    expect(final).toContain("COPY --from=builder /usr/local/lib/node_modules/wordy /usr/local/lib/node_modules/wordy");
    expect(final).toContain("RUN ln -s ../lib/node_modules/wordy/bin/wordy.js /usr/local/bin/wordy");
  });

  it("declines a container that starts a bin of a package installed globally from the registry (pm2 → pm2-runtime)", () => {
    const r = convert('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm install -g pm2\nCMD ["pm2-runtime", "server.js"]\n');
    expect(r.status).toBe("declined");
    if (r.status === "declined") expect(r.declines.map((d) => d.id)).toEqual(["npm-global-start"]);
  });

  it("reads setup.cfg's install_requires for `pip install .` on a full base, and keeps psycopg2's runtime library", () => {
    const files: Record<string, string> = {
      "setup.cfg": "[metadata]\nname = pgcheck\n\n[options]\ninstall_requires =\n    psycopg2>=2.9\n    flask>=2.2\n",
      "setup.py": "from setuptools import setup\n\nsetup()\n",
    };
    const r = convertDockerfileSync(
      parseDockerfile('FROM python:3.11\nWORKDIR /src\nCOPY setup.cfg setup.py ./\nCOPY src ./src\nRUN pip install --no-cache-dir .\nCMD ["pgcheck"]\n'),
      { context: { read: (p: string) => files[p] } },
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.plan.runtimePackages).toContain("libpq5");
    expect(r.decisions.map((d) => d.message).join("\n")).toContain("psycopg2 (setup.cfg) builds against libpq-dev");
  });

  it("reads the package.json of the directory a `cd server && npm install` ran in", () => {
    const files: Record<string, string> = { "server/package.json": JSON.stringify({ name: "s", version: "1.0.0", dependencies: { libpq: "^1.8.12" } }) };
    const r = convertDockerfileSync(
      parseDockerfile(
        'FROM node:18\nWORKDIR /app\nCOPY server/package.json server/\nRUN cd server && npm install --omit=dev\nCOPY . .\nCMD ["node", "server/index.js"]\n',
      ),
      { context: { read: (p: string) => files[p] } },
    );
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(r.plan.runtimePackages).toContain("libpq5");
  });

  it("drops a file copied into a directory and removed again (`COPY app.tar.gz /tmp/` … `rm /tmp/app.tar.gz`), but not a removal behind a condition", () => {
    const r = convert(
      'FROM gcc:12\nWORKDIR /src\nCOPY app.tar.gz /tmp/\nRUN tar xzf /tmp/app.tar.gz -C /src && gcc -O2 -o /usr/local/bin/app app.c && rm /tmp/app.tar.gz\nCMD ["app"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(finalStage(r.dockerfile)).not.toContain("COPY app.tar.gz /tmp/");
    expect(messages(r)).toContain(
      "line 3: what it copies to /tmp/app.tar.gz is removed again by line 4, which stays in the builder, so the final stage does not copy it either (the original image does not have it)",
    );
    const kept = convert(
      'FROM python:3.11\nWORKDIR /app\nCOPY wheels/ /tmp/wheels/\nRUN pip install --find-links /tmp/wheels flask; if [ -z "$KEEP" ]; then rm -rf /tmp/wheels; fi\nCMD ["python", "-m", "flask"]\n',
    );
    expect(kept.status).toBe("converted");
    if (kept.status === "converted") expect(finalStage(kept.dockerfile)).toContain("COPY wheels/ /tmp/wheels/");
  });
});
