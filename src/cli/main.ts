// Entry point of the CLI: builds the program, runs one command, and turns every error into a message and an exit
// code (0 ok, 1 findings or failure, 2 usage or parse error). Only this module decides how errors look.
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { EngineError } from "../engine/errors.js";
import { DockerfileError, ExitError, UsageError } from "../errors.js";
import { ImageArchiveError } from "../image/errors.js";
import { commands } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { colorsFor, type Io, processIo } from "./io.js";

export const version: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  const program = new Command("slimstage")
    .description("Multi-stage container builds by default: understand, convert, verify and inspect Dockerfiles and images.")
    .version(version, "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const c of commands) c.register(program, ctx);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const red = colorsFor(io, "stderr").red;
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; commander has already printed its own usage message
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof DockerfileError) {
      io.stderr(`${e.message.replace(/: /, `: ${red("error")}: `)}\n`);
      return 2;
    }
    if (e instanceof EngineError) {
      io.stderr(`slimstage: ${red("error")}: ${e.describe()}\n`);
      return 1;
    }
    if (e instanceof ImageArchiveError) {
      io.stderr(`slimstage: ${red("error")}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(`slimstage: ${red("error")}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ExitError) return e.code;
    const err = e as Error;
    io.stderr(`slimstage: ${red("internal error")}: ${err?.message ?? String(e)}\n`);
    if (io.env.SLIMSTAGE_DEBUG) io.stderr(`${err?.stack ?? ""}\n`);
    else io.stderr("This is a bug in slimstage; run again with SLIMSTAGE_DEBUG=1 for details and please report it.\n");
    return 1;
  }
}
