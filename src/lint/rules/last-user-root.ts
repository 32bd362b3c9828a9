import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "last-user-root",
    aliases: ["DL3002"],
    source: "hadolint",
    severity: "warning",
    category: "security",
    summary: "Last USER should not be root",
    rationale:
      "A final `USER root` makes the container run as root, so a compromised process owns the container. Switch back to an unprivileged user after the steps that need root.",
    examples: { bad: "FROM debian\nUSER app\nUSER root\n", good: "FROM debian\nUSER root\nRUN apt-get update\nUSER app\n" },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3002",
  },
  check(ctx) {
    const target = ctx.model.stages[ctx.graph.target];
    if (!target) return;
    const users = target.steps.filter((s) => s.instruction.kind === "USER");
    const last = users.at(-1);
    const user = last?.expanded.user ?? "";
    if (!last || !/^(root|0)(:.*)?$/.test(user)) return;
    ctx.report({ range: last.instruction.node.range, message: `Last USER should not be root (${user})` });
  },
  tests: {
    valid: ["FROM debian\nUSER root\nRUN x\nUSER 1000\n", "FROM debian\nUSER root\nFROM debian\nUSER app\n"],
    invalid: [{ code: "FROM debian\nUSER 0:0\n", errors: [{ line: 2, column: 1, endColumn: 9 }] }],
  },
});
