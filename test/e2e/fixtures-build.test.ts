// Every convert fixture that claims to build here (`"engine": true`) builds from its original single-stage
// Dockerfile on the real engine and passes its probe. This is the baseline the converted Dockerfiles are held to.
//
// Builds run two at a time. Set SLIMSTAGE_FIXTURES_NO_CACHE=1 to build without the layer cache (for timing),
// SLIMSTAGE_FIXTURES_REPORT=FILE to write the measurements as JSON. Images stay tagged slimstage-fixture-<name>.
import { writeFileSync } from "node:fs";
import { afterAll, expect, it } from "vitest";
import { createEngine, EngineError } from "../../src/engine/index.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { describeWithEngine } from "../support/engine.js";
import { semaphore } from "../support/semaphore.js";
import { loadConvertFixtures, PROBE_SELFTEST_PORT, type ConvertFixture } from "../fixtures/convert/fixtures.js";
import { runProbe, type ProbeOutcome } from "../fixtures/convert/probe.js";

const BUILD_CONCURRENCY = 2;
const BUILD_TIMEOUT_MS = 15 * 60_000;
// Each test waits for a build slot, so its timeout covers the whole queue ahead of it.
const TEST_TIMEOUT_MS = 35 * 60_000;

interface Measurement {
  name: string;
  ecosystem: string;
  base: string;
  buildSeconds: number;
  sizeMB: number;
  probe: "pass" | "fail" | "not run";
}

function baseImage(f: ConvertFixture): string {
  return parseDockerfile(f.dockerfile).instructions.find((i) => i.name === "from")?.args[0] ?? "?";
}

function describeFailure(f: ConvertFixture, out: ProbeOutcome): string {
  const expected = f.probe.kind === "command" ? f.probe.expectStdout : `${f.probe.expectStatus} ${f.probe.expectBody}`;
  return [
    `${f.name}: ${out.problem}`,
    `expected: ${JSON.stringify(expected)}`,
    `actual:   ${JSON.stringify(out.actual)}`,
    out.log ? `log (tail):\n${out.log.split("\n").slice(-20).join("\n")}` : "",
  ].join("\n");
}

describeWithEngine("convert fixtures build and behave on the engine (original Dockerfiles)", () => {
  const engine = createEngine({ network: "host" });
  const fixtures = loadConvertFixtures().filter((f) => f.engine);
  const slot = semaphore(BUILD_CONCURRENCY);
  const results: Measurement[] = [];
  const noCache = process.env.SLIMSTAGE_FIXTURES_NO_CACHE === "1";
  let firstStart = Infinity;
  let lastEnd = 0;

  it("has engine fixtures to build", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  // The probe runner itself, on the busybox stand-in: it must pass on the expected output and fail otherwise.
  it("probes tell matching from differing behaviour", async () => {
    const say = (expectStdout: string) => runProbe(engine, "busybox:stable", { kind: "command", args: ["echo", "hi"], expectStdout });
    expect((await say("hi\n")).ok).toBe(true);
    const wrong = await say("bye\n");
    expect(wrong).toMatchObject({ ok: false, problem: "stdout differs from expectStdout", actual: "hi\n" });
    const failing = await runProbe(engine, "busybox:stable", { kind: "command", args: ["sh", "-c", "echo hi; exit 3"], expectStdout: "hi\n" });
    expect(failing).toMatchObject({ ok: false, problem: "the command exited with 3" });

    const serve = ["sh", "-c", `mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p ${PROBE_SELFTEST_PORT} -h /www`];
    const http = (path: string, expectStatus: number, expectBody: string) =>
      runProbe(
        engine,
        "busybox:stable",
        { kind: "http", port: PROBE_SELFTEST_PORT, path, expectStatus, expectBody },
        { serverCommand: serve, timeoutMs: 20_000 },
      );
    expect(await http("/index.html", 200, "hello\n")).toMatchObject({ ok: true, actual: "200 hello\n" });
    expect(await http("/index.html", 200, "bye\n")).toMatchObject({ ok: false, problem: "body differs from expectBody" });
    expect(await http("/missing", 200, "")).toMatchObject({ ok: false, problem: "status 404, expected 200" });
    const dead = await runProbe(
      engine,
      "busybox:stable",
      { kind: "http", port: PROBE_SELFTEST_PORT, path: "/", expectStatus: 200, expectBody: "" },
      { serverCommand: ["sh", "-c", "echo crashed >&2; exit 1"], timeoutMs: 20_000 },
    );
    expect(dead.ok).toBe(false);
    expect(dead.problem).toMatch(/^the server exited/);
    expect(dead.log).toContain("crashed");
  }, 120_000);

  for (const f of fixtures) {
    it.concurrent(
      f.name,
      async () => {
        const tag = `slimstage-fixture-${f.name}`;
        const m: Measurement = { name: f.name, ecosystem: f.ecosystem, base: baseImage(f), buildSeconds: NaN, sizeMB: NaN, probe: "not run" };
        results.push(m);
        await slot(async () => {
          firstStart = Math.min(firstStart, performance.now());
          try {
            const built = await engine
              .build({ context: f.dir, dockerfile: { path: f.dockerfilePath }, tags: [tag], noCache, timeoutMs: BUILD_TIMEOUT_MS })
              .catch((e: unknown) => {
                throw e instanceof EngineError ? new Error(`${f.name}: ${e.describe()}`) : e;
              });
            m.buildSeconds = built.durationMs / 1000;
          } finally {
            lastEnd = Math.max(lastEnd, performance.now());
          }
        });
        m.sizeMB = (await engine.inspectImage(tag)).size / 1e6;
        // Probes run outside the build slots: servers use distinct ports, so they do not collide.
        const out = await runProbe(engine, tag, f.probe, { namePrefix: `slimstage-fixture-${f.name}` });
        m.probe = out.ok ? "pass" : "fail";
        expect(out.ok, describeFailure(f, out)).toBe(true);
      },
      TEST_TIMEOUT_MS,
    );
  }

  afterAll(() => {
    if (results.length === 0) return;
    results.sort((a, b) => a.name.localeCompare(b.name));
    const wall = lastEnd > firstStart ? (lastEnd - firstStart) / 1000 : 0;
    const lines = results.map(
      (r) =>
        `${r.name.padEnd(26)} ${r.ecosystem.padEnd(8)} ${r.base.padEnd(24)} ${r.buildSeconds.toFixed(1).padStart(7)} s ${r.sizeMB.toFixed(0).padStart(6)} MB  ${r.probe}`,
    );
    console.log(
      [
        `convert fixtures: ${results.length} built (concurrency ${BUILD_CONCURRENCY}${noCache ? ", no cache" : ""}), build wall time ${wall.toFixed(0)} s`,
        ...lines,
      ].join("\n"),
    );
    const report = process.env.SLIMSTAGE_FIXTURES_REPORT;
    if (report) writeFileSync(report, JSON.stringify({ wallSeconds: wall, noCache, results }, null, 2) + "\n");
  });
});
