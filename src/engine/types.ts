// The narrow interface the build / inspect / verify commands stand on. One implementation drives the Docker CLI
// (docker-cli.ts); tests and other engines can provide their own.
import type { Readable } from "node:stream";
import type { HttpResponse } from "./network.js";
import type { FrontendMode, SyntaxDirective } from "./frontend.js";
import type { BuildStep, ProgressEvent } from "./progress.js";

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type DockerfileSource =
  /** A file on disk; sent as `-f PATH` unless the directive must be stripped (then its text goes on stdin). */
  | { path: string }
  /** Text sent on stdin (`-f -`); `path` only names it in messages. */
  | { text: string; path?: string };

export interface BuildRequest extends CallOptions {
  /** The build context directory. */
  context: string;
  dockerfile: DockerfileSource;
  tags?: readonly string[];
  target?: string;
  buildArgs?: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>>;
  platform?: string;
  /** `host` here; passed as `--network`. */
  network?: string;
  noCache?: boolean;
  /** A buildx builder name (`docker buildx ls`): local, remote, docker-container or kubernetes. */
  builder?: string;
  /** How to treat a `# syntax=` directive; default "auto". */
  frontend?: FrontendMode;
  onProgress?: (event: ProgressEvent) => void;
}

export interface FrontendOutcome {
  mode: FrontendMode;
  directive?: SyntaxDirective;
  /** Which frontend built the image. */
  used: "directive" | "builtin";
  /** True when `auto` fell back to the builtin frontend after the directive's image could not be resolved. */
  fallback: boolean;
  notice?: string;
}

export interface BuildResult {
  /** `sha256:…`, the image id in the local store. */
  imageId: string;
  durationMs: number;
  /** Every step the engine reported, internal ones included. */
  steps: BuildStep[];
  /** Dockerfile steps (non-internal) and how many of them came from cache. */
  totalSteps: number;
  cachedSteps: number;
  frontend: FrontendOutcome;
  warnings: string[];
}

export interface ImageConfig {
  env: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  user: string;
  workingDir: string;
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
  healthcheck: { test: string[]; intervalNs?: number; timeoutNs?: number; retries?: number; startPeriodNs?: number } | null;
  stopSignal?: string;
  shell?: string[];
}

export interface ImageInspect {
  id: string;
  repoTags: string[];
  created: string;
  architecture: string;
  os: string;
  variant?: string;
  /** Bytes, as `docker image inspect` reports (sum of layer content sizes). */
  size: number;
  /** Layer diff ids, base first. */
  layers: string[];
  config: ImageConfig;
  /** The engine's JSON, for anything not typed above. */
  raw: unknown;
}

export interface HistoryEntry {
  /** Image id of this step or null for `<missing>`. */
  id: string | null;
  createdBy: string;
  created: string;
  comment: string;
  /** Bytes the step added; 0 for metadata-only steps. */
  size: number;
}

export interface RunRequest extends CallOptions {
  image: string;
  /** Replaces the image's CMD. */
  command?: readonly string[];
  /** Replaces the image's ENTRYPOINT (first word is the program, the rest goes before `command`). */
  entrypoint?: readonly string[];
  env?: Readonly<Record<string, string>>;
  user?: string;
  workdir?: string;
  network?: string;
  /** Text on the container's stdin. */
  stdin?: string;
  /** Container name; a unique one is generated otherwise. */
  name?: string;
  labels?: Readonly<Record<string, string>>;
}

export interface RunResult {
  /** null when the run timed out. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** True when stdout or stderr exceeded the capture limit and was cut. */
  truncated: boolean;
}

export interface ContainerHandle {
  id: string;
  name: string;
}

export interface ContainerState {
  running: boolean;
  status: string;
  exitCode: number;
  health?: "starting" | "healthy" | "unhealthy" | "none";
}

export interface EngineVersion {
  client: string;
  server: string;
  apiVersion: string;
  buildx?: string;
}

export interface Engine {
  version(opts?: CallOptions): Promise<EngineVersion>;
  build(req: BuildRequest): Promise<BuildResult>;
  inspectImage(ref: string, opts?: CallOptions): Promise<ImageInspect>;
  history(ref: string, opts?: CallOptions): Promise<HistoryEntry[]>;
  /** `docker save` as a stream; it errors (EngineError) when the engine fails, and ends only on success. */
  save(refs: string | readonly string[], opts?: { signal?: AbortSignal }): Readable;
  /** Runs a container to completion (removed afterwards); on timeout the container is killed. */
  run(req: RunRequest): Promise<RunResult>;
  /** Starts a detached container. */
  start(req: RunRequest): Promise<ContainerHandle>;
  containerState(id: string, opts?: CallOptions): Promise<ContainerState>;
  logs(id: string, opts?: CallOptions): Promise<{ stdout: string; stderr: string }>;
  stop(id: string, opts?: CallOptions & { graceSeconds?: number }): Promise<void>;
  removeContainer(id: string, opts?: CallOptions & { force?: boolean }): Promise<void>;
  removeImage(ref: string, opts?: CallOptions & { force?: boolean }): Promise<void>;
  /** Whether something accepts TCP connections on host:port (a probed container's published or host port). */
  portOpen(host: string, port: number, opts?: { timeoutMs?: number }): Promise<boolean>;
  /** One HTTP GET with a bounded body; rejects when the connection fails or no answer comes within timeoutMs. */
  httpGet(req: { host: string; port: number; path: string; timeoutMs: number }): Promise<HttpResponse>;
}
