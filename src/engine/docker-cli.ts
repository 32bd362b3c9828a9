// Engine on the Docker CLI with buildx. Every call is an argv array; output formats are JSON where the CLI offers
// it. This file is the only place that knows docker's flags.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { registerCleanup } from "../cleanup.js";
import { EngineError } from "./errors.js";
import { httpGet, portOpen, type HttpResponse } from "./network.js";
import { detectSyntaxDirective, isFrontendResolveFailure, stripSyntaxDirective, type FrontendMode, type SyntaxDirective } from "./frontend.js";
import { lastLines, runProcess, startProcess, type ProcessResult } from "./process.js";
import { JsonStreamSplitter, ProgressTracker, type ProgressEvent } from "./progress.js";
import type {
  BuildRequest,
  BuildResult,
  CallOptions,
  ContainerHandle,
  ContainerState,
  Engine,
  EngineVersion,
  HistoryEntry,
  ImageConfig,
  ImageInspect,
  RunRequest,
  RunResult,
} from "./types.js";

export const DEFAULT_DOCKER = "/usr/bin/docker";

export interface DockerCliOptions {
  /** The docker CLI; default `$SLIMSTAGE_DOCKER` or /usr/bin/docker. */
  docker?: string;
  /** Environment for the CLI (DOCKER_HOST, BUILDX_BUILDER…); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default buildx builder when a request names none. */
  builder?: string;
  /** Default `--network` for builds and runs when a request names none. */
  network?: string;
  /** Default timeout for short calls (inspect, stop…); builds and runs have none unless asked. */
  timeoutMs?: number;
}

/** The CLI path: explicit option, else `SLIMSTAGE_DOCKER`, else /usr/bin/docker. */
export function dockerPath(opts: { docker?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return opts.docker ?? (opts.env ?? process.env).SLIMSTAGE_DOCKER ?? DEFAULT_DOCKER;
}

/** What the `docker buildx build` argv is made of: the request's build settings, resolved to a file and an id file. */
export interface BuildArgvInput extends Pick<
  BuildRequest,
  "context" | "tags" | "target" | "buildArgs" | "labels" | "platform" | "network" | "noCache" | "builder"
> {
  docker: string;
  /** `-` for stdin. */
  dockerfile: string;
  iidfile: string;
}

/** The argv of `docker buildx build` (pure, so it can be tested without an engine). */
export function buildxBuildArgv(i: BuildArgvInput): string[] {
  const argv = [i.docker, "buildx", "build"];
  if (i.builder) argv.push("--builder", i.builder);
  argv.push("--load", "--progress", "rawjson", "--iidfile", i.iidfile, "-f", i.dockerfile);
  for (const t of i.tags ?? []) argv.push("--tag", t);
  if (i.target) argv.push("--target", i.target);
  for (const [k, v] of Object.entries(i.buildArgs ?? {})) argv.push("--build-arg", `${k}=${v}`);
  for (const [k, v] of Object.entries(i.labels ?? {})) argv.push("--label", `${k}=${v}`);
  if (i.platform) argv.push("--platform", i.platform);
  if (i.network) argv.push("--network", i.network);
  if (i.noCache) argv.push("--no-cache");
  // `--` keeps a context path that starts with "-" from being read as a flag.
  argv.push("--", i.context);
  return argv;
}

/** The argv of `docker run` / `docker run -d` (pure). */
export function runArgv(docker: string, req: RunRequest & { name: string }, detached: boolean): string[] {
  const argv = [docker, "run", detached ? "-d" : "--rm", "--name", req.name];
  if (req.network) argv.push("--network", req.network);
  if (req.stdin !== undefined && !detached) argv.push("-i");
  if (req.user !== undefined) argv.push("--user", req.user);
  if (req.workdir !== undefined) argv.push("--workdir", req.workdir);
  for (const [k, v] of Object.entries(req.env ?? {})) argv.push("--env", `${k}=${v}`);
  for (const [k, v] of Object.entries(req.labels ?? {})) argv.push("--label", `${k}=${v}`);
  const [ep, ...epArgs] = req.entrypoint ?? [];
  if (req.entrypoint !== undefined) argv.push("--entrypoint", ep ?? "");
  argv.push("--", req.image, ...epArgs, ...(req.command ?? []));
  return argv;
}

function strArray(v: unknown): string[] | null {
  return Array.isArray(v) ? v.map(String) : null;
}

/** `docker image inspect` JSON (one element) → typed fields. */
export function parseImageInspect(raw: unknown): ImageInspect {
  if (typeof raw !== "object" || raw === null) throw new EngineError("unexpected image inspect output", { kind: "protocol" });
  const r = raw as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const c = (r.Config ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const hc = c.Healthcheck as Record<string, unknown> | undefined;
  const config: ImageConfig = {
    env: strArray(c.Env) ?? [],
    entrypoint: strArray(c.Entrypoint),
    cmd: strArray(c.Cmd),
    user: String(c.User ?? ""),
    workingDir: String(c.WorkingDir ?? ""),
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(),
    volumes: Object.keys(c.Volumes ?? {}).sort(),
    labels: { ...(c.Labels ?? {}) },
    healthcheck: hc
      ? {
          test: strArray(hc.Test) ?? [],
          ...(typeof hc.Interval === "number" ? { intervalNs: hc.Interval } : {}),
          ...(typeof hc.Timeout === "number" ? { timeoutNs: hc.Timeout } : {}),
          ...(typeof hc.Retries === "number" ? { retries: hc.Retries } : {}),
          ...(typeof hc.StartPeriod === "number" ? { startPeriodNs: hc.StartPeriod } : {}),
        }
      : null,
    ...(c.StopSignal ? { stopSignal: String(c.StopSignal) } : {}),
    ...(Array.isArray(c.Shell) ? { shell: c.Shell.map(String) } : {}),
  };
  return {
    id: String(r.Id ?? ""),
    repoTags: strArray(r.RepoTags) ?? [],
    created: String(r.Created ?? ""),
    architecture: String(r.Architecture ?? ""),
    os: String(r.Os ?? ""),
    ...(r.Variant ? { variant: String(r.Variant) } : {}),
    size: Number(r.Size ?? 0),
    layers: strArray(r.RootFS?.Layers) ?? [],
    config,
    raw,
  };
}

/** `docker history --format '{{json .}}' --no-trunc --human=false` lines → entries, newest first as docker prints. */
export function parseHistoryLines(text: string): HistoryEntry[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const o = JSON.parse(l) as Record<string, string>;
      return {
        id: o.ID && o.ID !== "<missing>" ? o.ID : null,
        createdBy: o.CreatedBy ?? "",
        created: o.CreatedAt ?? "",
        comment: o.Comment ?? "",
        size: Number(o.Size ?? 0),
      };
    });
}

function uniqueName(prefix = "slimstage"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

export class DockerCliEngine implements Engine {
  readonly docker: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly defaults: DockerCliOptions;
  /** Containers this engine started and has not removed yet, by name and by id → their cleanup's unregister. */
  private readonly live = new Map<string, () => void>();

  constructor(opts: DockerCliOptions = {}) {
    this.env = opts.env ?? process.env;
    this.docker = dockerPath({ ...opts, env: this.env });
    this.defaults = opts;
  }

  /** Runs a short docker command and throws EngineError on failure. */
  private async call(args: readonly string[], opts: CallOptions & { stdin?: string } = {}): Promise<ProcessResult> {
    const argv = [this.docker, ...args];
    const res = await runProcess(argv, {
      env: this.env,
      timeoutMs: opts.timeoutMs ?? this.defaults.timeoutMs ?? 120_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
    });
    if (res.timedOut) {
      throw new EngineError(`docker ${args[0]} timed out after ${Math.round(res.durationMs / 1000)}s`, {
        kind: "timeout",
        argv,
        output: lastLines(res.stderr),
      });
    }
    if (res.exitCode !== 0) {
      const out = lastLines(res.stderr);
      throw new EngineError(`docker ${args[0]} failed: ${out.at(-1) ?? `exit code ${res.exitCode}`}`, {
        kind: "exit",
        argv,
        exitCode: res.exitCode,
        output: out,
      });
    }
    return res;
  }

  async version(opts: CallOptions = {}): Promise<EngineVersion> {
    const res = await this.call(["version", "--format", "{{json .}}"], opts);
    const v = JSON.parse(res.stdout) as { Client?: { Version?: string; ApiVersion?: string }; Server?: { Version?: string } };
    let buildx: string | undefined;
    try {
      buildx = (await this.call(["buildx", "version"], opts)).stdout.trim();
    } catch {
      buildx = undefined;
    }
    return {
      client: v.Client?.Version ?? "",
      server: v.Server?.Version ?? "",
      apiVersion: v.Client?.ApiVersion ?? "",
      ...(buildx ? { buildx } : {}),
    };
  }

  async build(req: BuildRequest): Promise<BuildResult> {
    const mode: FrontendMode = req.frontend ?? "auto";
    const source = req.dockerfile;
    const name = "path" in source && source.path ? source.path : "Dockerfile";
    let text: string;
    try {
      text = "text" in source ? source.text : await readFile(source.path, "utf8");
    } catch (e) {
      throw new EngineError(`cannot read ${name}: ${(e as Error).message}`, { kind: "spawn", cause: e });
    }
    const directive = detectSyntaxDirective(text);
    const fileArg = "text" in source ? undefined : source.path;
    const started = performance.now();
    if (!directive || mode === "directive") {
      const r = await this.buildOnce(req, { fileArg, text, hold: false });
      return this.result(r, started, { mode, ...(directive ? { directive } : {}), used: "directive", fallback: false });
    }
    const stripped = stripSyntaxDirective(text);
    const builtinNotice = (why: string) =>
      `${name}: ${why}; building with the engine's builtin frontend (the "# syntax=${directive.value}" line is left out of the text sent on stdin, ${name} is unchanged)`;
    if (mode === "builtin") {
      const notice = builtinNotice("--frontend builtin");
      req.onProgress?.({ type: "notice", text: notice });
      const r = await this.buildOnce(req, { fileArg: undefined, text: stripped, hold: false });
      return this.result(r, started, { mode, directive, used: "builtin", fallback: false, notice });
    }
    const first = await this.buildOnce(req, { fileArg, text, hold: true, directive });
    if (first.ok || !first.frontendFailure) {
      first.flush();
      return this.result(first, started, { mode, directive, used: "directive", fallback: false });
    }
    const notice = builtinNotice(`the frontend image ${directive.image} cannot be resolved`);
    req.onProgress?.({ type: "notice", text: notice });
    const second = await this.buildOnce(req, { fileArg: undefined, text: stripped, hold: false });
    return this.result(second, started, { mode, directive, used: "builtin", fallback: true, notice });
  }

  private result(r: BuildAttempt, started: number, frontend: BuildResult["frontend"]): BuildResult {
    if (!r.ok) throw r.error;
    const steps = r.tracker.steps();
    const own = steps.filter((s) => !s.internal);
    return {
      imageId: r.imageId,
      durationMs: performance.now() - started,
      steps,
      totalSteps: own.length,
      cachedSteps: own.filter((s) => s.cached).length,
      frontend,
      warnings: r.warnings,
    };
  }

  private async buildOnce(
    req: BuildRequest,
    how: { fileArg: string | undefined; text: string; hold: boolean; directive?: SyntaxDirective },
  ): Promise<BuildAttempt> {
    const dir = await mkdtemp(join(tmpdir(), "slimstage-build-"));
    const unregisterDir = registerCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const iidfile = join(dir, "iid");
    const network = req.network ?? this.defaults.network;
    const builder = req.builder ?? this.defaults.builder;
    const argv = buildxBuildArgv({
      docker: this.docker,
      context: req.context,
      dockerfile: how.fileArg ?? "-",
      iidfile,
      ...(req.tags ? { tags: req.tags } : {}),
      ...(req.target ? { target: req.target } : {}),
      ...(req.buildArgs ? { buildArgs: req.buildArgs } : {}),
      ...(req.labels ? { labels: req.labels } : {}),
      ...(req.platform ? { platform: req.platform } : {}),
      ...(network ? { network } : {}),
      ...(req.noCache ? { noCache: true } : {}),
      ...(builder ? { builder } : {}),
    });
    const splitter = new JsonStreamSplitter();
    const tracker = new ProgressTracker();
    const trailing: string[] = [];
    const warnings: string[] = [];
    const held: ProgressEvent[] = [];
    let holding = how.hold;
    const emit = (ev: ProgressEvent) => {
      if (ev.type === "warning") warnings.push(ev.text);
      if (holding) {
        // Hold events back until the frontend is known to resolve, so a fallback does not show a failed attempt.
        const s = "step" in ev && ev.step ? ev.step : undefined;
        const resolving = s !== undefined && /^resolve image config for /.test(s.name);
        if ((s && !s.internal) || (resolving && ev.type === "step-end" && !s.error)) {
          holding = false;
          held.forEach((h) => req.onProgress?.(h));
          held.length = 0;
        } else {
          held.push(ev);
          return;
        }
      }
      req.onProgress?.(ev);
    };
    const consume = (part: { objects: unknown[]; lines: string[] }) => {
      for (const o of part.objects) tracker.feed(o).forEach(emit);
      for (const l of part.lines) {
        trailing.push(l);
        if (trailing.length > 60) trailing.shift();
        emit({ type: "output", text: l });
      }
    };
    const release = () => {
      holding = false;
      held.forEach((h) => req.onProgress?.(h));
      held.length = 0;
    };
    let res: ProcessResult;
    try {
      res = await runProcess(argv, {
        env: this.env,
        ...(how.fileArg === undefined ? { stdin: how.text } : {}),
        ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        onStderr: (c) => consume(splitter.push(c.toString("utf8"))),
        maxCapture: 256 * 1024,
      });
      consume(splitter.end());
      if (res.exitCode === 0 && !res.timedOut) {
        const imageId = (await readFile(iidfile, "utf8")).trim();
        if (!imageId) throw new EngineError("the build finished but wrote no image id", { kind: "protocol", argv });
        return { ok: true, imageId, tracker, warnings, flush: release };
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
      unregisterDir();
    }
    const failed = tracker.failedStep();
    const errorLines = trailing.filter((l) => /^ERROR:|error:/i.test(l));
    const output = [...(failed ? tracker.logTail(failed.id).slice(-20) : []), ...lastLines(trailing.join("\n"), 20)];
    const frontendFailure =
      how.directive !== undefined &&
      isFrontendResolveFailure(how.directive, {
        ...(failed ? { stepName: failed.name, ...(failed.error ? { stepError: failed.error } : {}) } : {}),
        output: trailing,
      });
    let error: EngineError;
    if (res.timedOut) {
      error = new EngineError(`build timed out after ${Math.round(res.durationMs / 1000)}s`, {
        kind: "timeout",
        argv,
        ...(failed ? { step: failed.name } : {}),
        output,
      });
    } else {
      const reason = failed?.error ?? errorLines.at(-1)?.replace(/^ERROR:\s*/, "") ?? `exit code ${res.exitCode}`;
      error = new EngineError(failed ? `build failed at ${failed.name}: ${reason}` : `build failed: ${reason}`, {
        kind: failed ? "build" : "exit",
        argv,
        exitCode: res.exitCode,
        ...(failed ? { step: failed.name, ...(failed.stage ? { stage: failed.stage } : {}) } : {}),
        output,
      });
    }
    return { ok: false, error, frontendFailure, tracker, warnings, flush: release };
  }

  async inspectImage(ref: string, opts: CallOptions = {}): Promise<ImageInspect> {
    const res = await this.call(["image", "inspect", "--", ref], opts);
    const arr = JSON.parse(res.stdout) as unknown[];
    if (!Array.isArray(arr) || arr.length === 0) throw new EngineError(`no such image: ${ref}`, { kind: "protocol" });
    return parseImageInspect(arr[0]);
  }

  async history(ref: string, opts: CallOptions = {}): Promise<HistoryEntry[]> {
    const res = await this.call(["history", "--no-trunc", "--human=false", "--format", "{{json .}}", "--", ref], opts);
    return parseHistoryLines(res.stdout);
  }

  save(refs: string | readonly string[], opts: { signal?: AbortSignal } = {}): Readable {
    const list = typeof refs === "string" ? [refs] : [...refs];
    const argv = [this.docker, "save", "--", ...list];
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    let stderr = "";
    let stdoutDone = false;
    let exit: { code: number | null; aborted: boolean } | undefined;
    const finish = () => {
      if (!stdoutDone || !exit) return;
      if (exit.aborted) out.destroy(new EngineError("docker save was aborted", { kind: "aborted", argv }));
      else if (exit.code !== 0)
        out.destroy(
          new EngineError(`docker save failed: ${lastLines(stderr).at(-1) ?? `exit code ${exit.code}`}`, {
            kind: "exit",
            argv,
            exitCode: exit.code,
            output: lastLines(stderr),
          }),
        );
      else out.end();
    };
    try {
      const p = startProcess(argv, {
        stdio: "pipe",
        env: this.env,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onExit: (code, _sig, _t, aborted) => {
          exit = { code, aborted };
          finish();
        },
        onError: (e) => out.destroy(e),
      });
      p.stderr?.on("data", (c: Buffer) => {
        if (stderr.length < 64 * 1024) stderr += c.toString("utf8");
      });
      // Hold back `end` until the exit code is known: a truncated archive must surface as an error.
      p.stdout?.pipe(out, { end: false });
      p.stdout?.on("end", () => {
        stdoutDone = true;
        finish();
      });
      out.on("close", () => {
        if (!exit) p.child.kill("SIGTERM");
      });
    } catch (e) {
      queueMicrotask(() => out.destroy(e as Error));
    }
    return out;
  }

  /**
   * Until `release` is called, an interrupted slimstage removes the container `name` (killing the docker client
   * does not stop a container). Synchronous, as a signal handler needs it.
   */
  private guardContainer(name: string): () => void {
    const unregister = registerCleanup(() => {
      spawnSync(this.docker, ["rm", "--force", "--", name], { env: this.env, stdio: "ignore", timeout: 15_000 });
    });
    this.live.set(name, unregister);
    return () => {
      unregister();
      this.live.delete(name);
    };
  }

  async run(req: RunRequest): Promise<RunResult> {
    const name = req.name ?? uniqueName();
    const network = req.network ?? this.defaults.network;
    const argv = runArgv(this.docker, { ...req, name, ...(network ? { network } : {}) }, false);
    const release = this.guardContainer(name);
    try {
      return await this.runGuarded(req, name, argv);
    } finally {
      release();
    }
  }

  private async runGuarded(req: RunRequest, name: string, argv: string[]): Promise<RunResult> {
    const res = await runProcess(argv, {
      env: this.env,
      ...(req.stdin !== undefined ? { stdin: req.stdin } : {}),
      ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      maxCapture: 1024 * 1024,
    }).catch(async (e: unknown) => {
      await this.removeContainer(name, { force: true }).catch(() => {});
      throw e;
    });
    if (res.timedOut) {
      // Killing the CLI client does not stop the container; remove it explicitly.
      await this.removeContainer(name, { force: true }).catch(() => {});
    } else if (res.exitCode === 125 && /^docker: /m.test(res.stderr)) {
      // 125 is docker's own failure (no such image, bad flag), not the container's.
      throw new EngineError(`docker run failed: ${lastLines(res.stderr).at(-1) ?? "exit code 125"}`, {
        kind: "exit",
        argv,
        exitCode: 125,
        output: lastLines(res.stderr),
      });
    }
    return {
      exitCode: res.timedOut ? null : res.exitCode,
      stdout: res.stdout,
      stderr: res.stderr,
      timedOut: res.timedOut,
      durationMs: res.durationMs,
      truncated: res.stdoutTruncated || res.stderrTruncated,
    };
  }

  async start(req: RunRequest): Promise<ContainerHandle> {
    const name = req.name ?? uniqueName();
    const network = req.network ?? this.defaults.network;
    const argv = runArgv(this.docker, { ...req, name, ...(network ? { network } : {}) }, true);
    const release = this.guardContainer(name);
    let res: ProcessResult;
    try {
      res = await this.call(argv.slice(1), req);
    } catch (e) {
      // `docker run -d` may have created the container before failing
      await this.removeContainer(name, { force: true }).catch(() => {});
      release();
      throw e;
    }
    const id = res.stdout.trim();
    this.live.set(id, release);
    return { id, name };
  }

  async containerState(id: string, opts: CallOptions = {}): Promise<ContainerState> {
    const res = await this.call(["container", "inspect", "--format", "{{json .State}}", "--", id], opts);
    const s = JSON.parse(res.stdout) as { Running?: boolean; Status?: string; ExitCode?: number; Health?: { Status?: string } };
    const h = s.Health?.Status;
    return {
      running: Boolean(s.Running),
      status: s.Status ?? "",
      exitCode: s.ExitCode ?? 0,
      health: h === "starting" || h === "healthy" || h === "unhealthy" ? h : "none",
    };
  }

  async logs(id: string, opts: CallOptions = {}): Promise<{ stdout: string; stderr: string }> {
    const res = await this.call(["logs", "--", id], opts);
    return { stdout: res.stdout, stderr: res.stderr };
  }

  async stop(id: string, opts: CallOptions & { graceSeconds?: number } = {}): Promise<void> {
    await this.call(["stop", "--time", String(opts.graceSeconds ?? 10), "--", id], opts);
  }

  async removeContainer(id: string, opts: CallOptions & { force?: boolean } = {}): Promise<void> {
    await this.call(["rm", ...(opts.force ? ["--force"] : []), "--", id], opts);
    const release = this.live.get(id);
    if (release) {
      release();
      this.live.delete(id);
    }
  }

  async removeImage(ref: string, opts: CallOptions & { force?: boolean } = {}): Promise<void> {
    await this.call(["image", "rm", ...(opts.force ? ["--force"] : []), "--", ref], opts);
  }

  portOpen(host: string, port: number, opts: { timeoutMs?: number } = {}): Promise<boolean> {
    return portOpen(host, port, opts.timeoutMs);
  }

  httpGet(req: { host: string; port: number; path: string; timeoutMs: number }): Promise<HttpResponse> {
    return httpGet(req.host, req.port, req.path, req.timeoutMs);
  }
}

type BuildAttempt =
  | { ok: true; imageId: string; tracker: ProgressTracker; warnings: string[]; flush: () => void }
  | {
      ok: false;
      error: EngineError;
      frontendFailure: boolean;
      tracker: ProgressTracker;
      warnings: string[];
      flush: () => void;
    };

/** The default engine for this process (CLI path from `SLIMSTAGE_DOCKER`). */
export function createEngine(opts: DockerCliOptions = {}): DockerCliEngine {
  return new DockerCliEngine(opts);
}
