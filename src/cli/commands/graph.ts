import { Option, type Command } from "commander";
import { stageGraph } from "../../model/graph.js";
import { graphToDot, graphToJSON, graphToMermaid, graphToText } from "../../report/graph.js";
import { parseDockerfile } from "../../syntax/index.js";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import { checkPlatform } from "../../validate.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("graph")
    .description("show the stage graph: dependencies, unused stages, build order and parallel levels")
    .argument("[file]", "Dockerfile to read, - for standard input", "Dockerfile")
    .option("--target <stage>", "stage to build (default: the last one)")
    .option("--build-arg <KEY=VALUE>", "build argument (repeatable)", collect, [])
    .option("--platform <os/arch>", "target platform for TARGET* arguments")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "mermaid", "dot"]).default("text"))
    .action(async (file: string, opts: { target?: string; buildArg: string[]; platform?: string; format: string }) => {
      const platform = opts.platform === undefined ? undefined : checkPlatform(opts.platform);
      const buildArgs = buildArgsFrom(opts.buildArg, ctx.io.env);
      const input = await ctx.files.readDockerfile(file);
      const tree = parseDockerfile(input.text, { file: input.name, maxLength: ctx.files.limit });
      const graph = stageGraph(tree, {
        target: opts.target,
        buildArgs,
        platform: platform ? { target: platform } : undefined,
      });
      const render = { json: (g: typeof graph) => JSON.stringify(graphToJSON(g), null, 2) + "\n", mermaid: graphToMermaid, dot: graphToDot, text: graphToText }[
        opts.format as "json" | "mermaid" | "dot" | "text"
      ];
      ctx.io.stdout(render(graph));
      ctx.exitCode = 0;
    });
}
