import { defineRule, sourceOf } from "../helpers.js";
import { wordRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "env-self-reference",
    aliases: ["DL3044"],
    source: "hadolint",
    severity: "error",
    category: "correctness",
    summary: "Do not refer to an environment variable within the same `ENV` statement where it is defined",
    rationale:
      "All pairs of one ENV are expanded with the values from before it: in `ENV A=1 B=$A`, `$A` is not 1 (it is empty unless an earlier ARG/ENV set it).",
    examples: { bad: "FROM alpine\nENV HOME=/app PATH=$HOME/bin:$PATH\n", good: "FROM alpine\nENV HOME=/app\nENV PATH=$HOME/bin:$PATH\n" },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3044",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      const defined = new Set<string>();
      for (const step of stage.steps) {
        const ins = step.instruction;
        if (ins.kind === "ARG") for (const a of ins.args) defined.add(a.key);
        if (ins.kind !== "ENV") continue;
        const here: string[] = [];
        for (const p of ins.pairs) {
          for (const k of here) {
            const re = new RegExp(`\\$(\\{${k}([:}]|[-+?])|${k}(?![A-Za-z0-9_]))`);
            if (re.test(p.value) && !defined.has(k)) {
              ctx.report({
                range: wordRange(src, ins.node, p.key),
                message: `Do not refer to ${k} within the same ENV statement where it is defined: ${p.key} sees its value from before this ENV`,
              });
              break;
            }
          }
          here.push(p.key);
        }
        for (const k of here) defined.add(k);
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nENV A=1\nENV B=$A C=${A}x\n", "FROM alpine\nENV A=1\nENV A=2 B=$A\n"],
    invalid: [
      { code: "FROM alpine\nENV APP=/app \\\n    PATH=${APP}/bin:$PATH\n", errors: [{ line: 3, column: 5, endColumn: 9, message: "Do not refer to APP" }] },
    ],
  },
});
