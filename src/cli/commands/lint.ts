// `slimstage lint`: flags only; the linter loads when the command runs (keeps other commands' start-up light).
import { Option, type Command } from "commander";
import { buildArgsFrom, type CliContext, collect } from "../context.js";
import { colorsFor } from "../io.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("lint")
    .description("check Dockerfiles: BuildKit's build checks, hadolint's rules and multi-stage rules, with fixes")
    .argument("[paths...]", "Dockerfiles or directories to search (Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile); - for standard input", [])
    .addOption(new Option("-f, --format <format>", "output format").choices(["tty", "json", "sarif", "github", "checkstyle", "junit", "gitlab"]).default("tty"))
    .option("--fix", "apply safe fixes in place (atomically; the original is kept as FILE.orig)", false)
    .option("--no-backup", "with --fix: do not keep FILE.orig")
    .option("-c, --config <file>", "config file (default: the nearest .slimstage.yaml or .hadolint.yaml)")
    .addOption(
      new Option("--failure-threshold <severity>", "exit 1 when a finding is at least this severe (default: info)").choices([
        "error",
        "warning",
        "info",
        "style",
        "none",
      ]),
    )
    .option("--target <stage>", "stage to treat as final (default: the last one)")
    .option("--build-arg <KEY=VALUE>", "build argument (repeatable)", collect, [])
    .option("--ignore <rule>", "rule id or hadolint id to skip (repeatable)", collect, [])
    .option("--only <rule>", "run only this rule (repeatable)", collect, [])
    .option("--context <dir>", "build context whose .dockerignore CopyIgnoredFile reads (default: each Dockerfile's directory)")
    .option("--image <ref>", "the image built from the Dockerfile (local engine): check copied binaries against its ELF linkage")
    .option("--image-tar <file>", "the same, from a docker save / OCI archive")
    .action(
      async (
        paths: string[],
        opts: {
          format: string;
          fix: boolean;
          backup: boolean;
          config?: string;
          failureThreshold?: string;
          target?: string;
          buildArg: string[];
          ignore: string[];
          only: string[];
          context?: string;
          image?: string;
          imageTar?: string;
        },
      ) => {
        const { runLint } = await import("../lint-run.js");
        ctx.exitCode = await runLint(
          paths,
          {
            format: opts.format,
            fix: opts.fix,
            backup: opts.backup,
            config: opts.config,
            failureThreshold: opts.failureThreshold,
            target: opts.target,
            buildArgs: buildArgsFrom(opts.buildArg, ctx.io.env),
            ignore: opts.ignore,
            only: opts.only,
            context: opts.context,
            image: opts.image,
            imageTar: opts.imageTar,
            paint: colorsFor(ctx.io, "stdout"),
          },
          ctx.io,
          ctx.files,
        );
      },
    );
}
