import { Option, type Command } from "commander";
import { writeJson } from "../../report/json-writer.js";
import { treeToJSON, treeToText } from "../../report/tree.js";
import { dumpBuildkit, parseDockerfile } from "../../syntax/index.js";
import type { CliContext } from "../context.js";
import { escapeControls } from "../terminal.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("parse")
    .description("parse a Dockerfile exactly as BuildKit does and print the tree")
    .argument("[file]", "Dockerfile to read, - for standard input", "Dockerfile")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "buildkit-dump"]).default("text"))
    .action(async (file: string, opts: { format: string }) => {
      const input = await ctx.files.readDockerfile(file);
      const tree = parseDockerfile(input.text, { file: input.name, maxLength: ctx.files.limit });
      if (opts.format === "json") writeJson(treeToJSON(tree), ctx.io.stdout);
      else ctx.io.stdout(opts.format === "buildkit-dump" ? dumpBuildkit(tree) : treeToText(tree));
      for (const w of tree.warnings)
        ctx.io.stderr(`${input.name}:${w.range.start.line}:${w.range.start.column}: warning: ${escapeControls(w.message)}
`);
      ctx.exitCode = 0;
    });
}
