import { defineRule, hasFlag, insertAfter } from "../helpers.js";
import { aptSimulated, APT_VALUE_OPTIONS, subcommandCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "apt-no-install-recommends",
    aliases: ["DL3015"],
    source: "hadolint",
    severity: "info",
    category: "size",
    summary: "Avoid additional packages by specifying `--no-install-recommends`",
    rationale: "apt-get installs a package's *recommended* packages too unless told not to; in an image they are rarely used and often add tens of megabytes.",
    examples: {
      bad: "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
      good: "FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    },
    fixable: true,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3015",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["apt-get"], ["install"], APT_VALUE_OPTIONS)) {
      if (aptSimulated(r)) continue;
      if (hasFlag(r.cmd, undefined, ["--no-install-recommends"]) || r.cmd.argv.some((a) => /Install-Recommends\s*=\s*(false|0|no)/i.test(a))) continue;
      const sub = r.cmd.words[r.sub];
      const fix =
        sub && !sub.dynamic && r.raw.words.includes(sub)
          ? { fix: { title: "add --no-install-recommends", edits: [insertAfter(r.wordRange(sub), " --no-install-recommends")] } }
          : {};
      ctx.report({ range: r.range, message: "Avoid additional packages by specifying `--no-install-recommends`", ...fix });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN apt-get install -y --no-install-recommends curl\n", "FROM debian\nRUN apt-get -o APT::Install-Recommends=false install curl\n"],
    invalid: [
      {
        code: "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
        errors: [{ line: 2, column: 23, endColumn: 46 }],
        output: "FROM debian\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n",
      },
      {
        code: "FROM debian\nRUN apt-get update \\\n && sudo apt-get -q install \\\n   curl\n",
        errors: [{ line: 3, column: 5 }],
        output: "FROM debian\nRUN apt-get update \\\n && sudo apt-get -q install --no-install-recommends \\\n   curl\n",
      },
    ],
  },
});
