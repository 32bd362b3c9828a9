// `slimstage lint` end to end, in-process: file discovery, formats, exit codes, --fix, pragmas and config files.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shellcheckAvailable } from "../../src/cli/shellcheck-runner.js";
import { runCli } from "../support/cli.js";
import { createRequire } from "node:module";

/** The SARIF 2.1.0 JSON schema (as published by OASIS/Microsoft, shipped in @microsoft/jest-sarif), compiled with ajv. */
function sarifValidator(): (data: unknown) => string[] {
  const require = createRequire(import.meta.url);
  const Ajv = require("ajv") as new (o: object) => {
    addMetaSchema(s: object): void;
    compile(s: object): { (d: unknown): boolean; errors?: Array<{ dataPath: string; message?: string }> | null };
  };
  const ajv = new Ajv({ schemaId: "auto", allErrors: true });
  ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json") as object);
  const validate = ajv.compile(require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as object);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ""}`));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "slimstage-lint-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (rel: string, text: string) => {
  const p = join(dir, rel);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, text);
  return p;
};

type JsonResult = Array<{
  file: string;
  findings: Array<{ ruleId: string; severity: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }>;
}>;
const json = (s: string) => JSON.parse(s) as JsonResult;

describe("slimstage lint", () => {
  it("finds Dockerfiles in a directory, respecting .gitignore", async () => {
    write("Dockerfile", "FROM alpine:3\n");
    write("svc/api.Dockerfile", "FROM alpine:3\n");
    write("svc/Dockerfile.dev", "FROM alpine:3\n");
    write("svc/Containerfile", "FROM alpine:3\n");
    write("svc/notes.txt", "FROM alpine:3\n");
    write("build/Dockerfile", "FROM alpine:3\n");
    write("node_modules/x/Dockerfile", "FROM alpine:3\n");
    write(".gitignore", "build/\n");
    const r = await runCli(["lint", ".", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(
      json(r.stdout)
        .map((f) => f.file)
        .sort(),
    ).toEqual(["Dockerfile", "svc/Containerfile", "svc/Dockerfile.dev", "svc/api.Dockerfile"]);
  });

  it("reads the context's .dockerignore for CopyIgnoredFile (Dockerfile directory, <Dockerfile>.dockerignore, --context)", async () => {
    write("app/Dockerfile", "FROM alpine:3\nCOPY secrets/key.pem /etc/\nCOPY notes.log /tmp/\n");
    write("app/.dockerignore", "secrets\n");
    const ids = (out: string) => json(out).flatMap((f) => f.findings.filter((x) => x.ruleId === "CopyIgnoredFile").map((x) => x.range.start.line));
    expect(ids((await runCli(["lint", "app/Dockerfile", "-f", "json", "--only", "CopyIgnoredFile"], { cwd: dir })).stdout)).toEqual([2]);
    // not selected: experimental, off by default
    expect(ids((await runCli(["lint", "app/Dockerfile", "-f", "json"], { cwd: dir })).stdout)).toEqual([]);
    write("ctx/.dockerignore", "*.log\n");
    expect(ids((await runCli(["lint", "app/Dockerfile", "-f", "json", "--only", "CopyIgnoredFile", "--context", "ctx"], { cwd: dir })).stdout)).toEqual([3]);
    write("app/Dockerfile.dockerignore", "notes.log\nsecrets/key.pem\n");
    expect(ids((await runCli(["lint", "app/Dockerfile", "-f", "json", "--only", "CopyIgnoredFile"], { cwd: dir })).stdout)).toEqual([2, 3]);
  });

  it("prints code frames and exits by the failure threshold", async () => {
    write("Dockerfile", "FROM alpine:3\nRUN apk add curl\nCMD node server.js\n");
    const r = await runCli(["lint", "Dockerfile"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Dockerfile:3:1: warning: JSON arguments recommended for CMD");
    expect(r.stdout).toContain("   3 | CMD node server.js\n     | ^^^\n     = fix: use the exec (JSON) form (--fix)");
    expect(r.stdout).toContain("Dockerfile:2:13: warning: Pin versions in apk add: `curl` has no version");
    expect((await runCli(["lint", "Dockerfile", "--failure-threshold", "error"], { cwd: dir })).code).toBe(0);
    expect((await runCli(["lint", "Dockerfile", "--failure-threshold", "none"], { cwd: dir })).code).toBe(0);
  });

  it("reads standard input and reports a file BuildKit rejects without crashing", async () => {
    const r = await runCli(["lint", "-", "-f", "json"], { stdin: "FROM alpine:3\nFROBNICATE x\n" });
    expect(r.code).toBe(1);
    const f = json(r.stdout)[0]?.findings[0];
    expect(f?.ruleId).toBe("invalid-dockerfile");
    expect(f?.range.start).toEqual({ line: 2, column: 1 });
  });

  it("applies fixes atomically, keeps the original, and prints what changed", async () => {
    const p = write("Dockerfile", "from alpine:3 AS Build\nRun apk add --no-cache curl=8.5.0-r0\nCMD node app.js\n");
    const r = await runCli(["lint", "--fix", "Dockerfile"], { cwd: dir });
    // one lower-case and one upper-case keyword: BuildKit's majority rule picks upper case on a tie
    expect(readFileSync(p, "utf8")).toBe('FROM alpine:3 AS build\nRUN apk add --no-cache curl=8.5.0-r0\nCMD ["node", "app.js"]\n');
    expect(readFileSync(`${p}.orig`, "utf8")).toContain("AS Build");
    expect(r.stdout).toMatch(/fixed Dockerfile: \d+ fix\(es\) applied \(/);
    expect(r.code).toBe(0);
    write("b/Dockerfile", "FROM alpine:3\nMAINTAINER me\n");
    await runCli(["lint", "--fix", "--no-backup", "b/Dockerfile"], { cwd: dir });
    expect(existsSync(join(dir, "b/Dockerfile.orig"))).toBe(false);
    expect(readFileSync(join(dir, "b/Dockerfile"), "utf8")).toBe('FROM alpine:3\nLABEL org.opencontainers.image.authors="me"\n');
    expect((await runCli(["lint", "--fix", "-"], { stdin: "FROM alpine:3\n" })).code).toBe(2);
  });

  it("honours slimstage, hadolint and BuildKit pragmas", async () => {
    write(
      "Dockerfile",
      "# check=skip=JSONArgsRecommended\n# hadolint global ignore=DL3018\nFROM alpine:3\n# slimstage ignore=apk-no-cache\nRUN apk add curl\n# hadolint ignore=DL3027\nRUN apt install -y x\n# hadolint ignore=DL3059\nRUN apt install -y y\nCMD node x.js\n",
    );
    const r = await runCli(["lint", "Dockerfile", "-f", "json"], { cwd: dir });
    const ids = json(r.stdout)[0]?.findings.map((f) => `${f.ruleId}:${f.range.start.line}`);
    expect(ids).toEqual(["use-apt-get:9"]);
  });

  it("reads .hadolint.yaml and .slimstage.yaml, and locates config errors", async () => {
    write("Dockerfile", "FROM alpine:3\nRUN apk add curl\nCMD node x.js\n");
    write(".hadolint.yaml", "ignored: [DL3018]\noverride:\n  error: [DL3025]\ntrustedRegistries: [quay.io]\nno-color: true\n");
    const r = await runCli(["lint", "Dockerfile", "-f", "json"], { cwd: dir });
    const found = json(r.stdout)[0]?.findings.map((f) => `${f.ruleId}:${f.severity}`);
    expect(found).toEqual(["trusted-registries:error", "apk-no-cache:info", "JSONArgsRecommended:error"]);
    write(".slimstage.yaml", "ignore: [DL3025]\nfailureThreshold: error\nrulez: {}\n");
    const bad = await runCli(["lint", "Dockerfile"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.slimstage.yaml:3:1: unknown key "rulez"');
    write(".slimstage.yaml", "ignore: [DL3025]\nfailureThreshold: error\n");
    const ok = await runCli(["lint", "Dockerfile"], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain("JSONArgsRecommended");
  });

  it("reads hadolint's label-schema and strict-labels, and slimstage's labelSchema, with located errors", async () => {
    write("Dockerfile", 'FROM alpine:3\nLABEL version=v1 created="today" extra=1 maintainer=me@example.org\nCMD ["sh"]\n');
    write(".hadolint.yaml", "label-schema:\n  version: semver\n  created: rfc3339\n  maintainer: email\n  source: url\nstrict-labels: true\n");
    const r = await runCli(["lint", "Dockerfile", "-f", "json"], { cwd: dir });
    const found = json(r.stdout)[0]?.findings.map((f) => `${f.ruleId}:${f.range.start.line}:${f.range.start.column}`);
    expect(found).toEqual(["label-required:1:1", "label-semver:2:15", "label-rfc3339:2:26", "label-superfluous:2:34"]);
    write(".slimstage.yaml", "labelSchema:\n  version: semver\n");
    const s = await runCli(["lint", "Dockerfile", "-f", "json", "--only", "DL3056", "--only", "DL3050"], { cwd: dir });
    expect(json(s.stdout)[0]?.findings.map((f) => f.ruleId)).toEqual(["label-semver"]);
    write(".slimstage.yaml", "labelSchema:\n  version: semver\n  created: date\n");
    const bad = await runCli(["lint", "Dockerfile"], { cwd: dir });
    expect(bad.code).toBe(2);
    const oneLine = (t: string) => expect(t.trimEnd().split("\n")).toHaveLength(1);
    oneLine(bad.stderr);
    expect(bad.stderr).toMatch(
      /^slimstage: error: \S*\.slimstage\.yaml:3:12: labelSchema\.created: expected one of text, url, email, hash, rfc3339, semver, spdx, got "date"$/m,
    );
    write("h.yaml", "strict-labels: yes please\n");
    const badBool = await runCli(["lint", "Dockerfile", "--config", "h.yaml"], { cwd: dir });
    expect(badBool.code).toBe(2);
    expect(badBool.stderr).toMatch(/h\.yaml:1:1: unknown key "strict-labels"/);
    write(".hadolint.yml", "label-schema: [version]\n");
    const badSchema = await runCli(["lint", "Dockerfile", "--config", ".hadolint.yml"], { cwd: dir });
    oneLine(badSchema.stderr);
    expect(badSchema.stderr).toMatch(
      /\.hadolint\.yml:1:1: label-schema: expected a mapping of label names to types \(text, url, email, hash, rfc3339, semver, spdx\)$/m,
    );
    write(".hadolint.yml", "strict-labels: maybe\n");
    expect((await runCli(["lint", "Dockerfile", "--config", ".hadolint.yml"], { cwd: dir })).stderr).toMatch(
      /\.hadolint\.yml:1:1: strict-labels: expected true or false, got "maybe"\n$/,
    );
  });

  it("writes SARIF 2.1.0 with the structure GitHub code scanning requires", async () => {
    write("Dockerfile", "FROM alpine:3\nRUN apk add curl\nCMD node x.js\n");
    const r = await runCli(["lint", "Dockerfile", "-f", "sarif"], { cwd: dir });
    const s = JSON.parse(r.stdout) as {
      version: string;
      $schema: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; helpUri?: string }> } };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
          }>;
        }>;
      }>;
    };
    expect(s.version).toBe("2.1.0");
    expect(s.$schema).toMatch(/sarif-2\.1\.0/);
    const run = s.runs[0]!;
    expect(run.tool.driver.name).toBe("slimstage");
    expect(run.results.length).toBeGreaterThan(1);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex]?.id).toBe(res.ruleId);
      expect(["error", "warning", "note", "none"]).toContain(res.level);
      expect(res.message.text.length).toBeGreaterThan(0);
      const { region, artifactLocation } = res.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe("Dockerfile");
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(region.endLine * 10000 + region.endColumn).toBeGreaterThan(region.startLine * 10000 + region.startColumn - 1);
    }
    for (const rule of run.tool.driver.rules) expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    // valid against the 2.1.0 schema, also with fixes, several files and a file BuildKit rejects
    const validate = sarifValidator();
    expect(validate(s)).toEqual([]);
    write("sub dir/Dockerfile", "from alpine:3 as Build\nRUN apt-get install -y curl\nMAINTAINER me\n");
    write("bad/Dockerfile", "FROM\n");
    const many = await runCli(["lint", ".", "-f", "sarif"], { cwd: dir });
    const log = JSON.parse(many.stdout) as { runs: Array<{ results: Array<{ fixes?: unknown[] }> }> };
    expect(log.runs[0]!.results.some((r) => r.fixes?.length)).toBe(true);
    expect(validate(log)).toEqual([]);
    expect(validate({ ...log, version: "2.0.0" })).not.toEqual([]);
  });

  it("writes GitHub annotations, checkstyle, JUnit and GitLab reports", async () => {
    write("Dockerfile", "FROM alpine:3\nCMD node x.js\n");
    const gh = await runCli(["lint", "Dockerfile", "-f", "github"], { cwd: dir });
    expect(gh.stdout).toBe(
      "::warning file=Dockerfile,line=2,col=1,endLine=2,endColumn=4,title=JSONArgsRecommended::JSON arguments recommended for CMD to prevent unintended behavior related to OS signals\n",
    );
    const cs = await runCli(["lint", "Dockerfile", "-f", "checkstyle"], { cwd: dir });
    expect(cs.stdout).toContain(
      '<error line="2" column="1" severity="warning" message="JSON arguments recommended for CMD to prevent unintended behavior related to OS signals" source="slimstage.JSONArgsRecommended"/>',
    );
    const ju = await runCli(["lint", "Dockerfile", "-f", "junit"], { cwd: dir });
    expect(ju.stdout).toContain('<testsuites name="slimstage lint" tests="1" failures="1">');
    const gl = JSON.parse((await runCli(["lint", "Dockerfile", "-f", "gitlab"], { cwd: dir })).stdout) as Array<{
      check_name: string;
      severity: string;
      fingerprint: string;
      location: { path: string; lines: { begin: number } };
    }>;
    expect(gl).toEqual([
      expect.objectContaining({ check_name: "JSONArgsRecommended", severity: "minor", location: { path: "Dockerfile", lines: { begin: 2, end: 2 } } }),
    ]);
    expect(gl[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it("rejects unknown rules and missing paths as usage errors", async () => {
    expect((await runCli(["lint", "--ignore", "DL9999", "-"], { stdin: "FROM a\n" })).stderr).toContain("unknown rule: DL9999");
    const r = await runCli(["lint", "nope/Dockerfile"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nope/Dockerfile: cannot read: no such file");
  });

  it.skipIf(!shellcheckAvailable())("includes ShellCheck's findings at their Dockerfile position, with SC codes as ignorable aliases", async () => {
    write(
      "Dockerfile",
      'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN cd /tmp && \\\n    ls $1 | grep x\n# hadolint ignore=SC2086\nRUN echo $2\n',
    );
    const r = await runCli(["lint", "Dockerfile", "-f", "json", "--only", "shellcheck"], { cwd: dir });
    const found = json(r.stdout)[0]?.findings ?? [];
    expect(found.map((f) => [f.ruleId, f.severity, f.range.start.line, f.range.start.column, f.range.end.column])).toEqual([
      ["shellcheck", "warning", 4, 5, 7], // SC2164: cd without || exit
      ["shellcheck", "info", 4, 8, 10], // SC2086: $1 unquoted
    ]);
    const ignored = await runCli(["lint", "Dockerfile", "-f", "json", "--only", "shellcheck", "--ignore", "SC2086"], { cwd: dir });
    expect(json(ignored.stdout)[0]?.findings.map((f) => f.range.start.column)).toEqual([5]);
  });

  it.skipIf(!existsSync("dist/cli/main.js"))("without the shellcheck binary prints one note and still lints", () => {
    write("Dockerfile", "FROM debian\nRUN echo $1\n");
    const r = spawnSync(process.execPath, [join(process.cwd(), "bin/slimstage.js"), "lint", join(dir, "Dockerfile"), "-f", "json"], {
      encoding: "utf8",
      env: { PATH: "/nonexistent" },
    });
    expect(r.stderr.match(/note: shellcheck is not installed/g)).toHaveLength(1);
    expect(r.status).toBe(1); // image-tag etc. still reported
    expect(JSON.stringify(JSON.parse(r.stdout))).not.toContain("SC2086");
  });
});
