// `slimstage verify` on the real engine with the mission's example (examples/flask-mysql on python:3.11-slim): the
// hand-written multi-stage candidate verifies, and each sabotaged candidate is caught by the right finding. Every
// run goes through the CLI (JSON report); the builder stages are shared, so after the first build only the final
// stages change.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { DockerCliEngine } from "../../src/engine/index.js";
import type { Finding, VerifyReport } from "../../src/verify/index.js";
import { runCli, type CliRun } from "../support/cli.js";
import { describeWithEngine } from "../support/engine.js";

const root = resolve(import.meta.dirname, "../..");
const context = join(root, "examples/flask-mysql");
const fixtures = join(root, "test/fixtures/verify/flask-mysql");
// A port free on this host now: the app listens on it (host networking), so nothing else may.
function freePort(): Promise<string> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => res(String(port)));
    });
  });
}
let PORT = "";
const IMPORT = `cmd:python -c "import MySQLdb, flask; print('ok')"`;

interface Verified {
  run: CliRun;
  report: VerifyReport;
  errors: Finding[];
}

describeWithEngine("slimstage verify: flask-mysql on the engine", () => {
  let original = "";
  const results = new Map<string, Verified>();

  async function verify(candidate: string, probes: string[]): Promise<Verified> {
    const run = await runCli(
      [
        "verify",
        "--original",
        original,
        "--candidate",
        join(fixtures, `Dockerfile.${candidate}`),
        "--context",
        context,
        "--network",
        "host",
        "--env",
        `PORT=${PORT}`,
        ...probes.flatMap((p) => ["--probe", p]),
        "--timeout",
        "60",
        "--format",
        "json",
        "--progress",
        "plain",
      ],
      { cwd: root },
    );
    let report: VerifyReport;
    try {
      report = JSON.parse(run.stdout) as VerifyReport;
    } catch {
      throw new Error(`verify printed no JSON report (exit ${run.code}):\n${run.stderr}`);
    }
    return { run, report, errors: report.findings.filter((f) => f.severity === "error") };
  }

  beforeAll(async () => {
    PORT = await freePort();
    // The mission's Dockerfile, verbatim but for the base image these machines have.
    const dir = mkdtempSync(join(tmpdir(), "slimstage-verify-"));
    original = join(dir, "Dockerfile");
    writeFileSync(original, readFileSync(join(context, "Dockerfile"), "utf8").replace("FROM python:3.9-slim", "FROM python:3.11-slim"));
    results.set("multistage", await verify("multistage", ["default:4", `http:${PORT}/health`, IMPORT]));
    for (const s of ["no-runtime-lib", "changed-cmd", "missing-app", "gcc-left"]) results.set(s, await verify(s, ["default:4", IMPORT]));
  }, 900_000);

  it("the multi-stage candidate verifies: smaller, same behaviour, no gcc or -dev package", async () => {
    const { run, report, errors } = results.get("multistage") as Verified;
    expect(errors).toEqual([]);
    expect(report.verdict).toBe("pass");
    expect(run.code).toBe(0);
    const sizes = report.sizes as NonNullable<VerifyReport["sizes"]>;
    expect(sizes.candidate).toBeLessThan(sizes.original * 0.7);
    expect(sizes.savedBytes).toBe(sizes.original - sizes.candidate);
    expect(report.packages?.removed).toEqual(expect.arrayContaining(["gcc", "gcc-12", "default-libmysqlclient-dev", "libmariadb-dev", "pkg-config"]));
    expect(report.probes.map((p) => [p.probe, p.match])).toEqual([
      ["default:4", true],
      [`http:${PORT}/health`, true],
      [IMPORT, true],
    ]);
    const importProbe = report.probes[2];
    expect(importProbe?.candidate.stdout?.trim()).toBe("ok");
    // the server kept running on both
    expect(report.probes[0]?.original.stillRunning, JSON.stringify(report.probes[0]?.original)).toBe(true);
    const http = report.probes[1];
    expect(http?.original.http?.status).toEqual(expect.any(Number)); // 200 with a database, 500 without: the same on both
    expect(http?.candidate.http?.status).toBe(http?.original.http?.status);
    // The only config difference is the virtualenv in front of PATH, allowed by rule.
    expect(report.config.map((d) => [d.key, d.allowed?.by])).toEqual([["ENV.PATH", "rule"]]);
    // Independent of slimstage's reader: ask dpkg inside the candidate.
    const engine = new DockerCliEngine({ network: "host" });
    const dpkg = await engine.run({
      image: report.candidate.imageId as string,
      entrypoint: ["dpkg-query"],
      command: ["-W", "-f", "${Package}\\n"],
      timeoutMs: 60_000,
    });
    const installed = dpkg.stdout.split("\n").filter(Boolean);
    expect(installed).toContain("libmariadb3");
    expect(installed.filter((p) => /^(gcc|cpp|g\+\+)(-\d+)?$|-dev$|^pkg-config$/.test(p))).toEqual([]);
    expect(run.stderr).toMatch(/==> building the candidate/);
  });

  it("a final stage without libmariadb3 fails on the unresolved libmariadb.so.3, with the package to install", () => {
    const { run, errors } = results.get("no-runtime-lib") as Verified;
    expect(run.code).toBe(1);
    const lib = errors.find((f) => f.kind === "missing-library");
    expect(lib?.subject).toBe("libmariadb.so.3");
    expect(lib?.message).toMatch(
      /^libmariadb\.so\.3 not found \(needed by \/opt\/venv\/lib\/python3\.11\/site-packages\/MySQLdb\/_mysql\.cpython-311-x86_64-linux-gnu\.so\)$/,
    );
    expect(lib?.fix).toMatch(/^install libmariadb3 in the final stage/);
    // the import probe fails too, and points at the same fix
    expect(errors.find((f) => f.kind === "probe" && f.subject === IMPORT)?.fix).toMatch(/^install libmariadb3 in the final stage/);
    expect(errors.filter((f) => f.kind === "config" || f.kind === "build-only-package")).toEqual([]);
  });

  it("a changed CMD fails on the config, and only there", () => {
    const { run, report, errors } = results.get("changed-cmd") as Verified;
    expect(run.code).toBe(1);
    // python3 is python here: the behaviour is the same, so only the config comparison can see the change
    expect(report.probes.map((p) => p.match)).toEqual([true, true]);
    expect(errors.map((f) => [f.kind, f.subject])).toEqual([["config", "CMD"]]);
    expect(errors[0]?.message).toBe('CMD differs: original ["python","app.py"], candidate ["python3","app.py"]');
    expect(errors[0]?.fix).toMatch(/^set CMD \["python","app.py"\] in the final stage/);
  });

  it("a missing app file fails because the default command's output differs", () => {
    const { run, report, errors } = results.get("missing-app") as Verified;
    expect(run.code).toBe(1);
    expect(errors.map((f) => [f.kind, f.subject])).toEqual([["probe", "default:4"]]);
    const probe = report.probes.find((p) => p.probe === "default:4");
    expect(probe?.differences.map((d) => d.field)).toEqual(["exit", "stdout", "stderr"]);
    expect(probe?.differences.find((d) => d.field === "stderr")?.candidate).toMatch(/can't open file '\/app\/app\.py'/);
    expect(errors[0]?.fix).toBe("/app/app.py is missing in the candidate: copy it into the final stage");
    // the dependencies themselves are fine
    expect(report.probes.find((p) => p.probe === IMPORT)?.match).toBe(true);
  });

  it("gcc left in the final stage fails on build-only packages, and only there", () => {
    const { run, errors } = results.get("gcc-left") as Verified;
    expect(run.code).toBe(1);
    expect(new Set(errors.map((f) => f.kind))).toEqual(new Set(["build-only-package"]));
    expect(errors.map((f) => f.subject)).toEqual(expect.arrayContaining(["gcc", "gcc-12", "cpp-12"]));
    expect(errors.find((f) => f.subject === "gcc")?.message).toBe("gcc (compiler) is in the final image");
  });
});
