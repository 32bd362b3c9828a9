import { describe, expect, it } from "vitest";
import { compareObservations, normalizeOutput, stripAnsi, type ProbeObservation } from "./compare.js";
import { parseProbe } from "./probes.js";

const ran = (o: Partial<ProbeObservation>): ProbeObservation => ({ probe: "p", status: "ran", durationMs: 1, ...o });

describe("normalizeOutput", () => {
  it("replaces times, ids and durations, strips colours and trailing blanks", () => {
    const a = "\x1b[33m2024-05-01T10:00:00.123Z\x1b[0m started abcdef0123456789 in 12ms  \r\n[01/May/2024 10:00:01] GET / 200";
    const b = "2025-11-27 08:09:10,5 started 0123456789abcdef in 3.5 s\n[27/Nov/2025 08:09:11] GET / 200";
    expect(normalizeOutput(a)).toBe("<time> started <hex> in <duration>\n[<time>] GET / 200");
    expect(normalizeOutput(a)).toBe(normalizeOutput(b));
  });
  it("keeps what matters", () => {
    expect(normalizeOutput("exit 1: can't open file 'app.py'")).toBe("exit 1: can't open file 'app.py'");
    expect(stripAnsi("\x1b]0;title\x07x\x1b[1;31my")).toBe("xy");
  });
});

describe("compareObservations", () => {
  it("matches equal runs and reports each differing field", () => {
    const p = parseProbe("cmd:python -c 'import app'");
    expect(compareObservations(p, ran({ exitCode: 0, stdout: "ok\n" }), ran({ exitCode: 0, stdout: "ok" })).match).toBe(true);
    const c = compareObservations(p, ran({ exitCode: 0, stdout: "ok" }), ran({ exitCode: 1, stderr: "ModuleNotFoundError: No module named 'app'" }));
    expect(c.match).toBe(false);
    expect(c.differences.map((d) => [d.field, d.original, d.candidate])).toEqual([
      ["exit", "exit code 0", "exit code 1"],
      ["stdout", "ok", ""],
      ["stderr", "", "ModuleNotFoundError: No module named 'app'"],
    ]);
  });
  it("tells a server still running from one that exited", () => {
    const p = parseProbe("default:3");
    const c = compareObservations(p, ran({ exitCode: null, stillRunning: true }), ran({ exitCode: 2 }));
    expect(c.differences[0]).toEqual({ field: "exit", original: "still running at the time limit", candidate: "exit code 2" });
  });
  it("compares HTTP status and body; a missing response is a difference", () => {
    const p = parseProbe("http:5000/health");
    const ok = ran({ http: { status: 200, body: '{"status":"ok"}' } });
    expect(compareObservations(p, ok, ran({ http: { status: 200, body: '{"status":"ok"}' } })).match).toBe(true);
    const c = compareObservations(p, ok, ran({ http: { status: null, body: "", error: "the container exited with code 2 before port 5000 opened" } }));
    expect(c.differences.map((d) => d.field)).toEqual(["http status", "http body"]);
    expect(c.differences[0]?.candidate).toBe("no response (the container exited with code 2 before port 5000 opened)");
  });
  it("compares health verdicts, and skipped or failed runs by their status", () => {
    const p = parseProbe("healthcheck");
    expect(compareObservations(p, ran({ health: "healthy" }), ran({ health: "unhealthy" })).differences).toEqual([
      { field: "health", original: "healthy", candidate: "unhealthy" },
    ]);
    const skipped: ProbeObservation = { probe: "healthcheck", status: "skipped", note: "no HEALTHCHECK", durationMs: 0 };
    expect(compareObservations(p, skipped, skipped).match).toBe(true);
    expect(compareObservations(p, ran({ health: "healthy" }), skipped).differences[0]).toMatchObject({
      field: "status",
      candidate: "skipped (no HEALTHCHECK)",
    });
  });
});
