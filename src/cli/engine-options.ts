// What the commands that drive the engine share: the engine itself, how its failures are reported, the
// progress mode, the terminal size, and the checked build inputs (context directory, Dockerfile). Commands import
// this module, never each other.
import { resolve } from "node:path";
import { statSync } from "node:fs";
import { ExitError, UsageError } from "../errors.js";
import { createEngine, EngineError, type DockerfileSource, type DockerCliEngine } from "../engine/index.js";
import { ImageArchiveError } from "../image/index.js";
import type { ProgressMode } from "../report/progress.js";
import { toInstruction } from "../model/instructions.js";
import { parseDockerfile } from "../syntax/index.js";
import type { RunFiles } from "./files.js";
import { colorsFor, type Io } from "./io.js";
import { escapeControls, escapeControlsKeepLines } from "./terminal.js";

/** The engine for a command: the process environment, with the Io's environment on top (tests set it). */
export function engineFor(io: Io, opts: { builder?: string } = {}): DockerCliEngine {
  return createEngine({ env: { ...process.env, ...io.env } as NodeJS.ProcessEnv, ...(opts.builder ? { builder: opts.builder } : {}) });
}

/**
 * Engine and archive failures are the user's environment or input, not slimstage bugs: print them with their
 * details and exit 1 (engine) or 2 (an archive that is not an image). main.ts may later do this for every command.
 */
export async function withEngineErrors<T>(io: Io, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const red = colorsFor(io, "stderr").red;
    if (e instanceof EngineError) {
      io.stderr(`slimstage: ${red("error")}: ${escapeControlsKeepLines(e.describe())}\n`);
      throw new ExitError(1, e.message);
    }
    if (e instanceof ImageArchiveError) {
      io.stderr(`slimstage: ${red("error")}: ${escapeControls(e.message)}\n`);
      throw new ExitError(2, e.message);
    }
    throw e;
  }
}

/** `auto` → a live display when stderr is a terminal, plain lines otherwise. */
export function progressMode(mode: string, io: Io): ProgressMode {
  if (mode === "auto") return io.stderrIsTTY ? "tty" : "plain";
  return mode as ProgressMode;
}

export function terminalSize(io: Io): { columns: number; rows: number } {
  const n = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
  return { columns: n(io.env.COLUMNS, 80), rows: n(io.env.LINES, 24) };
}

export function checkContext(dir: string, io: Io): string {
  const abs = resolve(io.cwd, dir);
  let ok = false;
  try {
    ok = statSync(abs).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`--context ${escapeControls(dir)}: not a directory`);
  return abs;
}

/** A Dockerfile argument → what the engine builds, after checking it parses (errors carry file:line:column). */
export async function dockerfileSource(arg: string, files: RunFiles): Promise<{ source: DockerfileSource; name: string }> {
  const input = await files.readDockerfile(arg);
  // BuildKit's parser and instruction checks here, so a malformed file gets a located error before any build
  for (const node of parseDockerfile(input.text, { file: input.name, maxLength: files.limit }).instructions) toInstruction(node, input.name);
  return { source: input.path ? { path: input.path } : { text: input.text, path: input.name }, name: input.name };
}
