import { defineRule } from "../helpers.js";
import { programCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "cd-use-workdir",
    aliases: ["DL3003"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Use WORKDIR to switch to a directory",
    rationale: "`cd` inside RUN lasts only for that RUN; later instructions silently run elsewhere. WORKDIR states where the following steps run. (A `cd` inside a subshell `( … )` is not reported.)",
    examples: { bad: "FROM debian\nRUN cd /app && make\n", good: "FROM debian\nWORKDIR /app\nRUN make\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3003",
  },
  check(ctx) {
    for (const r of programCalls(ctx, ["cd"])) {
      if (r.raw.context.some((c) => c.kind === "subshell")) continue;
      ctx.report({ range: r.range, message: "Use WORKDIR to switch to a directory" });
    }
  },
  tests: {
    valid: ["FROM debian\nWORKDIR /app\nRUN make\n", "FROM debian\nRUN (cd /tmp && make)\n"],
    invalid: [{ code: "FROM debian\nRUN cd /app && make\n", errors: [{ line: 2, column: 5, endColumn: 12 }] }],
  },
});
