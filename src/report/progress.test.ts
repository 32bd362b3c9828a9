// The progress display fed with recorded BuildKit streams (src/engine/testdata) and a fake clock.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JsonStreamSplitter, parseRawJson, ProgressTracker, type BuildStep, type ProgressEvent } from "../engine/index.js";
import { createProgressDisplay, fit, formatDuration, LiveDisplay } from "./progress.js";

const events = (name: string): ProgressEvent[] => parseRawJson(readFileSync(new URL(`../engine/testdata/${name}`, import.meta.url), "utf8")).events;

/** Replays a recording object by object, as the engine delivers it, so steps are seen in their state at the time. */
function replay(name: string, onEvent: (ev: ProgressEvent) => void): void {
  const splitter = new JsonStreamSplitter();
  const tracker = new ProgressTracker();
  const { objects } = splitter.push(readFileSync(new URL(`../engine/testdata/${name}`, import.meta.url), "utf8"));
  for (const o of objects) for (const ev of tracker.feed(o)) onEvent(ev);
}

function capture(): { write: (t: string) => void; text: () => string } {
  let out = "";
  return { write: (t) => (out += t), text: () => out };
}

describe("plain progress", () => {
  it("prints numbered steps, their logs and how each ended", () => {
    const c = capture();
    const d = createProgressDisplay("plain", { write: c.write });
    for (const ev of events("rawjson-fail.txt")) d.onEvent(ev);
    d.close();
    const lines = c.text().split("\n");
    const run = lines.find((l) => /^#\d+ \[2\/2\] RUN echo oops/.test(l));
    expect(run).toBeDefined();
    const n = /^#(\d+)/.exec(run as string)?.[1];
    expect(lines).toContain(`#${n} oops`);
    expect(lines.some((l) => l.startsWith(`#${n} ERROR: process "/bin/sh -c echo oops >&2; exit 3" did not complete successfully: exit code: 3`))).toBe(true);
    expect(c.text()).not.toMatch(/\x1b\[/);
    // one end line per step, even when the engine reports a vertex complete twice
    const ends = lines.filter((l) => / (DONE [\d.]+s|CACHED|ERROR: .*)$/.test(l)).map((l) => l.split(" ")[0]);
    expect(ends).toEqual([...new Set(ends)]);
  });
  it("compact mode shows one line per finished Dockerfile step, with CACHED", () => {
    const c = capture();
    const d = createProgressDisplay("plain", { write: c.write, compact: true, prefix: "  " });
    for (const ev of events("rawjson-cached.txt")) d.onEvent(ev);
    const lines = c.text().trimEnd().split("\n");
    expect(lines.every((l) => l.startsWith("  [") || l.startsWith("  note") || l.startsWith("  WARNING"))).toBe(true);
    expect(lines.filter((l) => l.endsWith("CACHED")).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes("[internal]"))).toBe(false);
  });
});

describe("json progress", () => {
  it("writes one parseable record per event", () => {
    const c = capture();
    const d = createProgressDisplay("json", { write: c.write });
    const evs = events("rawjson-ok.txt");
    for (const ev of evs) d.onEvent(ev);
    const records = c
      .text()
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string });
    expect(records).toHaveLength(evs.length);
    expect(records.map((r) => r.type)).toEqual(evs.map((e) => e.type));
  });
});

describe("live display", () => {
  it("redraws in place: each frame moves up over the previous one and clears it", () => {
    const c = capture();
    let now = 0;
    const d = new LiveDisplay({ write: c.write, now: () => now, tickMs: 0, columns: 60, rows: 20 });
    replay("rawjson-ok.txt", (ev) => {
      now += 150;
      d.onEvent(ev);
    });
    const cached = parseRawJson(readFileSync(new URL("../engine/testdata/rawjson-ok.txt", import.meta.url), "utf8"))
      .tracker.steps()
      .filter((st) => !st.internal && st.cached).length;
    d.close();
    const frames = c.text().split(/\x1b\[\d+A\r\x1b\[J/);
    expect(frames.length).toBeGreaterThan(3);
    // every redraw moves up exactly as many lines as the previous frame had
    const ups = [...c.text().matchAll(/\x1b\[(\d+)A/g)].map((m) => Number(m[1]));
    frames.slice(0, -1).forEach((f, i) => expect(ups[i]).toBe(f.split("\n").length - 1));
    const last = frames.at(-1) as string;
    expect(last).toMatch(new RegExp(`^Building \\d+\\.\\ds \\(3/3 steps, ${cached} cached\\)`));
    expect(last).toMatch(/✔ \[3\/3\] RUN rm \/big/);
    expect(last).not.toMatch(/\[internal\]/);
    // no line is wider than the terminal
    for (const l of c
      .text()
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
      .split("\n"))
      expect(l.length).toBeLessThanOrEqual(59);
  });
  it("shows a running step with its elapsed time and last log line, a failed one with ERROR", () => {
    const c = capture();
    let now = 0;
    const d = new LiveDisplay({ write: c.write, now: () => now, tickMs: 0, columns: 100 });
    let seen = false;
    let running = "";
    replay("rawjson-fail.txt", (ev) => {
      d.onEvent(ev);
      if (!seen && ev.type === "step-log" && ev.text.includes("oops")) {
        seen = true;
        now += 4200;
        running = d.render().join("\n");
      }
    });
    expect(running).toMatch(/\[2\/2\] RUN echo oops.* 4\.\ds/);
    expect(running).toMatch(/\n {2}oops/);
    expect(d.render().join("\n")).toMatch(/✘ \[2\/2\] RUN echo oops.*ERROR/);
  });
  it("keeps to the terminal height by folding the oldest lines", () => {
    const d = new LiveDisplay({ write: () => {}, now: () => 0, tickMs: 0, rows: 6 });
    for (let i = 1; i <= 8; i++) {
      const step: BuildStep = { id: `s${i}`, name: `[${i}/8] RUN step ${i}`, internal: false, index: i, total: 8, instruction: `RUN step ${i}`, cached: false };
      d.onEvent({ type: "step-start", step });
      d.onEvent({ type: "step-end", step: { ...step, completed: new Date(), durationMs: 100 } });
    }
    const lines = d.render();
    expect(lines.length).toBe(5);
    expect(lines[1]).toBe("… 5 earlier lines");
    expect(lines.at(-1)).toMatch(/\[8\/8\] RUN step 8/);
  });
});

describe("helpers", () => {
  it("formatDuration and fit", () => {
    expect(formatDuration(1234)).toBe("1.2s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(125_000)).toBe("2m05s");
    expect(fit("abcdef", 4)).toBe("abc…");
    expect(fit("a\n  b", 10)).toBe("a b");
  });
});
