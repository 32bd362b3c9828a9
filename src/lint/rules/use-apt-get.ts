import { defineRule } from "../helpers.js";
import { subcommandCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "use-apt-get",
    aliases: ["DL3027"],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead",
    rationale: "`apt` has no stable command-line interface and warns so when used in scripts; `apt-get` and `apt-cache` are the script-safe tools.",
    examples: { bad: "FROM debian\nRUN apt install -y curl\n", good: "FROM debian\nRUN apt-get install -y curl\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3027",
  },
  check(ctx) {
    for (const r of subcommandCalls(
      ctx,
      ["apt"],
      ["install", "update", "upgrade", "remove", "purge", "autoremove", "full-upgrade", "dist-upgrade"],
      ["-o", "-c", "-t"],
    )) {
      ctx.report({
        range: r.wordRange(r.cmd.words[0] as NonNullable<(typeof r.cmd.words)[number]>),
        message: "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead",
      });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN apt-get install -y curl\n", "FROM debian\nRUN apt list --installed\n"],
    invalid: [
      {
        code: "FROM debian\nRUN apt update && apt install -y curl\n",
        errors: [
          { line: 2, column: 5, endColumn: 8 },
          { line: 2, column: 19, endColumn: 22 },
        ],
      },
    ],
  },
});
