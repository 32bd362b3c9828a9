import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { REPO_ROOT } from "../support/shared.js";

const dir = mkdtempSync(join(tmpdir(), "slimstage-cli-"));
const file = (name: string, text: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const multi = file(
  "Dockerfile.multi",
  "FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM debian AS unused\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n",
);

describe("slimstage parse", () => {
  it("prints BuildKit's dump", async () => {
    const r = await runCli(["parse", "--format", "buildkit-dump", "-"], { stdin: "FROM x\nRUN echo hi\n" });
    expect(r).toEqual({ code: 0, stdout: '(from "x")\n(run "echo hi")\n', stderr: "" });
  });

  it("prints the full tree with locations as JSON", async () => {
    const r = await runCli(["parse", "-f", "json", multi]);
    expect(r.code).toBe(0);
    const tree = JSON.parse(r.stdout);
    expect(tree.items[0].instruction).toMatchObject({ name: "from", args: ["golang:1.22", "AS", "build"] });
    expect(tree.items[0].range.start).toEqual({ line: 1, column: 1, offset: 0 });
    expect(tree.items.map((i: { raw: string }) => i.raw).join("")).toBe(
      "FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM debian AS unused\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n",
    );
  });

  it("prints a text outline by default and reads ./Dockerfile when no file is given", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "slimstage-cwd-"));
    writeFileSync(join(cwd, "Dockerfile"), "FROM x\nRUN a \\\n  b\n");
    const r = await runCli(["parse"], { cwd });
    expect(r.stdout).toBe('      1  FROM x\n    2-3  RUN "a   b"\n');
  });

  it.each([
    ["a missing file", ["parse", join(dir, "nope")], /^slimstage: error: .*nope: cannot read: no such file\n$/],
    ["a directory", ["parse", dir], /is a directory/],
    ["a binary file", ["parse", file("bin", Buffer.from([0x46, 0x52, 0x00, 0x01]))], /bin:1:3: error: not a Dockerfile: the file holds binary data/],
    ["an empty file", ["parse", file("empty", "")], /empty:1:1: error: file with no instructions/],
    ["a malformed file", ["parse", file("bad", 'FROM x\nCMD ["a", 1]\n')], /bad:2:5: error: when using JSON array syntax/],
    ["an unknown format", ["parse", "-f", "yaml", multi], /argument 'yaml' is invalid/],
  ])("rejects %s with one located line and exit 2", async (_what, args, message) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("colours errors only on a terminal without NO_COLOR", async () => {
    const bad = file("bad2", "");
    expect((await runCli(["parse", bad], { tty: true })).stderr).toContain("\x1b[31m");
    expect((await runCli(["parse", bad], { tty: true, env: { NO_COLOR: "1" } })).stderr).not.toContain("\x1b[");
    expect((await runCli(["parse", bad], { tty: false })).stderr).not.toContain("\x1b[");
  });
});

describe("slimstage graph", () => {
  it("marks unused stages in JSON and gives order and levels", async () => {
    const r = await runCli(["graph", "-f", "json", multi]);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(g.stages.map((s: { id: string; unused: boolean }) => [s.id, s.unused])).toEqual([
      ["build", false],
      ["unused", true],
      ["stage-2", false],
    ]);
    expect(g.order).toEqual(["build", "stage-2"]);
    expect(g.levels).toEqual([["build"], ["stage-2"]]);
    expect(g.edges.find((e: { kind: string }) => e.kind === "copy")).toMatchObject({
      from: "build",
      to: "stage-2",
      line: 5,
      sources: ["/out/app"],
      dest: "/app",
    });
  });

  it("renders mermaid and dot", async () => {
    const m = await runCli(["graph", "-f", "mermaid", multi]);
    expect(m.stdout).toMatch(/^flowchart LR\n/);
    expect(m.stdout).toContain('s0 -->|"COPY /out/app → /app"| s2');
    expect(m.stdout).toContain("class s1 unused");
    const d = await runCli(["graph", "-f", "dot", multi]);
    expect(d.stdout).toMatch(/^digraph stages \{/);
    expect(d.stdout).toContain('s1 [label="unused", style=dashed');
    expect(d.stdout).toContain('s0 -> s2 [label="COPY /out/app → /app"]');
  });

  it("takes --target and --build-arg", async () => {
    const argFile = file("Dockerfile.arg", "ARG BASE\nFROM $BASE AS one\nFROM scratch AS two\n");
    const r = await runCli(["graph", "-f", "json", "--target", "one", "--build-arg", "BASE=debian:12", argFile]);
    const g = JSON.parse(r.stdout);
    expect(g.target).toBe("one");
    expect(g.stages[0].baseName).toBe("debian:12");
    const bad = await runCli(["graph", "--target", "three", argFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/target stage "three" could not be found/);
  });
});

describe("the installed command", () => {
  const bin = join(REPO_ROOT, "bin", "slimstage.js");
  const built = existsSync(join(REPO_ROOT, "dist", "cli", "main.js"));

  it.skipIf(!built)("runs from bin/slimstage.js with --version, --help and exit codes", () => {
    const version = execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(help).toContain("parse");
    expect(help).toContain("graph");
    const bad = spawnSync(process.execPath, [bin, "parse", "-"], { input: "FROM\nCOPY a\n", encoding: "utf8" });
    expect(bad.status).toBe(0); // FROM without args is a model error, not a syntax error
    const worse = spawnSync(process.execPath, [bin, "graph", "-"], { input: "FROM\n", encoding: "utf8" });
    expect(worse.status).toBe(2);
    expect(worse.stderr).toBe("<stdin>:1:1: error: FROM requires either one or three arguments\n");
  });
});

describe("rendered pictures", () => {
  const hasDot = spawnSync("dot", ["-V"]).status === 0;
  it.skipIf(!hasDot)("dot output renders with Graphviz", async () => {
    const r = await runCli(["graph", "-f", "dot", join(REPO_ROOT, "examples", "stage-graph", "Dockerfile")]);
    const svg = spawnSync("dot", ["-Tsvg"], { input: r.stdout, encoding: "utf8" });
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain("<svg");
    for (const id of ["deps", "build", "healthcheck", "docs", "stage-4"]) expect(svg.stdout.replaceAll("&#45;", "-")).toContain(`>${id}</text>`);
  });
});

describe("slimstage analyze", () => {
  it("finds the mission's build-only packages and the runtime library, in text and JSON", async () => {
    const mission = join(REPO_ROOT, "examples", "flask-mysql", "Dockerfile");
    const text = await runCli(["analyze", mission]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/default-libmysqlclient-dev\s+build-only → runtime: libmariadb3/);
    expect(text.stdout).toContain("line 17: pip install mysqlclient");
    const json = JSON.parse((await runCli(["analyze", "-f", "json", mission])).stdout);
    expect(json.verdict.buildTools).toEqual(["gcc", "default-libmysqlclient-dev", "pkg-config"]);
    expect(json.verdict.keepLibraries).toEqual(["libmariadb3"]);
  });

  it("gives a located error for a malformed file", async () => {
    const r = await runCli(["analyze", "-"], { stdin: "FROM x\nRUN --mount=type=nope true\n" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('<stdin>:2:5: error: unsupported mount type "nope"\n');
  });
});
