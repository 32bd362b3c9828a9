// The HTTP probe over a scripted engine: every port check and request goes through the Engine, so the probe runs
// here without a network, a Docker daemon or a listening server.
import { describe, expect, it } from "vitest";
import type { ContainerHandle, ContainerState, Engine, ImageConfig, RunRequest } from "../engine/index.js";
import { runProbe } from "./run-probes.js";

const config: ImageConfig = {
  env: [],
  entrypoint: null,
  cmd: ["serve"],
  user: "",
  workingDir: "/",
  exposedPorts: [],
  volumes: [],
  labels: {},
  healthcheck: null,
};

/** A server container whose port opens after `opensAfter` checks and whose first `failures` requests fail. */
class ScriptedEngine implements Partial<Engine> {
  calls: string[] = [];
  checks = 0;
  started = false;
  constructor(private readonly o: { busyBefore?: boolean; opensAfter?: number; failures?: number; exits?: boolean }) {}
  async start(req: RunRequest): Promise<ContainerHandle> {
    this.calls.push(`start ${req.image}`);
    this.started = true;
    return { id: "c1", name: "c1" };
  }
  async containerState(): Promise<ContainerState> {
    return this.o.exits ? { running: false, status: "exited", exitCode: 3 } : { running: true, status: "running", exitCode: 0 };
  }
  async logs(): Promise<{ stdout: string; stderr: string }> {
    return { stdout: "listening\n", stderr: "" };
  }
  async removeContainer(id: string): Promise<void> {
    this.calls.push(`rm ${id}`);
  }
  async portOpen(host: string, port: number): Promise<boolean> {
    this.calls.push(`port ${host}:${port}`);
    if (!this.started) return Boolean(this.o.busyBefore);
    return ++this.checks > (this.o.opensAfter ?? 0);
  }
  async httpGet(req: { host: string; port: number; path: string }): Promise<{ status: number; body: string }> {
    this.calls.push(`GET ${req.host}:${req.port}${req.path}`);
    if ((this.o.failures ?? 0) > 0) {
      this.o.failures!--;
      throw new Error("socket hang up");
    }
    return { status: 200, body: "ok" };
  }
}

const probe = { kind: "http" as const, spec: "http:8080/health", port: 8080, path: "/health" };
const run = (e: ScriptedEngine, timeoutMs = 5000) => runProbe(e as unknown as Engine, "img", config, probe, { timeoutMs });

describe("http probe through the engine", () => {
  it("waits for the port, retries the request until the server answers, and removes the container", async () => {
    const e = new ScriptedEngine({ opensAfter: 1, failures: 1 });
    const got = await run(e);
    expect(got.http).toEqual({ status: 200, body: "ok" });
    expect(got.stdout).toBe("listening\n");
    expect(e.calls.filter((c) => c.startsWith("GET"))).toEqual(["GET 127.0.0.1:8080/health", "GET 127.0.0.1:8080/health"]);
    expect(e.calls.at(-1)).toBe("rm c1");
  });

  it("refuses to run when the port is taken before the container starts", async () => {
    const e = new ScriptedEngine({ busyBefore: true });
    const got = await run(e);
    expect(got.status).toBe("error");
    expect(got.note).toMatch(/port 8080 is already in use on 127\.0\.0\.1/);
    expect(e.started).toBe(false);
  });

  it("reports a container that exits before its port opens", async () => {
    const e = new ScriptedEngine({ opensAfter: 1000, exits: true });
    const got = await run(e);
    expect(got.http?.status).toBeNull();
    expect(got.http?.error).toMatch(/exited with code 3 before port 8080 opened/);
    expect(e.calls.at(-1)).toBe("rm c1");
  });
});
