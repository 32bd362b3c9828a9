import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Option, type Command } from "commander";
import { convertDockerfile } from "../../convert/convert.js";
import type { ConvertResult } from "../../convert/types.js";
import { UsageError } from "../../errors.js";
import { convertToJSON, explainText, unifiedDiff } from "../../report/convert.js";
import { parseDockerfile } from "../../syntax/index.js";
import { directoryContext } from "../context-dir.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import { readDockerfile, writeFileAtomic } from "../io.js";

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
    .action(async (file: string, opts: ConvertCliOptions) => {
      if (opts.write && opts.output) throw new UsageError("--write and -o cannot be used together");
      if (opts.write && file === "-") throw new UsageError("--write needs a file, not standard input");
      const input = await readDockerfile(file, ctx.io);
      const tree = parseDockerfile(input.text, { file: input.name });
      const contextDir = opts.context ?? (input.path ? dirname(input.path) : undefined);
      const result = await convertDockerfile(tree, {
        context: contextDir ? directoryContext(resolve(ctx.io.cwd, contextDir)) : undefined,
        runtimeBase: opts.runtimeBase,
        buildArgs: buildArgsFrom(opts.buildArg, ctx.io.env),
      });
      ctx.exitCode = report(result, input.text, input.name, input.path, opts, ctx);
    });
}

function report(result: ConvertResult, original: string, name: string, path: string | undefined, opts: ConvertCliOptions, ctx: CliContext): number {
  const { io } = ctx;
  if (opts.explain || result.status !== "converted") io.stderr(explainText(result));
  if (opts.format === "json") io.stdout(JSON.stringify(convertToJSON(result), null, 2) + "\n");
  if (result.status === "declined") return 3;
  const text = result.status === "converted" ? result.dockerfile : original;
  if (result.status === "nothing-to-gain") {
    if (opts.format === "dockerfile" && !opts.write && !opts.output) io.stdout(original);
    return 0;
  }
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
