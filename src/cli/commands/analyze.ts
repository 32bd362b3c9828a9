import { Option, type Command } from "commander";
import { analyzeDockerfile } from "../../analyze/dockerfile.js";
import { analysisToJSON, analysisToText } from "../../report/analyze.js";
import { parseDockerfile } from "../../syntax/index.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import { colorsFor } from "../io.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("analyze")
    .description("what each stage does: packages (build-only or runtime), dependency steps, artifacts, caches, and a verdict")
    .argument("[file]", "Dockerfile to read, - for standard input", "Dockerfile")
    .option("--target <stage>", "stage to treat as final (default: the last one)")
    .option("--build-arg <KEY=VALUE>", "build argument (repeatable)", collect, [])
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (file: string, opts: { target?: string; buildArg: string[]; format: string }) => {
      const buildArgs = buildArgsFrom(opts.buildArg, ctx.io.env);
      const input = await ctx.files.readDockerfile(file);
      const tree = parseDockerfile(input.text, { file: input.name, maxLength: ctx.files.limit });
      const analysis = await analyzeDockerfile(tree, { target: opts.target, buildArgs });
      ctx.io.stdout(opts.format === "json" ? JSON.stringify(analysisToJSON(analysis), null, 2) + "\n" : analysisToText(analysis, colorsFor(ctx.io, "stdout")));
      ctx.exitCode = 0;
    });
}
