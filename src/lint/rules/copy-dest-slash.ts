import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "copy-dest-slash",
    aliases: ["DL3021"],
    source: "hadolint",
    severity: "error",
    category: "correctness",
    summary: "COPY with more than 2 arguments requires the last argument to end with /",
    rationale:
      "With several sources the destination must be a directory, and BuildKit insists that it is written with a trailing `/`; without it the build fails.",
    examples: { bad: "FROM alpine\nCOPY a.txt b.txt /app\n", good: "FROM alpine\nCOPY a.txt b.txt /app/\n" },
    fixable: true,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3021",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      for (const step of stage.steps) {
        const ins = step.instruction;
        if ((ins.kind !== "COPY" && ins.kind !== "ADD") || ins.sources.length + ins.contents.length < 2) continue;
        const dest = step.expanded.dest ?? ins.dest;
        if (dest.endsWith("/") || dest.endsWith("\\") || dest === "." || dest.endsWith("/.")) continue;
        const range = tokenRange(src, ins.node, ins.dest);
        const fixable = !ins.node.json && range !== ins.node.keywordRange;
        ctx.report({
          range: fixable ? range : ins.node.keywordRange,
          message: `${ins.kind} with more than 2 arguments requires the last argument to end with /`,
          ...(fixable ? { fix: { title: "add the trailing /", edits: [{ range: { start: range.end, end: range.end }, text: "/" }] } } : {}),
        });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nCOPY a b /app/\nCOPY a /app\nCOPY a b .\n"],
    invalid: [{ code: "FROM alpine\nCOPY a b /app\n", errors: [{ line: 2, column: 10, endColumn: 14 }], output: "FROM alpine\nCOPY a b /app/\n" }],
  },
});
