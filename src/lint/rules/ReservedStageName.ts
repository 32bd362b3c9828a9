import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "ReservedStageName",
    aliases: [],
    source: "buildkit",
    severity: "error",
    category: "buildkit",
    summary: "Reserved words should not be used as stage names",
    rationale: "`scratch` and `context` mean something to BuildKit (the empty image, a named build context); a stage with such a name cannot be referred to.",
    examples: { bad: "FROM alpine AS scratch\n", good: "FROM alpine AS base\n" },
    fixable: false,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const node of ctx.tree.instructions) {
      if (node.name !== "from" || node.args.length !== 3) continue;
      const name = (node.args[2] as string).toLowerCase();
      if (name === "scratch" || name === "context") {
        ctx.report({ range: tokenRange(src, node, node.args[2] as string), message: `Stage name should not use the same name as reserved stage "${name}"` });
      }
    }
  },
  tests: {
    valid: ["FROM scratch AS base\n"],
    invalid: [{ code: "FROM alpine AS context\n", errors: [{ line: 1, column: 16, message: 'reserved stage "context"' }] }],
  },
});
