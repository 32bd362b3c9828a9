// `slimstage build`: builds with the engine (docker buildx) and shows progress live on a terminal, as plain lines
// otherwise, or as JSON lines; ends with the image id, size, duration and steps from cache.
import { resolve } from "node:path";
import { statSync } from "node:fs";
import { Option, type Command } from "commander";
import { ExitError, UsageError } from "../../errors.js";
import { createEngine, EngineError, type DockerfileSource, type DockerCliEngine, type FrontendMode } from "../../engine/index.js";
import { ImageArchiveError } from "../../image/index.js";
import { formatBytes } from "../../report/inspect.js";
import { createProgressDisplay, formatDuration, type ProgressMode } from "../../report/progress.js";
import { toInstruction } from "../../model/instructions.js";
import { parseDockerfile } from "../../syntax/index.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import type { RunFiles } from "../files.js";
import { colorsFor, type Io } from "../io.js";
import { escapeControls, escapeControlsKeepLines, safeProgressEvent } from "../terminal.js";
import { checkPlatform } from "../../validate.js";

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
  for (const node of parseDockerfile(input.text, { file: input.name }).instructions) toInstruction(node, input.name);
  return { source: input.path ? { path: input.path } : { text: input.text, path: input.name }, name: input.name };
}

interface BuildOpts {
  context: string;
  tag: string[];
  target?: string;
  buildArg: string[];
  platform?: string;
  network?: string;
  cache: boolean;
  builder?: string;
  frontend: FrontendMode;
  progress: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("build")
    .description("build an image with the engine (docker buildx), showing live progress")
    .argument("[file]", "Dockerfile to build, - for standard input", "Dockerfile")
    .option("--context <dir>", "build context directory", ".")
    .option("-t, --tag <name>", "tag the image (repeatable)", collect, [])
    .option("--target <stage>", "stage to build (default: the last one)")
    .option("--build-arg <KEY=VALUE>", "build argument (repeatable)", collect, [])
    .option("--platform <os/arch>", "target platform")
    .option("--network <mode>", "network for RUN steps: host, none or default (hosts without a bridge need host)")
    .option("--no-cache", "do not use the build cache")
    .option("--builder <name>", "buildx builder to use (docker buildx ls)")
    .addOption(new Option("--frontend <mode>", "how to treat a # syntax= directive").choices(["auto", "directive", "builtin"]).default("auto"))
    .addOption(new Option("--progress <mode>", "progress output").choices(["auto", "tty", "plain", "json"]).default("auto"))
    .action(async (file: string, opts: BuildOpts) => {
      const io = ctx.io;
      // buildx takes a comma-separated list; each must be a platform (or "local")
      for (const p of opts.platform?.split(",") ?? []) if (p !== "local") checkPlatform(p);
      const buildArgs = buildArgsFrom(opts.buildArg, io.env);
      const { source, name } = await dockerfileSource(file, ctx.files);
      const context = checkContext(opts.context, io);
      const mode = progressMode(opts.progress, io);
      const paint = colorsFor(io, mode === "json" ? "stdout" : "stderr");
      const size = terminalSize(io);
      const display = createProgressDisplay(mode, {
        write: mode === "json" ? io.stdout : io.stderr,
        paint,
        columns: size.columns,
        rows: size.rows,
      });
      const engine = engineFor(io, opts.builder ? { builder: opts.builder } : {});
      await withEngineErrors(io, async () => {
        let result;
        try {
          result = await engine.build({
            context,
            dockerfile: source,
            ...(opts.tag.length ? { tags: opts.tag } : {}),
            ...(opts.target ? { target: opts.target } : {}),
            buildArgs,
            ...(opts.platform ? { platform: opts.platform } : {}),
            ...(opts.network ? { network: opts.network } : {}),
            ...(opts.cache === false ? { noCache: true } : {}),
            frontend: opts.frontend,
            onProgress: (ev) => display.onEvent(mode === "json" ? ev : safeProgressEvent(ev)),
          });
        } finally {
          display.close();
        }
        const info = await engine.inspectImage(result.imageId);
        if (mode === "json") {
          io.stdout(
            `${JSON.stringify({
              type: "result",
              imageId: result.imageId,
              tags: opts.tag,
              sizeBytes: info.size,
              durationMs: Math.round(result.durationMs),
              totalSteps: result.totalSteps,
              cachedSteps: result.cachedSteps,
              frontend: { used: result.frontend.used, fallback: result.frontend.fallback },
            })}\n`,
          );
        } else {
          const tags = opts.tag.length ? ` (${opts.tag.join(", ")})` : "";
          io.stdout(`${paint.green("built")} ${result.imageId}${tags}\n`);
          io.stdout(
            `  ${name}: ${formatBytes(info.size)}, ${formatDuration(result.durationMs)}, ${result.cachedSteps} of ${result.totalSteps} steps from cache\n`,
          );
        }
      });
      ctx.exitCode = 0;
    });
}
