// The CLI's only contact with the process: streams, environment, files. Commands receive an Io so tests can run
// them in-process with captured output.
// Reading and writing files goes through files.ts (limits, regular files only, the one writer).
import { runPendingCleanups } from "../cleanup.js";
import { readStreamLimited } from "./files.js";
import { terminalColors, type Colors } from "../report/colors.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input, stopping with an error once it exceeds `limit` bytes. */
  readStdin: (limit: number) => Promise<Buffer>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether stdout/stderr are terminals (for colours and live displays). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

let streamsGuarded = false;

/**
 * Standard output that cannot be written is the end of the run, not a crash: a closed pipe (`| head`) ends it
 * quietly with status 141 as SIGPIPE would, a full disk or an I/O error with one line and status 1. Pending
 * cleanups (a temporary file, a container) run first.
 */
function guardStreams(): void {
  if (streamsGuarded) return;
  streamsGuarded = true;
  const fail = (stream: "stdout" | "stderr") => (e: NodeJS.ErrnoException) => {
    runPendingCleanups();
    if (e.code !== "EPIPE" && stream === "stdout") {
      try {
        process.stderr.write(
          `slimstage: error: cannot write to standard output: ${e.code === "ENOSPC" ? "no space left on device" : e.code === "EIO" ? "input/output error" : (e.code ?? e.message)}\n`,
        );
      } catch {
        // stderr is gone too
      }
    }
    process.exit(e.code === "EPIPE" ? 141 : 1);
  };
  process.stdout.on("error", fail("stdout"));
  process.stderr.on("error", fail("stderr"));
}

export function processIo(): Io {
  guardStreams();
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: (limit) => readStreamLimited(process.stdin, "<stdin>", limit),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Colours only on a terminal, never with NO_COLOR set (https://no-color.org). */
export function colorsFor(io: Io, stream: "stdout" | "stderr"): Colors {
  return terminalColors((stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY) && !("NO_COLOR" in io.env && io.env.NO_COLOR !== ""));
}

export type { InputFile } from "./files.js";
