import { defineRule, program } from "../helpers.js";
import { programCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "wget-or-curl",
    aliases: ["DL4001"],
    source: "hadolint",
    severity: "warning",
    category: "size",
    summary: "Either use Wget or Curl but not both",
    rationale:
      "Both tools download files; a stage that runs both needs both installed. Reported at the first call of the tool that appears second, once per stage.",
    examples: {
      bad: "FROM debian:12\nRUN wget -q https://x/a\nRUN curl -fsSLO https://x/b\n",
      good: "FROM debian:12\nRUN curl -fsSLO https://x/a\nRUN curl -fsSLO https://x/b\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL4001",
  },
  check(ctx) {
    const calls = programCalls(ctx, ["wget", "curl"]);
    for (const stage of ctx.analysis.stages) {
      const mine = calls.filter((c) => c.stage.index === stage.index);
      const first = mine[0];
      const other = first && mine.find((c) => program(c.cmd) !== program(first.cmd));
      if (!first || !other) continue;
      ctx.report({
        range: other.range,
        message: `Either use Wget or Curl but not both: this stage runs \`${program(first.cmd)}\` and \`${program(other.cmd)}\``,
      });
    }
  },
  tests: {
    valid: ["FROM debian\nRUN curl -fsSL https://x/a\nFROM debian\nRUN wget -q https://x/b\n"],
    invalid: [
      {
        code: "FROM debian\nRUN wget -q https://x/a && \\\n  curl -fsSL https://x/b\n",
        errors: [{ line: 3, column: 3, endColumn: 25, message: "runs `wget` and `curl`" }],
      },
    ],
  },
});
