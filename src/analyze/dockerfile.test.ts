import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { analyzeDockerfileSync } from "./dockerfile.js";

const analyze = (text: string, target?: string) => analyzeDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), { target });
const mission = readFileSync(new URL("../../examples/flask-mysql/Dockerfile", import.meta.url), "utf8");

beforeAll(loadShellParser);

describe("analyzeDockerfile on the mission's single-stage Dockerfile", () => {
  it("finds gcc, pkg-config and default-libmysqlclient-dev, all build-only, implying libmariadb3", () => {
    const a = analyze(mission);
    const s = a.stages[0]!;
    expect(s.packages.map((p) => [p.name, p.class, p.line])).toEqual([
      ["gcc", "build-only", 8],
      ["default-libmysqlclient-dev", "build-only", 8],
      ["pkg-config", "build-only", 8],
    ]);
    expect(s.runtimeLibraries).toEqual(["libmariadb3"]);
    expect(a.verdict.buildTools).toEqual(["gcc", "default-libmysqlclient-dev", "pkg-config"]);
    expect(a.verdict.keepLibraries).toEqual(["libmariadb3"]);
  });

  it("recognises both pip steps at their lines, and the pip cache the first one leaves", () => {
    const s = analyze(mission).stages[0]!;
    const pip = s.languageSteps.map((f) => [f.value.kind, f.at.line, f.value.kind === "python-deps" ? f.value.noCacheDir : null]);
    expect(pip).toEqual([
      ["python-deps", 17, false],
      ["python-deps", 18, true],
    ]);
    expect(s.caches).toEqual(["/root/.cache/pip"]);
  });

  it("locates facts on continuation lines", () => {
    const s = analyze(mission).stages[0]!;
    const install = s.runs[0]!.facts.find((f) => f.value.kind === "system-packages" && f.value.op === "install")!;
    expect(install.at).toMatchObject({ line: 10, column: 8 });
  });

  it("reports the final stage's runtime configuration", () => {
    const rt = analyze(mission).stages[0]!.runtime;
    expect(rt).toMatchObject({ workdir: "/app", cmd: { shell: false, cmdLine: ["python", "app.py"] }, user: undefined });
  });
});

describe("packages across stages", () => {
  it("subtracts removals, follows apk virtual groups and inherits through FROM <stage>", () => {
    const a = analyze(
      [
        "FROM debian:bookworm AS base",
        "RUN apt-get update && apt-get install -y --no-install-recommends curl libpq-dev build-essential && apt-get purge -y build-essential",
        "FROM base AS app",
        "RUN apt-get install -y libpq5",
        "FROM alpine:3.19 AS musl",
        "RUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev && apk add libpq && apk del .build-deps",
        "",
      ].join("\n"),
      "app",
    );
    expect(a.stages[0]!.packages.map((p) => p.name)).toEqual(["curl", "libpq-dev"]);
    expect(a.stages[1]!.packages.map((p) => [p.name, p.stage, p.class])).toEqual([
      ["curl", 0, "other"],
      ["libpq-dev", 0, "build-only"],
      ["libpq5", 1, "runtime-library"],
    ]);
    expect(a.stages[1]!.runtimeLibraries).toEqual(["libpq5"]);
    expect(a.stages[2]!.family).toBe("alpine");
    expect(a.stages[2]!.packages.map((p) => p.name)).toEqual(["libpq"]);
    expect(a.stages[2]!.unused).toBe(true);
  });

  it("analyses heredoc RUN bodies and exec-form RUN", () => {
    const a = analyze('FROM debian\nRUN <<EOF\nset -e\napt-get update\napt-get install -y gcc\nEOF\nRUN ["pip", "install", "flask"]\n');
    const facts = a.stages[0]!.runs.flatMap((r) => r.facts.map((f) => [f.value.kind, f.at.line]));
    expect(facts).toEqual([
      ["system-packages", 4],
      ["system-packages", 5],
      ["python-deps", 7],
    ]);
  });

  it("calls a build base heavy and names its runtime counterpart", () => {
    const v = analyze('FROM golang:1.22\nRUN go build -o /bin/app .\nCMD ["/bin/app"]\n').verdict;
    expect(v.heavyBase?.image).toBe("golang:1.22");
    expect(v.heavyBase?.counterpart).toBeTruthy();
  });
});

describe("HOME of the user a RUN runs as", () => {
  const userInstall = (lines: string) => {
    const s = analyze(`FROM python:3.11\n${lines}\nRUN pip install --user flask\n`).stages[0]!;
    return s.languageSteps.flatMap((f) => f.value.outputs).filter((o) => o.endsWith("/.local"));
  };
  it("is /root when no USER is set, or USER is root", () => {
    expect(userInstall("")).toEqual(["/root/.local"]);
    expect(userInstall("USER root")).toEqual(["/root/.local"]);
    expect(userInstall("USER 0:0")).toEqual(["/root/.local"]);
  });
  it("comes from useradd's home: -d, or /home/NAME", () => {
    expect(userInstall("RUN useradd -m app\nUSER app")).toEqual(["/home/app/.local"]);
    expect(userInstall("RUN useradd -d /srv/app app\nUSER app:app")).toEqual(["/srv/app/.local"]);
    expect(userInstall("RUN adduser --system --home /var/lib/svc svc\nUSER svc")).toEqual(["/var/lib/svc/.local"]);
  });
  it("is /nonexistent for nobody and Debian's adduser --system without --home; ENV HOME wins", () => {
    expect(userInstall("USER nobody")).toEqual(["/nonexistent/.local"]);
    expect(userInstall("RUN adduser --system svc\nUSER svc")).toEqual(["/nonexistent/.local"]);
    expect(userInstall("RUN useradd -m app\nUSER app\nENV HOME=/data")).toEqual(["/data/.local"]);
  });
  it("carries a user made in a parent stage, and leaves a bare uid to the root default", () => {
    const s = analyze("FROM python:3.11 AS base\nRUN useradd -d /opt/u u\nFROM base\nUSER u\nRUN pip install --user flask\n").stages[1]!;
    expect(s.languageSteps.flatMap((f) => f.value.outputs)).toContain("/opt/u/.local");
    expect(userInstall("USER 1000")).toEqual(["/root/.local"]);
  });
});
