import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Option, type Command } from "commander";
import { convertDockerfile } from "../../convert/convert.js";
import type { ConvertOptions, ConvertResult } from "../../convert/types.js";
import { UsageError } from "../../errors.js";
import { convertAndVerify } from "../../convert-verify/index.js";
import { convertToJSON, explainText, unifiedDiff } from "../../report/convert.js";
import { verifyToText } from "../../report/verify.js";
import type { VerifyReport } from "../../verify/index.js";
import { engineFor, withEngineErrors } from "../engine-options.js";
import { probesFrom } from "../probe-options.js";
import { parseDockerfile } from "../../syntax/index.js";
import { directoryContext } from "../context-dir.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import { colorsFor, type InputFile, readDockerfile, writeFileAtomic } from "../io.js";

interface ConvertCliOptions {
  context?: string;
  output?: string;
  write?: boolean;
  backup: boolean;
  force?: boolean;
  format: "dockerfile" | "diff" | "json";
  runtimeBase?: string;
  explain?: boolean;
  buildArg: string[];
  verify?: boolean;
  probe: string[];
  probeFile?: string;
  allowConfig: string[];
  network?: string;
  builder?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("convert")
    .description("turn a single-stage Dockerfile into a multi-stage one: a builder with the build tools, a slim final stage")
    .argument("[file]", "Dockerfile to read, - for standard input", "Dockerfile")
    .option("--context <dir>", "build context, to read requirements.txt, package.json, go.mod, Cargo.toml … (default: the Dockerfile's directory)")
    .option("-o, --output <file>", "write the new Dockerfile to this file (refuses to replace one unless --force)")
    .option("--write", "replace the input file (atomically), keeping FILE.orig")
    .option("--no-backup", "with --write: do not keep FILE.orig")
    .option("--force", "allow -o to replace an existing file")
    .addOption(new Option("-f, --format <format>", "what to print").choices(["dockerfile", "diff", "json"]).default("dockerfile"))
    .option("--runtime-base <image>", "base image of the final stage (instead of the known runtime counterpart)")
    .option("--explain", "list every decision in plain words (on stderr)")
    .option("--build-arg <KEY=VALUE>", "build argument (repeatable)", collect, [])
    .option("--verify", "build the original and the result on the engine and write the result only when it verifies")
    .option("--probe <spec>", "with --verify: probe run on both images (see slimstage verify; repeatable)", collect, [])
    .option("--probe-file <file>", "with --verify: probes, one per line")
    .option("--allow-config <key>", "with --verify: config allowed to differ (repeatable)", collect, [])
    .option("--network <mode>", "with --verify: network for builds and probes (http probes need host)")
    .option("--builder <name>", "with --verify: buildx builder to use")
    .action(async (file: string, opts: ConvertCliOptions) => {
      if (opts.write && opts.output) throw new UsageError("--write and -o cannot be used together");
      if (!opts.verify && (opts.probe.length || opts.probeFile || opts.allowConfig.length)) throw new UsageError("--probe, --probe-file and --allow-config go with --verify");
      if (opts.write && file === "-") throw new UsageError("--write needs a file, not standard input");
      const input = await readDockerfile(file, ctx.io);
      const tree = parseDockerfile(input.text, { file: input.name });
      const contextDir = opts.context ?? (input.path ? dirname(input.path) : undefined);
      const convertOpts: ConvertOptions = {
        context: contextDir ? directoryContext(resolve(ctx.io.cwd, contextDir)) : undefined,
        runtimeBase: opts.runtimeBase,
        buildArgs: buildArgsFrom(opts.buildArg, ctx.io.env),
      };
      let result = await convertDockerfile(tree, convertOpts);
      if (opts.verify && result.status === "converted") {
        if (!contextDir) throw new UsageError("--verify needs the build context: pass --context DIR");
        const verified = await verifyConversion(result, input, resolve(ctx.io.cwd, contextDir), convertOpts, opts, ctx);
        result = verified.result;
        ctx.io.stderr(verifyToText(verified.report, { paint: colorsFor(ctx.io, "stderr") }));
        if (verified.report.verdict !== "pass") {
          ctx.io.stderr("convert: the converted Dockerfile did not verify; nothing was written\n");
          if (opts.format === "json") ctx.io.stdout(JSON.stringify({ ...(convertToJSON(result) as object), verify: verified.report }, null, 2) + "\n");
          ctx.exitCode = 1;
          return;
        }
      }
      ctx.exitCode = report(result, input.text, input.name, input.path, opts, ctx);
    });
}

function report(result: ConvertResult, original: string, name: string, path: string | undefined, opts: ConvertCliOptions, ctx: CliContext): number {
  const { io } = ctx;
  if (opts.explain || result.status !== "converted") io.stderr(explainText(result));
  if (opts.format === "json") io.stdout(JSON.stringify(convertToJSON(result), null, 2) + "\n");
  if (result.status === "declined") return 3;
  if (result.status === "nothing-to-gain") {
    if (opts.format === "dockerfile" && !opts.write && !opts.output) io.stdout(original);
    return 0;
  }
  const text = result.dockerfile;
  if (opts.write && path) {
    const backup = `${path}.orig`;
    if (opts.backup) {
      if (existsSync(backup)) throw new UsageError(`${name}.orig already exists: move it away, or pass --no-backup`);
      writeFileAtomic(backup, original);
    }
    writeFileAtomic(path, text);
    io.stderr(`wrote ${name}${opts.backup ? ` (the original is in ${name}.orig)` : ""}\n`);
  } else if (opts.output) {
    const out = resolve(io.cwd, opts.output);
    if (existsSync(out) && !opts.force) throw new UsageError(`${opts.output} already exists: pass --force to replace it`);
    writeFileAtomic(out, text);
    io.stderr(`wrote ${opts.output}\n`);
  }
  if (opts.format === "diff") io.stdout(unifiedDiff(name, original, text));
  else if (opts.format === "dockerfile" && !opts.write && !opts.output) io.stdout(text);
  return 0;
}

/** `--verify`: the options of the command line for convertAndVerify (src/convert-verify), engine errors reported. */
async function verifyConversion(
  first: Extract<ConvertResult, { status: "converted" }>,
  input: InputFile,
  context: string,
  convertOpts: ConvertOptions,
  opts: ConvertCliOptions,
  ctx: CliContext,
): Promise<{ result: ConvertResult; report: VerifyReport }> {
  const { io } = ctx;
  const probes = probesFrom(opts.probe, opts.probeFile, io);
  if (probes.some((p) => p.kind === "http") && opts.network !== "host") throw new UsageError("http probes connect to 127.0.0.1:PORT, so the containers need --network host");
  const engine = engineFor(io, opts.builder ? { builder: opts.builder } : {});
  const { result, report } = await withEngineErrors(io, () =>
    convertAndVerify(engine, {
      dockerfile: { text: input.text, name: input.name, ...(input.path ? { path: input.path } : {}) },
      context,
      convert: convertOpts,
      converted: first,
      probes,
      allowConfig: opts.allowConfig,
      ...(opts.network ? { network: opts.network } : {}),
      ...(opts.builder ? { builder: opts.builder } : {}),
      onRetry: (pkgs) => io.stderr(`convert: the build links against ${pkgs.join(", ")}, which the runtime base lacks; converting again with them and verifying once more\n`),
    }),
  );
  // the first conversion converted, so there is a verification
  return { result, report: report as VerifyReport };
}
