// On the real engine: builds, the frontend fallback, failures, runs with timeouts, detached containers.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeWithEngine } from "../../test/support/engine.js";
import { DockerCliEngine } from "./docker-cli.js";
import { EngineError } from "./errors.js";
import type { ProgressEvent } from "./progress.js";

describeWithEngine("DockerCliEngine on the real engine", () => {
  const engine = new DockerCliEngine({ network: "host" });
  const ctx = mkdtempSync(join(tmpdir(), "slimstage-engine-"));
  const images: string[] = [];
  afterAll(async () => {
    for (const id of images) await engine.removeImage(id, { force: true }).catch(() => {});
  });

  it("builds from a file, streams typed progress, and counts cached steps on a rebuild", async () => {
    const nonce = `${Date.now()}-${Math.random()}`;
    writeFileSync(join(ctx, "Dockerfile"), `FROM debian:bookworm-slim\nRUN echo ${nonce} > /nonce\nCMD ["cat", "/nonce"]\n`);
    const events: ProgressEvent[] = [];
    const first = await engine.build({ context: ctx, dockerfile: { path: join(ctx, "Dockerfile") }, onProgress: (e) => events.push(e) }); // prettier-ignore
    images.push(first.imageId);
    expect(first.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.totalSteps).toBe(2);
    expect(first.steps.find((s) => s.instruction?.startsWith("RUN"))?.cached).toBe(false);
    expect(events.some((e) => e.type === "step-end" && e.step.instruction?.startsWith("RUN"))).toBe(true);
    const again = await engine.build({ context: ctx, dockerfile: { path: join(ctx, "Dockerfile") } });
    expect(again.imageId).toBe(first.imageId);
    // BuildKit marks the RUN as cached; the FROM of a fully cached build is reported as resolved, not cached.
    expect(again.steps.find((s) => s.instruction?.startsWith("RUN"))?.cached).toBe(true);
    expect(again.cachedSteps).toBe(again.steps.filter((s) => !s.internal && s.cached).length);
    expect(again.cachedSteps).toBeGreaterThanOrEqual(1);
    const run = await engine.run({ image: first.imageId, timeoutMs: 60_000 });
    expect(run).toMatchObject({ exitCode: 0, stdout: `${nonce}\n`, timedOut: false });
    const info = await engine.inspectImage(first.imageId);
    expect(info.config.cmd).toEqual(["cat", "/nonce"]);
  });

  it("frontend auto: an unresolvable # syntax= image falls back to the builtin frontend and says so", async () => {
    const text = "# syntax=docker/dockerfile:1.7\n# escape=`\nFROM debian:bookworm-slim\nRUN echo a `\n  && echo b > /x\n";
    const events: ProgressEvent[] = [];
    const r = await engine.build({ context: ctx, dockerfile: { text }, onProgress: (e) => events.push(e) });
    images.push(r.imageId);
    expect(r.frontend).toMatchObject({ mode: "auto", used: "builtin", fallback: true });
    expect(r.frontend.notice).toMatch(/docker\/dockerfile:1.7 cannot be resolved/);
    const notices = events.filter((e) => e.type === "notice");
    expect(notices).toHaveLength(1);
    // The failed first attempt is not shown.
    expect(events.some((e) => "step" in e && e.step?.error !== undefined)).toBe(false);
    await expect(engine.build({ context: ctx, dockerfile: { text }, frontend: "directive" })).rejects.toThrow(/docker\/dockerfile:1.7/);
  });

  it("a failing RUN becomes an EngineError with the step and its output", async () => {
    const text = "FROM debian:bookworm-slim\nRUN echo boom-output >&2; exit 7\n";
    const e = await engine.build({ context: ctx, dockerfile: { text } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    const err = e as EngineError;
    expect(err.kind).toBe("build");
    expect(err.step).toBe("[2/2] RUN echo boom-output >&2; exit 7");
    expect(err.output).toContain("boom-output");
    expect(err.message).toMatch(/exit code: 7/);
  });

  it("history and inspect agree on sizes", async () => {
    const h = await engine.history("debian:bookworm-slim");
    const i = await engine.inspectImage("debian:bookworm-slim");
    expect(h.reduce((s, x) => s + x.size, 0)).toBe(i.size);
  });

  it("run: exit codes, stdin, timeouts kill the container", async () => {
    const r = await engine.run({ image: "debian:bookworm-slim", command: ["sh", "-c", "cat; exit 5"], stdin: "in", timeoutMs: 60_000 });
    expect(r).toMatchObject({ exitCode: 5, stdout: "in" });
    const name = `slimstage-test-${Date.now()}`;
    const t = await engine.run({ image: "debian:bookworm-slim", command: ["sleep", "30"], name, timeoutMs: 1500 });
    expect(t).toMatchObject({ timedOut: true, exitCode: null });
    await expect(engine.containerState(name)).rejects.toThrow(EngineError);
    await expect(engine.run({ image: "no-such-image-slimstage:0", timeoutMs: 60_000 })).rejects.toMatchObject({ kind: "exit", exitCode: 125 });
  });

  it("start, state, logs, stop, remove", async () => {
    const c = await engine.start({ image: "debian:bookworm-slim", command: ["sh", "-c", "echo up; sleep 60"] });
    try {
      expect((await engine.containerState(c.id)).running).toBe(true);
      for (let i = 0; i < 20 && !(await engine.logs(c.id)).stdout.includes("up"); i++) await new Promise((r) => setTimeout(r, 100));
      expect((await engine.logs(c.id)).stdout).toBe("up\n");
      await engine.stop(c.id, { graceSeconds: 1 });
      expect((await engine.containerState(c.id)).running).toBe(false);
    } finally {
      await engine.removeContainer(c.id, { force: true });
    }
  });
});
