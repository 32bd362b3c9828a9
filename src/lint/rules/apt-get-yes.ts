import { defineRule, hasFlag, insertAfter } from "../helpers.js";
import { aptSimulated, APT_VALUE_OPTIONS, subcommandCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "apt-get-yes",
    aliases: ["DL3014"],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "Use the `-y` switch to avoid manual input `apt-get -y install <package>`",
    rationale:
      "Without `-y` apt-get asks for confirmation; a build has no terminal to answer, so the install aborts whenever it would install more than was asked for.",
    examples: { bad: "FROM debian\nRUN apt-get install curl\n", good: "FROM debian\nRUN apt-get install -y curl\n" },
    fixable: true,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3014",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["apt-get"], ["install"], APT_VALUE_OPTIONS)) {
      if (aptSimulated(r)) continue;
      const a = r.cmd.argv;
      const yes =
        hasFlag(r.cmd, "y", ["--yes", "--assume-yes", "--force-yes"]) ||
        a.some((x) => x === "-qq" || x === "-q=2" || x === "--quiet=2" || /^-[a-z]*qq[a-z]*$/.test(x) || /APT::Get::Assume-Yes\s*=\s*(true|1|yes)/i.test(x));
      if (yes) continue;
      const sub = r.cmd.words[r.sub];
      const fix = sub && !sub.dynamic && r.raw.words.includes(sub) ? { fix: { title: "add -y", edits: [insertAfter(r.wordRange(sub), " -y")] } } : {};
      ctx.report({ range: r.range, message: "Use the `-y` switch to avoid manual input `apt-get -y install <package>`", ...fix });
    }
  },
  tests: {
    valid: [
      "FROM debian\nRUN apt-get install -y curl\n",
      "FROM debian\nRUN apt-get install -s curl\n",
      "FROM debian\nRUN apt-get -qq install curl\n",
      "FROM debian\nRUN apt-get install --no-install-recommends -qy curl\n",
    ],
    invalid: [
      {
        code: "FROM debian\nRUN apt-get install curl\n",
        errors: [{ line: 2, column: 5, endColumn: 25 }],
        output: "FROM debian\nRUN apt-get install -y curl\n",
      },
    ],
  },
});
