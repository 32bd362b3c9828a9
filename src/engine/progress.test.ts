import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JsonStreamSplitter, parseRawJson, parseStepName, progressEventToJson } from "./progress.js";

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");

describe("JsonStreamSplitter", () => {
  it("splits concatenated pretty JSON with braces inside strings, across chunk boundaries", () => {
    const text = '{\n "a": "}{\\"",\n "b": {"c": 1}\n}\n{"d": 2}\nERROR: failed to solve: x\n   2 | >>> RUN echo {\n';
    for (const step of [1, 3, 7, text.length]) {
      const s = new JsonStreamSplitter();
      const objects: unknown[] = [];
      const lines: string[] = [];
      for (let i = 0; i < text.length; i += step) {
        const r = s.push(text.slice(i, i + step));
        objects.push(...r.objects);
        lines.push(...r.lines);
      }
      const r = s.end();
      objects.push(...r.objects);
      lines.push(...r.lines);
      expect(objects).toEqual([{ a: '}{"', b: { c: 1 } }, { d: 2 }]);
      expect(lines).toEqual(["ERROR: failed to solve: x", "   2 | >>> RUN echo {"]);
    }
  });
});

describe("parseStepName", () => {
  it.each([
    ["[2/3] RUN echo hi", { internal: false, index: 2, total: 3, instruction: "RUN echo hi" }],
    ["[build 1/5] FROM docker.io/library/golang:1.19", { internal: false, stage: "build", index: 1, total: 5 }],
    ["[internal] load build definition from Dockerfile", { internal: true }],
    ["exporting to image", { internal: true }],
  ])("%s", (name, expected) => {
    expect(parseStepName(name)).toMatchObject(expected);
  });
});

// Fixtures: rawjson progress captured from Docker 26.1 / BuildKit on this project's engine.
describe("rawjson from a real build", () => {
  it("a fresh build: steps, logs, timing", () => {
    const { events, tracker } = parseRawJson(fixture("rawjson-ok.txt"));
    const own = tracker
      .steps()
      .filter((s) => !s.internal)
      .sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    expect(own.map((s) => s.name)).toEqual([
      "[1/3] FROM docker.io/library/debian:bookworm-slim",
      "[2/3] RUN echo hi > /a.txt && dd if=/dev/zero of=/big bs=1k count=100",
      "[3/3] RUN rm /big",
    ]);
    const run = own[1];
    expect(run?.cached).toBe(false);
    // BuildKit reports an image already in the store as a cached FROM.
    expect(own[0]?.cached).toBe(true);
    expect(run?.durationMs).toBeGreaterThan(0);
    expect(run?.completed?.getTime()).toBeGreaterThanOrEqual(run?.started?.getTime() ?? Infinity);
    const logs = events.filter((e) => e.type === "step-log" && e.step === run);
    expect(logs.map((e) => (e.type === "step-log" ? e.text : "")).join("")).toMatch(/102400 bytes/);
    expect(tracker.logTail(run?.id ?? "")).toContain("100+0 records in");
    expect(events.filter((e) => e.type === "step-end" && e.step === run)).toHaveLength(1);
    expect(tracker.failedStep()).toBeUndefined();
  });

  it("a rebuild: the RUN steps come from cache", () => {
    const { tracker } = parseRawJson(fixture("rawjson-cached.txt"));
    const runs = tracker.steps().filter((s) => s.instruction?.startsWith("RUN"));
    expect(runs).toHaveLength(2);
    expect(runs.every((s) => s.cached)).toBe(true);
  });

  it("a failing RUN: the failed step, its stderr and the engine's error text", () => {
    const { events, tracker } = parseRawJson(fixture("rawjson-fail.txt"));
    const failed = tracker.failedStep();
    expect(failed?.name).toBe("[2/2] RUN echo oops >&2; exit 3");
    expect(failed?.error).toMatch(/exit code: 3/);
    expect(tracker.logTail(failed?.id ?? "")).toContain("oops");
    const output = events.filter((e) => e.type === "output").map((e) => (e.type === "output" ? e.text : ""));
    expect(output.at(-1)).toMatch(/^ERROR: failed to solve: .*exit code: 3/);
  });

  it("an unreachable # syntax= frontend", () => {
    const { tracker } = parseRawJson(fixture("rawjson-syntax.txt"));
    expect(tracker.failedStep()?.name).toBe("resolve image config for docker-image://docker.io/docker/dockerfile:1.7");
  });

  it("JSON lines records carry ISO dates and no engine internals", () => {
    const { events } = parseRawJson(fixture("rawjson-ok.txt"));
    const end = events.find((e) => e.type === "step-end" && e.step.instruction?.startsWith("RUN"));
    const rec = progressEventToJson(end!);
    expect(rec).toMatchObject({ type: "step-end", step: { cached: false, index: expect.any(Number) } });
    expect(String((rec.step as { started: string }).started)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
  });
});
