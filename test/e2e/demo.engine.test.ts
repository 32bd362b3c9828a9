// The mission's example for real (issue 6): `scripts/demo-flask-mysql.mjs --json` converts
// examples/flask-mysql/Dockerfile, builds the single-stage and the converted image, runs both against MariaDB and
// sends them the same requests. This suite runs it on the engine and checks its output against what the issue asks,
// cross-checking the image facts with docker itself. The script's pure parts (the checks, the rewrites, the README
// section) are tested first, on synthetic runs, so a check that cannot fail would show here.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { DOCKER, describeWithEngine } from "../support/engine.js";
import { REPO_ROOT, sharedPath } from "../support/shared.js";

const SCRIPT = join(REPO_ROOT, "scripts", "demo-flask-mysql.mjs");
const SERVICES = sharedPath("engine", "services.sh");

interface Response {
  status: number;
  body: string;
  error?: string;
}
interface Exchange {
  id: string;
  method: string;
  path: string;
  body?: unknown;
  through: "both" | "single" | "multi";
  responses: { single?: Response; multi?: Response };
}
interface Pkg {
  name: string;
  version: string;
}
interface Image {
  tag: string;
  id: string;
  sizeBytes: number;
  packages: Pkg[];
  error?: string;
}
interface Check {
  id: string;
  ok: boolean;
  reached?: boolean;
  text: string;
  detail?: string;
}
interface DemoRun {
  ok?: boolean;
  date: string;
  machine: { cpus: number; arch: string; memoryGiB: number };
  engine: { server?: string };
  standin: { changes: { line: number; before: string; after: string }[] };
  database: { host: string; port: string; name: string; server?: string };
  convert?: { status: string; dockerfile?: string; decisions?: { lines: number[]; message: string }[] };
  images: { single?: Image; multi?: Image; mission?: Partial<Image> };
  packages?: { removed: string[]; added: string[]; buildTools: { name: string; reason: string }[] };
  runtimeLibrary?: { derived: string[]; kept: Pkg[]; inSingle: boolean };
  linkage?: { file: string; needed: string; path: string | null }[];
  ports: { single?: number; multi?: number };
  containers: string[];
  exchanges: Exchange[];
  verify?: { verdict: string; findings: { severity: string; message: string }[] };
  missionProbes?: Record<string, Record<string, { exitCode: number | null; output: string }>>;
  missionChanges?: { line: number; before: string; after: string }[];
  checks: Check[];
  error?: string;
}
interface DemoModule {
  rewritePythonVersion(text: string, from?: string, to?: string): { text: string; changes: { line: number; before: string; after: string }[] };
  pointSitePackages(text: string, purelib: string): { text: string; changes: { line: number; before: string; after: string }[] };
  forbiddenPackages(names: string[]): string[];
  sameResponse(a: Response | undefined, b: Response | undefined): boolean;
  evaluate(run: DemoRun): Check[];
  replaceReadmeSection(readme: string, body: string): string;
  renderText(run: DemoRun): string;
  renderMarkdown(run: DemoRun): string;
  renderReadmeSection(run: DemoRun): string;
  wrap(text: string, width?: number): string;
  failureSummary(checks: Check[]): string;
  README_BEGIN: string;
  README_END: string;
}

// A plain .mjs script: imported by URL (it has no type declarations; the interface above is what the tests use).
const demo = (await import(pathToFileURL(SCRIPT).href)) as DemoModule;

const json = (v: unknown): Response => ({ status: 200, body: `${JSON.stringify(v)}\n` });

/** A run shaped like the script's, with every check passing; each test breaks one thing. */
function passingRun(): DemoRun {
  const a = { body: "Grüße from the converted image ✓", id: 41 };
  const b = { body: "Grüße from the single-stage image ✓", id: 42 };
  const health = json({ driver: "2.2.7", server: "10.11.6-MariaDB-0+deb12u1", status: "ok" });
  const both = (id: string, method: string, path: string, r: Response, body?: unknown): Exchange => ({
    id,
    method,
    path,
    ...(body !== undefined ? { body } : {}),
    through: "both",
    responses: { single: { ...r }, multi: { ...r } },
  });
  const base = ["libc6", "python3.11", "libmariadb3"];
  return {
    date: "2026-11-27T12:00:00.000Z",
    machine: { cpus: 2, arch: "x64", memoryGiB: 24 },
    engine: { server: "26.1.5" },
    standin: { changes: [{ line: 2, before: "FROM python:3.9-slim", after: "FROM python:3.11-slim" }] },
    database: { host: "127.0.0.1", port: "3306", name: "app" },
    convert: { status: "converted", dockerfile: "FROM python:3.11-slim AS builder\nFROM python:3.11-slim\n", decisions: [] },
    images: {
      single: {
        tag: "s",
        id: "sha256:1",
        sizeBytes: 405_000_000,
        packages: [...base, "gcc", "gcc-12", "default-libmysqlclient-dev", "libmariadb-dev", "pkg-config"].map((name) => ({ name, version: "1" })),
      },
      multi: { tag: "m", id: "sha256:2", sizeBytes: 180_000_000, packages: base.map((name) => ({ name, version: "1" })) },
    },
    packages: {
      removed: ["default-libmysqlclient-dev", "gcc", "gcc-12", "libmariadb-dev", "pkg-config"],
      added: [],
      buildTools: [{ name: "gcc", reason: "compiler" }],
    },
    runtimeLibrary: { derived: ["libmariadb3"], kept: [{ name: "libmariadb3", version: "1" }], inSingle: true },
    linkage: [{ file: "opt/venv/lib/python3.11/site-packages/MySQLdb/_mysql.so", needed: "libmariadb.so.3", path: "usr/lib/x86_64-linux-gnu/libmariadb.so.3" }],
    ports: { single: 5001, multi: 5002 },
    containers: [],
    exchanges: [
      both("health", "GET", "/health", health),
      {
        id: "write-converted",
        method: "POST",
        path: "/notes",
        body: { body: a.body },
        through: "multi",
        responses: { multi: { status: 201, body: JSON.stringify(a) } },
      },
      both("read-converted", "GET", "/notes/41", json(a)),
      {
        id: "write-original",
        method: "POST",
        path: "/notes",
        body: { body: b.body },
        through: "single",
        responses: { single: { status: 201, body: JSON.stringify(b) } },
      },
      both("read-original", "GET", "/notes/42", json(b)),
      both("list", "GET", "/notes", json([{ id: 1, body: "old" }, a, b])),
      both("missing-body", "POST", "/notes", { status: 400, body: '{"error":"body is required"}' }, {}),
      both("not-found", "GET", "/notes/0", { status: 404, body: '{"error":"not found"}' }),
    ],
    verify: { verdict: "pass", findings: [] },
    checks: [],
  };
}

const failing = (run: DemoRun) =>
  demo
    .evaluate(run)
    .filter((c) => !c.ok)
    .map((c) => c.id);

describe("the demo script's checks and rewrites (no engine)", () => {
  it("passes a run where everything holds, and every check is there", () => {
    const checks = demo.evaluate(passingRun());
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        "health-same",
        "write-converted",
        "read-converted",
        "read-original",
        "list",
        "size",
        "runtime-library",
        "no-build-tools",
        "removed",
        "linkage",
        "verify",
      ]),
    );
  });

  it("fails when the images answer differently", () => {
    const run = passingRun();
    const list = run.exchanges.find((e) => e.id === "list") as Exchange;
    list.responses.multi = json([{ id: 1, body: "old" }]);
    expect(failing(run)).toEqual(["list"]);
    const health = passingRun();
    (health.exchanges[0] as Exchange).responses.multi = json({ driver: "2.2.6", server: "10.11.6-MariaDB-0+deb12u1", status: "ok" });
    expect(failing(health)).toEqual(["health-same"]);
  });

  it("fails when the row written through the converted image is not read back", () => {
    const run = passingRun();
    const read = run.exchanges.find((e) => e.id === "read-converted") as Exchange;
    read.responses = { single: { status: 404, body: '{"error":"not found"}' }, multi: { status: 404, body: '{"error":"not found"}' } };
    expect(failing(run)).toEqual(["read-converted"]);
  });

  it("fails on size, build tools, a missing runtime library, unresolved linkage and a failed verify", () => {
    const big = passingRun();
    (big.images.multi as Image).sizeBytes = 0.51 * 405_000_000;
    expect(failing(big)).toEqual(["size"]);
    const tools = passingRun();
    (tools.images.multi as Image).packages.push({ name: "libgcc-12-dev", version: "1" });
    expect(failing(tools)).toEqual(["no-build-tools"]);
    const noLib = passingRun();
    (noLib.images.multi as Image).packages = (noLib.images.multi as Image).packages.filter((p) => p.name !== "libmariadb3");
    expect(failing(noLib)).toEqual(["runtime-library"]);
    const unresolved = passingRun();
    (unresolved.linkage as { path: string | null }[])[0]!.path = null;
    expect(failing(unresolved)).toEqual(["linkage"]);
    const verify = passingRun();
    verify.verify = { verdict: "fail", findings: [{ severity: "error", message: "gcc (compiler) is in the final image" }] };
    expect(demo.evaluate(verify).find((c) => c.id === "verify")).toMatchObject({ ok: false, detail: "gcc (compiler) is in the final image" });
  });

  it("tells checks that failed from checks a stopped run never reached", () => {
    const run = passingRun();
    run.exchanges = [];
    delete run.verify;
    run.error = "no database answers on 127.0.0.1:3307";
    const checks = demo.evaluate(run);
    expect(checks.filter((c) => c.reached === false).map((c) => c.id)).toEqual(
      expect.arrayContaining(["health", "read-converted", "list", "not-found", "verify"]),
    );
    expect(checks.find((c) => c.id === "size")).toMatchObject({ ok: true, reached: true });
    expect(demo.failureSummary(checks)).toBe("10 not reached (the run stopped: see the error).");
  });

  it("names gcc, -dev packages and pkg-config, and nothing else", () => {
    expect(
      demo.forbiddenPackages(["gcc", "gcc-12", "gcc-12-base", "libgcc-s1", "libmariadb-dev", "libmariadb3", "pkg-config", "pkgconf", "libpkgconf3"]),
    ).toEqual(["gcc", "gcc-12", "libmariadb-dev", "pkg-config", "pkgconf"]);
  });

  it("rewrites only the mission's base image to the stand-in's Python", () => {
    const text = readFileSync(join(REPO_ROOT, "examples", "flask-mysql", "Dockerfile"), "utf8");
    const r = demo.rewritePythonVersion(text);
    expect(r.changes).toEqual([{ line: 2, before: "FROM python:3.9-slim", after: "FROM python:3.11-slim" }]);
    expect(r.text.split("\n").filter((l, i) => l !== text.split("\n")[i])).toEqual(["FROM python:3.11-slim"]);
    expect(() => demo.rewritePythonVersion("FROM python:3.11-slim\n")).toThrow(/no python:3\.9/);
    expect(demo.rewritePythonVersion("FROM python:3.9\nFROM python:3.95\n").text).toBe("FROM python:3.11\nFROM python:3.95\n");
  });

  it("points the hand-written COPY at the directory pip installs into, and only when it differs", () => {
    const text = demo.rewritePythonVersion(readFileSync(join(REPO_ROOT, "examples", "flask-mysql", "Dockerfile.mission-multistage"), "utf8")).text;
    const r = demo.pointSitePackages(text, "/usr/local/lib/python3.11/dist-packages");
    expect(r.changes.map((c) => c.after)).toEqual(["COPY --from=builder /usr/local/lib/python3.11/dist-packages/ /usr/local/lib/python3.11/dist-packages/"]);
    expect(demo.pointSitePackages(text, "/usr/local/lib/python3.11/site-packages").changes).toEqual([]);
  });

  it("replaces the README section between its markers, which sit between the example and the status table", () => {
    const { README_BEGIN: b, README_END: e } = demo;
    expect(demo.replaceReadmeSection(`x\n${b}\nold\n${e}\ny\n`, "## See it work\nnew")).toBe(`x\n${b}\n## See it work\nnew\n${e}\ny\n`);
    expect(() => demo.replaceReadmeSection("no markers\n", "x")).toThrow(/demo:begin/);
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const at = (s: string) => readme.indexOf(s);
    expect(at("## What it does to the mission's example")).toBeGreaterThan(-1);
    expect(at("## What it does to the mission's example")).toBeLessThan(at(b));
    expect(at(b)).toBeLessThan(at(e));
    expect(at(e)).toBeLessThan(at("## What works today"));
  });

  it("wraps README prose at spaces, never between a size and its unit", () => {
    expect(demo.wrap("the image is 21.6 MB smaller than that", 16)).toBe("the image is\n21.6 MB smaller\nthan that");
  });

  it("renders the numbers it measured", () => {
    const run = passingRun();
    run.checks = demo.evaluate(run);
    const text = demo.renderText(run);
    expect(text).toContain("single-stage 405 MB → converted 180 MB: 44.4% of the original");
    expect(text).toContain("All 16 checks pass.");
    const md = demo.renderMarkdown(run);
    expect(md).toContain('| 3 | `GET /notes/41` | both | 200 {"body":"Grüße from the converted image ✓","id":41} |');
    expect(demo.renderReadmeSection(run)).toMatch(/^## See it work\n/);
  });
});

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function docker(args: string[]): string {
  const r = spawnSync(DOCKER, args, { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** The engine suite needs ../shared's MariaDB starter as well as the engine. */
function describeDemo(name: string, fn: () => void): void {
  if (!existsSync(SERVICES)) {
    console.warn(`[slimstage tests] skipped "${name}": ${SERVICES} is absent (it starts the MariaDB the demo talks to)`);
    describe.skip(`${name} (skipped: ${SERVICES} is absent)`, fn);
    return;
  }
  describeWithEngine(name, fn);
}

describeDemo("npm run demo:flask-mysql on the engine", () => {
  let run: DemoRun;
  let code: number | null;
  let stderr = "";

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, "dist", "verify", "index.js"))) throw new Error("dist/ is missing: the demo runs on the compiled library (npm run build)");
    const r = await runNode([SCRIPT, "--json"]);
    code = r.code;
    stderr = r.stderr;
    try {
      run = JSON.parse(r.stdout) as DemoRun;
    } catch {
      throw new Error(`the demo printed no JSON (exit code ${r.code}):\n${r.stderr.slice(-3000)}`);
    }
  }, 20 * 60_000);

  it("completes with every check passing and exit code 0", () => {
    const failed = run.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.text}${c.detail ? ` (${c.detail})` : ""}`);
    expect(failed, stderr.slice(-2000)).toEqual([]);
    expect(run.error).toBeUndefined();
    expect(code).toBe(0);
    expect(run.ok).toBe(true);
  });

  it("built the mission's Dockerfile on the stand-in's Python, and said so", () => {
    expect(run.standin.changes).toEqual([{ line: 2, before: "FROM python:3.9-slim", after: "FROM python:3.11-slim" }]);
    expect(stderr).toContain("the stand-in images provide Python 3.11, not 3.9");
    expect(run.convert?.dockerfile).toMatch(/^FROM python:3\.11-slim AS builder$/m);
  });

  it("gets the same answers from both images", () => {
    const shared = run.exchanges.filter((e) => e.through === "both");
    expect(shared.map((e) => e.id)).toEqual(["health", "read-converted", "read-original", "list", "missing-body", "not-found"]);
    for (const e of shared) {
      const s = e.responses.single as Response;
      const m = e.responses.multi as Response;
      expect(s.error, `${e.method} ${e.path} on the single-stage image`).toBeUndefined();
      expect(m.status, `${e.method} ${e.path}`).toBe(s.status);
      expect(JSON.parse(m.body), `${e.method} ${e.path}`).toEqual(JSON.parse(s.body));
    }
    const health = JSON.parse((shared[0]?.responses.multi as Response).body) as { status: string; server: string; driver: string };
    expect(health.status).toBe("ok");
    expect(health.server).toMatch(/MariaDB/);
  });

  it("reads the row written through the converted image back through both images", () => {
    const written = run.exchanges.find((e) => e.id === "write-converted") as Exchange;
    expect(written.through).toBe("multi");
    expect(written.responses.multi?.status).toBe(201);
    const note = JSON.parse(written.responses.multi?.body ?? "") as { id: number; body: string };
    expect(note.body).toBe((written.body as { body: string }).body);
    const read = run.exchanges.find((e) => e.id === "read-converted") as Exchange;
    expect(read.path).toBe(`/notes/${note.id}`);
    for (const side of ["single", "multi"] as const) {
      expect(read.responses[side]?.status).toBe(200);
      expect(JSON.parse(read.responses[side]?.body ?? "")).toEqual(note);
    }
    const list = run.exchanges.find((e) => e.id === "list") as Exchange;
    expect((JSON.parse(list.responses.single?.body ?? "[]") as { id: number }[]).map((n) => n.id)).toContain(note.id);
  });

  it("makes the converted image at most half the single-stage image (docker image inspect agrees)", () => {
    const single = run.images.single as Image;
    const multi = run.images.multi as Image;
    const size = (tag: string) => Number(docker(["image", "inspect", "--format", "{{.Size}}", tag]).trim());
    expect(size(single.tag)).toBe(single.sizeBytes);
    expect(size(multi.tag)).toBe(multi.sizeBytes);
    expect(multi.sizeBytes).toBeLessThanOrEqual(0.5 * single.sizeBytes);
  });

  it("leaves no gcc, -dev package or pkg-config in the converted image, and keeps libmariadb3 (dpkg agrees with the image reader)", () => {
    const multi = run.images.multi as Image;
    const names = multi.packages.map((p) => p.name);
    expect(names).toContain("libmariadb3");
    expect(names.filter((n) => /^gcc(-\d+)?$/.test(n) || n.endsWith("-dev") || n === "pkg-config" || n === "pkgconf")).toEqual([]);
    const dpkg = docker(["run", "--rm", "--network", "host", "--entrypoint", "dpkg-query", multi.tag, "-W", "-f", "${db:Status-Status} ${Package}\n"])
      .split("\n")
      .filter((l) => l.startsWith("installed "))
      .map((l) => l.slice("installed ".length))
      .sort();
    expect([...names].sort()).toEqual(dpkg);
    const single = (run.images.single as Image).packages.map((p) => p.name);
    for (const p of ["gcc", "default-libmysqlclient-dev", "pkg-config"]) expect(single).toContain(p);
    expect(run.packages?.buildTools.map((t) => t.name)).toEqual(expect.arrayContaining(["gcc", "default-libmysqlclient-dev", "pkg-config"]));
    expect(run.runtimeLibrary?.derived).toEqual(["libmariadb3"]);
    expect(run.linkage?.length).toBeGreaterThan(0);
    for (const l of run.linkage ?? []) expect(l.path, l.file).toMatch(/libmariadb\.so\.3$/);
  });

  it("passes slimstage verify", () => {
    expect(run.verify?.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(run.verify?.verdict).toBe("pass");
  });

  it("shows what the mission's hand-written file misses: the driver and the console scripts", () => {
    expect(run.images.mission?.error).toBeUndefined();
    const p = run.missionProbes ?? {};
    expect(p.multi?.import?.exitCode).toBe(0);
    expect(p.multi?.gunicorn?.exitCode).toBe(0);
    expect(p.single?.gunicorn?.exitCode).toBe(0);
    // requirements.txt has flask and gunicorn only; the single-stage file's `pip install mysqlclient` is not in it
    expect(p.mission?.import?.exitCode).not.toBe(0);
    expect(p.mission?.import?.output).toMatch(/No module named 'MySQLdb'/);
    // the site-packages copy leaves /usr/local/bin/gunicorn behind
    expect(p.mission?.gunicorn?.exitCode).not.toBe(0);
  });

  it("removes its containers", () => {
    expect(run.containers).toHaveLength(2);
    for (const name of run.containers) expect(docker(["ps", "-a", "--filter", `name=^${name}$`, "--format", "{{.Names}}"]).trim()).toBe("");
  });
});
