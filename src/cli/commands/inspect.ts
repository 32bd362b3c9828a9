// `slimstage inspect IMAGE | --tar FILE`: what is inside an image and why it is that big.
import { statSync } from "node:fs";
import { Option, type Command } from "commander";
import { UsageError } from "../../errors.js";
import { directorySizes, inspectArchive } from "../../image/index.js";
import { inspectToHtml } from "../../report/inspect-html.js";
import { inspectToJson, inspectToText, type InspectView } from "../../report/inspect.js";
import { imageFacts } from "../../verify/index.js";
import type { CliContext } from "../context.js";
import { fileKind } from "../files.js";
import { colorsFor } from "../io.js";
import { escapeControls } from "../terminal.js";
import { boundedInteger } from "../../validate.js";
import { engineFor, terminalSize, withEngineErrors } from "../engine-options.js";

/** More than anyone reads; bounds the work of `--top`. */
const MAX_TOP = 10_000;

interface InspectOpts {
  tar?: string;
  format: "text" | "json" | "html";
  output?: string;
  top: string;
  force?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("inspect")
    .description("inspect an image: sizes per layer, wasted bytes, largest files, packages, build-only leftovers, runtime linkage")
    .argument("[image]", "image reference or id in the local engine")
    .option("--tar <file>", "read a docker save / OCI tarball instead of asking the engine")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "html"]).default("text"))
    .option("-o, --output <file>", "write the report to FILE instead of standard output (refuses to replace a file unless --force)")
    .option("--force", "allow -o to replace an existing file (never an input of the run)")
    .option("--top <n>", "how many largest files and directories to list", "10")
    .action(async (image: string | undefined, opts: InspectOpts) => {
      const io = ctx.io;
      if ((image === undefined) === (opts.tar === undefined)) throw new UsageError("give an image or --tar FILE (exactly one)");
      const files = ctx.files;
      const top = boundedInteger(opts.top, "--top", 1, MAX_TOP);
      let tarPath: string | undefined;
      if (opts.tar !== undefined) {
        tarPath = files.resolve(opts.tar);
        const shown = escapeControls(opts.tar);
        let st;
        try {
          st = statSync(tarPath);
        } catch {
          throw new UsageError(`--tar ${shown}: no such file`);
        }
        // a pipe is fine (--tar <(docker save IMAGE) streams); a device or a directory is not an archive
        if (!st.isFile() && !st.isFIFO()) throw new UsageError(`--tar ${shown}: is ${fileKind(st)}, not an archive file`);
        files.protect(tarPath, `--tar ${shown}`);
      }
      if (opts.output) files.check(opts.output, { force: opts.force });
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
            : inspectToText(view, {
                paint: colorsFor(io, opts.output ? "stderr" : "stdout"),
                width: io.stdoutIsTTY && !opts.output ? terminalSize(io).columns : 200,
                top,
              });
      if (opts.output) {
        files.write(opts.output, opts.format === "text" ? out.replace(/\x1b\[[0-9;]*m/g, "") : out, { force: opts.force });
        io.stderr(`wrote ${escapeControls(opts.output)}\n`);
      } else io.stdout(out);
      ctx.exitCode = 0;
    });
}
