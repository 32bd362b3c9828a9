// What every command gets: the I/O edge, the run's files, and a way to report its exit code.
import type { Command } from "commander";
import { buildArgsFromList } from "../validate.js";
import type { RunFiles } from "./files.js";
import type { Io } from "./io.js";

export interface CliContext {
  io: Io;
  /** Every file the command reads or writes (limits, regular files only, the one writer). Set before each action. */
  files: RunFiles;
  /** Exit code of the command that ran (0 ok, 1 findings/failure, 2 usage or parse error, 3 declined). */
  exitCode: number;
}

/** A command module registers itself on the program; the one list of them is commands/index.ts. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `KEY=VALUE` pairs from repeated --build-arg flags (a bare KEY takes its value from the environment). */
export function buildArgsFrom(list: string[] | undefined, env: Io["env"]): Record<string, string> {
  return buildArgsFromList(list, env);
}
