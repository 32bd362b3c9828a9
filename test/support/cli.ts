// Runs the CLI in-process with captured output, standard input and environment.
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], opts: { stdin?: string; cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => Buffer.from(opts.stdin ?? ""),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
