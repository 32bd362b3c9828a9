// Spawning the engine CLI: argv arrays only (no shell), a timeout, an AbortSignal, bounded output capture.
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { registerCleanup } from "../cleanup.js";
import { EngineError } from "./errors.js";

export interface ProcessOptions {
  /** Text or bytes written to stdin, then stdin is closed. Without it stdin is closed at once. */
  stdin?: string | Buffer;
  /** Kill the process (SIGTERM, then SIGKILL after `killGraceMs`) after this long. */
  timeoutMs?: number;
  killGraceMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each stdout / stderr chunk as it arrives (for live progress). */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Keep at most this many bytes of each stream (the head); default 4 MiB. */
  maxCapture?: number;
}

export interface ProcessResult {
  argv: readonly string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

const DEFAULT_CAPTURE = 4 * 1024 * 1024;

class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    if (this.size >= this.max) {
      this.truncated = true;
      return;
    }
    const room = this.max - this.size;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.chunks.push(part);
    this.size += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** The last `n` non-empty lines of a text, for error messages. */
export function lastLines(text: string, n = 20): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  return lines.slice(Math.max(0, lines.length - n));
}

/**
 * Starts `argv` and wires timeout/abort. Resolves with the exit status; rejects only when the process cannot be
 * started (kind "spawn"). Timeouts and aborts resolve with `timedOut` / rejects with kind "aborted".
 */
export function runProcess(argv: readonly string[], opts: ProcessOptions = {}): Promise<ProcessResult> {
  const started = performance.now();
  const out = new Capture(opts.maxCapture ?? DEFAULT_CAPTURE);
  const err = new Capture(opts.maxCapture ?? DEFAULT_CAPTURE);
  return new Promise<ProcessResult>((resolve, reject) => {
    let handle: StartedProcess;
    try {
      handle = startProcess(argv, {
        ...opts,
        stdio: "pipe",
        onExit: (exitCode, signal, timedOut, aborted) => {
          if (aborted) {
            reject(
              new EngineError(`${argv[0]} was aborted`, {
                kind: "aborted",
                argv,
                output: lastLines(err.text()),
              }),
            );
            return;
          }
          resolve({
            argv,
            exitCode,
            signal,
            stdout: out.text(),
            stderr: err.text(),
            stdoutTruncated: out.truncated,
            stderrTruncated: err.truncated,
            timedOut,
            durationMs: performance.now() - started,
          });
        },
        onError: reject,
      });
    } catch (e) {
      reject(e);
      return;
    }
    handle.stdout?.on("data", (c: Buffer) => {
      out.push(c);
      opts.onStdout?.(c);
    });
    handle.stderr?.on("data", (c: Buffer) => {
      err.push(c);
      opts.onStderr?.(c);
    });
  });
}

interface StartOptions extends ProcessOptions {
  stdio: "pipe";
  onExit: (code: number | null, signal: NodeJS.Signals | null, timedOut: boolean, aborted: boolean) => void;
  onError: (e: EngineError) => void;
}

export interface StartedProcess {
  child: ChildProcess;
  stdout: Readable | null;
  stderr: Readable | null;
  stdin: Writable | null;
}

/** Lower-level start used by `runProcess` and by streaming callers (docker save). */
export function startProcess(argv: readonly string[], opts: StartOptions): StartedProcess {
  const [cmd, ...args] = argv;
  if (!cmd) throw new EngineError("empty command", { kind: "spawn", argv });
  if (opts.signal?.aborted) throw new EngineError(`${cmd} was aborted before it started`, { kind: "aborted", argv });
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
  // if slimstage is interrupted, the child goes too (a build or a `docker save` must not run on unattended)
  const unregister = registerCleanup(() => {
    child.kill("SIGTERM");
  });
  let timedOut = false;
  let aborted = false;
  let finished = false;
  let killTimer: NodeJS.Timeout | undefined;
  const kill = () => {
    if (finished) return;
    child.kill("SIGTERM");
    killTimer = setTimeout(() => {
      if (!finished) child.kill("SIGKILL");
    }, opts.killGraceMs ?? 5_000);
    killTimer.unref();
  };
  const timer =
    opts.timeoutMs !== undefined
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, opts.timeoutMs)
      : undefined;
  const onAbort = () => {
    aborted = true;
    kill();
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const cleanup = () => {
    finished = true;
    unregister();
    if (timer) clearTimeout(timer);
    if (killTimer) clearTimeout(killTimer);
    opts.signal?.removeEventListener("abort", onAbort);
  };
  child.on("error", (e: NodeJS.ErrnoException) => {
    if (finished) return;
    cleanup();
    opts.onError(
      new EngineError(`cannot run ${cmd}: ${e.code === "ENOENT" ? "not found" : e.message}`, {
        kind: "spawn",
        argv,
        cause: e,
      }),
    );
  });
  child.on("close", (code, signal) => {
    if (finished) return;
    cleanup();
    opts.onExit(code, signal, timedOut, aborted);
  });
  // A child that exits early makes stdin writes fail with EPIPE; the exit status tells the real story.
  child.stdin.on("error", () => {});
  if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
  else child.stdin.end();
  return { child, stdout: child.stdout, stderr: child.stderr, stdin: child.stdin };
}
