import { dirname, resolve } from "node:path";
import { Option, type Command } from "commander";
import { convertDockerfile } from "../../convert/convert.js";
import type { ConvertOptions, ConvertResult } from "../../convert/types.js";
import { UsageError } from "../../errors.js";
import { convertAndVerify, type ConvertAndVerifyRequest, type ConvertAndVerifyResult } from "../../convert-verify/index.js";
import { searchConversion, SEARCH_OPTIONS, type SearchCliOptions } from "../search-options.js";
import { convertToJSON, explainText, unifiedDiff } from "../../report/convert.js";
import { repairsToJSON, repairsToText } from "../../report/repairs.js";
import { verifyToText } from "../../report/verify.js";
import type { VerifyReport } from "../../verify/index.js";
import { checkImageReference } from "../../validate.js";
import { engineFor, withEngineErrors } from "../engine-options.js";
import { checkAllowConfig, verifyRequestFrom, type VerifyCliOptions } from "../probe-options.js";
import { searchBudgetFrom } from "../search-options.js";
import { parseDockerfile } from "../../syntax/index.js";
import { directoryContext } from "../context-dir.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import type { InputFile } from "../files.js";
import { colorsFor } from "../io.js";
import { escapeControls, escapeControlsKeepLines } from "../terminal.js";

interface ConvertCliOptions extends VerifyCliOptions {
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
  repairAttempts?: string;
  repairMinutes?: string;
}

type ConvertCli = ConvertCliOptions & SearchCliOptions;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("convert")
    .description("turn a single-stage Dockerfile into a multi-stage one: a builder with the build tools, a slim final stage")
    .argument("[file]", "Dockerfile to read, - for standard input", "Dockerfile")
    .option("--context <dir>", "build context, to read requirements.txt, package.json, go.mod, Cargo.toml … (default: the Dockerfile's directory)")
    .option("-o, --output <file>", "write the new Dockerfile to this file (refuses to replace one unless --force)")
    .option("--write", "replace the input file (atomically), keeping FILE.orig")
    .option("--no-backup", "with --write: do not keep FILE.orig")
    .option("--force", "allow -o to replace an existing file (never an input of the run)")
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
    .option("--repair-attempts <n>", "with --verify: verifications after repairs of what failed (default 3, 0: no repairs)")
    .option("--repair-minutes <n>", "with --verify: no new repair round after this many minutes (default 15)");
  for (const o of SEARCH_OPTIONS) cmd.addOption(o);
  cmd.action(async (file: string, opts: ConvertCli) => {
    if (opts.write && opts.output) throw new UsageError("--write and -o cannot be used together");
    if (!opts.verify && (opts.probe.length || opts.probeFile || opts.allowConfig.length || opts.repairAttempts || opts.repairMinutes)) {
      throw new UsageError("--probe, --probe-file, --allow-config and --repair-* go with --verify");
    }
    if (opts.write && file === "-") throw new UsageError("--write needs a file, not standard input");
    if (opts.runtimeBase !== undefined) checkImageReference(opts.runtimeBase, "--runtime-base");
    if (opts.verify) checkAllowConfig(opts.allowConfig);
    const budget = searchBudgetFrom(opts);
    const buildArgs = buildArgsFrom(opts.buildArg, ctx.io.env);
    const files = ctx.files;
    const input = await files.readDockerfile(file);
    // the targets are checked before any work, so a bad -o does not wait for a conversion or a verification
    if (opts.output) files.check(opts.output, { force: opts.force });
    if (opts.write) {
      files.check(file, { replaceInput: true });
      if (opts.backup) files.check(`${file}.orig`, { existsMessage: backupExists(input.name) });
    }
    const tree = parseDockerfile(input.text, { file: input.name, maxLength: ctx.files.limit });
    const contextDir = opts.context ?? (input.path ? dirname(input.path) : undefined);
    const convertOpts: ConvertOptions = {
      context: contextDir ? directoryContext(resolve(ctx.io.cwd, contextDir), files, opts.context ?? (input.path ? dirname(file) : ".")) : undefined,
      runtimeBase: opts.runtimeBase,
      buildArgs,
    };
    let result = await convertDockerfile(tree, convertOpts);
    let extraJSON: object = {};
    if (opts.verify && result.status === "converted" && budget) {
      if (!contextDir) throw new UsageError("--verify needs the build context: pass --context DIR");
      const searched = await searchConversion(result, input, resolve(ctx.io.cwd, contextDir), convertOpts, opts, budget, ctx, repairOptions(opts, ctx.io));
      if (!searched.ok) {
        ctx.exitCode = 1;
        return;
      }
      result = searched.result;
      extraJSON = { search: searched.json, ...(searched.repairs ?? {}) };
    } else if (opts.verify && result.status === "converted") {
      if (!contextDir) throw new UsageError("--verify needs the build context: pass --context DIR");
      const verified = await verifyConversion(result, input, resolve(ctx.io.cwd, contextDir), convertOpts, opts, ctx);
      result = verified.result;
      ctx.io.stderr(verifyToText(verified.report, { paint: colorsFor(ctx.io, "stderr") }));
      ctx.io.stderr(escapeControlsKeepLines(repairsToText(verified.run)));
      extraJSON = repairsToJSON(verified.run);
      if (verified.report.verdict !== "pass") {
        ctx.io.stderr("convert: the converted Dockerfile did not verify; nothing was written\n");
        if (opts.format === "json")
          ctx.io.stdout(JSON.stringify({ ...(convertToJSON(result) as object), verify: verified.report, ...extraJSON }, null, 2) + "\n");
        ctx.exitCode = 1;
        return;
      }
    }
    ctx.exitCode = report(result, input, file, opts, ctx, extraJSON);
  });
}

const backupExists = (name: string) => `${name}.orig already exists: move it away, or pass --no-backup`;

/**
 * Prints and writes the result. With -o the file is always written when the exit code is 0: the new Dockerfile,
 * or, when there is nothing to gain, the input byte for byte (so `convert -o F && docker build -f F` always
 * works). --write leaves an input with nothing to gain untouched. A backup is a byte copy of the input, and it
 * is removed again when the new file cannot be written, so a retry is not blocked by a stale FILE.orig.
 */
function report(result: ConvertResult, input: InputFile, given: string, opts: ConvertCliOptions, ctx: CliContext, extraJSON: object = {}): number {
  const { io, files } = ctx;
  const { name, text: original } = input;
  const shownOutput = escapeControls(opts.output ?? "");
  if (opts.explain || result.status !== "converted") io.stderr(escapeControlsKeepLines(explainText(result)));
  if (opts.format === "json") io.stdout(JSON.stringify({ ...(convertToJSON(result) as object), ...extraJSON }, null, 2) + "\n");
  if (result.status === "declined") return 3;
  if (result.status === "nothing-to-gain") {
    if (opts.output) {
      files.write(opts.output, input.bytes, { force: opts.force });
      io.stderr(`wrote ${shownOutput} (the input unchanged: there is nothing to gain)\n`);
    } else if (opts.write) io.stderr(`${name} is unchanged: there is nothing to gain\n`);
    else if (opts.format === "dockerfile") io.stdout(original);
    return 0;
  }
  const text = result.dockerfile;
  if (opts.write && input.path) {
    const backup = `${given}.orig`;
    if (opts.backup) files.write(backup, input.bytes, { existsMessage: backupExists(name) });
    try {
      files.write(given, text, { replaceInput: true });
    } catch (e) {
      if (opts.backup) files.remove(backup);
      throw e;
    }
    io.stderr(`wrote ${name}${opts.backup ? ` (the original is in ${name}.orig)` : ""}\n`);
  } else if (opts.output) {
    files.write(opts.output, text, { force: opts.force });
    io.stderr(`wrote ${shownOutput}\n`);
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
): Promise<{ result: ConvertResult; report: VerifyReport; run: ConvertAndVerifyResult }> {
  const { io } = ctx;
  const req = verifyRequestFrom(first, input, context, convertOpts, opts, ctx.files);
  const engine = engineFor(io, opts.builder ? { builder: opts.builder } : {});
  const run = await withEngineErrors(io, () =>
    convertAndVerify(engine, {
      ...req,
      ...repairOptions(opts, io),
    }),
  );
  // the first conversion converted, so there is a verification
  return { result: run.result, report: run.report as VerifyReport, run };
}

/** The repair budget of --repair-attempts/--repair-minutes, and a line on stderr per repair. */
function repairOptions(opts: ConvertCliOptions, io: CliContext["io"]): Pick<ConvertAndVerifyRequest, "repairs" | "onRepair"> {
  const count = (v: string | undefined, flag: string, max: number) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`${flag}: expected a whole number from 0 to ${max}, got "${v}"`);
    return Number(v);
  };
  const maxAttempts = count(opts.repairAttempts, "--repair-attempts", 20);
  const minutes = count(opts.repairMinutes, "--repair-minutes", 24 * 60);
  return {
    repairs: { ...(maxAttempts !== undefined ? { maxAttempts } : {}), ...(minutes !== undefined ? { maxMs: minutes * 60_000 } : {}) },
    onRepair: (r) => io.stderr(escapeControlsKeepLines(`convert: verification failed (${r.evidence}); repair: ${r.change}; verifying again\n`)),
  };
}
