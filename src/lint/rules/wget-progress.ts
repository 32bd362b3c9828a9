import { defineRule, hasFlag } from "../helpers.js";
import type { Stage } from "../../model/stages.js";
import { programCalls, subcommandCalls } from "../shell-commands.js";
import { rootBase } from "../stage-facts.js";

export default defineRule({
  meta: {
    id: "wget-progress",
    aliases: ["DL3047"],
    source: "hadolint",
    severity: "info",
    category: "maintainability",
    summary: "`wget` without flag `--progress` will result in excessively bloated build logs when downloading larger files",
    rationale:
      "Without a terminal, GNU wget prints a dot line per few kilobytes; a large download fills the build log. `--progress=dot:giga`, `-q` or `-nv` keep it short. Not reported on Alpine bases unless the stage installs GNU wget: BusyBox wget has no `--progress` and prints no dot lines.",
    examples: {
      bad: "FROM debian:12\nRUN wget https://example.com/big.tar.gz\n",
      good: "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/big.tar.gz\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3047",
  },
  check(ctx) {
    // Alpine's wget is BusyBox's: it prints no dot lines and has no --progress, unless GNU wget is installed
    const gnuWget = new Set(
      subcommandCalls(ctx, ["apk"], ["add"])
        .filter((r) => r.cmd.argv.includes("wget"))
        .map((r) => r.stage.index),
    );
    const busybox = (i: number): boolean => {
      const base = rootBase(ctx, ctx.model.stages[i] as Stage);
      return base.kind === "image" && base.info?.family === "alpine" && !gnuWget.has(i);
    };
    for (const r of programCalls(ctx, ["wget"])) {
      if (busybox(r.stage.index)) continue;
      if (r.cmd.argv.length < 2 || hasFlag(r.cmd, "q", ["--progress", "--quiet", "--no-verbose", "--output-file", "--append-output", "--version", "--help"]))
        continue;
      if (r.cmd.argv.some((a) => a === "-nv" || a === "-o" || a === "-a" || /^-[A-Za-z]*[qoa]/.test(a))) continue;
      ctx.report({ range: r.range, message: "`wget` without flag `--progress` will result in excessively bloated build logs when downloading larger files" });
    }
  },
  tests: {
    valid: [
      "FROM alpine:3.20\nRUN wget -O /tmp/a https://x/a\n",
      "FROM debian\nRUN wget -q https://x/a && wget -nv https://x/b && wget --progress=dot:giga https://x/c && wget -qO- https://x/d | sh && wget -o log https://x/e\n",
    ],
    invalid: [{ code: "FROM debian\nRUN wget -O /tmp/a https://x/a\n", errors: [{ line: 2, column: 5, endColumn: 31 }] }],
  },
});
