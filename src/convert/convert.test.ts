import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import type { ConvertOptions, ConvertResult } from "./types.js";

beforeAll(loadShellParser);
const convert = (text: string, opts: ConvertOptions = {}): ConvertResult => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), opts);
const declined = (text: string, opts: ConvertOptions = {}) => {
  const r = convert(text, opts);
  if (r.status !== "declined") throw new Error(`expected a decline, got ${r.status}`);
  return r.declines;
};
const converted = (text: string, opts: ConvertOptions = {}) => {
  const r = convert(text, opts);
  if (r.status !== "converted") throw new Error(`expected a conversion, got ${r.status}: ${JSON.stringify(r.status === "declined" ? r.declines : r.reasons)}`);
  return r;
};
/** The final stage's instructions as text. */
const finalStage = (dockerfile: string) => {
  const nodes = parseDockerfile(dockerfile).instructions;
  const at = nodes.map((n) => n.name).lastIndexOf("from");
  return nodes.slice(at).map((n) => `${n.keyword} ${n.original.slice(n.keyword.length).trim()}`);
};

describe("declines, each with the line, an id and a hint", () => {
  it.each([
    ["CMD installs packages", "FROM python:3.11\nRUN pip install flask\nCMD pip install -r r.txt && python app.py\n", 3, "builds-at-start"],
    ["ENTRYPOINT compiles", 'FROM golang:1.19\nCOPY . .\nENTRYPOINT ["go", "run", "."]\n', 3, "builds-at-start"],
    ["ONBUILD", "FROM node:18\nONBUILD COPY . /app\nRUN npm ci\n", 2, "onbuild"],
    ["a base from an ARG without a value", "ARG BASE\nFROM $BASE\nRUN make\n", 2, "base-arg-unset"],
    ["scratch", "FROM scratch\nCOPY app /app\n", 1, "from-scratch"],
    ["an unknown base", 'FROM mycorp/builder:7\nRUN make\nCMD ["/app"]\n', 1, "no-runtime-counterpart"],
    [
      "pip as a non-root user",
      'FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nUSER app\nRUN pip install flask\nCMD ["flask", "run"]\n',
      4,
      "pip-as-user",
    ],
    ["go build without -o", 'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD ["app"]\n', 4, "go-output-unknown"],
    [
      "a global npm tool at run time",
      'FROM node:18\nWORKDIR /app\nRUN npm install -g pm2\nCOPY . .\nRUN npm ci\nCMD ["pm2", "start"]\n',
      6,
      "npm-global-start",
    ],
  ])("%s", (_what, text, line, id) => {
    const d = declines(text as string);
    expect(d[0]!.lines).toContain(line);
    expect(d[0]!.id).toBe(id);
    expect(d[0]!.reason).toContain(`line ${line as number}`);
    expect(d[0]!.hint.length).toBeGreaterThan(0);
  });

  function declines(text: string) {
    return declined(text);
  }

  it("declines a runtime base with another C library", () => {
    const d = declined('FROM golang:1.19\nRUN go build -o /app .\nCMD ["/app"]\n', { runtimeBase: "alpine:3.19" });
    expect(d[0]!.id).toBe("libc-mismatch");
    expect(d[0]!.reason).toMatch(/uses glibc .* but alpine:3.19 has musl/);
  });
});

describe("review cases", () => {
  it("declines a RUN that runs between build steps in the final stage", () => {
    const d = declined("FROM python:3.11\nWORKDIR /app\nRUN pip install six\nRUN python -c 'import six'\nRUN pip install idna\nCMD [\"python\"]\n");
    expect(d[0]!.reason).toMatch(/^line 4 runs between build steps \(from line 3\)/);
  });

  it("declines unknown commands a slim base may lack, on a full base", () => {
    const d = declined('FROM python:3.11\nWORKDIR /app\nRUN pip install six\nCOPY . .\nRUN xzcat data.xz > data\nCMD ["python"]\n');
    expect(d[0]!.reason).toMatch(/^line 5: `xzcat data.xz` is not recognised and would run in the final stage/);
  });

  it("reads exec-form sh -c as the script it runs", () => {
    const d = declined('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nCMD ["sh", "-c", "gcc -o /tmp/x p.c && app"]\n');
    expect(d[0]!.reason).toMatch(/compiles when it starts \(gcc -o\)/);
  });

  it("keeps the files a compiled build copied in, and gives a copied entrypoint script a shell", () => {
    const r = converted(
      'FROM golang:1.19\nWORKDIR /app\nCOPY entrypoint.sh /entrypoint.sh\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/server .\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["/app/server"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final).toContain("COPY entrypoint.sh /entrypoint.sh");
    expect(final).toContain("COPY . .");
    expect(r.plan.finalBase).toBe("debian:bookworm-slim");
  });

  it("names the builder apart from every existing stage, even with AS on a continuation line", () => {
    const r = converted(
      'FROM debian:bookworm AS builder\nRUN echo hi > /hi.txt\nFROM golang:1.19 AS \\\n  app\nRUN CGO_ENABLED=0 go build -o /server .\nCOPY --from=builder /hi.txt /hi.txt\nCMD ["/server"]\n',
    );
    const names = parseDockerfile(r.dockerfile)
      .instructions.filter((n) => n.name === "from")
      .map((n) => n.args[2]);
    expect(names).toEqual(["builder", "build", "app"]);
    expect(r.dockerfile).toContain("COPY --from=build /server /server");
  });

  it("declines a copy whose path still holds a variable", () => {
    const d = declined('FROM python:3.11\nARG T\nRUN pip install --target $T flask\nCMD ["python", "-m", "flask"]\n');
    expect(d[0]!.reason).toMatch(/is not a path slimstage can name/);
  });

  it("carries a program compiled next to a Python build, and declines an install into the image's own prefix", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install six\nRUN gcc -o /usr/local/bin/hello hello.c\nCMD ["sh", "-c", "hello && python app.py"]\n',
    );
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /usr/local/bin/hello /usr/local/bin/hello");
    const d = declined('FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN ./configure && make && make install\nRUN pip install ta-lib\nCMD ["python"]\n');
    expect(d[0]!.reason).toMatch(/make installs something besides the python build/);
  });
});

describe("second review cases", () => {
  it("installs the tools an entrypoint script from the context calls", () => {
    const script = '#!/bin/sh\nset -e\ncurl -fs http://db:8080/ || true\nexec "$@"\n';
    const context = { read: (p: string) => (p === "wait-for-deps.sh" || p === "./wait-for-deps.sh" ? script : undefined) };
    const r = converted('FROM python:3.11\nWORKDIR /app\nRUN pip install flask\nCOPY . .\nENTRYPOINT ["./wait-for-deps.sh"]\nCMD ["flask", "run"]\n', {
      context,
    });
    expect(r.plan.runtimePackages).toContain("curl");
  });

  it("copies every command go install built, onto the PATH", () => {
    const r = converted('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go install ./...\nCMD ["api"]\n');
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /go/bin/ /usr/local/bin/");
  });

  it("takes cargo install's binary from cargo's bin directory, release profile", () => {
    const r = converted('FROM rust:1.63\nWORKDIR /usr/src/greeter\nCOPY . .\nRUN cargo install --path .\nCMD ["greeter", "world"]\n');
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /usr/local/cargo/bin/greeter /usr/local/bin/greeter");
  });

  it("does not chown the Node app to the final user unless the original did", () => {
    const plain = converted('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nUSER node\nCMD ["node", "dist/index.js"]\n');
    expect(plain.dockerfile).toContain("COPY --from=builder /app /app");
    const owned = converted('FROM node:18\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN npm ci && npm run build\nUSER node\nCMD ["node", "dist/index.js"]\n');
    expect(owned.dockerfile).toContain("COPY --from=builder --chown=node:node /app /app");
  });

  it("declines commands that run with the Python install and may write files outside the app's directory", () => {
    const d = declined(
      'FROM python:3.11\nCOPY . /code\nRUN pip install -r /code/requirements.txt && prepare-assets --out /srv/static\nCMD ["gunicorn", "app:app"]\n',
    );
    expect(d[0]!.reason).toMatch(/^line 3: `prepare-assets --out \/srv\/static` runs with the Python install/);
  });

  it("carries the app's directory from the builder when a command run in it goes with the Python install", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /code\nCOPY . /code\nRUN pip install -r requirements.txt && python prepare.py\nCMD ["gunicorn", "app:app"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final).toContain("COPY --from=builder /code /code");
    expect(final).not.toContain("COPY . /code");
  });
});

describe("broken shell", () => {
  it("declines a RUN whose shell does not parse, at its line", () => {
    const d = declined('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nRUN pip install $(cat reqs\nCMD ["python"]\n');
    expect(d[0]!.lines).toEqual([3]);
    expect(d[0]!.reason).toMatch(/^line 3: the shell in this RUN does not parse/);
  });
});

describe("node dev dependencies", () => {
  const pkg = JSON.stringify({ scripts: { start: "node -e \"require('tool')\"" }, devDependencies: { tool: "1.0.0", typescript: "5" } });
  const context = { read: (p: string) => (p === "package.json" ? pkg : undefined) };
  it("keeps dev dependencies the container starts with", () => {
    const r = converted('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["npm", "start"]\n', { context });
    expect(r.dockerfile).not.toContain("npm prune");
    expect(r.decisions.map((d) => d.message)).toContain("the container starts with dev dependencies (tool), so node_modules is copied with them");
  });
  it("prunes them when the start command does not use them", () => {
    const r = converted('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "index.js"]\n', { context });
    expect(r.dockerfile).toContain("RUN npm prune --omit=dev");
  });
});

describe("conversions", () => {
  it("splits build-only and runtime packages of one apt line, keeping the runtime ones and the implied libraries", () => {
    const r = converted(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc libpq-dev curl && rm -rf /var/lib/apt/lists/*\nCOPY app.c .\nRUN gcc -o /usr/local/bin/app app.c -lpq\nCMD ["app"]\n',
    );
    const final = finalStage(r.dockerfile).join("\n");
    expect(final).toMatch(/apt-get install -y --no-install-recommends curl libpq5/);
    expect(final).not.toMatch(/gcc|libpq-dev/);
    expect(final).toContain("COPY --from=builder /usr/local/bin/app /usr/local/bin/app");
    expect(r.plan).toMatchObject({ finalBase: "debian:bookworm-slim", removedPackages: ["gcc", "libpq-dev"], runtimePackages: ["curl", "libpq5"] });
    expect(r.decisions.map((d) => d.message)).toContain(
      "line 2: gcc and libpq-dev are build-only → builder stage; runtime library libpq5 → final stage; curl kept in the final stage",
    );
  });

  it("replays users created in a build RUN in the final stage", () => {
    const r = converted(
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gcc && useradd -r app && mkdir -p /data\nCOPY m.c .\nRUN gcc -o /usr/local/bin/m m.c\nUSER app\nCMD ["m"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final).toContain("RUN useradd -r app && mkdir -p /data");
    expect(final.at(-2)).toBe("USER app");
  });

  it("keeps ENV, WORKDIR, USER, EXPOSE, VOLUME, LABEL, HEALTHCHECK, STOPSIGNAL, ENTRYPOINT and CMD in order", () => {
    const text = [
      "FROM golang:1.19",
      "ENV PORT=8080 MODE=prod",
      "WORKDIR /src",
      "COPY . .",
      "RUN CGO_ENABLED=0 go build -o /bin/server .",
      "LABEL org.opencontainers.image.title=server",
      "EXPOSE 8080",
      "VOLUME /data",
      "USER 65532",
      'HEALTHCHECK CMD ["/bin/server", "-health"]',
      "STOPSIGNAL SIGINT",
      'ENTRYPOINT ["/bin/server"]',
      'CMD ["-v"]',
      "",
    ].join("\n");
    const final = finalStage(converted(text).dockerfile);
    expect(final).toEqual([
      "FROM gcr.io/distroless/static-debian12",
      "WORKDIR /go",
      "ENV PORT=8080 MODE=prod",
      "WORKDIR /src",
      "COPY . .",
      "COPY --from=builder /bin/server /bin/server",
      "LABEL org.opencontainers.image.title=server",
      "EXPOSE 8080",
      "VOLUME /data",
      "USER 65532",
      'HEALTHCHECK CMD ["/bin/server", "-health"]',
      "STOPSIGNAL SIGINT",
      'ENTRYPOINT ["/bin/server"]',
      'CMD ["-v"]',
    ]);
  });

  it("needs a glibc runtime for cgo and a shell for shell-form commands", () => {
    expect(converted('FROM golang:1.19\nRUN go build -o /app .\nCMD ["/app"]\n').plan.finalBase).toBe("gcr.io/distroless/base-debian12");
    expect(converted("FROM golang:1.19\nRUN CGO_ENABLED=0 go build -o /app .\nCMD /app --flag\n").plan.finalBase).toBe("debian:bookworm-slim");
  });

  it("uses --runtime-base and names the builder apart from existing stage names", () => {
    const r = converted('FROM python:3.11 AS builder\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nCMD ["flask", "run"]\n', {
      runtimeBase: "python:3.11-slim-bookworm",
    });
    expect(r.plan).toMatchObject({ finalBase: "python:3.11-slim-bookworm", builderName: "build" });
    expect(r.dockerfile).toContain("FROM python:3.11 AS build\n");
    expect(r.dockerfile).toContain("FROM python:3.11-slim-bookworm AS builder\n");
    expect(r.dockerfile).toContain("COPY --from=build /opt/venv /opt/venv");
  });

  it("says there is nothing to gain for a lean image and for a lean multi-stage final stage", () => {
    expect(convert('FROM python:3.11-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n').status).toBe("nothing-to-gain");
    const multi = convert(
      'FROM golang:1.19 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    );
    expect(multi.status).toBe("nothing-to-gain");
  });

  it("optimises the final stage of a multi-stage file that ships build tools, keeping earlier stages", () => {
    const text =
      'FROM node:18 AS assets\nWORKDIR /a\nRUN echo hi > /a/x\nFROM python:3.11\nRUN apt-get update && apt-get install -y gcc libpq-dev\nRUN pip install psycopg2\nCOPY --from=assets /a/x /x\nCMD ["python"]\n';
    const r = converted(text);
    expect(r.dockerfile.startsWith("FROM node:18 AS assets\nWORKDIR /a\nRUN echo hi > /a/x\n")).toBe(true);
    expect(finalStage(r.dockerfile)[0]).toBe("FROM python:3.11-slim");
    expect(finalStage(r.dockerfile)).toContain("COPY --from=assets /a/x /x");
  });

  it("carries over files a build RUN downloads or puts in place", () => {
    const r = converted(
      'FROM python:3.11\nRUN apt-get update && apt-get install -y gcc curl && curl -fsSL -o /usr/local/bin/tini https://example.invalid/tini && chmod +x /usr/local/bin/tini\nRUN pip install psycopg2\nENTRYPOINT ["tini", "--"]\nCMD ["python"]\n',
    );
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /usr/local/bin/tini /usr/local/bin/tini");
    expect(r.decisions.map((d) => d.message)).toContain("line 2: /usr/local/bin/tini is made in the builder (downloaded) and copied into the final stage");
  });

  it("keeps the original FROM's --platform on the final stage", () => {
    const r = converted('FROM --platform=$TARGETPLATFORM golang:1.19\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n');
    expect(finalStage(r.dockerfile)[0]).toBe("FROM --platform=$TARGETPLATFORM gcr.io/distroless/static-debian12");
  });

  it("keeps CRLF line endings and the backtick escape in what it writes", () => {
    const r = converted(
      '# escape=`\r\nFROM python:3.11\r\nRUN apt-get update && apt-get install -y gcc libpq-dev\r\nRUN pip install psycopg2\r\nCMD ["python"]\r\n',
    );
    expect(r.dockerfile).not.toMatch(/[^\r]\n/);
    expect(r.dockerfile).toContain("RUN apt-get update `\r\n    && apt-get install -y --no-install-recommends libpq5 `\r\n");
    expect(parseDockerfile(r.dockerfile).escapeToken).toBe("`");
  });
});
