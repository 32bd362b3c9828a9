// `slimstage build`: builds with the engine (docker buildx) and shows progress live on a terminal, as plain lines
// otherwise, or as JSON lines; ends with the image id, size, duration and steps from cache.
import { Option, type Command } from "commander";
import type { FrontendMode } from "../../engine/index.js";
import { formatBytes } from "../../report/inspect.js";
import { createProgressDisplay, formatDuration } from "../../report/progress.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import { checkContext, dockerfileSource, engineFor, progressMode, terminalSize, withEngineErrors } from "../engine-options.js";
import { colorsFor } from "../io.js";
import { safeProgressEvent } from "../terminal.js";
import { checkPlatform } from "../../validate.js";

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
