// Running probes against one image through the Engine, which also makes the port and HTTP checks (no network
// access here). Containers run one at a time: with host networking two servers of the same image would fight
// over the port. Every container this starts is removed, also on failure.
import type { Engine, ImageConfig, RunRequest } from "../engine/index.js";
import type { ProbeObservation } from "./compare.js";
import type { Probe } from "./probes.js";

export interface ProbeRunOptions {
  /** Environment for every probe container (`DB_HOST=…`). */
  env?: Readonly<Record<string, string>>;
  network?: string;
  /** Limit for one probe: a `cmd:` run, waiting for a port, the HTTP request. Default 30 s. */
  timeoutMs?: number;
  /** How long the `default` probe lets the default command run. Default 5 s. */
  defaultRunMs?: number;
  /** Upper bound for waiting on a HEALTHCHECK verdict. Default 180 s. */
  healthTimeoutMs?: number;
  /** Host the HTTP probe connects to. Default 127.0.0.1 (host networking). */
  host?: string;
  signal?: AbortSignal;
  /** Labels for the containers (so a crashed run's leftovers can be found). */
  labels?: Readonly<Record<string, string>>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

function base(image: string, opts: ProbeRunOptions): RunRequest {
  return {
    image,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.network ? { network: opts.network } : {}),
    ...(opts.labels ? { labels: opts.labels } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
}

/** A detached container, always cleaned up; `use` gets its id. */
async function withContainer<T>(engine: Engine, req: RunRequest, use: (id: string) => Promise<T>): Promise<T> {
  const handle = await engine.start(req);
  try {
    return await use(handle.id);
  } finally {
    await engine.removeContainer(handle.id, { force: true }).catch(() => {});
  }
}

/** Runs one probe on one image. Engine failures (no such image, docker down) propagate as EngineError. */
export async function runProbe(engine: Engine, image: string, config: ImageConfig, probe: Probe, opts: ProbeRunOptions = {}): Promise<ProbeObservation> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  switch (probe.kind) {
    case "default":
    case "cmd": {
      const req: RunRequest = { ...base(image, opts), timeoutMs: probe.kind === "default" ? (probe.runMs ?? opts.defaultRunMs ?? 5000) : timeoutMs };
      if (probe.kind === "cmd") {
        // The probe's program replaces the ENTRYPOINT, so an image with ENTRYPOINT ["python"] still runs it as given.
        if (probe.argv) {
          req.entrypoint = [probe.argv[0] as string];
          req.command = probe.argv.slice(1);
        } else {
          req.entrypoint = ["/bin/sh"];
          req.command = ["-c", probe.command];
        }
      } else if (!config.cmd?.length && !config.entrypoint?.length) {
        return { probe: probe.spec, status: "skipped", note: "the image has no default command", durationMs: 0 };
      }
      const r = await engine.run(req);
      const stillRunning = r.timedOut && probe.kind === "default";
      return {
        probe: probe.spec,
        status: r.timedOut && probe.kind === "cmd" ? "error" : "ran",
        exitCode: r.exitCode,
        ...(stillRunning ? { stillRunning: true } : {}),
        stdout: r.stdout,
        stderr: r.stderr,
        ...(r.timedOut && probe.kind === "cmd" ? { note: `timed out after ${Math.round(timeoutMs / 1000)}s` } : {}),
        durationMs: elapsed(),
      };
    }
    case "http": {
      const host = opts.host ?? "127.0.0.1";
      if (await engine.portOpen(host, probe.port)) {
        return {
          probe: probe.spec,
          status: "error",
          note: `port ${probe.port} is already in use on ${host} before the container started`,
          durationMs: elapsed(),
        };
      }
      return withContainer(engine, base(image, opts), async (id) => {
        const deadline = performance.now() + timeoutMs;
        let exited: string | undefined;
        let lastCheck = 0;
        while (performance.now() < deadline && !opts.signal?.aborted) {
          if (await engine.portOpen(host, probe.port, { timeoutMs: 500 })) break;
          if (performance.now() - lastCheck > 1000) {
            lastCheck = performance.now();
            const st = await engine.containerState(id);
            if (!st.running) {
              exited = `the container exited with code ${st.exitCode} before port ${probe.port} opened`;
              break;
            }
          }
          await sleep(200, opts.signal);
        }
        let http: ProbeObservation["http"];
        if (!exited) {
          // A port can open before the application answers (a pre-fork server); retry until the deadline.
          for (;;) {
            try {
              http = await engine.httpGet({ host, port: probe.port, path: probe.path, timeoutMs: Math.max(1000, deadline - performance.now()) });
              break;
            } catch (e) {
              if (performance.now() >= deadline || opts.signal?.aborted) {
                http = { status: null, body: "", error: (e as Error).message };
                break;
              }
              await sleep(300, opts.signal);
            }
          }
        } else {
          http = { status: null, body: "", error: exited };
        }
        const logs = await engine.logs(id).catch(() => ({ stdout: "", stderr: "" }));
        return { probe: probe.spec, status: "ran", http, stdout: logs.stdout, stderr: logs.stderr, durationMs: elapsed() };
      });
    }
    case "healthcheck": {
      const hc = config.healthcheck;
      if (!hc || hc.test.length === 0 || hc.test[0] === "NONE") {
        return { probe: probe.spec, status: "skipped", note: "no HEALTHCHECK", durationMs: 0 };
      }
      // Docker's defaults: 30 s interval and timeout, 3 retries; wait long enough for the check to decide.
      const s = (ns: number | undefined, d: number) => (ns ? ns / 1e6 : d);
      const needed = s(hc.startPeriodNs, 0) + (s(hc.intervalNs, 30_000) + s(hc.timeoutNs, 30_000)) * ((hc.retries || 3) + 1) + 5000;
      const limit = Math.min(needed, opts.healthTimeoutMs ?? 180_000);
      return withContainer(engine, base(image, opts), async (id) => {
        const deadline = performance.now() + limit;
        let health = "starting";
        let note: string | undefined;
        while (performance.now() < deadline && !opts.signal?.aborted) {
          const st = await engine.containerState(id);
          health = st.health ?? "none";
          if (health === "healthy" || health === "unhealthy") break;
          if (!st.running) {
            note = `the container exited with code ${st.exitCode}`;
            health = "exited";
            break;
          }
          await sleep(500, opts.signal);
        }
        if (health === "starting") note = `no verdict within ${Math.round(limit / 1000)}s`;
        return { probe: probe.spec, status: "ran", health, ...(note ? { note } : {}), durationMs: elapsed() };
      });
    }
  }
}
