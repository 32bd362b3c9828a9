// `slimstage inspect IMAGE | --tar FILE`: what is inside an image and why it is that big.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { UsageError } from "../../errors.js";
import { directorySizes, inspectArchive } from "../../image/index.js";
import { inspectToHtml } from "../../report/inspect-html.js";
import { inspectToJson, inspectToText, type InspectView } from "../../report/inspect.js";
import { imageFacts } from "../../verify/index.js";
import type { CliContext } from "../context.js";
import { colorsFor, writeFileAtomic } from "../io.js";
import { engineFor, terminalSize, withEngineErrors } from "../engine-options.js";

interface InspectOpts {
  tar?: string;
  format: "text" | "json" | "html";
  output?: string;
  top: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("inspect")
    .description("inspect an image: sizes per layer, wasted bytes, largest files, packages, build-only leftovers, runtime linkage")
    .argument("[image]", "image reference or id in the local engine")
    .option("--tar <file>", "read a docker save / OCI tarball instead of asking the engine")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "html"]).default("text"))
    .option("-o, --output <file>", "write the report to FILE instead of standard output")
    .option("--top <n>", "how many largest files and directories to list", "10")
    .action(async (image: string | undefined, opts: InspectOpts) => {
      const io = ctx.io;
      if ((image === undefined) === (opts.tar === undefined)) throw new UsageError("give an image or --tar FILE (exactly one)");
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a positive integer, got "${opts.top}"`);
      let tarPath: string | undefined;
      if (opts.tar !== undefined) {
        tarPath = resolve(io.cwd, opts.tar);
        if (!existsSync(tarPath)) throw new UsageError(`--tar ${opts.tar}: no such file`);
      }
      const view = await withEngineErrors(io, async (): Promise<InspectView> => {
        const input = tarPath ?? engineFor(io).save(image as string);
        const res = await inspectArchive(input, { largest: Math.max(top, 20) });
        return {
          source: opts.tar ?? (image as string),
          report: res.report,
          facts: imageFacts(res.report, res.tree),
          dirs: directorySizes(res.tree, { maxDepth: 2 }),
        };
      });
      const out =
        opts.format === "json"
          ? `${JSON.stringify(inspectToJson(view), null, 2)}\n`
          : opts.format === "html"
            ? inspectToHtml(view, { generated: new Date().toISOString() })
            : inspectToText(view, { paint: colorsFor(io, opts.output ? "stderr" : "stdout"), width: io.stdoutIsTTY && !opts.output ? terminalSize(io).columns : 200, top });
      if (opts.output) {
        writeFileAtomic(resolve(io.cwd, opts.output), opts.format === "text" ? out.replace(/\x1b\[[0-9;]*m/g, "") : out);
        io.stderr(`wrote ${opts.output}\n`);
      } else io.stdout(out);
      ctx.exitCode = 0;
    });
}
