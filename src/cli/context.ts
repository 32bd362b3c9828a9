// What every command gets: the I/O edge, and a way to report its exit code.
import type { Command } from "commander";
import type { Io } from "./io.js";

export interface CliContext {
  io: Io;
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
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf("=");
    if (eq === -1) {
      const v = env[item];
      if (v !== undefined) out[item] = v;
    } else {
      out[item.slice(0, eq)] = item.slice(eq + 1);
    }
  }
  return out;
}
