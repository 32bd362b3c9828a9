import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "DuplicateStageName",
    aliases: ["DL3024"],
    source: "buildkit",
    severity: "error",
    category: "buildkit",
    summary: "Stage names should be unique",
    rationale: "Two stages with one name make `COPY --from` and `--target` ambiguous; BuildKit refuses to build such a file.",
    examples: { bad: "FROM alpine AS build\nFROM debian AS build\n", good: "FROM alpine AS build\nFROM debian AS release\n" },
    fixable: false,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const seen = new Set<string>();
    for (const node of ctx.tree.instructions) {
      if (node.name !== "from" || node.args.length !== 3) continue;
      const name = (node.args[2] as string).toLowerCase();
      if (seen.has(name))
        ctx.report({ range: tokenRange(src, node, node.args[2] as string), message: `Duplicate stage name "${name}", stage names should be unique` });
      seen.add(name);
    }
  },
  tests: {
    valid: ["FROM alpine AS a\nFROM alpine AS b\n"],
    invalid: [{ code: "FROM alpine AS a\nFROM alpine AS A\n", errors: [{ line: 2, column: 16, message: 'Duplicate stage name "a"' }] }],
  },
});
