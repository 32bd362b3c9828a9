import { defineRule, sourceOf } from "../helpers.js";

export default defineRule({
  meta: {
    id: "RedundantTargetPlatform",
    aliases: [],
    source: "buildkit",
    severity: "info",
    category: "buildkit",
    summary: "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
    rationale: "Stages build for the target platform unless told otherwise; `--platform=$TARGETPLATFORM` only adds noise.",
    examples: { bad: "FROM --platform=$TARGETPLATFORM alpine\n", good: "FROM alpine\n" },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const node of ctx.tree.instructions) {
      if (node.name !== "from") continue;
      for (const f of node.flags) {
        if (f.name !== "platform" || (f.value !== "$TARGETPLATFORM" && f.value !== "${TARGETPLATFORM}")) continue;
        // delete the flag and the blanks after it
        let end = f.range.end.offset;
        while (end < src.text.length && (src.text[end] === " " || src.text[end] === "\t")) end++;
        ctx.report({
          range: f.range,
          message: `Setting platform to predefined ${f.value} in FROM is redundant as this is the default behavior`,
          fix: { title: "remove --platform", edits: [{ range: src.range(f.range.start.offset, end), text: "" }] },
        });
      }
    }
  },
  tests: {
    valid: ["FROM --platform=$BUILDPLATFORM alpine\n", "FROM alpine\n"],
    invalid: [{ code: "FROM --platform=${TARGETPLATFORM} alpine AS a\n", errors: [{ line: 1, column: 6, endColumn: 34 }], output: "FROM alpine AS a\n" }],
  },
});
