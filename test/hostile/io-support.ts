// Running the installed CLI (bin/slimstage.js on the compiled dist/) as a separate process, as a user or a CI job
// does: real standard input, real signals, real file descriptors, measured memory.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../support/shared.js";

export const BIN = join(REPO_ROOT, "bin", "slimstage.js");
const MAIN = join(REPO_ROOT, "dist", "cli", "main.js");

function newestUnder(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestUnder(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Why the compiled CLI cannot be tested (missing or older than src/), or undefined when it can. */
export function distProblem(): string | undefined {
  if (!existsSync(MAIN)) return "dist/ is missing: run npm run build";
  if (newestUnder(join(REPO_ROOT, "src")) > statSync(MAIN).mtimeMs) return "dist/ is older than src/: run npm run build";
  return undefined;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory in MiB, when measured (`memory: true`). */
  peakMiB?: number;
}

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  /** A file descriptor for standard input (e.g. /dev/zero opened by the test). */
  stdinFd?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Measure peak memory with /usr/bin/time. */
  memory?: boolean;
}

/** Runs `slimstage ARGS…` to completion. */
export function slimstage(args: string[], opts: RunOptions = {}): Run {
  const timed = opts.memory && existsSync("/usr/bin/time");
  const argv = timed ? ["/usr/bin/time", "-f", "peak-rss-kib=%M", process.execPath, BIN, ...args] : [process.execPath, BIN, ...args];
  const spawnOpts: SpawnSyncOptions = {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...opts.env },
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
    encoding: "utf8",
    ...(opts.stdinFd !== undefined ? { stdio: [opts.stdinFd, "pipe", "pipe"] } : { input: opts.input ?? "" }),
  };
  const r = spawnSync(argv[0] as string, argv.slice(1), spawnOpts);
  let stderr = String(r.stderr ?? "");
  let peakMiB: number | undefined;
  if (timed) {
    const m = /peak-rss-kib=(\d+)\n?$/.exec(stderr);
    if (m) {
      peakMiB = Number(m[1]) / 1024;
      stderr = stderr.slice(0, m.index);
    }
    // /usr/bin/time reports a signal death as "Command terminated by signal N" before its own line
    stderr = stderr.replace(/Command (exited with non-zero status \d+|terminated by signal \d+)\n$/, "");
  }
  return { code: r.status, signal: r.signal, stdout: String(r.stdout ?? ""), stderr, ...(peakMiB !== undefined ? { peakMiB } : {}) };
}

export function tempDir(prefix = "hostile-io-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Files in `dir` whose names say they are slimstage's temporary files. */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => /\.slimstage-\d+-[0-9a-f]+\.tmp$|^slimstage-build-/.test(n));
}
