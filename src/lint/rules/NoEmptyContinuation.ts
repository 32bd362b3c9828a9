import { defineRule, sourceOf } from "../helpers.js";

export default defineRule({
  meta: {
    id: "NoEmptyContinuation",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Empty continuation lines will become errors in a future release",
    rationale:
      "An empty line inside a continued instruction is dropped today, but BuildKit announces it will become an error; it usually marks a forgotten line.",
    examples: { bad: "FROM alpine\nRUN apk add curl \\\n\n    git\n", good: "FROM alpine\nRUN apk add curl \\\n    git\n" },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const w of ctx.tree.warnings) {
      if (w.code !== "empty-continuation-line") continue;
      const node = ctx.tree.instructions.find((n) => n.range.start.offset <= w.range.start.offset && w.range.start.offset < n.range.end.offset);
      if (!node) continue;
      // BuildKit points at the instruction; slimstage at each empty line (outside heredoc bodies), which the fix deletes
      const inHeredoc = (l: number) => node.heredocs.some((h) => h.bodyRange.start.line <= l && l <= h.terminatorRange.end.line);
      for (let l = node.range.start.line + 1; l <= w.range.end.line; l++) {
        if (src.line(l).trim() !== "" || inHeredoc(l)) continue;
        const whole = src.lineRange(l);
        ctx.report({
          range: { start: whole.start, end: src.position(whole.start.offset + src.line(l).length) },
          message: "Empty continuation line",
          fix: { title: "delete the empty line", edits: [{ range: whole, text: "" }] },
        });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nRUN a \\\n  b\n", "FROM alpine\nRUN a \\\n# comment\n  b\n"],
    invalid: [{ code: "FROM alpine\nRUN a \\\n\n  b\n", errors: [{ line: 3, column: 1 }], output: "FROM alpine\nRUN a \\\n  b\n" }],
  },
});
