import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertDockerfile } from "../convert/index.js";
import type { ContextReader } from "../convert/types.js";
import { parseDockerfile } from "../syntax/index.js";
import type { Finding, VerifyReport } from "../verify/index.js";
import { searchToJson, searchToMarkdown, searchToText } from "../report/search.js";
import { cgoSources } from "../engine/build-context.js";
import { candidates, checkBudget, dominatedBy, failureReason, smallestPassing, type Attempt, type SearchResult } from "./search.js";
import {
  contextCopies,
  copiedVirtualenv,
  distrolessSibling,
  onlyAptInstall,
  unprunedApp,
  variantsFor,
  type Converted,
  type SearchFacts,
  type Variant,
} from "./variants/index.js";
import { parseDuration, searchBudgetFrom, type SearchCliOptions } from "../cli/search-options.js";

const readText = (p: string): string | undefined => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
};
const reader = (files: Record<string, string>): ContextReader => ({ read: (p) => files[p] });

async function convert(text: string, files: Record<string, string> = {}): Promise<Converted> {
  const r = await convertDockerfile(parseDockerfile(text, { file: "Dockerfile" }), { context: reader(files) });
  if (r.status !== "converted") throw new Error(`not converted: ${r.status}`);
  return r;
}

const GO_SERVER = `FROM golang:1.19

WORKDIR /src/inventory
COPY go.mod ./
COPY . .

RUN go build -o /usr/local/bin/inventory .

ENV PORT=8097
CMD ["inventory"]
`;
const goFiles = { "go.mod": "module example.com/inventory\n\ngo 1.19\n" };
const noCgo: SearchFacts = { goSourcesRead: true, cgoFiles: [], originalPackages: new Set(["ca-certificates", "tzdata", "libc6"]) };

const FLASK = `FROM python:3.11-slim
WORKDIR /app
RUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev pkg-config && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install mysqlclient
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
`;

const byId = (dims: Variant[][]) => new Map(dims.flat().map((v) => [v.id, v]));

describe("variants of a Go conversion", () => {
  it("offer scratch with the original's CA certificates and time zone data, and distroless static, with CGO_ENABLED=0 before the build", async () => {
    const r = await convert(GO_SERVER, goFiles);
    expect(r.plan.finalBase).toBe("gcr.io/distroless/base-debian12");
    const v = byId(variantsFor({ result: r, originalText: GO_SERVER, facts: noCgo }));
    expect([...v.keys()]).toEqual(["final-base:scratch", "final-base:distroless-static", "context-copies:dropped"]);
    const scratch = v.get("final-base:scratch")!.apply(r.dockerfile)!;
    expect(scratch).toContain(
      '# slimstage search: no Go source of the build context imports "C": a static binary needs no libc\nENV CGO_ENABLED=0\n\nRUN go build',
    );
    expect(scratch).toMatch(
      /^FROM scratch\n\n# slimstage search: ca-certificates and tzdata of the original image\nCOPY --from=builder \/etc\/ssl\/certs\/ca-certificates.crt \/etc\/ssl\/certs\/ca-certificates.crt\nCOPY --from=builder \/usr\/share\/zoneinfo \/usr\/share\/zoneinfo\n/m,
    );
    // the rest of the conversion is untouched
    expect(
      scratch
        .replace(/# slimstage search:[^\n]*\n(ENV CGO_ENABLED=0|COPY --from=builder \/etc[^\n]*\nCOPY --from=builder \/usr\/share\/zoneinfo[^\n]*)\n\n?/g, "")
        .replace("FROM scratch", "FROM gcr.io/distroless/base-debian12"),
    ).toBe(r.dockerfile);
    const distroless = v.get("final-base:distroless-static")!.apply(r.dockerfile)!;
    expect(distroless).toContain("FROM gcr.io/distroless/static-debian12\n");
    expect(parseDockerfile(distroless).instructions.length).toBe(parseDockerfile(r.dockerfile).instructions.length + 1);
  });

  it("scratch copies only what the original had", async () => {
    const r = await convert(GO_SERVER, goFiles);
    const v = byId(variantsFor({ result: r, originalText: GO_SERVER, facts: { ...noCgo, originalPackages: new Set(["libc6"]) } }));
    const text = v.get("final-base:scratch")!.apply(r.dockerfile)!;
    expect(text).not.toContain("zoneinfo");
    expect(v.get("final-base:scratch")!.summary).toBe("CGO_ENABLED=0 and FROM scratch");
  });

  it('are not offered when a source imports "C", the sources were not read, or the Dockerfile asks for cgo', async () => {
    const r = await convert(GO_SERVER, goFiles);
    const ids = (facts: SearchFacts, text = GO_SERVER) =>
      variantsFor({ result: r, originalText: text, facts })
        .flat()
        .map((v) => v.id);
    expect(ids({ ...noCgo, cgoFiles: ["adler.go"] })).toEqual(["context-copies:dropped"]);
    expect(ids({ ...noCgo, goSourcesRead: false })).toEqual(["context-copies:dropped"]);
    expect(ids(noCgo, GO_SERVER.replace("RUN go build", "ENV CGO_ENABLED=1\nRUN go build"))).toEqual(["context-copies:dropped"]);
  });

  it("drop the build-context copies but keep what the start command names", () => {
    const text = `FROM golang:1.19 AS builder\nRUN go build -o /app/srv .\n\nFROM debian:bookworm-slim\n# the sources\nCOPY . /src\nCOPY run.sh /usr/local/bin/run.sh\nCOPY --from=builder /app/srv /app/srv\nENTRYPOINT ["run.sh"]\n`;
    const got = contextCopies(text);
    expect(got.lines).toEqual([6]);
  });
});

describe("other variants", () => {
  it("the Python virtualenv without pip, setuptools and wheel, uninstalled at the end of the builder", async () => {
    const r = await convert(FLASK, { "requirements.txt": "flask\ngunicorn\n" });
    expect(copiedVirtualenv(r.dockerfile, "builder")).toBe("/opt/venv");
    const v = byId(variantsFor({ result: r, originalText: FLASK, facts: noCgo }));
    expect([...v.keys()]).toEqual(["python-venv:no-packaging", "python-venv:no-pip", "python-prune:bytecode-and-tests", "python-prune:tests"]);
    const text = v.get("python-venv:no-packaging")!.apply(r.dockerfile)!;
    expect(text).toContain(
      "RUN pip install --no-cache-dir -r requirements.txt\n\n# slimstage search: the app may not need the virtualenv's own packaging tools\nRUN /opt/venv/bin/python -m pip uninstall --yes --quiet pip setuptools wheel\n\n# slimstage: the final stage",
    );
    expect(v.get("python-venv:no-pip")!.apply(r.dockerfile)).toContain("RUN /opt/venv/bin/python -m pip uninstall --yes --quiet pip wheel\n");
  });

  it("Node: production dependencies only, when the converter kept the dev dependencies", async () => {
    const dir = "test/fixtures/convert/node-entrypoint-migrate";
    const files = Object.fromEntries(
      ["package.json", "package-lock.json", "docker/entrypoint.sh", "docker/migrate.sh", "lib/main.js", "src/main.ts", "tsconfig.json"]
        .map((f) => [f, readText(join(dir, f))])
        .filter(([, t]) => t !== undefined),
    );
    const src = readText(join(dir, "Dockerfile"))!;
    const r = await convert(src, files as Record<string, string>);
    expect(unprunedApp(r.dockerfile, "builder", ["/home/node/inventory"])).toBe("/home/node/inventory");
    const v = byId(variantsFor({ result: r, originalText: src, facts: noCgo }));
    expect(v.get("node-deps:production")!.apply(r.dockerfile)).toContain(
      "RUN npm run build\n\n# slimstage search: the container may not need the dev dependencies at start\nRUN cd /home/node/inventory && npm prune --omit=dev --no-audit --no-fund\n\n# slimstage: the final stage",
    );
    // a conversion that pruned already has nothing to offer
    expect(
      unprunedApp(r.dockerfile.replace("RUN npm run build", "RUN npm run build && npm prune --omit=dev"), "builder", ["/home/node/inventory"]),
    ).toBeUndefined();
  });

  it("Node: the build's caches left out, only after a build script", async () => {
    const dir = "test/fixtures/convert/node-typescript";
    const files = Object.fromEntries(["package.json", "package-lock.json", "tsconfig.json"].map((f) => [f, readText(join(dir, f))!]));
    const src = readText(join(dir, "Dockerfile"))!;
    const r = await convert(src, files);
    const v = byId(variantsFor({ result: r, originalText: src, facts: noCgo }));
    const text = v.get("node-cache:dropped")!.apply(r.dockerfile)!;
    expect(text).toContain(
      "RUN npm prune --omit=dev\n\n# slimstage search: caches the build left in the app directory\nRUN cd /usr/src/app && rm -rf node_modules/.cache .next/cache .npm\n\n# slimstage: the final stage",
    );
    expect(v.get("node-cache:dropped")!.apply(text)).toBeUndefined();
    // no build script, no build caches
    const noBuild = await convert(src.replace("RUN npm run build\n", ""), files);
    expect(byId(variantsFor({ result: noBuild, originalText: src, facts: noCgo })).has("node-cache:dropped")).toBe(false);
  });

  it("a virtualenv made without pip has nothing to uninstall", () => {
    const text = "FROM python:3.11 AS builder\nRUN python -m venv --without-pip /opt/venv\n\nFROM python:3.11-slim\nCOPY --from=builder /opt/venv /opt/venv\n";
    expect(copiedVirtualenv(text, "builder")).toBeUndefined();
  });

  it("distroless cc for a Debian slim final stage of a compiled program, of the same release", async () => {
    expect(distrolessSibling("debian:bookworm-slim")).toBe("gcr.io/distroless/cc-debian12");
    expect(distrolessSibling("debian:bullseye-slim")).toBe("gcr.io/distroless/cc-debian11");
    expect(distrolessSibling("python:3.11-slim")).toBeUndefined();
    const src = `FROM gcc:12\nWORKDIR /src\nCOPY hello.c .\nRUN gcc -O2 -o /usr/local/bin/hello hello.c\nCMD ["hello"]\n`;
    const r = await convert(src);
    const v = byId(variantsFor({ result: r, originalText: src, facts: noCgo }));
    expect(v.get("final-base:distroless-cc")?.apply(r.dockerfile)).toContain("FROM gcr.io/distroless/cc-debian12\n");
    // a shell-form command needs /bin/sh: no distroless
    const shell = src.replace('CMD ["hello"]', "CMD hello --loud");
    const rs = await convert(shell);
    expect(byId(variantsFor({ result: rs, originalText: shell, facts: noCgo })).has("final-base:distroless-cc")).toBe(false);
  });

  it("distroless cc with the library files the program links, when the final stage installed library packages", async () => {
    const dir = "test/fixtures/convert/c-cmake-cxx-sqlite";
    const src = readText(join(dir, "Dockerfile"))!;
    const r = await convert(src, { "CMakeLists.txt": readText(join(dir, "CMakeLists.txt")) ?? "" });
    expect(r.plan.runtimePackages).toEqual(["libsqlite3-0"]);
    const facts: SearchFacts = { ...noCgo, originalEnv: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] };
    const v = byId(variantsFor({ result: r, originalText: src, facts })).get("final-base:distroless-cc")!;
    // distroless sets SSL_CERT_FILE, which the original did not have: the base's setting, allowed for this candidate
    expect(v.allowConfig).toEqual(["ENV.SSL_CERT_FILE"]);
    const text = v.apply(r.dockerfile)!;
    const stages = text.split("\n").filter((l) => l.startsWith("FROM "));
    expect(stages).toEqual(["FROM debian:bookworm AS builder", "FROM debian:bookworm-slim AS runtime-libs", "FROM gcr.io/distroless/cc-debian12"]);
    // the libraries stage installs the packages, takes the programs and keeps what ldd resolves outside distroless cc
    const libs = text.slice(text.indexOf("AS runtime-libs"), text.indexOf("FROM gcr.io"));
    expect(libs).toContain("apt-get install -y --no-install-recommends libsqlite3-0");
    expect(libs).toContain("COPY --from=builder /usr/local /usr/local");
    expect(libs).toContain("find /usr/local -type f -exec ldd {} \\;");
    expect(libs).toContain("libstdc++.so*");
    // the final stage installs nothing and copies the gathered files
    const final = text.slice(text.indexOf("FROM gcr.io"));
    expect(final).not.toContain("apt-get");
    expect(final).toContain("COPY --from=runtime-libs /slimstage/libs/ /\n");
    expect(v.apply(text)).toBeUndefined();
    // a final stage whose RUN does more than install packages keeps its base
    expect(onlyAptInstall("RUN apt-get update \\\n    && apt-get install -y --no-install-recommends libsqlite3-0 \\\n    && rm -rf /var/lib/apt/lists/*")).toBe(
      true,
    );
    expect(onlyAptInstall("RUN apt-get update && apt-get install -y libpq5 && ldconfig")).toBe(false);
    expect(onlyAptInstall("RUN useradd app")).toBe(false);
  });
});

const variant = (id: string): Variant => ({ id, dimension: id.split(":")[0]!, summary: id, apply: (t) => t });

describe("the search's choices", () => {
  it("orders candidates from the most aggressive to the conservative one", () => {
    const [a1, a2, b] = [variant("base:a1"), variant("base:a2"), variant("copies:b")];
    expect(candidates([[a1, a2], [b]]).map((c) => c.id)).toEqual(["base:a1+copies:b", "base:a2+copies:b", "base:a1", "base:a2", "copies:b", "conservative"]);
    expect(candidates([]).map((c) => c.id)).toEqual(["conservative"]);
  });

  it("skips candidates that keep a subset of what a verified one left out", () => {
    const [a1, a2, b] = [variant("base:a1"), variant("base:a2"), variant("copies:b")];
    const list = candidates([[a1, a2], [b]]);
    const verified = [list[0]!];
    expect(list.map((c) => dominatedBy(c, verified)?.id ?? "-")).toEqual([
      "base:a1+copies:b",
      "-",
      "base:a1+copies:b",
      "-",
      "base:a1+copies:b",
      "base:a1+copies:b",
    ]);
  });

  it("keeps the smallest passing attempt", () => {
    const at = (verdict: Attempt["verdict"], sizeBytes?: number): Attempt => ({
      candidate: "x",
      changes: [],
      verdict,
      reason: "",
      durationMs: 1,
      ...(sizeBytes ? { sizeBytes } : {}),
    });
    expect(smallestPassing([at("fail", 1), at("pass", 9), at("pass", 5), at("skipped", 2), at("pass", 5)])).toBe(2);
    expect(smallestPassing([at("fail", 1)])).toBeUndefined();
  });

  it("says in one line why a verification failed", () => {
    const f = (message: string, kind: Finding["kind"] = "probe"): Finding => ({ severity: "error", kind, subject: "default", message });
    const report = (findings: Finding[]): VerifyReport => ({
      verdict: "fail",
      original: { dockerfile: "a" },
      candidate: { dockerfile: "b" },
      probes: [],
      config: [],
      findings,
      durationMs: 1,
    });
    expect(failureReason(report([f("exit code differs: 0 → 1\nTraceback…"), f("x", "config")]))).toBe("probe: exit code differs: 0 → 1 (+1 more)");
    // what the candidate printed: a Python traceback's last line; a Java stack trace's exception, not its frames
    const said = (stderr: string) =>
      failureReason({
        ...report([f("the candidate differs (exit)")]),
        probes: [{ match: false, candidate: { stderr } }] as unknown as VerifyReport["probes"],
      });
    expect(said("Traceback (most recent call last):\n  File \"app.py\", line 1\nModuleNotFoundError: No module named 'pkg_resources'\n")).toBe(
      "probe: the candidate differs (exit) — the candidate printed: ModuleNotFoundError: No module named 'pkg_resources'",
    );
    expect(
      said(
        'Exception in thread "main" java.lang.reflect.InvocationTargetException\n\tat java.base/Main.main(Main.java:14)\nCaused by: java.lang.ClassNotFoundException: java.sql.Date\n\tat java.base/jdk.internal.loader.BuiltinClassLoader.loadClass(BuiltinClassLoader.java:641)\n\t... 3 more\n',
      ),
    ).toBe("probe: the candidate differs (exit) — the candidate printed: Caused by: java.lang.ClassNotFoundException: java.sql.Date");
  });

  it("checks the budget", () => {
    expect(checkBudget({ attempts: 3 })).toEqual({ attempts: 3, timeMs: 20 * 60_000, parallel: 1 });
    expect(checkBudget({ parallel: 3 }).parallel).toBe(3);
    expect(() => checkBudget({ parallel: 0 })).toThrow(/from 1 to 16/);
    expect(() => checkBudget({ attempts: 0 })).toThrow(/whole number/);
    expect(() => checkBudget({ timeMs: 10 })).toThrow(/at least 1s/);
  });

  it('finds Go sources that import "C", in any directory', () => {
    const dir = mkdtempSync(join(tmpdir(), "slimstage-search-"));
    mkdirSync(join(dir, "internal", "sum"), { recursive: true });
    writeFileSync(join(dir, "main.go"), 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n');
    writeFileSync(join(dir, "internal", "sum", "adler.go"), 'package sum\n\n// #include "adler.h"\nimport "C"\n');
    writeFileSync(join(dir, "internal", "sum", "grouped.go"), 'package sum\n\nimport (\n\t"C"\n\t"unsafe"\n)\n');
    expect(cgoSources(dir)).toEqual({ read: true, files: ["internal/sum/adler.go", "internal/sum/grouped.go"] });
  });
});

describe("the attempts report and the command line's budget", () => {
  const result: SearchResult = {
    result: { status: "nothing-to-gain", decisions: [], reasons: [], reasonIds: [], analysis: undefined as never },
    chosen: 1,
    budget: { attempts: 6, timeMs: 20 * 60_000, parallel: 1 },
    durationMs: 42_000,
    attempts: [
      {
        candidate: "python-venv:no-pip",
        changes: ["the virtualenv /opt/venv without pip"],
        verdict: "fail",
        reason: "probe: output | differs",
        durationMs: 20_000,
        sizeBytes: 158_000_000,
      },
      {
        candidate: "conservative",
        changes: ["the conversion"],
        verdict: "pass",
        reason: "chosen: the smallest that verifies",
        durationMs: 15_000,
        sizeBytes: 180_000_000,
        dockerfile: "FROM python:3.11-slim\n",
      },
    ],
  };

  it("renders the table as text, Markdown and JSON", () => {
    const text = searchToText(result);
    expect(text).toContain("search chose conservative, 180 MB: 2 tried of 2 candidates in 42s (budget 6 attempts, 20m)");
    expect(text).toMatch(/1 {2}python-venv:no-pip +158 MB +✘ fail +20s +probe: output \| differs/);
    const md = searchToMarkdown(result);
    expect(md).toContain("| 1 | `python-venv:no-pip` | the virtualenv /opt/venv without pip | 158 MB | ❌ fail | 20s | probe: output \\| differs |");
    expect(md).toContain("```dockerfile\nFROM python:3.11-slim\n```");
    expect(searchToJson(result)).toMatchObject({ chosen: "conservative", summary: { tried: 2, attempts: 2, conservativeBytes: 180_000_000 } });
  });

  const cli = (o: Partial<SearchCliOptions>): SearchCliOptions => ({
    search: true,
    reportFormat: "text",
    format: "dockerfile",
    verify: true,
    probe: [],
    allowConfig: [],
    ...o,
  });
  it("reads --max-attempts and --max-time, and refuses bad values in one line", () => {
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration("10m")).toBe(600_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(searchBudgetFrom(cli({ maxAttempts: "3", maxTime: "5m" }))).toEqual({ attempts: 3, timeMs: 300_000, parallel: 1 });
    expect(searchBudgetFrom(cli({ parallel: "2" }))?.parallel).toBe(2);
    expect(searchBudgetFrom(cli({ search: false }))).toBeUndefined();
    expect(() => searchBudgetFrom(cli({ maxAttempts: "three" }))).toThrow("--max-attempts three: expected a whole number ≥ 1");
    expect(() => searchBudgetFrom(cli({ maxAttempts: "0" }))).toThrow("--max-attempts 0: expected a whole number ≥ 1");
    expect(() => searchBudgetFrom(cli({ maxTime: "500ms" }))).toThrow("--max-time 500ms: expected a duration of at least 1s (90s, 10m, 1h)");
    expect(() => searchBudgetFrom(cli({ verify: false, maxAttempts: "2" }))).toThrow("go with --verify");
    expect(() => searchBudgetFrom(cli({ search: false, maxTime: "2m" }))).toThrow("drop --no-search");
  });
});
