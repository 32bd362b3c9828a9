// Entry point of the CLI: builds the program, runs one command, and turns every error into a message and an exit
// code (0 ok, 1 findings or failure, 2 usage or parse error). Only this module decides how errors look, and it
// escapes control characters in every message (a Dockerfile or a file name must not drive the terminal).
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { EngineError } from "../engine/errors.js";
import { installSignalCleanup } from "../cleanup.js";
import { DockerfileError, ExitError, FileError, UsageError } from "../errors.js";
import { ImageArchiveError } from "../image/errors.js";
import { commandsFor } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { inputLimit, RunFiles } from "./files.js";
import { colorsFor, type Io, processIo } from "./io.js";
import { escapeControls, escapeControlsKeepLines } from "./terminal.js";

const version: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Runs the CLI. Without an `io` it is the real process: signals then remove temporary files and containers. */
export async function main(argv: readonly string[], given?: Io): Promise<number> {
  if (!given) installSignalCleanup();
  const io = given ?? processIo();
  const files = (limit: number) => new RunFiles(io.cwd, limit, io.readStdin);
  const ctx: CliContext = { io, files: files(inputLimit(undefined, {})), exitCode: 0 };
  const output = { writeOut: io.stdout, writeErr: (t: string) => io.stderr(escapeControlsKeepLines(t)) };
  const program = new Command("slimstage")
    .description("Multi-stage container builds by default: understand, convert, verify and inspect Dockerfiles and images.")
    .version(version, "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output);
  for (const c of await commandsFor(argv)) c.register(program, ctx);
  for (const c of program.commands) {
    c.exitOverride()
      .configureOutput(output)
      .option(
        "--max-input-size <size>",
        "largest input read: a Dockerfile, standard input, a probe file, a file of the context (default 64M, or $SLIMSTAGE_MAX_INPUT_SIZE)",
      );
  }
  // each action gets the run's files with its input limit, checked before anything is read
  program.hook("preAction", (_program, action) => {
    ctx.files = files(inputLimit((action.opts() as { maxInputSize?: string }).maxInputSize, io.env));
  });

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
      io.stderr(`${escapeControls(e.message).replace(/: /, `: ${red("error")}: `)}\n`);
      return 2;
    }
    if (e instanceof EngineError) {
      io.stderr(`slimstage: ${red("error")}: ${escapeControlsKeepLines(e.describe())}\n`);
      return 1;
    }
    if (e instanceof ImageArchiveError || e instanceof UsageError) {
      io.stderr(`slimstage: ${red("error")}: ${escapeControls(e.message)}\n`);
      return 2;
    }
    if (e instanceof FileError) {
      io.stderr(`slimstage: ${red("error")}: ${escapeControls(e.message)}\n`);
      return 1;
    }
    if (e instanceof ExitError) return e.code;
    const err = e as Error;
    io.stderr(`slimstage: ${red("internal error")}: ${escapeControls(err?.message ?? String(e))}\n`);
    if (io.env.SLIMSTAGE_DEBUG) io.stderr(`${err?.stack ?? ""}\n`);
    else io.stderr("This is a bug in slimstage; run again with SLIMSTAGE_DEBUG=1 for details and please report it.\n");
    return 1;
  }
}
