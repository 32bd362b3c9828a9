// `slimstage verify --original FILE --candidate FILE`: builds both, inspects both, runs the same probes on each,
// compares configs, and passes only when the candidate behaves the same, is configured the same, misses no
// library and ships no build-only package. Exit 0 pass, 1 fail, 2 usage.
import { Option, type Command } from "commander";
import { UsageError } from "../../errors.js";
import type { FrontendMode } from "../../engine/index.js";
import { createProgressDisplay, type ProgressDisplay } from "../../report/progress.js";
import { verifyToJson, verifyToMarkdown, verifyToText } from "../../report/verify.js";
import { verifyImages, type Side } from "../../verify/index.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import { colorsFor } from "../io.js";
import { escapeControls, safeProgressEvent } from "../terminal.js";
import { boundedSeconds, checkPlatform, MAX_PROBE_SECONDS } from "../../validate.js";
import { checkContext, dockerfileSource, engineFor, progressMode, terminalSize, withEngineErrors } from "../engine-options.js";
import { checkAllowConfig, probesFrom } from "../probe-options.js";

interface VerifyCliOpts {
  original?: string;
  candidate?: string;
  context: string;
  candidateContext?: string;
  probe: string[];
  probeFile?: string;
  allowConfig: string[];
  format: "text" | "json" | "markdown";
  output?: string;
  env: string[];
  timeout: string;
  buildArg: string[];
  target?: string;
  originalTarget?: string;
  platform?: string;
  network?: string;
  builder?: string;
  frontend: FrontendMode;
  cache: boolean;
  progress: string;
  force?: boolean;
}

function envPairs(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env ${escapeControls(item)}: expected KEY=VALUE`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("verify")
    .description("build an original and a candidate Dockerfile and check the candidate behaves the same, smaller and without build tools")
    .requiredOption("--original <file>", "the original Dockerfile")
    .requiredOption("--candidate <file>", "the candidate (multi-stage) Dockerfile")
    .option("--context <dir>", "build context of both", ".")
    .option("--candidate-context <dir>", "a different build context for the candidate")
    .option("--probe <spec>", "probe run on both images: default[:SECONDS], http:PORT[/PATH], healthcheck, cmd:COMMAND (repeatable)", collect, [])
    .option("--probe-file <file>", "probes, one per line (# comments)")
    .option(
      "--allow-config <key>",
      "config allowed to differ: ENV, ENV.NAME, ENTRYPOINT, CMD, USER, WORKDIR, EXPOSE, VOLUME, LABEL, LABEL.NAME, HEALTHCHECK (repeatable)",
      collect,
      [],
    )
    .addOption(new Option("-f, --format <format>", "report format").choices(["text", "json", "markdown"]).default("text"))
    .option("-o, --output <file>", "write the report to FILE instead of standard output (refuses to replace a file unless --force)")
    .option("--force", "allow -o to replace an existing file (never an input of the run)")
    .option("--env <KEY=VALUE>", "environment for the probe containers (repeatable)", collect, [])
    .option("--timeout <seconds>", "time limit of each probe", "30")
    .option("--build-arg <KEY=VALUE>", "build argument for both builds (repeatable)", collect, [])
    .option("--target <stage>", "stage of the candidate to build (default: the last one)")
    .option("--original-target <stage>", "stage of the original to build (default: the last one)")
    .option("--platform <os/arch>", "target platform")
    .option("--network <mode>", "network for builds and probe containers (http probes need host)")
    .option("--builder <name>", "buildx builder to use")
    .addOption(new Option("--frontend <mode>", "how to treat a # syntax= directive").choices(["auto", "directive", "builtin"]).default("auto"))
    .option("--no-cache", "do not use the build cache")
    .addOption(new Option("--progress <mode>", "progress on standard error").choices(["auto", "tty", "plain", "json", "none"]).default("auto"))
    .action(async (opts: VerifyCliOpts) => {
      const io = ctx.io;
      const files = ctx.files;
      if (opts.original === "-" && opts.candidate === "-")
        throw new UsageError("--original and --candidate cannot both be - : standard input can be read only once; give one of them as a file");
      checkAllowConfig(opts.allowConfig);
      const timeoutMs = boundedSeconds(opts.timeout, "--timeout", MAX_PROBE_SECONDS);
      const env = envPairs(opts.env);
      const buildArgs = buildArgsFrom(opts.buildArg, io.env);
      if (opts.platform !== undefined) checkPlatform(opts.platform);
      const original = await dockerfileSource(opts.original as string, files);
      const candidate = await dockerfileSource(opts.candidate as string, files);
      const context = checkContext(opts.context, io);
      const candidateContext = opts.candidateContext ? checkContext(opts.candidateContext, io) : undefined;
      const probes = probesFrom(opts.probe, opts.probeFile, files);
      if (probes.some((p) => p.kind === "http") && opts.network !== "host") {
        throw new UsageError("http probes connect to 127.0.0.1:PORT, so the containers need --network host");
      }
      // the report's file is checked now (not an input, a regular file, not replaced without --force), not after the builds
      if (opts.output) files.check(opts.output, { force: opts.force });

      const paint = colorsFor(io, "stderr");
      const mode = opts.progress === "none" ? undefined : progressMode(opts.progress, io);
      let display: ProgressDisplay | undefined;
      let displaySide: Side | undefined;
      const size = terminalSize(io);
      const closeDisplay = () => {
        display?.close();
        display = undefined;
      };

      const report = await withEngineErrors(io, () =>
        verifyImages(engineFor(io, opts.builder ? { builder: opts.builder } : {}), {
          original: original.source,
          candidate: candidate.source,
          context,
          ...(candidateContext ? { candidateContext } : {}),
          probes,
          allowConfig: opts.allowConfig,
          buildArgs,
          ...(opts.target ? { candidateTarget: opts.target } : {}),
          ...(opts.originalTarget ? { originalTarget: opts.originalTarget } : {}),
          ...(opts.platform ? { platform: opts.platform } : {}),
          ...(opts.network ? { network: opts.network } : {}),
          ...(opts.builder ? { builder: opts.builder } : {}),
          frontend: opts.frontend,
          ...(opts.cache === false ? { noCache: true } : {}),
          env,
          timeoutMs,
          onEvent: (e) => {
            if (!mode) return;
            if (e.type === "phase") {
              closeDisplay();
              io.stderr(
                mode === "json" ? `${JSON.stringify({ type: "phase", side: e.side, text: e.text })}\n` : `${paint.bold("==>")} ${escapeControls(e.text)}\n`,
              );
              return;
            }
            if (!display || displaySide !== e.side) {
              closeDisplay();
              displaySide = e.side;
              display = createProgressDisplay(mode, {
                write: io.stderr,
                paint,
                columns: size.columns,
                rows: size.rows,
                compact: mode === "plain",
                prefix: mode === "plain" ? "    " : "",
              });
            }
            display.onEvent(mode === "json" ? e.event : safeProgressEvent(e.event));
          },
        }).finally(closeDisplay),
      );
      const out =
        opts.format === "json"
          ? verifyToJson(report)
          : opts.format === "markdown"
            ? verifyToMarkdown(report)
            : verifyToText(report, { paint: colorsFor(io, opts.output ? "stderr" : "stdout") });
      if (opts.output) {
        files.write(opts.output, out.replace(/\x1b\[[0-9;]*m/g, ""), { force: opts.force });
        io.stderr(`wrote ${escapeControls(opts.output)}\n`);
        if (opts.format === "text") io.stderr(report.verdict === "pass" ? "verify: pass\n" : "verify: fail\n");
      } else io.stdout(out);
      ctx.exitCode = report.verdict === "pass" ? 0 : 1;
    });
}
